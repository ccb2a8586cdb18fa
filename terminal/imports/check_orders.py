"""Checking an orders file: lines grouped into orders, each order's ship-by from its carrier's cut-offs.

A CSV row is one order line with the order's columns repeated; a JSON object may instead hold the
order once with `lines: [{sku, qty, line_no}]`. An order with any bad line is bad as a whole (half an
order would be picked as if it were all). Its ship-by is the last departure of its carrier that still
meets the promise (terminal/picking/calendar.py), so pick lists put it where it belongs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import sqlite_utils

from terminal.clock import iso, parse_iso
from terminal.imports.check import Checked, Progress, converted
from terminal.imports.columns import OrderColumns
from terminal.imports.read import Bad, Row
from terminal.picking.calendar import CalendarError, CarrierCalendar, cached_plans
from terminal.sentences import say

#: the columns that belong to the order, not to one line (they must agree on every line)
ORDER_FIELDS = ("ref", "external_id", "service", "carrier", "delivery_method", "destination_locker",
                "recipient_name", "recipient_street", "recipient_postcode", "recipient_city", "recipient_phone",
                "recipient_email", "promised_date", "created_at")


def flatten(items: Iterable[tuple[int, Row] | Bad]) -> Iterator[tuple[int, Row] | Bad]:
    """One row per order line: a JSON order's `lines` become rows carrying the order's columns."""
    for item in items:
        if isinstance(item, Bad) or "lines" not in item[1]:
            yield item
            continue
        line, row = item
        lines = row.pop("lines")
        if not isinstance(lines, list) or not lines or not all(isinstance(x, dict) for x in lines):
            yield Bad(line, say("import_not_object"))
            continue
        for entry in lines:
            yield line, {**row, **entry}


class _Order:
    __slots__ = ("bad", "first", "head", "lines")

    def __init__(self, first: int, head: OrderColumns) -> None:
        self.first = first
        self.head = head
        self.lines: list[dict[str, Any]] = []
        self.bad = False


def check_orders(db: sqlite_utils.Database, items: Iterable[tuple[int, Row] | Bad], checked: Checked,
                 now: datetime, progress: Progress | None = None) -> None:
    keys: dict[int, str] = {}   # the order each line names, even a line that does not convert

    def remember(rows: Iterable[tuple[int, Row] | Bad]) -> Iterator[tuple[int, Row] | Bad]:
        for item in rows:
            if not isinstance(item, Bad):
                keys[item[0]] = str(item[1].get("id") or item[1].get("ref") or "")
            yield item

    rows = converted("orders", remember(flatten(items)), checked, progress)
    skus = {r[0] for r in db.execute("SELECT code FROM skus").fetchall()}
    carriers = {r[0] for r in db.execute("SELECT code FROM carriers").fetchall()}
    existing = {r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT id, ref, external_id, status FROM orders")}
    by_ref = {ref: order_id for order_id, (ref, _, _) in existing.items()}
    by_external = {ext: order_id for order_id, (_, ext, _) in existing.items() if ext}
    site = db.execute("SELECT id FROM sites WHERE kind = 'warehouse' ORDER BY id LIMIT 1").fetchone()
    plans = cached_plans(CarrierCalendar.from_db(db))
    orders: dict[str, _Order] = {}
    refs: dict[str, str] = {}        # order number → the order id that gave it first in the file
    externals: dict[str, str] = {}   # the shop's id → the same
    for line, row in rows:
        order_id = row.id or row.ref
        order = orders.get(order_id)
        if order is None:
            order = orders[order_id] = _Order(line, row)
            if refs.setdefault(row.ref, order_id) != order_id:
                checked.refuse(line, "import_ref_taken", row.ref, refs[row.ref])
                order.bad = True
            elif row.external_id and externals.setdefault(row.external_id, order_id) != order_id:
                checked.refuse(line, "import_ref_taken", row.external_id, externals[row.external_id])
                order.bad = True
        else:
            differs = next((f for f in ORDER_FIELDS if getattr(row, f) != getattr(order.head, f)), None)
            if differs:
                checked.refuse(line, "import_order_mixed", order_id, differs, order.first)
                order.bad = True
        if row.sku not in skus:
            checked.refuse(line, "import_unknown_sku", row.sku)
            order.bad = True
        number = row.line_no or len(order.lines) + 1
        if any(x["line_no"] == number for x in order.lines):
            checked.refuse(line, "import_duplicate", f"{order_id} #{number}", order.first)
            order.bad = True
        order.lines.append({"line_no": number, "sku_code": row.sku, "qty": row.qty})
    for bad in checked.bad:   # a line that did not even convert: its order is bad as a whole
        if (order := orders.get(keys.get(bad.line, ""))) is not None:
            order.bad = True
    for order_id, order in orders.items():
        if order.bad:
            continue
        head, line = order.head, order.first
        if head.delivery_method != "courier" and not head.destination_locker:
            checked.refuse(line, "import_missing", "destination_locker")
            continue
        if (reason := _clash(order_id, head, existing, by_ref, by_external, carriers)) is not None:
            checked.refuse(line, *reason)
            continue
        try:
            created = parse_iso(head.created_at) if head.created_at else now
        except ValueError:
            checked.refuse(line, "import_bad_moment", "created_at", head.created_at)
            continue
        try:
            promised = date.fromisoformat(head.promised_date) if head.promised_date else None
            promised, ship_by = plans(head.carrier, head.service, created, promised)
        except (CalendarError, ValueError):
            checked.refuse(line, "import_no_departure", head.carrier, head.service)
            continue
        row = {
            "id": order_id, "ref": head.ref, "external_id": head.external_id, "site_id": site[0] if site else None,
            "service": head.service, "carrier_code": head.carrier, "delivery_method": head.delivery_method,
            "destination_locker": head.destination_locker, "recipient_name": head.recipient_name,
            "recipient_street": head.recipient_street, "recipient_postcode": head.recipient_postcode,
            "recipient_city": head.recipient_city, "recipient_phone": head.recipient_phone,
            "recipient_email": head.recipient_email, "promised_date": promised.isoformat(),
            "created_at": iso(created), "ship_by": iso(ship_by), "lines": order.lines,
        }
        # what is empty stays out of the op (its default is the same): a third less to encode and keep
        checked.add(line, {k: v for k, v in row.items() if v is not None and v != ""})


def _clash(order_id: str, head: OrderColumns, existing: dict[str, tuple[str, str | None, str]],
           by_ref: dict[str, str], by_external: dict[str, str], carriers: set[str]) -> tuple[Any, ...] | None:
    """Why the order cannot be written over what the database holds, or None."""
    if head.carrier not in carriers:
        return ("import_unknown_carrier", head.carrier)
    if order_id in existing and existing[order_id][2] != "open":
        return ("import_order_started", head.ref, existing[order_id][2])
    if by_ref.get(head.ref, order_id) != order_id:
        return ("import_ref_taken", head.ref, by_ref[head.ref])
    if head.external_id and by_external.get(head.external_id, order_id) != order_id:
        return ("import_ref_taken", head.external_id, by_external[head.external_id])
    return None
