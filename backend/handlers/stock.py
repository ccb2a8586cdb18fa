"""Server side of the stock card: the same movements, under the same ids, as terminal/inventory/ledger.py.

The server's `inventory` entity changes only through `move`, so every site's book stock is the sum of
its `stock_movement` entities, and terminals pull both: the stock card a station shows holds every
terminal's movements, and the one it wrote itself comes back unchanged (same id, same fields)."""

from __future__ import annotations

from typing import Any

from backend.handlers import ServerContext
from terminal.inventory.ledger import KINDS, movement_id


def on_hand(ctx: ServerContext, location: str, sku: str) -> int:
    stock = ctx.store.get("inventory", f"{location}|{sku}")
    return int(stock["qty"]) if stock else 0


def move(ctx: ServerContext, location: str, sku: str, delta: int, kind: str, *, ref_type: str = "",
         ref_id: str = "", user_id: str | None = None, reason: str | None = None, lot: str | None = None,
         expiry: str | None = None) -> int:
    """Add `delta` units to the server's book stock (never below zero) and write the movement; returns
    what the books changed by. The same rule and the same id as the terminal's `ledger.move`."""
    if kind not in KINDS:
        raise ValueError(f"unknown stock movement kind {kind!r}")
    stock = ctx.store.get("inventory", f"{location}|{sku}")
    have = int(stock["qty"]) if stock else 0
    applied = max(-have, int(delta))
    if applied == 0:
        return 0
    ctx.store.upsert("inventory", {**(stock or {"location_code": location, "sku_code": sku}), "qty": have + applied})
    ctx.movements += 1
    row: dict[str, Any] = {"id": movement_id(ctx.op_id, ctx.movements), "at": ctx.at, "location_code": location,
                           "sku_code": sku, "delta": applied, "kind": kind, "reason": reason, "ref_type": ref_type,
                           "ref_id": ref_id, "user_id": user_id, "lot": lot, "expiry": expiry}
    ctx.store.upsert("stock_movement", row)
    return applied


def set_qty(ctx: ServerContext, location: str, sku: str, qty: int, kind: str, **about: Any) -> int:
    return move(ctx, location, sku, int(qty) - on_hand(ctx, location, sku), kind, **about)
