"""The imports' operations: master data, stock and orders loaded from a file at a standalone site.

Each op carries one chunk of checked rows (up to CHUNK) and writes them with executemany, so 50,000
orders are ten ops, not 50,000. They are facts (the file is what the site has) issued by a
supervisor, and they stay on the terminal: `terminal.imports.apply` acknowledges each as it is
applied, so a push never sends one, and every handler refuses on a terminal enrolled with a backend
(such a site gets its master data and orders by pull, and an import would fight the pulls).
A row whose key exists is updated in place (a re-import of the same file changes nothing)."""

from __future__ import annotations

import json
from typing import Annotated

import sqlite_utils
from msgspec import Meta

from terminal.imports.columns import Method, Service
from terminal.inventory.ledger import movement_id
from terminal.opargs import Day, Id, OpArgs, Qty, Stamp, Text, Units
from terminal.ops import Args, OpContext, operation, require

CHUNK = 5000
SUPERVISOR = ("supervisor",)
Small = Annotated[int, Meta(ge=0, le=100_000)]


class ImportedSku(OpArgs, kw_only=True):
    code: Id
    name: Text
    length_mm: Small
    width_mm: Small
    height_mm: Small
    weight_g: Small
    image: Text | None = None
    barcode: Id | None = None
    barcode_kind: Text = "gtin"


class ImportedLocation(OpArgs, kw_only=True):
    code: Id
    layout_id: Id
    zone: Text
    aisle: Small
    bay: Small
    level: Small
    side: Text
    active: bool = True


class ImportedUser(OpArgs, kw_only=True):
    id: Id
    name: Text
    roles: Text
    zones: Text = ""
    language: Text = "pl"
    active: bool = True
    badge_hmac: Id | None = None   # never the badge itself


class StockRow(OpArgs, kw_only=True):
    location_code: Id
    sku_code: Id
    qty: Qty


class ImportedLine(OpArgs, kw_only=True):
    line_no: Annotated[int, Meta(ge=1, le=10_000)]
    sku_code: Id
    qty: Units


class ImportedOrder(OpArgs, kw_only=True):
    id: Id
    ref: Id
    external_id: Id | None = None
    site_id: Id | None = None
    service: Service
    carrier_code: Id
    delivery_method: Method
    destination_locker: Id | None = None
    recipient_name: Text
    recipient_street: Text = ""
    recipient_postcode: Text = ""
    recipient_city: Text = ""
    recipient_phone: Text = ""
    recipient_email: Text = ""
    promised_date: Day
    created_at: Stamp
    ship_by: Stamp                 # from the carrier's cut-offs (terminal/picking/calendar.py)
    lines: Annotated[list[ImportedLine], Meta(min_length=1, max_length=1000)]


class SkusImportedArgs(OpArgs, kw_only=True):
    skus: Annotated[list[ImportedSku], Meta(max_length=CHUNK)]


class LocationsImportedArgs(OpArgs, kw_only=True):
    locations: Annotated[list[ImportedLocation], Meta(max_length=CHUNK)]


class UsersImportedArgs(OpArgs, kw_only=True):
    users: Annotated[list[ImportedUser], Meta(max_length=CHUNK)]


class StockSetArgs(OpArgs, kw_only=True):
    stock: Annotated[list[StockRow], Meta(max_length=CHUNK)]


class OrdersImportedArgs(OpArgs, kw_only=True):
    orders: Annotated[list[ImportedOrder], Meta(max_length=CHUNK)]


def enrolled(db: sqlite_utils.Database) -> bool:
    """Whether the terminal syncs with a backend (it has a terminal id from enrolment)."""
    return db.execute("SELECT 1 FROM sync_state WHERE key = 'terminal_id' AND value != ''").fetchone() is not None


def _standalone(ctx: OpContext) -> None:
    require(not enrolled(ctx.db), "import_enrolled",
            "This terminal is enrolled with a backend, which sends its orders and master data; "
            "import them on the backend instead.")


