"""The shift so far: orders picked and packed since the morning shift began, so the supervisor's
rates, perfect-order rate and scan error rate have data and the at-risk estimate uses measured
rates. Seed data like the rest (bulk inserts, no ops); the same rows the picking and packing
operations would have left behind."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import sqlite_utils

from terminal.clock import iso
from terminal.demo.base import demo_id, insert_rows
from terminal.demo.carriers import CARRIER_BY_CODE, SITE_TZ
from terminal.demo.catalog import BOX_TYPES
from terminal.demo.layout import DEMO_LAYOUT, WAREHOUSE_SITE
from terminal.demo.people import PEOPLE, TOTES
from terminal.picking.calendar import CarrierCalendar

SHIFT_STARTS = time(6, 0)
BATCH_ORDERS = 6
MAX_IN_TOTES = 24           # picked orders still waiting in totes for packing
WRONG_SCAN_SHARE = 0.015
PRINTER = "zebra-pack-1"
SSCC_COMPANY = "590000000"


@dataclass(frozen=True)
class ShiftStats:
    picked: int
    packed: int        # packed, whether handed over since or not
    start: str


ORDERS_PER_PICKER_HOUR = 36   # about 70 lines per picker-hour, a usual cart-picking rate
MAX_SHIFT_ORDERS = 1500


def shift_start(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(SITE_TZ).date(), SHIFT_STARTS, SITE_TZ)


def shift_order_count(now: datetime) -> int:
    """How many orders the demo's pickers would have finished since the shift began."""
    hours = max(0.0, (now - shift_start(now)) / timedelta(hours=1) - 0.5)
    pickers = sum(1 for p in PEOPLE if p.roles == "picker")
    return min(MAX_SHIFT_ORDERS, int(pickers * ORDERS_PER_PICKER_HOUR * hours))


def _sscc(serial: int) -> str:
    body = f"0{SSCC_COMPANY}{serial:07d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _box_for(items: list[tuple[int, int, int, int]]) -> tuple[str, int, str | None]:
    """(box code, tare, locker size): the smallest box whose volume and dimensions take the items."""
    volume = sum(length * width * height for length, width, height, _ in items)
    weight = sum(g for *_, g in items)
    longest = sorted(max(items, key=lambda d: d[0] * d[1] * d[2])[:3], reverse=True)
    for box in sorted(BOX_TYPES, key=lambda b: b.inner[0] * b.inner[1] * b.inner[2]):
        inner = sorted(box.inner, reverse=True)
        if (all(d <= i for d, i in zip(longest, inner, strict=True)) and volume <= 0.8 * inner[0] * inner[1] * inner[2]
                and weight <= box.max_weight_g):
            return box.code, box.tare_g, box.locker_size
    return BOX_TYPES[-1].code, BOX_TYPES[-1].tare_g, None


