"""Replenishment over sync with a real backend: the server opens the same tasks (same ids) and makes
the same movements as the terminal; a second terminal of the site sees the task and can do it."""

from __future__ import annotations

import itertools
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlite_utils
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sync_compare import assert_same
from sync_live import LiveServer, enrol
from test_ops_differential import STEPS

from backend import auth
from backend import cli as backend_cli
from backend.seed import seed_from_terminal_db
from terminal.errors import OpRejected
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.replenish import pending
from terminal.ops import apply_op
from terminal.picking.batching import plan_batch
from terminal.stats.simulate import users_with_role
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

_SITES = itertools.count(1)


def _faced_world(path: Path, seed: int) -> None:
    """The simulated hall, each SKU's first location a pick face (few units, min 3 / max 12), the other reserve."""
    db = open_db(path, create=True)
    build_world(db, orders=8, skus=8, seed=seed, pickers=2, packers=1)
    for (sku,) in db.execute("SELECT code FROM skus").fetchall():
        face = db.execute("SELECT min(location_code) FROM inventory WHERE sku_code = ?", (sku,)).fetchone()[0]
        db.execute("UPDATE inventory SET qty = 4 WHERE location_code = ? AND sku_code = ?", (face, sku))
        db.execute("UPDATE inventory SET qty = 10 WHERE location_code != ? AND sku_code = ?", (face, sku))
        db.execute("INSERT INTO pick_faces (location_code, sku_code, min_qty, max_qty) VALUES (?, ?, 3, 12)",
                   (face, sku))
    # the opening balance
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory")
    db.conn.commit()
    db.close()


def _refill(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    todo = pending(db)
    if not todo:
        return None
    task = data.draw(st.sampled_from(todo))
    if task.source is None or task.qty < 1:
        return None
    return "FaceReplenished", {"replenishment_id": task.id, "location_code": task.location, "sku_code": task.sku,
                               "from_location": task.source[0], "qty": data.draw(st.integers(1, task.qty)),
                               "user_id": "sup"}


def _reserve_empty(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    todo = [t for t in pending(db) if t.source]
    if not todo:
        return None
    task = data.draw(st.sampled_from(todo))
    return "ReserveFoundEmpty", {"replenishment_id": task.id, "location_code": task.location, "sku_code": task.sku,
                                 "from_location": task.source[0] if task.source else "", "user_id": "sup"}


FLOOR = {"start": STEPS["start"], "pick": STEPS["pick"], "short": STEPS["short"], "finish": STEPS["finish"],
         "refill": _refill, "reserve_empty": _reserve_empty}


def _drain(term) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        sync_once(term.db, term.client())
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            break
    sync_once(term.db, term.client())
    assert not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 1000),
       steps=st.lists(st.sampled_from([*sorted(FLOOR), "pick", "refill", "refill"]), min_size=4, max_size=16))
def test_the_server_opens_the_same_tasks_and_moves_the_same_stock(
        server: LiveServer, tmp_path: Path, data: st.DataObject, seed: int, steps: list[str]) -> None:
    site = f"R{next(_SITES)}"
    path = tmp_path / f"{site}.db"
    _faced_world(path, seed)
    engine = server.app.state.engine
    seed_from_terminal_db(engine, site, path)
    term = enrol(server, path, site=site)
    sync_once(term.db, term.client())
    for step in ["start", "pick", *steps]:
        drawn = FLOOR[step](term.db, data)
        for name, args in [drawn] if drawn else []:
            try:
                applied = apply_op(term.db, name, args)
                event(name if name != "PickConfirmed" or not applied.result["replenishment"] else "opened by a pick")
            except OpRejected as exc:
                assert exc.code != "bad_args", exc.message
    _drain(term)
    assert_same(engine, site, term.db)
    assert balance_errors(term.db) == []
    term.db.close()


