"""Badges on the backend: only their HMAC under the site's badge key is ever stored (issue 14 §3).

The badge key is per site and separate from the locker site key: `rotate-site-key` replaces that one
(codes can be issued again), but nobody holds the badges in plain text to hash them again, so a
badge key that changed with it would lock every person of the site out. Terminals get it at enrolment
(`badge_key` in the answer) and hash a scanned badge the same way (terminal/people/badges.py)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from backend import schema
from backend.changes import dumps
from terminal.people.badges import badge_hmac


class BadgeKeyMismatch(ValueError):
    """Badge rows hashed under another key than the site's: they could never match a scan there."""


def new_badge_key() -> bytes:
    return secrets.token_bytes(32)


def site_badge_key(conn: Connection, site_id: str) -> bytes:
    """The site's badge key, made on first use for a site that has none (a store from before 0004)."""
    s = schema.sites.c
    row = conn.execute(select(s.badge_key).where(s.id == site_id)).first()
    if row is None:
        raise LookupError(f"There is no site {site_id!r}; make it first (enroll-code or seed).")
    value = row[0]
    if value:
        return bytes.fromhex(value)
    key = new_badge_key()
    conn.execute(update(schema.sites).where(s.id == site_id, s.badge_key.is_(None)).values(badge_key=key.hex()))
    return bytes.fromhex(conn.execute(select(s.badge_key).where(s.id == site_id)).scalar_one())


def set_site_badge_key(conn: Connection, site_id: str, key: bytes) -> None:
    s = schema.sites.c
    conn.execute(update(schema.sites).where(s.id == site_id).values(badge_key=key.hex()))


def hashed(key: bytes, row: dict[str, Any]) -> dict[str, Any]:
    """A badge entity as stored and pulled: `badge_hmac`, `user_id`, `active` — a plain `badge` is
    hashed here and never kept."""
    out = {k: v for k, v in row.items() if k != "badge"}
    if "badge" in row:
        out["badge_hmac"] = badge_hmac(key, str(row["badge"]))
    if not isinstance(out.get("badge_hmac"), str):
        raise ValueError("A badge row needs the badge (to be hashed) or its badge_hmac.")
    out.setdefault("active", 1)
    return out


def hashed_rows(conn: Connection, site_id: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    key = site_badge_key(conn, site_id)
    return [hashed(key, row) for row in rows]


def hash_stored_badges(conn: Connection) -> int:
    """Migration 0004: every site gets a badge key, and badge entities and their change-log rows
    (kept under the badge as key, with it in the data) are rewritten under its HMAC, in place — a
    terminal pulling from the start gets only hashes. Returns how many rows were rewritten."""
    e, c = schema.entities.c, schema.changes.c
    keys: dict[str, bytes] = {}
    count = 0
    for site_id, entity_key, data in conn.execute(select(e.site_id, e.key, e.data).where(e.entity == "badge")).all():
        key = keys.setdefault(site_id, site_badge_key(conn, site_id))
        row = json.loads(data)
        if "badge" not in row:
            continue
        new = hashed(key, row)
        conn.execute(delete(schema.entities).where(e.site_id == site_id, e.entity == "badge", e.key == entity_key))
        conn.execute(insert(schema.entities).values(site_id=site_id, entity="badge", key=new["badge_hmac"],
                                                    data=dumps(new)))
        count += 1
    for change_id, site_id, change_key, data in conn.execute(
            select(c.id, c.site_id, c.key, c.data).where(c.entity == "badge")).all():
        key = keys.setdefault(site_id, site_badge_key(conn, site_id))
        row = json.loads(data)
        if "badge_hmac" in row and "badge" not in row:
            continue
        new = hashed(key, {**row, "badge": row.get("badge", change_key)})
        if set(row) <= {"badge"}:   # a delete carries only the key
            new = {"badge_hmac": new["badge_hmac"]}
        conn.execute(update(schema.changes).where(c.id == change_id).values(key=new["badge_hmac"], data=dumps(new)))
        count += 1
    return count