def insert_shift(db: sqlite_utils.Database, rng: random.Random, order_ids: list[str], now: datetime) -> ShiftStats:
    start = shift_start(now)
    if not order_ids or now - start < timedelta(minutes=40):
        return ShiftStats(0, 0, iso(start))
    pickers = [p.id for p in PEOPLE if p.roles == "picker"]
    packers = [p.id for p in PEOPLE if p.roles.startswith("packer")]
    where = {sku: loc for sku, loc in db.execute(
        "SELECT sku_code, location_code FROM inventory ORDER BY sku_code, qty")}   # the fullest place last wins
    details = {row[0]: row[1:] for row in db.execute(
        "SELECT code, length_mm, width_mm, height_mm, weight_g FROM skus")}
    orders: dict[str, dict[str, Any]] = {oid: {"lines": []} for oid in order_ids}
    for oid, carrier, service, created, ship_by in db.execute(
            "SELECT id, carrier_code, service, created_at, ship_by FROM orders"
            f" WHERE id IN ({','.join('?' * len(order_ids))})", order_ids):
        orders[oid].update(carrier=carrier, service=service, created=created, ship_by=ship_by)
    calendar = CarrierCalendar.from_db(db, site_id=WAREHOUSE_SITE)
    # the shift worked in priority order (ship-by first), as the pickers' batches do
    order_ids = sorted(order_ids, key=lambda oid: (orders[oid]["ship_by"], orders[oid]["created"], oid))
    for line_id, oid, sku, qty in db.execute(
            f"SELECT id, order_id, sku_code, qty FROM order_lines WHERE order_id IN ({','.join('?' * len(order_ids))})"
            " ORDER BY order_id, line_no", order_ids):
        orders[oid]["lines"].append((line_id, sku, qty))

    first, last = start + timedelta(minutes=15), now - timedelta(minutes=8)
    span = last - first
    Rows = list[tuple[Any, ...]]
    batches: Rows = []
    batch_orders: Rows = []
    tasks: Rows = []
    scans: Rows = []
    packages: Rows = []
    labels: Rows = []
    line_updates: Rows = []
    order_updates: Rows = []
    totes: Rows = []
    picked_count = packed_count = 0
    free_totes = list(TOTES)
    for index in range(0, len(order_ids), BATCH_ORDERS):
        chunk = order_ids[index:index + BATCH_ORDERS]
        picker = pickers[(index // BATCH_ORDERS) % len(pickers)]
        finished = first + span * ((index + len(chunk)) / len(order_ids))
        started = finished - timedelta(minutes=rng.uniform(8, 16))
        batch_id = demo_id(rng, started)
        stops = sorted({where[sku] for oid in chunk for _, sku, _ in orders[oid]["lines"]},
                       key=lambda code: DEMO_LAYOUT.point(DEMO_LAYOUT.parse_location(code)))
        distance = DEMO_LAYOUT.route_length([DEMO_LAYOUT.point(DEMO_LAYOUT.parse_location(c)) for c in stops])
        batches.append((batch_id, picker, iso(started - timedelta(minutes=1)), iso(started), iso(finished), "done",
                        "optimal", round(distance, 1)))
        step = (finished - started) / max(1, sum(len(orders[o]["lines"]) for o in chunk))
        moment = started
        for slot, oid in enumerate(chunk, start=1):
            waits = len(order_ids) - index - slot < MAX_IN_TOTES
            items, units = [], []
            for sequence, (line_id, sku, qty) in enumerate(orders[oid]["lines"], start=1):
                moment += step
                tasks.append((demo_id(rng, moment), batch_id, oid, line_id, sequence, where[sku], sku, qty, qty,
                              "done", picker, iso(moment)))
                scans.append((iso(moment - step / 2), picker, "picking", where[sku], "location", 1, None, oid))
                if rng.random() < WRONG_SCAN_SHARE:
                    scans.append((iso(moment - step / 3), picker, "picking", "5901234123457", "item", 0,
                                  "wrong item", oid))
                scans.append((iso(moment), picker, "picking", sku, "item", 1, None, oid))
                items.extend([details[sku]] * qty)
                units.extend([sku] * qty)
            picked_at = moment
            packed_at = picked_at + timedelta(minutes=rng.uniform(4, 30))
            picked_count += 1
            in_tote = bool(free_totes) and (waits or packed_at >= now)
            # a packed order's tote has gone back to the pool; a waiting order still holds its own
            tote = free_totes.pop(0) if in_tote else TOTES[(index + slot) % len(TOTES)]
            batch_orders.append((batch_id, oid, slot, tote))
            if in_tote:
                order_updates.append(("picked", iso(picked_at), None, None, oid))
                line_updates.extend((qty, 0, line_id) for line_id, _, qty in orders[oid]["lines"])
                totes.append((oid, batch_id, tote))
                continue
            packer = packers[packed_count % len(packers)]
            box, tare, locker_size = _box_for(items)
            expected = tare + sum(item[3] for item in items)
            weight = round(expected * rng.uniform(0.98, 1.02))
            carrier = CARRIER_BY_CODE[orders[oid]["carrier"]]
            package_id = demo_id(rng, packed_at)
            tracking = f"{carrier.tracking_prefix}{rng.randrange(10**11, 10**12)}"
            # The carrier's next truck after packing took it (by its ship-by, or it waits, late).
            truck = calendar.next_departure(orders[oid]["carrier"], orders[oid]["service"], packed_at)
            handed_over = iso(truck) if truck <= now else None
            packages.append((package_id, oid, box, tracking, _sscc(packed_count + 1), expected, weight, "scale",
                             locker_size, packer, iso(packed_at), iso(packed_at + timedelta(seconds=20)),
                             handed_over))
            labels.append((demo_id(rng, packed_at), package_id, PRINTER, "sent", 1, iso(packed_at),
                           iso(packed_at + timedelta(seconds=3))))
            scans.append((iso(packed_at - timedelta(minutes=2)), packer, "packing", tote, "tote", 1, None, oid))
            for sku in units:
                scans.append((iso(packed_at - timedelta(minutes=1)), packer, "packing", sku, "item", 1, None, oid))
            order_updates.append(("handed_over" if handed_over else "packed", iso(picked_at), iso(packed_at),
                                  handed_over, oid))
            line_updates.extend((qty, qty, line_id) for line_id, _, qty in orders[oid]["lines"])
            packed_count += 1

    insert_rows(db, "pick_batches", ("id", "picker_id", "created_at", "started_at", "finished_at", "status",
                                     "algorithm", "distance_m"), batches)
    insert_rows(db, "pick_batch_orders", ("batch_id", "order_id", "tote_slot", "tote_code"), batch_orders)
    insert_rows(db, "pick_tasks", ("id", "batch_id", "order_id", "line_id", "sequence", "location_code", "sku_code",
                                   "qty", "picked_qty", "status", "picker_id", "done_at"), tasks)
    insert_rows(db, "scan_events", ("at", "user_id", "context", "raw", "kind", "accepted", "reason", "order_id"),
                sorted(scans))
    insert_rows(db, "packages", ("id", "order_id", "box_type", "tracking_number", "sscc", "expected_weight_g",
                                 "weight_g", "weight_source", "locker_size", "packed_by", "packed_at", "labelled_at",
                                 "handed_over_at"),
                packages)
    insert_rows(db, "label_jobs", ("id", "package_id", "printer", "status", "attempts", "created_at", "sent_at"),
                labels)
    db.conn.executemany("UPDATE orders SET status = ?, picked_at = ?, packed_at = ?, handed_over_at = ? WHERE id = ?",
                        order_updates)
    db.conn.executemany("UPDATE order_lines SET picked_qty = ?, packed_qty = ? WHERE id = ?", line_updates)
    db.conn.executemany("UPDATE totes SET order_id = ?, batch_id = ? WHERE code = ?", totes)
    _sessions(db, rng, start, now, pickers, packers)
    return ShiftStats(picked_count, packed_count, iso(start))


def _sessions(db: sqlite_utils.Database, rng: random.Random, start: datetime, now: datetime,
              pickers: list[str], packers: list[str]) -> None:
    """Everyone logged in at the start of the shift and is on a break now (so a demo login starts a new session)."""
    rows = []
    for role, people, late_by in (("picker", pickers, 0), ("packer", packers, 25)):
        for user in people:
            login = start + timedelta(minutes=late_by + rng.uniform(0, 8))
            logout = now - timedelta(minutes=rng.uniform(1, 6))
            rows.append((demo_id(rng, login), user, role, "demo-cart" if role == "picker" else "demo-station",
                         iso(login), iso(logout)))
    insert_rows(db, "user_sessions", ("id", "user_id", "role", "terminal", "login_at", "logout_at"), rows)
