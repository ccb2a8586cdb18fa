"""sync-v1's invariants under a misbehaving network, a restarted server and concurrent transactions."""

from __future__ import annotations

import json
import threading

from sqlalchemy import select
from sync_compare import assert_same
from sync_proxy import ChaosProxy

from backend import schema
from backend.changes import EntityStore, read_changes
from backend.db import read_conn
from backend.handlers import handler
from terminal.opargs import OpArgs
from terminal.ops import apply_op, operation
from terminal.sync import state
from terminal.sync.client import SyncClient, SyncError
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import pending_count

SITE = "WH1"
SLOW = {"entered": threading.Event(), "release": threading.Event()}


class SlowArgs(OpArgs):
    qty: int


@operation("SyncTestSlow", args=SlowArgs)
def _slow_terminal(ctx, args):
    return {}


@handler("SyncTestSlow")
def _slow_server(ctx, args):
    """Holds its push transaction open until the test lets it go (the server is stopped meanwhile)."""
    SLOW["entered"].set()
    SLOW["release"].wait(5)
    ctx.store.upsert("inventory", {"location_code": "A-03", "sku_code": "SKU3", "qty": args["qty"]})


def server_ops(engine, terminal_id):
    o = schema.ops.c
    with engine.connect() as conn:
        return conn.execute(select(o.seq, o.op_id, o.status).where(o.terminal_id == terminal_id)
                            .order_by(o.seq)).all()


def assert_exactly_once_in_order(engine, db):
    """Invariants 1 and 2: every local op is on the server once, under its own seq, in seq order."""
    local = db.execute("SELECT seq, op_id FROM outbox ORDER BY seq").fetchall()
    remote = server_ops(engine, state.get(db, "terminal_id"))
    assert [(r.seq, r.op_id) for r in remote] == [tuple(row) for row in local]
    with engine.connect() as conn:
        last = conn.execute(select(schema.terminal_state.c.last_seq)
                            .where(schema.terminal_state.c.terminal_id == state.get(db, "terminal_id"))).scalar_one()
    assert last == len(local)


def sync_until_quiet(db, client, attempts=200, **kwargs):
    errors = 0
    for _ in range(attempts):
        try:
            sync_once(db, client, **kwargs)
            if pending_count(db) == 0:
                return errors
        except SyncError:
            errors += 1
    raise AssertionError("sync never completed")


def test_exactly_once_in_order_through_a_chaotic_network(terminal, server):
    proxy = ChaosProxy(server.port, seed=7, chaos=0.6)
    with terminal.client() as client:
        sync_once(terminal.db, client)
    for i in range(120):
        if i % 3 == 2:
            apply_op(terminal.db, "SyncTestStockSet", {"location": "A-02", "sku": "SKU2", "qty": i})
        else:
            apply_op(terminal.db, "SyncTestCounted" if i else "SyncTestStockSet",
                     {"location": "A-01", "sku": "SKU1", "delta": 1, "qty": 0})
    flaky = SyncClient(proxy.url, (terminal.path.parent / "t1.db.synctoken").read_text(), timeout_s=2.0)
    try:
        errors = sync_until_quiet(terminal.db, flaky, batch_size=7, page_size=3)
    finally:
        flaky.close()
        proxy.close()
    assert errors > 0 and proxy.counts["duplicate"] and proxy.counts["reset_response"]
    with terminal.client() as client:     # one quiet cycle pulls what the chaos left behind
        sync_once(terminal.db, client)
    engine = server.app.state.engine
    assert_exactly_once_in_order(engine, terminal.db)
    # a non-idempotent +1 applied twice would show here; the last "set" wins only in seq order
    with engine.connect() as conn:
        e = schema.entities.c
        rows = dict(conn.execute(select(e.key, e.data).where(e.entity == "inventory")).all())
    assert json.loads(rows["A-01|SKU1"])["qty"] == 79      # 79 increments, each once
    assert json.loads(rows["A-02|SKU2"])["qty"] == 119     # the last set, in seq order
    assert_same(engine, SITE, terminal.db)
    assert pending_count(terminal.db) == 0


def test_server_restart_during_a_push(terminal, server):
    entered, release = SLOW["entered"], SLOW["release"] = threading.Event(), threading.Event()
    with terminal.client() as client:
        sync_once(terminal.db, client)
    for qty in range(1, 6):
        apply_op(terminal.db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": qty})
    apply_op(terminal.db, "SyncTestSlow", {"qty": 42})
    failure: list[BaseException] = []
    # The push runs on its own connection to the same database file.
    from terminal.store import open_db

    other_db = open_db(terminal.path)
    worker = threading.Thread(target=lambda: _push_with(other_db, terminal, failure))
    worker.start()
    assert entered.wait(10)
    server.server.force_exit = True
    server.server.should_exit = True
    server.thread.join(10)
    release.set()                 # the handler finishes after its client has gone
    worker.join(10)
    assert failure and isinstance(failure[0], SyncError)
    server.app.state.engine.dispose()
    server.start()
    with terminal.client() as client:
        sync_until_quiet(terminal.db, client)
    engine = server.app.state.engine
    assert_exactly_once_in_order(engine, terminal.db)
    assert_same(engine, SITE, terminal.db)
    other_db.close()


def _push_with(db, terminal, failure):
    try:
        with terminal.client() as c:
            sync_once(db, c)
    except BaseException as exc:  # noqa: BLE001
        failure.append(exc)


def test_changes_committed_out_of_id_order_are_not_skipped(server):
    """Transaction A starts first and appends first; B must not become visible ahead of A's rows."""
    engine = server.app.state.engine
    from backend.auth import ensure_site

    with engine.begin() as conn:
        ensure_site(conn, SITE)
    with read_conn(engine) as conn:
        (baseline,) = [change_id for change_id, _ in read_changes(conn, SITE, 0, 1000)][-1:]
    a_flushed, b_started, b_done = threading.Event(), threading.Event(), threading.Event()
    conn_a = engine.connect()
    tx_a = conn_a.begin()
    store = EntityStore(conn_a, SITE)
    store.upsert("setting", {"key": "a", "value": "1"})
    store.flush()
    a_flushed.set()

    def writer_b() -> None:
        b_started.set()
        with engine.begin() as conn_b:
            other = EntityStore(conn_b, SITE)
            other.upsert("setting", {"key": "b", "value": "2"})
            other.flush()
        b_done.set()

    thread = threading.Thread(target=writer_b)
    thread.start()
    assert b_started.wait(5)
    # B cannot commit while A holds the change log (PostgreSQL: advisory lock; SQLite: the write lock)
    assert not b_done.wait(0.3)
    cursor = baseline
    with read_conn(engine) as reader:
        seen = read_changes(reader, SITE, cursor, 1000)
    assert seen == []      # a pull now sees neither A nor B, so its cursor cannot jump over A
    tx_a.commit()
    conn_a.close()
    thread.join(10)
    with read_conn(engine) as reader:
        seen = read_changes(reader, SITE, cursor, 1000)
    assert [c["key"] for _, c in seen] == ["a", "b"]
    assert seen[0][0] < seen[1][0]


def test_pages_of_one_change_each_lose_nothing(terminal, server):
    with terminal.client() as client:
        result = sync_once(terminal.db, client, page_size=1)
    assert result["pages"] >= 8
    assert_same(server.app.state.engine, SITE, terminal.db)
