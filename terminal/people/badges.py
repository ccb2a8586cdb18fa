"""Find the person behind a badge and check what they may do."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.errors import HandoffError

ROLES = ("picker", "packer", "courier", "technician", "supervisor")


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


def user_for_badge(db: sqlite_utils.Database, badge: str) -> User:
    """The active user holding `badge`; UnknownBadge with a sentence otherwise."""
    row = db.execute(
        "SELECT u.id, u.name, u.roles, u.zones, u.language FROM badges b JOIN users u ON u.id = b.user_id"
        " WHERE b.badge = ? AND b.active = 1 AND u.active = 1",
        (badge.strip(),),
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
