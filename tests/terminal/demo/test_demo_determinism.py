"""The same seed gives the same database, row for row; another seed gives another site."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from terminal.demo import codes_path_for
from terminal.demo.people import PEOPLE
from terminal.people.badges import user_for_badge

# Early in the shift: fewer finished orders, so making four demos stays quick.
EARLY = datetime(2026, 11, 23, 7, 15, tzinfo=ZoneInfo("Europe/Warsaw"))
SKIPPED = {"schema_migrations"}   # applied_at is the wall clock of the migration, not demo data


def dump(db) -> dict[str, list[tuple]]:
    tables = [name for name in db.table_names() if name not in SKIPPED]
    return {name: sorted(tuple(row) for row in db.execute(f"SELECT * FROM [{name}]").fetchall())
            for name in tables}


def test_the_same_seed_gives_identical_tables(tmp_path: Path, make_demo):
    first_db, _ = make_demo(tmp_path / "a.db", orders=120, now=EARLY)
    # The HMACs depend on the site key, so the second site shares the first one's key file.
    shutil.copy(tmp_path / "a.db.sitekey", tmp_path / "b.db.sitekey")
    second_db, _ = make_demo(tmp_path / "b.db", orders=120, now=EARLY)
    first, second = dump(first_db), dump(second_db)
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], table
    assert sum(len(rows) for rows in first.values()) > 10_000
    assert codes_path_for(tmp_path / "a.db").read_text() == codes_path_for(tmp_path / "b.db").read_text()


def test_another_seed_gives_another_site(tmp_path: Path, make_demo):
    first_db, _ = make_demo(tmp_path / "a.db", seed=1, orders=60, now=EARLY)
    second_db, _ = make_demo(tmp_path / "b.db", seed=2, orders=60, now=EARLY)
    first, second = dump(first_db), dump(second_db)
    for table in ("skus", "sku_barcodes", "inventory", "orders", "order_lines", "parcels", "pick_tasks", "packages"):
        assert first[table] != second[table], table
    # What a printed badge sheet relies on does not depend on the seed.
    for table in ("users", "locations", "lock_boards", "carriers", "box_types"):
        assert first[table] == second[table], table
    # Badges are stored hashed under each site's own key, so the rows differ, but every printed badge
    # opens the same person in both.
    assert first["badges"] != second["badges"]
    for person in PEOPLE:
        assert user_for_badge(first_db, person.badge).id == user_for_badge(second_db, person.badge).id == person.id
