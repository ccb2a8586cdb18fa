"""Carriers common in Poland, their weekday departures (cut-offs), Polish public holidays, and the
demo's simple ship-by rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from dateutil.easter import easter

from terminal.demo.base import insert_rows

SITE_TZ = ZoneInfo("Europe/Warsaw")
MON_FRI = (0, 1, 2, 3, 4)
SAT = (5,)
NOT_EXPRESS = "NEXT_DAY,STANDARD"


@dataclass(frozen=True)
class Carrier:
    code: str
    name: str
    tracking_prefix: str
    transit_days: int
    departures: tuple[tuple[tuple[int, ...], str, str], ...]   # (weekdays, HH:MM, services)


CARRIERS: tuple[Carrier, ...] = (
    Carrier("INPOST", "InPost", "6", 1,
            ((MON_FRI, "14:00", "*"), (MON_FRI, "18:30", NOT_EXPRESS), (SAT, "12:00", NOT_EXPRESS))),
    Carrier("DPD", "DPD Polska", "DPD", 1, ((MON_FRI, "16:00", "*"), (SAT, "11:00", NOT_EXPRESS))),
    Carrier("DHL", "DHL Parcel", "JJD", 1, ((MON_FRI, "15:00", "*"), (MON_FRI, "18:00", NOT_EXPRESS))),
    Carrier("POCZTA", "Poczta Polska", "PX", 2, ((MON_FRI, "13:00", "STANDARD"), (MON_FRI, "17:00", "STANDARD"))),
    Carrier("ORLEN", "Orlen Paczka", "ORL", 1, ((MON_FRI, "17:00", NOT_EXPRESS), (SAT, "12:00", NOT_EXPRESS))),
    Carrier("ALLEGRO", "Allegro One Courier", "A1", 1,
            ((MON_FRI, "14:00", "*"), (MON_FRI, "16:00", NOT_EXPRESS), (MON_FRI, "18:30", NOT_EXPRESS),
             (SAT, "13:00", NOT_EXPRESS))),
)
CARRIER_BY_CODE = {carrier.code: carrier for carrier in CARRIERS}


def polish_holidays(year: int) -> list[tuple[date, str]]:
    """Public holidays in Poland (non-working days), Easter-based ones from dateutil."""
    sunday = easter(year)
    days = [
        (date(year, 1, 1), "Nowy Rok"), (date(year, 1, 6), "Święto Trzech Króli"),
        (sunday, "Wielkanoc"), (sunday + timedelta(days=1), "Poniedziałek Wielkanocny"),
        (date(year, 5, 1), "Święto Pracy"), (date(year, 5, 3), "Święto Konstytucji 3 Maja"),
        (sunday + timedelta(days=49), "Zielone Świątki"), (sunday + timedelta(days=60), "Boże Ciało"),
        (date(year, 8, 15), "Wniebowzięcie Najświętszej Maryi Panny"),
        (date(year, 11, 1), "Wszystkich Świętych"), (date(year, 11, 11), "Narodowe Święto Niepodległości"),
        (date(year, 12, 25), "Boże Narodzenie (pierwszy dzień)"),
        (date(year, 12, 26), "Boże Narodzenie (drugi dzień)"),
    ]
    if year >= 2025:
        days.append((date(year, 12, 24), "Wigilia Bożego Narodzenia"))
    return sorted(days)


def insert_carriers(db: sqlite_utils.Database, now: datetime) -> None:
    insert_rows(db, "carriers", ("code", "name", "tracking_prefix", "transit_days"),
                [(c.code, c.name, c.tracking_prefix, c.transit_days) for c in CARRIERS])
    insert_rows(db, "carrier_departures", ("carrier_code", "weekday", "departs_at", "services"),
                [(c.code, weekday, at, services)
                 for c in CARRIERS for weekdays, at, services in c.departures for weekday in weekdays])
    year = now.astimezone(SITE_TZ).year
    insert_rows(db, "holidays", ("calendar", "day", "name"),
                [("PL", day.isoformat(), name) for y in (year, year + 1) for day, name in polish_holidays(y)])


ShipBy = Callable[[str, str, datetime], datetime]


def ship_by_rule(db: sqlite_utils.Database) -> ShipBy:
    """The demo's simple ship-by: the carrier's first departure after the order was created that
    carries its service, skipping Sundays and holidays. One function on purpose: the picking
    capability's calendar can replace it."""
    holidays = {row[0] for row in db.execute("SELECT day FROM holidays WHERE calendar = 'PL'")}
    departures: dict[str, list[tuple[int, time, str]]] = {}
    for carrier, weekday, at, services in db.execute(
            "SELECT carrier_code, weekday, departs_at, services FROM carrier_departures ORDER BY departs_at"):
        departures.setdefault(carrier, []).append((weekday, time.fromisoformat(at), services))

    def ship_by(carrier: str, service: str, created_at: datetime) -> datetime:
        local = created_at.astimezone(SITE_TZ)
        for offset in range(14):
            day = local.date() + timedelta(days=offset)
            if day.isoformat() in holidays:
                continue
            for weekday, at, services in departures[carrier]:
                if weekday != day.weekday() or (services != "*" and service not in services.split(",")):
                    continue
                moment = datetime.combine(day, at, SITE_TZ)
                if moment > local:
                    return moment
        raise ValueError(f"carrier {carrier} has no departure for {service} within two weeks")

    return ship_by


def working_days_after(day: date, count: int, holidays: set[str]) -> date:
    """The date `count` working days (Mon–Fri, not a holiday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day.isoformat() not in holidays:
            count -= 1
    return day