def test_every_terminal_of_the_site_sees_the_task_and_one_does_it(server: LiveServer, tmp_path: Path) -> None:
    site = f"R{next(_SITES)}"
    path = tmp_path / "picker.db"
    _faced_world(path, 5)
    engine = server.app.state.engine
    seed_from_terminal_db(engine, site, path)
    picker_term = enrol(server, path, site=site)
    stocker_term = enrol(server, tmp_path / "stocker.db", site=site)
    sync_once(picker_term.db, picker_term.client())
    sync_once(stocker_term.db, stocker_term.client())
    db = picker_term.db
    picker = users_with_role(db, "picker")[0]
    plan = plan_batch(db, picker, START + timedelta(minutes=5))
    assert plan is not None
    apply_op(db, "BatchStarted", plan.op_args())
    task = plan.tasks[0]
    shorted = apply_op(db, "PickShorted", {"task_id": task.task_id, "reason": "empty", "picker_id": picker.id})
    opened = shorted.result["replenishment"]
    assert opened == f"rp:{shorted.op_id}"
    _drain(picker_term)
    _drain(stocker_term)
    [todo] = pending(stocker_term.db)                       # the other terminal sees it, same id
    assert (todo.id, todo.location, todo.reason) == (opened, task.location_code, "short")
    assert todo.source is not None and todo.qty == min(12, todo.source[1])
    apply_op(stocker_term.db, "FaceReplenished", {
        "replenishment_id": todo.id, "location_code": todo.location, "sku_code": todo.sku,
        "from_location": todo.source[0], "qty": todo.qty})
    _drain(stocker_term)
    _drain(picker_term)
    assert pending(db) == []
    assert on_hand(db, todo.location, todo.sku) == todo.qty
    assert db.execute("SELECT status FROM replenishments WHERE id = ?", (opened,)).fetchone()[0] == "done"
    for term in (picker_term, stocker_term):
        assert_same(engine, site, term.db)
        assert balance_errors(term.db) == []
        term.db.close()


def test_faces_set_on_the_backend_reach_the_terminals(server: LiveServer, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    site = f"R{next(_SITES)}"
    path = tmp_path / "t.db"
    _faced_world(path, 7)
    with open_db(path) as db:   # the backend sets them here: the fixture's faces are not seeded
        db.execute("DELETE FROM pick_faces")
        db.conn.commit()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, site, path)
    term = enrol(server, path, site=site)
    with pytest.raises(SystemExit) as done:
        backend_cli.main(["faces", "set", "--db", server.db_url, "--site", site, "A-01-01-1L", "SKU-000",
                          "--min", "2", "--max", "9", "--json"])
    assert done.value.code == 0
    assert json.loads(capsys.readouterr().out)["max_qty"] == 9
    with pytest.raises(SystemExit) as refused:
        backend_cli.main(["faces", "set", "--db", server.db_url, "--site", site, "NOWHERE", "SKU-000",
                          "--min", "2", "--max", "9"])
    assert refused.value.code == 2 and "NOWHERE" in capsys.readouterr().err
    headers = {"Authorization": f"Bearer {auth.make_integration_token(engine)}"}
    good = {"location_code": "A-01-02-1L", "sku_code": "SKU-001", "min_qty": 1, "max_qty": 5}
    answer = httpx.put(f"{server.url}/v1/faces", headers=headers, timeout=30, json={
        "site_id": site, "faces": [good, {**good, "sku_code": "SKU-002", "min_qty": 6}]})
    assert answer.status_code == 422 and answer.json()["error"] == "min_over_max"   # all or nothing
    answer = httpx.put(f"{server.url}/v1/faces", headers=headers, timeout=30, json={"site_id": site, "faces": [good]})
    assert answer.status_code == 200 and answer.json() == {"site_id": site, "faces": 1}
    sync_once(term.db, term.client())
    rows = {tuple(r) for r in term.db.execute("SELECT location_code, sku_code, min_qty, max_qty FROM pick_faces")}
    assert rows == {("A-01-01-1L", "SKU-000", 2, 9), ("A-01-02-1L", "SKU-001", 1, 5)}
    assert_same(engine, site, term.db)
    term.db.close()


@pytest.fixture
def tmp_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example of the hypothesis test (each example uses its own site and file)."""
    return tmp_path_factory.mktemp("replenish")
