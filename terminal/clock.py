"""Injectable clock: every deadline, countdown and KPI reads time through one of these."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """Wall-clock time in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock tests and the shift simulator move by hand."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 8, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self.current = self.current + (delta or timedelta(**kwargs))
        return self.current

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.current = moment


@dataclass
class ShiftedClock:
    """Wall-clock time that began at `start`: seconds pass as they really do, from another moment.

    The demo runs on it, so its morning of orders and parcels is a morning whenever it is opened
    (in the evening, or a week later, every order would be late and every parcel expired)."""

    start: datetime
    _origin: float = field(default_factory=time.monotonic, repr=False)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._origin)


def iso(moment: datetime) -> str:
    """The one text form of a moment stored in the database: ISO 8601 in UTC, milliseconds."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_iso(text: str) -> datetime:
    """Read a stored or user-given ISO 8601 moment; a naive one is taken as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def seconds_between(start: datetime, end: datetime) -> float:
    return (end - start) / timedelta(seconds=1)
