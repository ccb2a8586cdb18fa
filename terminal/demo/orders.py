"""Open orders created through the day, with ship-by from the carrier's departures; some late."""

from __future__ import annotations

import bisect
import itertools
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from terminal.clock import iso
from terminal.demo.base import demo_id, insert_rows
from terminal.demo.carriers import OrderPlan, ship_by_rule
from terminal.demo.catalog import BOX_TYPES, Sku, popularity_weights
from terminal.demo.layout import LOCKER_SITE, WAREHOUSE_SITE
from terminal.demo.recipients import recipient
from terminal.exception_messages import exception_text

SERVICES = ("EXPRESS_SAME_DAY", "NEXT_DAY", "STANDARD")
SERVICE_SHARES = (0.10, 0.62, 0.28)
# delivery method -> (share, carriers allowed per service)
COURIER = {"EXPRESS_SAME_DAY": ("ALLEGRO", "DPD", "DHL", "INPOST"),
           "NEXT_DAY": ("INPOST", "DPD", "DHL", "ALLEGRO"),
           "STANDARD": ("INPOST", "DPD", "DHL", "POCZTA", "ALLEGRO")}
PICKUP_POINT = {"NEXT_DAY": ("ORLEN",), "STANDARD": ("ORLEN", "POCZTA")}
PICKUP_POINTS = ("ORLEN-WAW-0412", "ORLEN-KRA-0107", "ORLEN-POZ-0233", "POCZTA-UP-WARSZAWA-12",
                 "ORLEN-GDA-0058", "POCZTA-UP-LODZ-3")
LINE_COUNTS = (1, 2, 3, 4, 5)
LINE_WEIGHTS = (50, 25, 13, 8, 4)
LATE_SHARE = 0.06
WINDOW = timedelta(hours=20)


# The largest box that still goes into a locker (size C); locker orders are kept to what fits in it.
LOCKER_BOX = next(box for box in BOX_TYPES if box.code == "L")
LOCKER_BOX_VOLUME = LOCKER_BOX.inner[0] * LOCKER_BOX.inner[1] * LOCKER_BOX.inner[2]


def fits_locker_box(sku: Sku) -> bool:
    inner = sorted(LOCKER_BOX.inner, reverse=True)
    return all(d <= i for d, i in zip((sku.length_mm, sku.width_mm, sku.height_mm), inner, strict=True)) \
        and sku.weight_g <= LOCKER_BOX.max_weight_g // 2


def _volume(sku: Sku) -> int:
    return sku.length_mm * sku.width_mm * sku.height_mm


@dataclass(frozen=True)
class OrderStats:
    orders: int
    lines: int
    late: int
    order_ids: list[str]


def _choose_route(rng: random.Random, service: str) -> tuple[str, str, str | None]:
    """(delivery method, carrier, destination) for a service."""
    roll = rng.random()
    if roll < 0.38:
        return "locker", "ALLEGRO", LOCKER_SITE
    if roll < 0.52 and service in PICKUP_POINT:
        return "pickup_point", rng.choice(PICKUP_POINT[service]), rng.choice(PICKUP_POINTS)
    return "courier", rng.choice(COURIER[service]), None


def _last_departure(plan: OrderPlan, carrier: str, service: str, now: datetime) -> datetime:
    """The ship-by of an order of this kind created recently enough that it has already gone."""
    for hours in itertools.count(1):
        _promised, departure = plan(carrier, service, now - timedelta(hours=hours))
        if departure < now:
            return departure
    raise AssertionError("unreachable")


