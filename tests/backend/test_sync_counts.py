"""Cycle counts over sync with a real backend and two terminals of one site (issue 19 §3): a short pick
on one makes a count task that the other pulls; the other counts it blind and books a difference; after
the sync the first terminal's stock card shows that count, both terminals and the server hold the same
stock card, and book stock is the sum of its movements everywhere."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sync_compare import assert_same
from sync_live import LiveServer, enrol
from test_sync_orders_flow import _drain

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.inventory.count_session import CountSession
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.stock_card import stock_card
from terminal.ops import apply_op
from terminal.picking.batching import plan_batch
from terminal.stats.kpis import compute_kpis
from terminal.stats.simulate import users_with_role
from terminal.stats.window import Window
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

SITE = "S-COUNT"


def test_a_count_on_one_terminal_shows_on_the_others_stock_card(server: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "picker.db"
    db = open_db(path, create=True)
    build_world(db, orders=10, skus=8, seed=11)
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory WHERE qty != 0")
    db.conn.commit()
    db.close()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, SITE, path)
    picker = enrol(server, path, site=SITE)
    counter = enrol(server, tmp_path / "counter.db", site=SITE)     # a second station: everything by pull
    _drain(picker)
    _drain(counter)

    # the picker shorts a task: the books at that location are suspect
    plan = plan_batch(picker.db, users_with_role(picker.db, "picker")[0], START + timedelta(minutes=5))
    assert plan is not None
    apply_op(picker.db, "BatchStarted", plan.op_args())
    task = plan.tasks[0]
    apply_op(picker.db, "PickShorted", {"task_id": task.task_id, "reason": "not_found", "picker_id": plan.picker_id})
    _drain(picker)
    _drain(counter)
    tasks = counter.db.execute("SELECT id, location_code, sku_code, status FROM count_tasks").fetchall()
    assert [tuple(r) for r in tasks] == [(f"short:{task.task_id}", task.location_code, task.sku_code, "open")]

    # the second station counts it blind: two fewer than the books, lost
    location, sku = task.location_code, task.sku_code
    book = on_hand(counter.db, location, sku)
    assert book >= 2
    session = CountSession(counter.db, users_with_role(counter.db, "picker")[1].id)
    session.scan_location(location)
    session.scan_item(sku)
    session.type_quantity(book - 2)
    assert not session.finish().ok                       # it differs: a reason, please
    booked = session.choose_reason("lost")
    assert booked.ok and session.booked
    _drain(counter)
    _drain(picker)

    card = stock_card(picker.db, sku, location)
    assert card[-1].kind == "count" and card[-1].delta == -2 and card[-1].reason == "lost"
    assert card[-1].ref_id == session.booked[0] and card[-1].balance == book - 2
    closed = picker.db.execute("SELECT status, count_id FROM count_tasks").fetchone()
    assert tuple(closed) == ("done", session.booked[0])
    assert on_hand(picker.db, location, sku) == book - 2
    for term in (picker, counter):
        assert_same(engine, SITE, term.db)
        assert balance_errors(term.db) == []
        assert [line.as_json() for line in stock_card(term.db, sku)] == [
            line.as_json() for line in stock_card(picker.db, sku)]

    # the KPI: the fleet's figure from the server's ops log equals each terminal's own (one count, a difference)
    now = datetime.now(UTC)
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    end = start + timedelta(hours=3)
    token = auth.make_integration_token(engine, "supervisors")
    answer = httpx.get(f"{server.url}/v1/stats", params={"from": start.isoformat(), "to": end.isoformat(),
                                                         "site": SITE},
                       headers={"Authorization": f"Bearer {token}"}, timeout=120)
    assert answer.status_code == 200, answer.text
    assert answer.json()["inventory_accuracy_rate"] == 0.0
    for term in (picker, counter):
        assert compute_kpis(term.db, Window(start, end, datetime.now(UTC)))["inventory_accuracy_rate"] == 0.0
    picker.db.close()
    counter.db.close()
