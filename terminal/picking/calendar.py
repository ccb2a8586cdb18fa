"""Carrier calendars and ship-by (DESIGN §5).

A carrier leaves the site at fixed local times per weekday (`carrier_departures`, HH:MM in the
site's time zone, which handles DST), never on a public holiday. A departure on day D delivers
`transit` business days later (0 = the same day). `ship_by` is the LAST departure whose delivery
still falls on or before the promised date. Orders without a promised date get one from their
service: EXPRESS_SAME_DAY the day of the first departure still ahead (same day before the day's
last cut-off), NEXT_DAY the business day after that departure, STANDARD two business days after.

Holidays come from the `holidays` table for a year it lists; otherwise the Polish public holidays
are generated (Easter-based ones with dateutil.easter), so any year works without data.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.easter import easter

from terminal.clock import iso, parse_iso
from terminal.errors import HandoffError

if TYPE_CHECKING:  # annotations only: importing sqlite_utils is slow (see terminal/stats/reader.py)
    import sqlite_utils

SERVICES = ("EXPRESS_SAME_DAY", "NEXT_DAY", "STANDARD")
SERVICE_RANK = {service: rank for rank, service in enumerate(SERVICES)}
# business days between the departure and the delivery the customer is promised
PROMISE_DAYS = {"EXPRESS_SAME_DAY": 0, "NEXT_DAY": 1, "STANDARD": 2}
DEFAULT_TIMEZONE = "Europe/Warsaw"
SEARCH_DAYS = 40          # how far from a date we look for a departure before giving up


class CalendarError(HandoffError):
    pass


def polish_holidays(year: int) -> dict[date, str]:
    """Polish public holidays (ustawa o dniach wolnych od pracy), Easter-based ones included."""
    e = easter(year)
    days = {
        date(year, 1, 1): "Nowy Rok",
        date(year, 1, 6): "Święto Trzech Króli",
        e: "Wielkanoc",
        e + timedelta(days=1): "Poniedziałek Wielkanocny",
        date(year, 5, 1): "Święto Pracy",
        date(year, 5, 3): "Święto Konstytucji 3 Maja",
        e + timedelta(days=49): "Zielone Świątki",
        e + timedelta(days=60): "Boże Ciało",
        date(year, 8, 15): "Wniebowzięcie Najświętszej Maryi Panny",
        date(year, 11, 1): "Wszystkich Świętych",
        date(year, 11, 11): "Narodowe Święto Niepodległości",
        date(year, 12, 25): "Boże Narodzenie (pierwszy dzień)",
        date(year, 12, 26): "Boże Narodzenie (drugi dzień)",
    }
    if year >= 2025:
        days[date(year, 12, 24)] = "Wigilia Bożego Narodzenia"
    return days


@dataclass
class Holidays:
    """Public holidays of one calendar: the table's rows for the years it covers, generated otherwise."""

    listed: dict[int, set[date]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cache: dict[int, set[date]] = {}

    def year(self, year: int) -> set[date]:
        if year not in self._cache:
            self._cache[year] = self.listed.get(year) or set(polish_holidays(year))
        return self._cache[year]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self.year(day.year)

    @classmethod
    def from_db(cls, db: sqlite_utils.Database, calendar: str = "PL") -> Holidays:
        listed: dict[int, set[date]] = defaultdict(set)
        for (day,) in db.execute("SELECT day FROM holidays WHERE calendar = ?", (calendar,)).fetchall():
            parsed = date.fromisoformat(day)
            listed[parsed.year].add(parsed)
        return cls(dict(listed))


@dataclass(frozen=True)
class Departure:
    weekday: int              # 0 = Monday
    at: time                  # local time at the site
    services: frozenset[str]  # empty = every service

    def serves(self, service: str) -> bool:
        return not self.services or service in self.services


@dataclass
class CarrierCalendar:
    """Departures, transit times and holidays of the carriers at one site."""

    tz: ZoneInfo
    departures: dict[str, list[Departure]]
    transit_days: dict[str, int]
    holidays: Holidays = field(default_factory=Holidays)

    @classmethod
    def from_db(cls, db: sqlite_utils.Database, *, site_id: str | None = None) -> CarrierCalendar:
        row = db.execute(
            "SELECT timezone FROM sites WHERE (? IS NULL AND kind = 'warehouse') OR id = ? ORDER BY id LIMIT 1",
            (site_id, site_id),
        ).fetchone()
        tz_name = row[0] if row else DEFAULT_TIMEZONE
        try:
            tz = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CalendarError(f"The site's time zone {tz_name!r} is not known; set an IANA name such as "
                                f"Europe/Warsaw.") from exc
        departures: dict[str, list[Departure]] = defaultdict(list)
        for carrier, weekday, at, services in db.execute(
            "SELECT carrier_code, weekday, departs_at, services FROM carrier_departures"
        ).fetchall():
            try:
                hour, minute = (int(part) for part in at.split(":"))
                when = time(hour, minute)
            except ValueError as exc:
                raise CalendarError(f"Carrier {carrier} has a departure at {at!r}; write it as HH:MM.") from exc
            names = frozenset(s.strip() for s in services.split(",") if s.strip() and s.strip() != "*")
            departures[carrier].append(Departure(weekday, when, names))
        transit = {code: days for code, days in db.execute("SELECT code, transit_days FROM carriers").fetchall()}
        return cls(tz, dict(departures), transit, Holidays.from_db(db))

    # --- days --------------------------------------------------------------------------------------------
    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_business_days(self, day: date, count: int) -> date:
        while count > 0:
            day += timedelta(days=1)
            if self.is_business_day(day):
                count -= 1
        return day

    def transit(self, carrier: str, service: str) -> int:
        """Business days from departure to delivery: same day for EXPRESS_SAME_DAY."""
        return 0 if service == "EXPRESS_SAME_DAY" else self.transit_days.get(carrier, 1)

    def departures_on(self, carrier: str, day: date, service: str) -> list[datetime]:
        """The carrier's departures on a local day for the service, as aware UTC moments, earliest first."""
        if day in self.holidays:
            return []
        out = []
        for dep in self.departures.get(carrier, []):
            if dep.weekday == day.weekday() and dep.serves(service):
                # zoneinfo gives the offset in force that day (CET or CEST); a wall time skipped by a
                # spring-forward change resolves to the moment just after the change
                out.append(datetime.combine(day, dep.at, tzinfo=self.tz).astimezone(UTC))
        return sorted(out)

    def delivery_date(self, carrier: str, service: str, departure: datetime) -> date:
        return self.add_business_days(departure.astimezone(self.tz).date(), self.transit(carrier, service))

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    # --- promise and ship-by ---------------------------------------------------------------------------
    def next_departure(self, carrier: str, service: str, after: datetime) -> datetime:
        """The first departure at or after `after`."""
        day = self.local_date(after)
        for _ in range(SEARCH_DAYS):
            for moment in self.departures_on(carrier, day, service):
                if moment >= after:
                    return moment
            day += timedelta(days=1)
        raise CalendarError(f"Carrier {carrier} has no {service} departure within {SEARCH_DAYS} days; "
                            f"check its departures.")

    def promise(self, carrier: str, service: str, created_at: datetime) -> date:
        """The delivery date a customer ordering at `created_at` is promised."""
        if service not in PROMISE_DAYS:
            raise CalendarError(f"{service!r} is not a service; use one of {', '.join(SERVICES)}.")
        departure = self.next_departure(carrier, service, created_at)
        return self.add_business_days(self.local_date(departure), PROMISE_DAYS[service])

    def ship_by(self, carrier: str, service: str, promised: date) -> datetime:
        """The last departure whose delivery still falls on or before `promised` (aware, UTC)."""
        day = promised
        for _ in range(SEARCH_DAYS):
            for moment in reversed(self.departures_on(carrier, day, service)):
                if self.delivery_date(carrier, service, moment) <= promised:
                    return moment
            day -= timedelta(days=1)
        raise CalendarError(f"Carrier {carrier} has no {service} departure that delivers by {promised}; "
                            f"check its departures.")

    def plan_order(self, carrier: str, service: str, created_at: datetime,
                   promised: date | None = None) -> tuple[date, datetime]:
        """(promised date, ship_by) for an order; the promise is derived from the service when missing."""
        promised = promised or self.promise(carrier, service, created_at)
        return promised, self.ship_by(carrier, service, promised)


def order_ship_by(calendar: CarrierCalendar, *, carrier: str, service: str, created_at: str,
                  promised_date: str | None = None) -> tuple[str, str]:
    """For importers and sync: (promised_date YYYY-MM-DD, ship_by ISO UTC) of an order row's values."""
    promised, ship_by = calendar.plan_order(
        carrier, service, parse_iso(created_at), date.fromisoformat(promised_date) if promised_date else None
    )
    return promised.isoformat(), iso(ship_by)


class Plans(Protocol):
    def __call__(self, carrier: str, service: str, created_at: datetime,
                 promised: date | None = None) -> tuple[date, datetime]:
        """(promised date, ship_by) of an order; the promise derived from the service when None."""


def cached_plans(calendar: CarrierCalendar) -> Plans:
    """`calendar.plan_order`, fast for many orders (the demo's 50,000, an import's).

    The full calendar is exact but walks days; orders created between the same two departures share
    the answer, so it is computed once per (carrier, service, next departure, promise) and the next
    departure is found by bisect in the carrier's departures around the day."""
    timelines: dict[tuple[str, str], tuple[date, list[datetime]]] = {}
    plans: dict[tuple[str, str, datetime, date | None], tuple[date, datetime]] = {}

    def next_departure(carrier: str, service: str, created_at: datetime) -> datetime:
        around = calendar.local_date(created_at)
        cached = timelines.get((carrier, service))
        if cached is None or abs((around - cached[0]).days) > 10:
            days = (around - timedelta(days=14) + timedelta(days=n) for n in range(42))
            moments = sorted(m for day in days for m in calendar.departures_on(carrier, day, service))
            cached = timelines[(carrier, service)] = (around, moments)
        moments = cached[1]
        index = bisect.bisect_left(moments, created_at)
        return moments[index] if index < len(moments) else calendar.next_departure(carrier, service, created_at)

    def plan(carrier: str, service: str, created_at: datetime, promised: date | None = None) -> tuple[date, datetime]:
        key = (carrier, service, next_departure(carrier, service, created_at), promised)
        if key not in plans:
            plans[key] = calendar.plan_order(carrier, service, created_at, promised)
        return plans[key]

    return plan
