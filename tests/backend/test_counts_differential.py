"""Differential test of cycle counts and adjustments (issue 19 §3): hypothesis draws picks, short picks
(each makes a count task on both sides), blind counts with and without a difference, a supervisor's
adjustments and an ABC schedule; the terminal applies them, the server re-executes them from the same
starting state, and after the sync the inventory, stock movements, count tasks and counts are the same
row by row — and on the terminal book stock is still the sum of its movements."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sync_compare import assert_same
from sync_live import LiveServer, enrol
from test_ops_differential import STEPS as PICKING_STEPS
from test_sync_orders_flow import _drain

from backend.seed import seed_from_terminal_db
from terminal.errors import OpRejected
from terminal.inventory.counts import REASONS
from terminal.inventory.counts_abc import due_counts, schedule_op_args
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.ops import apply_op
from terminal.stats.simulate import users_with_role
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

_SITES = itertools.count(1)
Op = tuple[str, dict[str, Any]]


def opening_balance(db: sqlite_utils.Database) -> None:
    """The fixture's shelves are what stood there before the stock card began (as migration 0110 does)."""
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory WHERE qty != 0")
    db.conn.commit()


def _stock(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, str] | None:
    rows = db.execute("SELECT location_code, sku_code FROM inventory ORDER BY 1, 2").fetchall()
    return tuple(data.draw(st.sampled_from(rows))) if rows else None


def _count(db: sqlite_utils.Database, data: st.DataObject) -> Op | None:
    task = db.execute("SELECT location_code, sku_code, id FROM count_tasks WHERE status = 'open' ORDER BY id"
                      ).fetchone()
    key = (task[0], task[1]) if task and data.draw(st.booleans()) else _stock(db, data)
    if key is None:
        return None
    book = on_hand(db, *key)
    counted = data.draw(st.sampled_from([book, book, max(0, book - 1), book + 2, max(0, book - 9)]))
    tasks = [r[0] for r in db.execute("SELECT id FROM count_tasks WHERE status = 'open' AND location_code = ?"
                                      " AND sku_code = ?", key).fetchall()]
    stocker = users_with_role(db, "picker")[0].id
    supervisor = users_with_role(db, "supervisor")[0].id
    return "CountBooked", {"location_code": key[0], "sku_code": key[1], "counted": counted, "user_id": stocker,
                           "task_ids": tasks, "reason": data.draw(st.sampled_from(REASONS)),
                           "supervisor_id": supervisor, "recounted": abs(counted - book) > 5}


def _adjust(db: sqlite_utils.Database, data: st.DataObject) -> Op | None:
    key = _stock(db, data)
    if key is None:
        return None
    return "StockAdjusted", {"location_code": key[0], "sku_code": key[1], "delta": data.draw(st.sampled_from(
        [-50, -1, 1, 3])), "reason": data.draw(st.sampled_from(REASONS)),
        "supervisor_id": users_with_role(db, "supervisor")[0].id}


def _schedule(db: sqlite_utils.Database, data: st.DataObject) -> Op | None:
    due = due_counts(db, START + timedelta(days=data.draw(st.integers(0, 40))), limit=5)
    return ("CountsScheduled", schedule_op_args(due)) if due else None


Step = Callable[[sqlite_utils.Database, st.DataObject], "Op | list[Any] | None"]
STEPS: dict[str, Step] = {"start": PICKING_STEPS["start"], "pick": PICKING_STEPS["pick"],
                          "short": PICKING_STEPS["short"], "count": _count, "adjust": _adjust, "schedule": _schedule}


# no shrinking: each example runs a live sync, and the failure's own steps say enough
@settings(max_examples=8, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 1000), steps=st.lists(st.sampled_from(sorted(STEPS)), min_size=3,
                                                                  max_size=14))
def test_counts_and_adjustments_reach_the_same_stock_card_on_the_server(
        server: LiveServer, tmp_path: Path, data: st.DataObject, seed: int, steps: list[str]) -> None:
    site = f"C{next(_SITES)}"
    path = tmp_path / f"{site}.db"
    db = open_db(path, create=True)
    build_world(db, orders=8, skus=8, seed=seed, pickers=2, packers=1)
    opening_balance(db)
    db.close()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, site, path)
    term = enrol(server, path, site=site)
    sync_once(term.db, term.client())
    applied = []
    for step in ["start", "short", "count", *steps]:
        drawn = STEPS[step](term.db, data)
        for name, args in (drawn if isinstance(drawn, list) else [drawn] if drawn else []):
            try:
                apply_op(term.db, name, args)
                applied.append(name)
            except OpRejected as exc:
                assert exc.code != "bad_args", exc.message
    _drain(term)
    assert "CountBooked" in applied and term.db.execute("SELECT count(*) FROM count_tasks").fetchone()[0] >= 1
    assert_same(engine, site, term.db)
    assert balance_errors(term.db) == []
    term.db.close()


@pytest.fixture
def tmp_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("counts-differential")
