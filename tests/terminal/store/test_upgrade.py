"""A database from the previous schema version migrates on open, with a backup taken first."""

from __future__ import annotations

import sqlite3

from terminal.store import LATEST_VERSION, open_db, schema_version
from terminal.store.db import connect
from terminal.store.migrate import _apply, _ensure_table, available_migrations


def _previous_version_db(path):
    """A file as the previous release left it: every migration but the newest applied."""
    db = connect(path)
    _ensure_table(db)
    for migration in available_migrations()[:-1]:
        _apply(db, migration)
    db.execute("INSERT INTO users (id, name, roles) VALUES ('u1', 'Ala', 'picker')")
    db.conn.commit()
    previous = schema_version(db)
    db.close()
    return previous


def test_previous_schema_is_backed_up_then_migrated(db_path):
    previous = _previous_version_db(db_path)
    assert previous < LATEST_VERSION
    db = open_db(db_path)
    assert schema_version(db) == LATEST_VERSION
    backup = db_path.with_name(f"{db_path.name}.schema{previous}.bak")
    assert backup.exists()
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == previous
        assert old.execute("SELECT name FROM users").fetchall() == [("Ala",)]
    assert db.execute("SELECT name FROM users").fetchone()[0] == "Ala"


def test_an_up_to_date_database_is_not_backed_up_again(db_path):
    open_db(db_path, create=True).close()
    open_db(db_path).close()
    assert list(db_path.parent.glob("*.bak")) == []