def insert_orders(db: sqlite_utils.Database, rng: random.Random, skus: list[Sku], count: int,
                  now: datetime, *, first_ref: int = 100001, late_share: float = LATE_SHARE) -> OrderStats:
    """`count` open orders created in the WINDOW before `now`, refs from ORD-<first_ref>."""
    plan = ship_by_rule(db)
    cum_weights = list(itertools.accumulate(popularity_weights(skus)))
    total_weight = cum_weights[-1]
    lockerable = [sku for sku in skus if fits_locker_box(sku)]
    external = rng.sample(range(10**9, 10**10), count)
    created_list = sorted(now - WINDOW * rng.random() for _ in range(count))
    orders, lines, late = [], [], 0
    last_departures: dict[tuple[str, str], datetime] = {}
    for n, created in enumerate(created_list):
        service = rng.choices(SERVICES, SERVICE_SHARES)[0]
        method, carrier, destination = _choose_route(rng, service)
        late_now = rng.random() < late_share
        if late_now:   # created before a departure that has gone: late now
            key = (carrier, service)
            if key not in last_departures:
                last_departures[key] = _last_departure(plan, carrier, service, now)
            created = last_departures[key] - timedelta(minutes=rng.randint(20, 300))
        promised, departure = plan(carrier, service, created)
        if not late_now and departure < now:
            # The window reaches back past a truck that has left (yesterday's last pickup, when `now`
            # is in the morning): such an order would have gone with it, so it came in after it.
            created = min(departure + timedelta(minutes=rng.randint(5, 240)), now - timedelta(minutes=1))
            promised, departure = plan(carrier, service, created)
        late += departure < now
        who = recipient(rng)
        order_id = demo_id(rng, created)
        orders.append((order_id, f"ORD-{first_ref + n}", f"ALG-{external[n]}", WAREHOUSE_SITE, service, carrier,
                       method, destination, who.name, who.street, who.postcode, who.city, who.phone, who.email,
                       promised.isoformat(), iso(created), iso(departure)))
        line_skus: list[Sku] = []
        wanted = rng.choices(LINE_COUNTS, LINE_WEIGHTS)[0]
        volume = 0
        for _ in range(wanted * 4):   # a locker order must fit one locker-sized box: skip what does not
            if len(line_skus) == wanted:
                break
            sku = skus[bisect.bisect(cum_weights, rng.random() * total_weight)]
            if sku in line_skus:
                continue
            if method == "locker":
                if not fits_locker_box(sku) or volume + _volume(sku) > LOCKER_BOX_VOLUME * 0.6:
                    continue
                volume += _volume(sku)
            line_skus.append(sku)
        if not line_skus:
            line_skus.append(lockerable[n % len(lockerable)])
        for line_no, sku in enumerate(line_skus, start=1):
            qty = 1 if rng.random() < 0.8 or method == "locker" else rng.randint(2, 3)
            lines.append((demo_id(rng, created), order_id, line_no, sku.code, qty))
    insert_rows(db, "orders", ("id", "ref", "external_id", "site_id", "service", "carrier_code",
                               "delivery_method", "destination_locker", "recipient_name", "recipient_street",
                               "recipient_postcode", "recipient_city", "recipient_phone", "recipient_email",
                               "promised_date", "created_at", "ship_by"), orders)
    insert_rows(db, "order_lines", ("id", "order_id", "line_no", "sku_code", "qty"), lines)
    return OrderStats(len(orders), len(lines), late, [row[0] for row in orders])


def insert_short_pick(db: sqlite_utils.Database, rng: random.Random, now: datetime) -> str | None:
    """A location found empty for an ordered SKU that is stocked elsewhere: the supervisor's first
    exception. Returns the exception id."""
    row = db.execute(
        "SELECT l.order_id, o.ref, l.sku_code, l.qty, i.location_code FROM order_lines l"
        " JOIN orders o ON o.id = l.order_id JOIN inventory i ON i.sku_code = l.sku_code"
        " WHERE o.status = 'open' AND (SELECT count(*) FROM inventory WHERE sku_code = l.sku_code) >= 2"
        " ORDER BY o.created_at, l.line_no, i.location_code LIMIT 1").fetchone()
    if row is None:
        return None
    order_id, ref, sku, qty, location = row
    had = db.execute("SELECT qty FROM inventory WHERE location_code = ? AND sku_code = ?",
                     (location, sku)).fetchone()[0]
    db.execute("UPDATE inventory SET qty = 0 WHERE location_code = ? AND sku_code = ?", (location, sku))
    raised = now - timedelta(minutes=25)
    exc_id = demo_id(rng, raised)
    # the stock card shows the shelf found empty (terminal/inventory/ledger.py)
    insert_rows(db, "stock_movements", ("id", "at", "location_code", "sku_code", "delta", "kind", "reason", "ref_type",
                                        "ref_id"), [(f"{exc_id}.1", iso(raised), location, sku, -had, "short", "empty",
                                                     "exception", exc_id)])
    message, coded = exception_text("short_pick_stock_elsewhere", ref, qty, sku, location, "empty")
    insert_rows(db, "exceptions", ("id", "kind", "raised_at", "ref_type", "ref_id", "message", "details"), [(
        exc_id, "short_pick", iso(raised), "order", order_id, message,
        json.dumps({"location": location, "sku_code": sku, "qty": qty, "reason": "empty",
                    "picker_id": "user-picker-1", **coded}),
    )])
    return exc_id
