"""Find the person behind a badge and check what they may do.

A badge is kept only as HMAC-SHA256 under the site's badge key (table `badge_key`): the badge opens
doors and logs people in, so neither the backend nor a pulled row nor a copy of the database shows it.
The key is the site's, sent by the backend at enrolment; a terminal that was never enrolled has its
own, made by migration 0003. It is not the locker site key: `rotate-site-key` replaces that one, and
badges (held by nobody in plain text) could not be hashed again under a new key."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import sqlite_utils

from terminal.errors import HandoffError

ROLES = ("picker", "packer", "stocker", "courier", "technician", "supervisor")


@dataclass(frozen=True)
class User:
    id: str
    name: str
    roles: tuple[str, ...]
    zones: tuple[str, ...]
    language: str

    def has_role(self, role: str) -> bool:
        return role in self.roles


class UnknownBadge(HandoffError):
    pass


def badge_hmac(key: bytes, badge: str) -> str:
    """The stored form of a badge (hex); the backend computes the same (backend/badges.py)."""
    return hmac.new(key, f"badge:{badge.strip()}".encode(), hashlib.sha256).hexdigest()


def sql_badge_hmac(key_hex: str, badge: str) -> str:
    """badge_hmac for SQL (migration 0003 converts plain-text rows with it)."""
    return badge_hmac(bytes.fromhex(key_hex), badge)


def badge_key(db: sqlite_utils.Database) -> bytes:
    row = db.execute("SELECT key FROM badge_key WHERE id = 1").fetchone()
    if row is None:
        raise HandoffError("This database has no badge key; restore it from a backup or enrol the terminal again.")
    return bytes.fromhex(row[0])


def set_badge_key(db: sqlite_utils.Database, key: bytes) -> bool:
    """Use the site's badge key from now on (at enrolment). Rows hashed under another key can never
    match a badge again, so they are dropped; the enrolment's full pull brings the site's. True if changed."""
    if badge_key(db) == key:
        return False
    db.execute("DELETE FROM badges")
    db.execute("UPDATE badge_key SET key = ? WHERE id = 1", (key.hex(),))
    return True


def register_badge(db: sqlite_utils.Database, badge: str, user_id: str, *, active: bool = True) -> str:
    """Give `user_id` the badge (kept hashed); returns the stored HMAC. Master data: no op, no outbox row."""
    text = badge.strip()
    if not text:
        raise HandoffError("A badge needs some text; scan or type the badge again.")
    digest = badge_hmac(badge_key(db), text)
    db.execute("INSERT INTO badges (badge_hmac, user_id, active) VALUES (?, ?, ?) ON CONFLICT(badge_hmac)"
               " DO UPDATE SET user_id = excluded.user_id, active = excluded.active", (digest, user_id, int(active)))
    return digest


def user_for_badge(db: sqlite_utils.Database, badge: str) -> User:
    """The active user holding `badge`; UnknownBadge with a sentence otherwise."""
    row = db.execute(
        "SELECT u.id, u.name, u.roles, u.zones, u.language FROM badges b JOIN users u ON u.id = b.user_id"
        " WHERE b.badge_hmac = ? AND b.active = 1 AND u.active = 1",
        (badge_hmac(badge_key(db), badge),),
    ).fetchone()
    if row is None:
        raise UnknownBadge(f"Badge {badge.strip()!r} is not known here; ask a supervisor to register it.")
    return _user(row)


def user_by_id(db: sqlite_utils.Database, user_id: str) -> User | None:
    row = db.execute("SELECT id, name, roles, zones, language FROM users WHERE id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def _user(row: tuple[str, str, str, str, str]) -> User:
    split = lambda text: tuple(part.strip() for part in text.split(",") if part.strip())  # noqa: E731
    return User(row[0], row[1], split(row[2]), split(row[3]), row[4])
