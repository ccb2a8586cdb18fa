"""A small site for tests, and the demo site for screenshots.

Real rows in a real migrated database (no mocks): two sites and one user with a badge per role."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from terminal.people.badges import UnknownBadge, register_badge, user_for_badge
from terminal.store import open_db, transaction

USERS = (
    # id, name, roles, zones, badge
    ("u-picker", "Anna Nowak", "picker", "A", "B-1001"),
    ("u-packer", "Piotr Wiśniewski", "packer", "", "B-1002"),
    ("u-both", "Ewa Kowalczyk", "picker,packer", "A,B", "B-1003"),
    ("u-courier", "Tomasz Zieliński", "courier", "", "B-2001"),
    ("u-tech", "Marek Wójcik", "technician", "", "B-3001"),
    ("u-super", "Katarzyna Lewandowska", "supervisor", "", "B-4001"),
)
BADGES = {"picker": "B-1001", "packer": "B-1002", "courier": "B-2001", "technician": "B-3001",
          "supervisor": "B-4001"}


def fill_small_site(db: sqlite_utils.Database) -> None:
    with transaction(db):
        db.execute("INSERT INTO sites (id, name, kind) VALUES ('wh-1', 'Magazyn Łódź-Olechów', 'warehouse')")
        db.execute("INSERT INTO sites (id, name, kind) VALUES ('lk-1', 'Paczkomat Łódź Piotrkowska 100', 'locker')")
        for user_id, name, roles, zones, badge in USERS:
            db.execute("INSERT INTO users (id, name, roles, zones, language) VALUES (?, ?, ?, ?, 'pl')",
                       (user_id, name, roles, zones))
            register_badge(db, badge, user_id)


def make_site_db(path: Path, *, orders: int = 300) -> tuple[Path, str]:
    """A database at `path` made by terminal.demo.generate; returns the path and a note saying so."""
    import terminal.demo as demo

    db = open_db(path, create=True)
    try:
        demo.generate(db, seed=1, orders=orders)
        return path, f"demo data ({orders} orders)"
    finally:
        db.close()


def badge_for_role(db: sqlite_utils.Database, role: str) -> str:
    """An active badge of a user who has `role` (works on demo data and on the small site). Badges are
    stored only hashed, so the candidates are the badges these two sites hand out."""
    from terminal.demo.people import PEOPLE

    holders = []
    for badge in sorted({row[4] for row in USERS} | {person.badge for person in PEOPLE}):
        try:
            user = user_for_badge(db, badge)
        except UnknownBadge:
            continue
        if user.has_role(role):
            holders.append((len(user.roles), badge))   # prefer someone who has only this role
    if not holders:
        raise LookupError(f"no badge for role {role}")
    return min(holders)[1]
