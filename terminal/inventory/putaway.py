"""Where a received line should go: the putaway suggestion.

There is no min/max per pick face on this branch (the replenishment flow adds it), and locations carry
no capacity, so the need of a pick face is read from its stock: the active location already holding
the SKU with the least units is the face that needs it most. A SKU that is on no shelf goes to free
capacity: an empty active location in the zone with the most empty locations, nearest the depot
(lowest aisle, bay, level)."""

from __future__ import annotations

import sqlite_utils

from terminal.inventory.receiving import DOCK


def suggest_location(db: sqlite_utils.Database, sku: str) -> str | None:
    """The location to put `sku` away to, or None when the site has no active location to offer."""
    face = db.execute(
        "SELECT i.location_code FROM inventory i JOIN locations l ON l.code = i.location_code"
        " WHERE i.sku_code = ? AND i.qty > 0 AND l.active = 1 AND l.code != ?"
        " ORDER BY i.qty, l.code LIMIT 1", (sku, DOCK)).fetchone()
    if face:
        return str(face[0])
    empty = db.execute(
        "WITH free AS (SELECT l.* FROM locations l WHERE l.active = 1 AND l.code != ? AND NOT EXISTS"
        "   (SELECT 1 FROM inventory i WHERE i.location_code = l.code AND i.qty > 0)),"
        " zones AS (SELECT zone, count(*) AS n FROM free GROUP BY zone)"
        " SELECT f.code FROM free f JOIN zones z USING (zone)"
        " ORDER BY z.n DESC, f.zone, f.aisle, f.bay, f.level, f.code LIMIT 1", (DOCK,)).fetchone()
    return str(empty[0]) if empty else None