@operation("SkusImported", args=SkusImportedArgs, fact=True, roles=SUPERVISOR)
def skus_imported(ctx: OpContext, args: Args) -> Args:
    """{skus: [{code, name, length_mm, width_mm, height_mm, weight_g, image, barcode, barcode_kind}]}"""
    _standalone(ctx)
    rows = args["skus"]
    ctx.db.conn.executemany(
        "INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g, image) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(code) DO UPDATE SET name = excluded.name, length_mm = excluded.length_mm,"
        " width_mm = excluded.width_mm, height_mm = excluded.height_mm, weight_g = excluded.weight_g,"
        " image = coalesce(excluded.image, skus.image)",
        [(r["code"], r["name"], r["length_mm"], r["width_mm"], r["height_mm"], r["weight_g"], r.get("image"))
         for r in rows])
    ctx.db.conn.executemany(
        "INSERT INTO sku_barcodes (barcode, sku_code, kind) VALUES (?, ?, ?) ON CONFLICT(barcode)"
        " DO UPDATE SET sku_code = excluded.sku_code, kind = excluded.kind",
        [(r["barcode"], r["code"], r.get("barcode_kind", "gtin")) for r in rows if r.get("barcode")])
    return {"skus": len(rows)}


@operation("LocationsImported", args=LocationsImportedArgs, fact=True, roles=SUPERVISOR)
def locations_imported(ctx: OpContext, args: Args) -> Args:
    """{locations: [{code, layout_id, zone, aisle, bay, level, side, active}]}"""
    _standalone(ctx)
    rows = args["locations"]
    ctx.db.conn.executemany(
        "INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(code) DO UPDATE SET layout_id = excluded.layout_id, zone = excluded.zone,"
        " aisle = excluded.aisle, bay = excluded.bay, level = excluded.level, side = excluded.side,"
        " active = excluded.active",
        [(r["code"], r["layout_id"], r["zone"], r["aisle"], r["bay"], r["level"], r["side"], int(r.get("active", True)))
         for r in rows])
    return {"locations": len(rows)}


@operation("UsersImported", args=UsersImportedArgs, fact=True, roles=SUPERVISOR)
def users_imported(ctx: OpContext, args: Args) -> Args:
    """{users: [{id, name, roles, zones, language, active, badge_hmac}]}"""
    _standalone(ctx)
    rows = args["users"]
    ctx.db.conn.executemany(
        "INSERT INTO users (id, name, roles, zones, language, active) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET name = excluded.name, roles = excluded.roles, zones = excluded.zones,"
        " language = excluded.language, active = excluded.active",
        [(r["id"], r["name"], r["roles"], r.get("zones", ""), r.get("language", "pl"), int(r.get("active", True)))
         for r in rows])
    ctx.db.conn.executemany(
        "INSERT INTO badges (badge_hmac, user_id, active) VALUES (?, ?, 1) ON CONFLICT(badge_hmac)"
        " DO UPDATE SET user_id = excluded.user_id, active = 1",
        [(r["badge_hmac"], r["id"]) for r in rows if r.get("badge_hmac")])
    # the file names each person's badge now: one they had before (lost, replaced) opens nothing any more
    ctx.db.conn.executemany("UPDATE badges SET active = 0 WHERE user_id = ? AND badge_hmac != ?",
                            [(r["id"], r["badge_hmac"]) for r in rows if r.get("badge_hmac")])
    return {"users": len(rows)}


