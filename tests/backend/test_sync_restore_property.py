"""Invariant 6 (sync-v1 Amendments), tried by hypothesis against a live backend: whatever backups are taken
and restored between whatever ops and syncs (and whether a push's answer is lost), every op in the
terminal's final database reaches the server exactly once by op_id, nothing stays waiting, and op_seq
continues after everything the server has."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sync_live import LiveServer, enrol, seed_catalogue

from backend import schema
from terminal.ops import apply_op
from terminal.store import open_db, schema_version
from terminal.store.backup import backup_to
from terminal.sync import state
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import next_batch

STEPS = st.lists(st.one_of(st.tuples(st.just("ops"), st.integers(1, 4)), st.just(("sync",)),
                           st.just(("lost_answer",)), st.just(("backup",)), st.just(("restore",))),
                 min_size=1, max_size=14)
_runs = itertools.count()


def _make_ops(db, n: int, counter: itertools.count) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        apply_op(db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": next(counter) % 50})


@pytest.fixture
def catalogue(server: LiveServer) -> LiveServer:
    seed_catalogue(server.app.state.engine)
    return server


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_a_terminal_restored_from_any_earlier_backup_loses_no_op_it_makes_afterwards(
        catalogue: LiveServer, tmp_path: Path, steps: list[tuple]) -> None:
    folder = tmp_path / f"run{next(_runs)}"
    folder.mkdir()
    path = folder / "t.db"
    term = enrol(catalogue, path)
    client = term.client()
    db = term.db
    sync_once(db, client)
    counter = itertools.count()
    backup: Path | None = None
    for step in steps:
        if step[0] == "ops":
            _make_ops(db, step[1], counter)
        elif step[0] == "sync":
            sync_once(db, client)
        elif step[0] == "lost_answer":   # the backend stores a push whose answer never arrives
            pending = db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0]
            if pending:
                client.push(state.get(db, "terminal_id"), schema_version(db), next_batch(db))
        elif step[0] == "backup":
            backup = backup_to(db, folder / "backup.db")
        elif backup is not None:         # restore: stop, copy the backup over the database, start again
            db.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.copy(backup, path)
            db = open_db(path)
    _make_ops(db, 1, counter)
    sync_once(db, client)
    local = [r[0] for r in db.execute("SELECT op_id FROM outbox ORDER BY seq")]
    waiting = db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0]
    top = db.execute("SELECT last_seq FROM op_seq").fetchone()[0]
    o = schema.ops.c
    with catalogue.app.state.engine.connect() as conn:
        remote = list(conn.execute(select(o.op_id).where(o.terminal_id == state.get(db, "terminal_id"))
                                   .order_by(o.seq)).scalars())
    db.close()
    client.close()
    assert waiting == 0
    assert len(remote) == len(set(remote)), "an op reached the server twice"
    assert set(local) <= set(remote), "ops of the final database never reached the server"
    assert top == len(remote)

