"""The stock card of one SKU: every movement, oldest first, with the running balance of its location.

Read from `stock_movements` (terminal/inventory/ledger.py), which holds every terminal's movements
once pulled, so the card a station shows is the site's. The last balance of each location equals its
book stock (`balance_errors` is empty) — the card and the books cannot disagree."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class CardLine:
    id: str
    at: str
    kind: str
    location_code: str
    delta: int
    balance: int          # the location's book stock of this SKU after this movement
    user_id: str | None
    user_name: str | None
    reason: str | None
    ref_type: str
    ref_id: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def stock_card(db: sqlite_utils.Database, sku: str, location: str | None = None,
               limit: int | None = None) -> list[CardLine]:
    """Every movement of `sku` (at `location` only, when given) in time order; `limit`: only the last ones
    (the balances are still those of the whole card)."""
    where, params = "m.sku_code = ?", [sku]
    if location:
        where += " AND m.location_code = ?"
        params.append(location)
    rows = db.execute(
        "SELECT m.id, m.at, m.kind, m.location_code, m.delta, sum(m.delta) OVER (PARTITION BY m.location_code"
        " ORDER BY m.at, m.id ROWS UNBOUNDED PRECEDING), m.user_id, u.name, m.reason, m.ref_type, m.ref_id"
        f" FROM stock_movements m LEFT JOIN users u ON u.id = m.user_id WHERE {where} ORDER BY m.at, m.id",
        params).fetchall()
    lines = [CardLine(*row) for row in rows]
    return lines[-limit:] if limit else lines


def on_hand_by_location(db: sqlite_utils.Database, sku: str) -> dict[str, int]:
    return {r[0]: int(r[1]) for r in db.execute(
        "SELECT location_code, qty FROM inventory WHERE sku_code = ? ORDER BY location_code", (sku,)).fetchall()}
