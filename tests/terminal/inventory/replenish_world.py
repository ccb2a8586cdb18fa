"""A small hall with pick faces and reserve, for the replenishment tests (terminal, backend and UI).

Built on the stats tests' simulated hall (sim_world): SKU-000…SKU-009 each get a pick face (their first
location, a few units, min 4 / max 20) and keep their second location as reserve (500). Stock and faces
are loaded through the standalone site's import ops; the shelves before that are the opening balance."""

from __future__ import annotations

import sys
from pathlib import Path

import sqlite_utils

from terminal.ops import apply_op

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stats"))
from sim_world import START, build_world  # noqa: E402

FACE_MIN, FACE_MAX, FACE_QTY = 4, 20, 6
FACED = [f"SKU-{n:03d}" for n in range(10)]

__all__ = ["FACED", "FACE_MAX", "FACE_MIN", "FACE_QTY", "START", "faces_world", "face_of", "reserve_of"]


def faces_world(db: sqlite_utils.Database, *, orders: int = 40, seed: int = 3) -> None:
    build_world(db, orders=orders, seed=seed)
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory")
    db.conn.commit()
    faces = [(face_of(db, sku), sku) for sku in FACED]
    apply_op(db, "StockSet", {"stock": [{"location_code": loc, "sku_code": sku, "qty": FACE_QTY}
                                        for loc, sku in faces]})
    apply_op(db, "PickFacesSet", {"faces": [{"location_code": loc, "sku_code": sku, "min_qty": FACE_MIN,
                                             "max_qty": FACE_MAX} for loc, sku in faces]})


def _locations(db: sqlite_utils.Database, sku: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT location_code FROM inventory WHERE sku_code = ?"
                                     " ORDER BY location_code", (sku,)).fetchall()]


def face_of(db: sqlite_utils.Database, sku: str) -> str:
    return _locations(db, sku)[0]


def reserve_of(db: sqlite_utils.Database, sku: str) -> str:
    return _locations(db, sku)[1]
