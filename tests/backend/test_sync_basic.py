"""Push, pull, acknowledgements, rejections and status against a live backend."""

from __future__ import annotations

from sqlalchemy import select
from sync_compare import assert_same

from backend import schema
from terminal.errors import OpRejected
from terminal.ops import apply_op
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import pending_count
from terminal.sync.status import sync_status

SITE = "WH1"


def test_enrolled_terminal_pulls_the_site_then_pushes_and_converges(terminal, server):
    with terminal.client() as client:
        first = sync_once(terminal.db, client)
    assert first["pulled"] >= 7  # site, layout, 3 locations, 3 skus
    assert terminal.db.execute("SELECT count(*) FROM skus").fetchone()[0] == 3
    for qty in (5, 6, 7):
        apply_op(terminal.db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": qty})
    apply_op(terminal.db, "SyncTestCounted", {"location": "A-01", "sku": "SKU1", "delta": 2})
    with terminal.client() as client:
        result = sync_once(terminal.db, client)
    assert result["acked"] == 4
    assert pending_count(terminal.db) == 0
    assert terminal.db.execute("SELECT qty FROM inventory").fetchone()[0] == 9
    assert_same(server.app.state.engine, SITE, terminal.db)
    status = sync_status(terminal.db)
    assert status["online"] and status["ops_waiting"] == 0 and status["last_error"] is None


def test_a_rejected_op_becomes_an_exception_and_the_server_value_wins(terminal, server):
    with terminal.client() as client:
        sync_once(terminal.db, client)
    apply_op(terminal.db, "SyncTestStockSet", {"location": "A-02", "sku": "SKU2", "qty": 4})
    apply_op(terminal.db, "SyncTestStockSet", {"location": "A-02", "sku": "SKU2", "qty": 13})
    apply_op(terminal.db, "SyncTestStockSet", {"location": "A-03", "sku": "SKU2", "qty": 1})
    with terminal.client() as client:
        sync_once(terminal.db, client)
    exc = terminal.db.execute("SELECT kind, message, details FROM exceptions").fetchall()
    assert [row[0] for row in exc] == ["sync_rejection"]
    assert "13" in exc[0][1] or "unlucky" in exc[0][2]
    assert terminal.db.execute("SELECT result FROM outbox ORDER BY seq").fetchall()[1][0] == "rejected"
    # the terminal had 13 locally; the server re-sent its own value (4)
    assert terminal.db.execute("SELECT qty FROM inventory WHERE location_code = 'A-02'").fetchone()[0] == 4
    assert pending_count(terminal.db) == 0
    assert_same(server.app.state.engine, SITE, terminal.db)
    with server.app.state.engine.connect() as conn:
        assert conn.execute(select(schema.terminal_state.c.last_seq)).scalar_one() == 3


def test_terminal_refuses_locally_what_it_would_refuse(terminal):
    try:
        apply_op(terminal.db, "SyncTestStockSet", {"location": "A-02", "sku": "SKU2", "qty": -1})
    except OpRejected as exc:
        assert exc.code == "negative_qty"
    assert pending_count(terminal.db) == 0
