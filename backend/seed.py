"""Load a site's master data (catalogue, layout, carriers, people, lockers, orders) from a terminal database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from backend import schema
from backend.auth import ensure_site
from backend.badges import BadgeKeyMismatch, hashed_rows, set_site_badge_key, site_badge_key
from backend.changes import EntityStore
from terminal.sync.protocol import ENTITIES


def seed_from_terminal_db(engine: Engine, site_id: str, path: Path, *, key: bytes | None = None) -> dict[str, int]:
    """Every row of every pulled entity's table becomes a server entity of `site_id` (and a change).

    `key`: the site's HMAC key when the site is new (e.g. the key its parcels' codes were made with).
    Badges arrive hashed under the database's badge key, which the site takes on (see `_badge_key`);
    a database from before terminal migration 0003 has them in plain text and they are hashed here."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    source.row_factory = sqlite3.Row
    counts: dict[str, int] = {}
    try:
        kinds = {row["kind"] for row in source.execute("SELECT kind FROM sites")}
        source_badge_key = _source_badge_key(source)
        with engine.begin() as conn:
            made = ensure_site(conn, site_id, kind="locker" if kinds == {"locker"} else "warehouse", key=key,
                               badge_key=source_badge_key)
            store = EntityStore(conn, site_id)
            for entity, spec in ENTITIES.items():
                rows = [dict(row) for row in source.execute(f"SELECT * FROM {spec.table}")]  # noqa: S608
                if entity == "badge":
                    rows = _badge_rows(conn, site_id, path, rows, source_badge_key, made=made)
                for row in rows:
                    store.upsert(entity, row)
                counts[entity] = len(rows)
            store.flush()
    finally:
        source.close()
    return counts


def _source_badge_key(source: sqlite3.Connection) -> bytes | None:
    if not source.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'badge_key'").fetchone():
        return None
    row = source.execute("SELECT key FROM badge_key WHERE id = 1").fetchone()
    return bytes.fromhex(row[0]) if row else None


def _badge_rows(conn: Connection, site_id: str, path: Path, rows: list[dict[str, Any]], source_key: bytes | None,
                *, made: bool) -> list[dict[str, Any]]:
    """Hashed badge rows for the site. Hashes cannot be moved to another key, so the site takes on the
    database's key when nothing yet depends on its own (new, or no badges and no terminals enrolled)."""
    if source_key is None or not rows or all("badge" in row for row in rows):
        return hashed_rows(conn, site_id, rows)
    if not made and site_badge_key(conn, site_id) != source_key:
        if _depends_on_badge_key(conn, site_id):
            raise BadgeKeyMismatch(
                f"The badges in {path} were hashed with another key than site {site_id}'s, whose terminals "
                "already use it; seed them into a new site, or register the badges again at the site.")
        set_site_badge_key(conn, site_id, source_key)
    return hashed_rows(conn, site_id, rows)


def _depends_on_badge_key(conn: Connection, site_id: str) -> bool:
    e, t = schema.entities.c, schema.terminals.c
    badges = conn.execute(select(e.key).where(e.site_id == site_id, e.entity == "badge").limit(1)).first()
    terminals = conn.execute(select(t.id).where(t.site_id == site_id).limit(1)).first()
    return badges is not None or terminals is not None
