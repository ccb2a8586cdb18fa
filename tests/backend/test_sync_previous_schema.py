"""The protocol's N-1 rule: a terminal one schema version behind still syncs with a newer backend.

The old terminal is a real database file with every migration but the newest applied (what the
previous release left on disk), opened without migrating, as the previous release's code would.
It enrols, pushes and pulls against a live uvicorn backend; after it is upgraded it carries on from
the same cursor and outbox. Two versions behind is refused with 426 and the terminal stops."""

from __future__ import annotations

import pytest
from sync_compare import assert_same

from backend import auth
from terminal.ops import apply_op
from terminal.store import LATEST_VERSION, open_db, schema_version
from terminal.store.db import connect
from terminal.store.migrate import _apply, _ensure_table, available_migrations
from terminal.sync import state
from terminal.sync.client import SyncClient, UpdateNeeded
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import pending_count
from terminal.sync.protocol import SUPPORTED_SCHEMAS
from terminal.sync.status import sync_status

SITE = "WH1"


def _old_terminal(server, path, versions_behind):  # type: ignore[no-untyped-def]
    """A database `versions_behind` migrations old, enrolled the way that release would: no migration."""
    db = connect(path)
    _ensure_table(db)
    for migration in available_migrations()[:-versions_behind]:
        _apply(db, migration)
    code, _ = auth.make_enrollment_code(server.app.state.engine, SITE, "station")
    with SyncClient(server.url) as anonymous:
        answer = anonymous.enroll(code, path.stem, "station")
    state.put(db, backend_url=server.url, terminal_id=answer["terminal_id"], site_id=answer["site_id"],
              terminal_name=path.stem, cursor="", online="1", last_error="", update_needed="")
    return db, answer["token"]


def test_a_terminal_one_schema_behind_pushes_pulls_and_then_upgrades(server, tmp_path):
    from sync_live import seed_catalogue

    seed_catalogue(server.app.state.engine)
    path = tmp_path / "old.db"
    db, token = _old_terminal(server, path, versions_behind=1)
    assert schema_version(db) == SUPPORTED_SCHEMAS[0] < LATEST_VERSION
    with SyncClient(server.url, token) as client:
        first = sync_once(db, client)
        assert first["pulled"] >= 7 and db.execute("SELECT count(*) FROM skus").fetchone()[0] == 3
        apply_op(db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": 5})
        apply_op(db, "SyncTestCounted", {"location": "A-01", "sku": "SKU1", "delta": 2})
        assert sync_once(db, client)["acked"] == 2
    assert pending_count(db) == 0 and sync_status(db)["last_error"] is None
    assert_same(server.app.state.engine, SITE, db)
    cursor = state.get(db, "cursor")
    db.close()

    upgraded = open_db(path)   # the new release starts: backup, then migrate
    assert schema_version(upgraded) == LATEST_VERSION
    assert path.with_name(f"{path.name}.schema{SUPPORTED_SCHEMAS[0]}.bak").exists()
    assert state.get(upgraded, "cursor") == cursor
    apply_op(upgraded, "SyncTestCounted", {"location": "A-01", "sku": "SKU1", "delta": 1})
    with SyncClient(server.url, token) as again:
        assert sync_once(upgraded, again)["acked"] == 1
    assert upgraded.execute("SELECT qty FROM inventory").fetchone()[0] == 8
    # an upgrade across terminal migration 0110 opened this terminal's stock card with what it held (a
    # terminal that had it already keeps none: the SyncTest ops write inventory without the ledger), so
    # the server has no stock card to compare with
    opened = [("opening:A-01|SKU1", 7)] if SUPPORTED_SCHEMAS[0] < 110 else []
    assert [tuple(r) for r in upgraded.execute("SELECT id, delta FROM stock_movements")] == opened
    assert_same(server.app.state.engine, SITE, upgraded, ignore=("stock_movement",))
    upgraded.close()


def test_a_terminal_two_schemas_behind_is_told_to_update_and_loses_nothing(server, tmp_path):
    assert len(available_migrations()) >= 3      # a schema two versions back exists to test with
    from sync_live import seed_catalogue

    seed_catalogue(server.app.state.engine)
    db, token = _old_terminal(server, tmp_path / "older.db", versions_behind=2)
    assert schema_version(db) < SUPPORTED_SCHEMAS[0]
    with db.conn:   # what an earlier sync of that release pulled, so a local op has its rows
        db.execute("INSERT INTO sites (id, name, kind) VALUES ('WH1', 'WH1', 'warehouse')")
        db.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L1', 'WH1', 'main', '')")
        db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                   " VALUES ('A-01', 'L1', 'A', 1, 1, 1, 'L')")
        db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                   " VALUES ('SKU1', 'Thing 1', 10, 10, 10, 100)")
    apply_op(db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": 5})
    with SyncClient(server.url, token) as client, pytest.raises(UpdateNeeded):
        sync_once(db, client)
    status = sync_status(db)
    assert status["update_needed"] and "update" in status["last_error"].lower()
    assert pending_count(db) == 1   # the op waits for the upgrade instead of being dropped
    db.close()
