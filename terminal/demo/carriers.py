"""Carriers common in Poland, their weekday departures (cut-offs), Polish public holidays, and
each demo order's promise and ship-by from the picking capability's carrier calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from terminal.demo.base import insert_rows
from terminal.demo.layout import WAREHOUSE_SITE
from terminal.picking.calendar import CarrierCalendar, Plans, cached_plans, polish_holidays

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
    # DPD's same-day express run leaves early: before the demo's 10:00, so the morning shift has handed
    # over (order-to-ship time, on-time handover and fill rate have data when the supervisor looks)
    Carrier("DPD", "DPD Polska", "DPD", 1, ((MON_FRI + SAT, "09:00", "EXPRESS_SAME_DAY"),
                                            (MON_FRI, "16:00", NOT_EXPRESS), (SAT, "11:00", NOT_EXPRESS))),
    Carrier("DHL", "DHL Parcel", "JJD", 1, ((MON_FRI, "15:00", "*"), (MON_FRI, "18:00", NOT_EXPRESS))),
    Carrier("POCZTA", "Poczta Polska", "PX", 2, ((MON_FRI, "13:00", "STANDARD"), (MON_FRI, "17:00", "STANDARD"))),
    Carrier("ORLEN", "Orlen Paczka", "ORL", 1, ((MON_FRI, "17:00", NOT_EXPRESS), (SAT, "12:00", NOT_EXPRESS))),
    # Allegro's same-day courier run leaves mid-morning: express orders for it are the urgent ones.
    Carrier("ALLEGRO", "Allegro One Courier", "A1", 1,
            ((MON_FRI, "10:30", "EXPRESS_SAME_DAY"), (MON_FRI, "14:00", NOT_EXPRESS),
             (MON_FRI, "16:00", NOT_EXPRESS), (MON_FRI, "18:30", NOT_EXPRESS),
             (SAT, "13:00", NOT_EXPRESS))),
)
CARRIER_BY_CODE = {carrier.code: carrier for carrier in CARRIERS}


def insert_carriers(db: sqlite_utils.Database, now: datetime) -> None:
    insert_rows(db, "carriers", ("code", "name", "tracking_prefix", "transit_days"),
                [(c.code, c.name, c.tracking_prefix, c.transit_days) for c in CARRIERS])
    insert_rows(db, "carrier_departures", ("carrier_code", "weekday", "departs_at", "services"),
                [(c.code, weekday, at, services)
                 for c in CARRIERS for weekdays, at, services in c.departures for weekday in weekdays])
    year = now.astimezone(SITE_TZ).year
    insert_rows(db, "holidays", ("calendar", "day", "name"),
                [("PL", day.isoformat(), name) for y in (year, year + 1)
                 for day, name in sorted(polish_holidays(y).items())])


OrderPlan = Plans


def ship_by_rule(db: sqlite_utils.Database) -> OrderPlan:
    """(promised date, ship_by) for an order, from the picking capability's carrier calendar (the
    last departure that still meets the promise, holidays and transit days included), cached."""
    return cached_plans(CarrierCalendar.from_db(db, site_id=WAREHOUSE_SITE))
