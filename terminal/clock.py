"""Injectable clock: every deadline, countdown and KPI reads time through one of these."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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


DEFAULT_TIMEZONE = "Europe/Warsaw"


class _Rows(Protocol):
    def fetchone(self) -> Any: ...


class _Db(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> _Rows: ...


def site_timezone(db: _Db) -> ZoneInfo:
    """The time zone every person at this site reads times in (`sites.timezone`; the warehouse's first)."""
    row = db.execute("SELECT timezone FROM sites ORDER BY (kind = 'warehouse') DESC, id LIMIT 1").fetchone()
    name = row[0] if row and row[0] else DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_time(moment: datetime | str | None, tz: tzinfo, *, seconds: bool = False,
               today: datetime | None = None) -> str:
    """A moment as a person at the site reads it: "09:04" (or "09:04:30") on the site's clock.

    The one formatting of a time for people — screens, messages, PDFs. A stored ISO text is read as
    such; with `today` given, a moment on another (site) day carries its date ("22.11 17:45")."""
    if moment is None or moment == "":
        return ""
    when = parse_iso(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(tz)
    text = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    if today is not None and local.date() != today.astimezone(tz).date():
        text = f"{local:%d.%m} {text}"
    return text


def local_date_time(moment: datetime | str, tz: tzinfo) -> str:
    """A moment with its site-local date, for papers that outlive the day: "2026-11-23 09:04"."""
    when = parse_iso(moment) if isinstance(moment, str) else moment
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M")