@operation("StockSet", args=StockSetArgs, fact=True, roles=SUPERVISOR)
def stock_set(ctx: OpContext, args: Args) -> Args:
    """{stock: [{location_code, sku_code, qty}]}: what stands on each shelf now (set, not added)."""
    _standalone(ctx)
    rows = args["stock"]
    conn = ctx.db.conn
    keys = json.dumps([[r["location_code"], r["sku_code"]] for r in rows])
    had = {(loc, sku): qty for loc, sku, qty in conn.execute(
        "SELECT i.location_code, i.sku_code, i.qty FROM json_each(?) k JOIN inventory i"
        " ON i.location_code = k.value ->> 0 AND i.sku_code = k.value ->> 1", (keys,))}
    conn.executemany(
        "INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, ?)"
        " ON CONFLICT(location_code, sku_code) DO UPDATE SET qty = excluded.qty",
        [(r["location_code"], r["sku_code"], r["qty"]) for r in rows])
    # the stock card gets the difference the file made (terminal/inventory/ledger.py)
    changed = [(r, r["qty"] - had.get((r["location_code"], r["sku_code"]), 0)) for r in rows]
    moved = [(movement_id(ctx.op_id, n), r, delta) for n, (r, delta) in enumerate((c for c in changed if c[1]), 1)]
    conn.executemany(
        "INSERT INTO stock_movements (id, at, location_code, sku_code, delta, kind, ref_type, ref_id)"
        " VALUES (?, ?, ?, ?, ?, 'import', 'import', ?)",
        [(m, ctx.at, r["location_code"], r["sku_code"], delta, ctx.op_id) for m, r, delta in moved])
    ctx.movements.extend(m for m, _, _ in moved)
    return {"stock": len(rows)}


ORDER_COLUMNS = ("id", "ref", "external_id", "site_id", "service", "carrier_code", "delivery_method",
                  "destination_locker", "recipient_name", "recipient_street", "recipient_postcode",
                  "recipient_city", "recipient_phone", "recipient_email", "promised_date", "created_at", "ship_by")
#: what a column left out of an order's args means (check_orders leaves out what is empty: a smaller op)
ORDER_DEFAULTS = {c: "" for c in ("recipient_street", "recipient_postcode", "recipient_city", "recipient_phone",
                                  "recipient_email")}


def order_values(order: Args) -> tuple[object, ...]:
    """The order's row in ORDER_COLUMNS order."""
    return tuple(order.get(c, ORDER_DEFAULTS.get(c)) for c in ORDER_COLUMNS)


_VALUES = f"({', '.join(ORDER_COLUMNS)}) VALUES ({', '.join('?' * len(ORDER_COLUMNS))})"
_UPDATE = ("UPDATE orders SET " + ", ".join(f"{c} = ?" for c in ORDER_COLUMNS if c != "id")
           + " WHERE id = ? AND status = 'open'")    # an order already being picked keeps what it has
_LINE_INSERT = "INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, ?, ?, ?)"


def _line_rows(orders: list[Args]) -> list[tuple[object, ...]]:
    return [(f"{o['id']}-{line['line_no']}", o["id"], line["line_no"], line["sku_code"], line["qty"])
            for o in orders for line in o["lines"]]


@operation("OrdersImported", args=OrdersImportedArgs, fact=True, roles=SUPERVISOR)
def orders_imported(ctx: OpContext, args: Args) -> Args:
    """{orders: [{id, ref, …, promised_date, created_at, ship_by, lines: [{line_no, sku_code, qty}]}]}:
    open orders; one already in the file's id is replaced while it is still open."""
    _standalone(ctx)
    orders = args["orders"]
    conn = ctx.db.conn
    known = dict(conn.execute("SELECT id, status FROM orders WHERE id IN (SELECT value FROM json_each(?))",
                              (json.dumps([o["id"] for o in orders]),)).fetchall())
    # new orders by plain INSERT: an upsert costs SQLite twice as much on a table with this many indexes
    new = [o for o in orders if o["id"] not in known]
    conn.executemany(f"INSERT INTO orders {_VALUES}", [order_values(o) for o in new])
    conn.executemany(_LINE_INSERT, _line_rows(new))
    again = [o for o in orders if known.get(o["id"]) == "open"]
    conn.executemany(_UPDATE, [(*order_values(o)[1:], o["id"]) for o in again])
    conn.executemany(_LINE_INSERT + " ON CONFLICT(order_id, line_no) DO UPDATE SET sku_code = excluded.sku_code,"
                     " qty = excluded.qty", _line_rows(again))
    # a re-imported order loses the lines the file no longer gives it
    conn.executemany("DELETE FROM order_lines WHERE order_id = ? AND line_no NOT IN (SELECT value FROM json_each(?))",
                     [(o["id"], json.dumps([line["line_no"] for line in o["lines"]])) for o in again])
    open_orders = new + again
    return {"orders": len(open_orders), "kept": sorted(i for i, status in known.items() if status != "open")}
