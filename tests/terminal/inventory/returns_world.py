"""A warehouse for the returns tests: the simulator's hall (tests/terminal/stats/sim_world.py) with a
quarantine location imported through the real op, as a standalone site would."""

from __future__ import annotations

import sys
from pathlib import Path

import sqlite_utils

from terminal.ops import apply_op
from terminal.people.badges import register_badge

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stats"))
from sim_world import START, build_world  # noqa: E402

QUARANTINE = "Q-01"
__all__ = ["QUARANTINE", "START", "build_world", "returns_world"]


def add_quarantine(db: sqlite_utils.Database, code: str = QUARANTINE) -> None:
    apply_op(db, "LocationsImported", {"locations": [{"code": code, "layout_id": "L1", "zone": "QUARANTINE",
                                                      "aisle": 99, "bay": 1, "level": 1, "side": "L"}]})


def returns_world(path: Path, *, orders: int = 12, seed: int = 5) -> sqlite_utils.Database:
    from terminal.store import open_db

    db = open_db(path, create=True)
    build_world(db, orders=orders, skus=10, seed=seed, locker=None)
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory")
    db.conn.commit()
    add_quarantine(db)
    # a stocker with a badge, for the station window (terminal/people: the badge is kept as its HMAC)
    db.execute("INSERT INTO users (id, name, roles, language) VALUES ('u-ewa', 'Ewa Mazur', 'stocker', 'en')")
    register_badge(db, "B-1501", "u-ewa")
    db.conn.commit()
    return db
