"""The stock card: the one way an op changes book stock.

Every change to `inventory.qty` goes through `move`, which writes a movement with it, so the book
stock of a location and SKU is always the sum of its movements (`balance_errors` finds where it is
not). The server's handlers write the same movements under the same ids (backend/handlers/stock.py):
the id is the op's id and the movement's place in the op, so a re-sent op writes nothing new and the
stock card a terminal pulls is the one it wrote."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from terminal.ops import OpContext

#: what moved stock; the stock card words each (ui) and the KPIs count some (terminal/stats)
KINDS = (
    "opening",      # what stood on the shelf before the stock card began
    "import",       # a standalone site's stock file (terminal/imports)
    "receipt",      # goods received at the dock
    "putaway",      # from the dock or a licence plate to a location
    "pick",         # units went into an order's tote
    "short",        # a picker found the location empty: the books drop to zero
    "replenish",    # reserve → pick face
    "count",        # a cycle count's difference, booked as an adjustment
    "adjustment",   # a supervisor's correction with a reason code
    "return",       # a returned unit restocked
)


def movement_id(op_id: str, n: int) -> str:
    return f"{op_id}.{n}"


def move(ctx: OpContext, location: str, sku: str, delta: int, kind: str, *, ref_type: str = "", ref_id: str = "",
         user_id: str | None = None, reason: str | None = None, lot: str | None = None,
         expiry: str | None = None) -> int:
    """Add `delta` units (negative: take) to the book stock of `sku` at `location` and write the
    movement. Book stock never goes below zero: the movement records what the books changed by, which
    is returned (a pick of 3 where the books held 2 moves −2; the op raises the mismatch)."""
    if kind not in KINDS:
        raise ValueError(f"unknown stock movement kind {kind!r}")
    row = ctx.one("SELECT qty FROM inventory WHERE location_code = ? AND sku_code = ?", (location, sku))
    have = int(row[0]) if row else 0
    applied = max(-have, int(delta))
    if applied == 0:
        return 0
    if row:
        ctx.db.execute("UPDATE inventory SET qty = ? WHERE location_code = ? AND sku_code = ?",
                       (have + applied, location, sku))
    else:
        ctx.db.execute("INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, ?)",
                       (location, sku, applied))
    ctx.db.execute(
        "INSERT INTO stock_movements (id, at, location_code, sku_code, delta, kind, reason, ref_type, ref_id, user_id,"
        " lot, expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_next_id(ctx), ctx.at, location, sku, applied, kind, reason, ref_type, ref_id,
         user_id, lot, expiry),
    )
    return applied


def _next_id(ctx: OpContext) -> str:
    ctx.movements.append(movement_id(ctx.op_id, len(ctx.movements) + 1))
    return ctx.movements[-1]


def set_qty(ctx: OpContext, location: str, sku: str, qty: int, kind: str, **about: Any) -> int:
    """Make the book stock `qty` (a count, an import, an empty shelf): one movement of the difference."""
    row = ctx.one("SELECT qty FROM inventory WHERE location_code = ? AND sku_code = ?", (location, sku))
    return move(ctx, location, sku, int(qty) - (int(row[0]) if row else 0), kind, **about)


def on_hand(db: sqlite_utils.Database, location: str, sku: str) -> int:
    row = db.execute("SELECT qty FROM inventory WHERE location_code = ? AND sku_code = ?", (location, sku)).fetchone()
    return int(row[0]) if row else 0


def balance_errors(db: sqlite_utils.Database) -> list[tuple[str, str, int, int]]:
    """(location, sku, book qty, sum of movements) wherever the two differ: empty when the card holds."""
    return [tuple(r) for r in db.execute(
        "WITH moved AS (SELECT location_code, sku_code, sum(delta) AS total FROM stock_movements"
        " GROUP BY location_code, sku_code),"
        " keys AS (SELECT location_code, sku_code FROM inventory UNION SELECT location_code, sku_code FROM moved)"
        " SELECT k.location_code, k.sku_code, coalesce(i.qty, 0), coalesce(m.total, 0) FROM keys k"
        " LEFT JOIN inventory i USING (location_code, sku_code) LEFT JOIN moved m USING (location_code, sku_code)"
        " WHERE coalesce(i.qty, 0) != coalesce(m.total, 0) ORDER BY 1, 2").fetchall()]
