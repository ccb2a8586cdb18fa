"""The FaultProxy does what each fault says: the state machine's verdicts rest on it."""

from __future__ import annotations

import pytest
from fault_proxy import FaultProxy
from sync_live import Terminal
from test_sync_invariants import server_ops

from terminal.ops import apply_op
from terminal.sync import state
from terminal.sync.client import SyncClient, SyncError
from terminal.sync.cycle import pull_all, push_all, sync_once
from terminal.sync.outbox import pending_count

#: fault → (does the push fail at the terminal, did the backend commit the ops)
PUSH_FAULTS = {"drop_request": (True, False), "reset": (True, False), "drop_response": (True, True),
               "truncate": (True, True), "delay": (False, True), "duplicate": (False, True)}


def _client(terminal: Terminal, proxy: FaultProxy) -> SyncClient:
    return SyncClient(proxy.url, (terminal.path.parent / "t1.db.synctoken").read_text(), timeout_s=5.0)


@pytest.mark.parametrize("fault", sorted(PUSH_FAULTS))
def test_each_push_fault_reaches_or_spares_the_backend_as_named(terminal, server, fault):
    fails, committed = PUSH_FAULTS[fault]
    proxy = FaultProxy(server.port)
    terminal_id = state.get(terminal.db, "terminal_id")
    with terminal.client() as client:       # the catalogue first, past the proxy
        sync_once(terminal.db, client)
    for qty in (1, 2, 3):
        apply_op(terminal.db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": qty})
    proxy.inject(fault, "/v1/push")
    try:
        with _client(terminal, proxy) as client:
            if fails:
                with pytest.raises(SyncError):
                    push_all(terminal.db, client, terminal_id)
            else:
                assert push_all(terminal.db, client, terminal_id) == 3
        engine = server.app.state.engine
        assert len(server_ops(engine, terminal_id)) == (3 if committed else 0)
        assert pending_count(terminal.db) == (3 if fails else 0)
        assert proxy.counts[fault] == 1
        with _client(terminal, proxy) as client:     # the fault is used up: the next push goes through
            push_all(terminal.db, client, terminal_id)
        assert [r.seq for r in server_ops(engine, terminal_id)] == [1, 2, 3]      # once each, whatever happened
        assert pending_count(terminal.db) == 0
    finally:
        proxy.close()


def test_a_pull_cut_after_page_n_stores_exactly_n_pages(terminal, server):
    proxy = FaultProxy(server.port)
    try:
        proxy.cut_pull_after(2)
        with _client(terminal, proxy) as client, pytest.raises(SyncError):
            pull_all(terminal.db, client, limit=2)
        cursor = state.get(terminal.db, "cursor")
        assert proxy.counts["cut_pull"] == 1
        assert terminal.db.execute("SELECT count(*) FROM locations").fetchone()[0] + \
            terminal.db.execute("SELECT count(*) FROM skus").fetchone()[0] <= 4       # two pages of two
        proxy.clear()
        with _client(terminal, proxy) as client:
            sync_once(terminal.db, client, page_size=2)
        assert state.get(terminal.db, "cursor") != cursor
        assert terminal.db.execute("SELECT count(*) FROM skus").fetchone()[0] == 3
    finally:
        proxy.close()
