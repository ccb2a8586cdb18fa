"""Load a site's master data (catalogue, layout, carriers, people, lockers, orders) from a terminal database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from backend.auth import ensure_site
from backend.changes import EntityStore
from terminal.sync.protocol import ENTITIES


def seed_from_terminal_db(engine: Engine, site_id: str, path: Path, *, key: bytes | None = None) -> dict[str, int]:
    """Every row of every pulled entity's table becomes a server entity of `site_id` (and a change).

    `key`: the site's HMAC key when the site is new (e.g. the key its parcels' codes were made with)."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    source.row_factory = sqlite3.Row
    counts: dict[str, int] = {}
    try:
        kinds = {row["kind"] for row in source.execute("SELECT kind FROM sites")}
        with engine.begin() as conn:
            ensure_site(conn, site_id, kind="locker" if kinds == {"locker"} else "warehouse", key=key)
            store = EntityStore(conn, site_id)
            for entity, spec in ENTITIES.items():
                rows = [dict(row) for row in source.execute(f"SELECT * FROM {spec.table}")]  # noqa: S608
                for row in rows:
                    store.upsert(entity, row)
                counts[entity] = len(rows)
            store.flush()
    finally:
        source.close()
    return counts
