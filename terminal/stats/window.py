"""Shift windows: the time span every KPI is computed over.

A window is half-open, [start, end). "Now" comes from the injectable clock; nothing after now has
happened yet, so every query reads the *effective* window [start, stop) with stop = min(end, now),
and open intervals (a picker still logged in, a parcel still in its compartment) are closed at stop.
A window that starts after now is refused (DESIGN §8): there is nothing to measure in it, and
evaluating it at its own start would count orders that will only be late later as late now.

The default window is the current shift: shifts start at the local times in setting
`stats.shift_starts` (default 06:00, 14:00, 22:00 — three 8-hour shifts) in the site's time zone
(`sites.timezone`, default Europe/Warsaw). The previous shift is the one that ended where the
current one began; the dashboard compares against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from terminal.clock import DEFAULT_TIMEZONE as DEFAULT_TIMEZONE  # the site's clock lives in terminal.clock
from terminal.clock import iso
from terminal.clock import site_timezone as site_timezone
from terminal.config import Settings
from terminal.errors import ConfigError, HandoffError
from terminal.stats.reader import SqlDb

DEFAULT_SHIFT_STARTS = ["06:00", "14:00", "22:00"]


class WindowInFuture(HandoffError):
    """The window starts after now: nothing in it has happened yet."""


@dataclass(frozen=True)
class Window:
    """[start, end) with the moment the figures are taken."""

    start: datetime
    end: datetime
    now: datetime

    def __post_init__(self) -> None:
        if self.start > self.now:
            raise WindowInFuture(
                f"The window starts at {iso(self.start)}, after now ({iso(self.now)}); nothing in it has "
                "happened yet. Give a window that starts at or before now.")

    @property
    def stop(self) -> datetime:
        """Where the effective window ends: the end, or now if the window reaches into the future."""
        return max(self.start, min(self.end, self.now))

    @property
    def hours(self) -> float:
        return (self.stop - self.start) / timedelta(hours=1)

    def params(self) -> dict[str, str]:
        return {"start": iso(self.start), "end": iso(self.end), "stop": iso(self.stop)}


def shift_starts(settings: Settings | None) -> list[time]:
    texts = settings.get("stats.shift_starts", DEFAULT_SHIFT_STARTS) if settings else DEFAULT_SHIFT_STARTS
    try:
        starts = sorted(time.fromisoformat(str(t)) for t in texts)
    except ValueError as exc:
        raise ConfigError(f"Setting stats.shift_starts must be a list of HH:MM times ({exc}).") from exc
    if not starts:
        raise ConfigError("Setting stats.shift_starts needs at least one HH:MM time.")
    return starts


def shift_bounds(moment: datetime, tz: ZoneInfo, starts: list[time]) -> tuple[datetime, datetime]:
    """The shift [start, end) that contains `moment`, as aware datetimes in UTC-comparable form."""
    local = moment.astimezone(tz)
    candidates = [
        datetime.combine(local.date() + timedelta(days=d), t, tzinfo=tz)
        for d in (-1, 0, 1)
        for t in starts
    ]
    candidates.sort()
    begin = max(c for c in candidates if c <= local)
    end = min(c for c in candidates if c > local)
    return begin, end


def current_shift(db: SqlDb, now: datetime, settings: Settings | None = None) -> Window:
    """The shift now is in, from its start to now."""
    start, _ = shift_bounds(now, site_timezone(db), shift_starts(settings))
    return Window(start, now, now)


def previous_window(window: Window, db: SqlDb, settings: Settings | None = None) -> Window:
    """The shift before `window`'s start, taken whole (for the dashboard's change against it)."""
    before = window.start - timedelta(microseconds=1)
    start, end = shift_bounds(before, site_timezone(db), shift_starts(settings))
    return Window(start, window.start if end > window.start else end, window.now)


def window_for(db: SqlDb, now: datetime, start: datetime | None, end: datetime | None,
               settings: Settings | None = None) -> Window:
    """The window a person asked for: both ends given, one end (the other from the shift), or none."""
    if start is None and end is None:
        return current_shift(db, now, settings)
    if start is None:
        assert end is not None
        begin, _ = shift_bounds(end - timedelta(microseconds=1), site_timezone(db), shift_starts(settings))
        return Window(begin, end, now)
    return Window(start, end if end is not None else max(start, now), now)
