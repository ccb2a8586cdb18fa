"""A push reads and encodes the next batch while one is in flight (terminal/sync/cycle.py `_read_ahead`).

Tried by hypothesis against a live backend, with the terminal recording new ops (on its own connection,
as the windows do while the sync thread pushes) each time a push leaves: whatever the backlog, batch
size and ops recorded meanwhile, every op reaches the server once, under its own seq, in seq order,
each request carries the batch right after the one answered before it, and nothing stays waiting."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_live import LiveServer, enrol, seed_catalogue
from test_sync_invariants import assert_exactly_once_in_order

from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.client import SyncClient
from terminal.sync.cycle import push_all, sync_once
from terminal.sync.outbox import pending_count
from terminal.sync.state import load_token

_runs = itertools.count()


def _record(db, n: int, counter: itertools.count) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        apply_op(db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": next(counter) % 50})


class RecordingWhileSending(httpx.HTTPTransport):
    """The real HTTP transport; as each push leaves, the terminal records `more` new ops and the seqs
    the push carries are noted."""

    def __init__(self, path: Path, more: int, counter: itertools.count) -> None:
        super().__init__()
        self.db = open_db(path)     # another connection to the terminal's database
        self.more, self.counter = more, counter
        self.sent: list[list[int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/push":
            raw = request.read()
            body = json.loads(gzip.decompress(raw) if request.headers.get("content-encoding") == "gzip" else raw)
            self.sent.append([op["seq"] for op in body["ops"]])
            _record(self.db, self.more, self.counter)
        return super().handle_request(request)


@pytest.fixture
def catalogue(server: LiveServer) -> LiveServer:
    seed_catalogue(server.app.state.engine)
    return server


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(backlog=st.integers(0, 30), batch_size=st.integers(1, 8), more=st.integers(0, 3))
def test_ops_recorded_while_a_push_is_in_flight_are_pushed_once_in_order(
        catalogue: LiveServer, tmp_path: Path, backlog: int, batch_size: int, more: int) -> None:
    folder = tmp_path / f"run{next(_runs)}"
    folder.mkdir()
    path = folder / "t.db"
    term = enrol(catalogue, path)
    with term.client() as client:
        sync_once(term.db, client)      # the catalogue the ops name
    counter = itertools.count()
    _record(term.db, backlog, counter)
    transport = RecordingWhileSending(path, more, counter)
    terminal_id = state.get(term.db, "terminal_id")
    with SyncClient(catalogue.url, load_token(folder / "t.db.synctoken"), transport=transport) as client:
        acked = push_all(term.db, client, terminal_id, batch_size=batch_size)
        assert acked == sum(map(len, transport.sent))
        transport.more = 0       # the ops recorded as the last push left go with the next push
        push_all(term.db, client, terminal_id, batch_size=batch_size)
    sent = [seq for batch in transport.sent for seq in batch]
    assert sent == list(range(1, len(sent) + 1))   # each batch starts right after the one before
    assert all(len(batch) <= batch_size for batch in transport.sent)
    assert pending_count(term.db) == 0
    assert_exactly_once_in_order(catalogue.app.state.engine, term.db)
    transport.db.close()
    term.db.close()
