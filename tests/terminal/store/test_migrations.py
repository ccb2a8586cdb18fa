"""Migrations run from a new file, in order, and a second run applies nothing."""

from __future__ import annotations

from terminal.store import LATEST_VERSION, migrate, open_db, schema_version
from terminal.store.migrate import available_migrations


def test_migrations_run_from_a_new_file_and_are_idempotent(db_path):
    db = open_db(db_path, create=True, migrate=False)
    assert schema_version(db) == 0
    applied = migrate(db)
    assert applied == [m.version for m in available_migrations()] and applied[0] == 1
    assert schema_version(db) == LATEST_VERSION
    assert {"orders", "outbox", "parcels", "compartments"} <= set(db.table_names())
    tables_before = sorted(db.table_names())
    assert migrate(db) == []
    assert sorted(db.table_names()) == tables_before
    assert [row[0] for row in db.execute("SELECT version FROM schema_migrations ORDER BY version")] == applied
    db.close()
    reopened = open_db(db_path)          # opening migrates again: nothing to do
    assert schema_version(reopened) == LATEST_VERSION
    assert reopened.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(applied)


def test_the_store_opens_with_the_pragmas_the_outbox_needs(db_path):
    from terminal.store.db import BUSY_TIMEOUT_MS

    db = open_db(db_path, create=True)
    pragma = lambda name: db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2          # FULL: a committed op survives a power cut
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
    db.close()


def test_a_failing_migration_leaves_nothing_behind(db_path):
    import pytest

    from terminal.errors import StoreError
    from terminal.store.migrate import Migration, _apply

    db = open_db(db_path, create=True)
    broken = Migration(9000, "broken", "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n")
    with pytest.raises(StoreError, match="Migration 9000 \\(broken\\) failed"):
        _apply(db, broken)
    assert "half_done" not in db.table_names()
    assert schema_version(db) == LATEST_VERSION
    db.close()
