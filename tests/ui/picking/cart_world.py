"""The picking page tests' small cart: the terminal tests' warehouse with two orders to pick."""

from __future__ import annotations

from pathlib import Path

from picking_world import add_order, add_totes, build_warehouse

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.store import open_db
from ui.app import make_context
from ui.context import AppContext


def cart_context(path: Path, clock: FixedClock, sku_name: str | None = None) -> AppContext:
    """The small warehouse with two orders to pick; `sku_name` renames the three picked products."""
    db = open_db(path, create=True)
    build_warehouse(db)
    if sku_name is not None:
        # The catalogue is reference data an import loads (no operation writes it): the name goes in
        # beside the warehouse the other picking tests use.
        db.execute("UPDATE skus SET name = ? WHERE code IN ('SKU-MUG', 'SKU-TEA', 'SKU-CUP')", (sku_name,))
        db.conn.commit()
    add_totes(db)
    add_order(db, [("SKU-MUG", 2), ("SKU-TEA", 1)], ref="R-100")
    add_order(db, [("SKU-CUP", 1)], ref="R-200")
    db.close()
    return make_context(path, settings=Settings({"ui": {"sound": False}}), clock=clock, synchronous=True)
