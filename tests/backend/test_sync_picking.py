"""Picking through sync: the backend re-executes batches, totes, picks and shorts with its own handlers,
so orders, lines and stock end equal on both sides (invariant 3); a pick of an order the marketplace
cancelled meanwhile is accepted as a fact and becomes an exception for a supervisor."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sync_compare import assert_same
from sync_live import enrol

from backend import auth, schema
from backend.seed import seed_from_terminal_db
from terminal.ops import apply_op
from terminal.people.badges import user_by_id
from terminal.picking.batching import plan_batch
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import pending_count

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "picking"))
from picking_world import add_totes, build_warehouse  # noqa: E402

SITE = "WAW1"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _order(n: int, lines: list[tuple[str, int]], **extra: object) -> dict[str, object]:
    return {"external_id": f"MP-{n}", "site_id": SITE, "ref": f"WAW-{n:05d}", "service": "NEXT_DAY",
            "carrier_code": "DPD", "recipient": {"name": "Jan Kowalski"}, "promised_date": "2026-11-24",
            "ship_by": "2026-11-23T17:00:00.000+00:00",
            "lines": [{"sku_code": sku, "qty": qty} for sku, qty in lines], **extra}


@pytest.fixture
def hall(server, tmp_path):
    """The backend knows the hall (seeded from a terminal database) and two marketplace orders."""
    master = open_db(tmp_path / "master.db", create=True)
    build_warehouse(master)
    add_totes(master, 4)
    master.close()
    seed_from_terminal_db(server.app.state.engine, SITE, tmp_path / "master.db")
    market = httpx.Client(base_url=server.url, headers={
        "Authorization": f"Bearer {auth.make_integration_token(server.app.state.engine)}"})
    for n, lines in ((1, [("SKU-MUG", 2), ("SKU-TEA", 1)]), (2, [("SKU-CUP", 5)])):
        market.post("/v1/orders", json=_order(n, lines)).raise_for_status()
    term = enrol(server, tmp_path / "cart.db", site=SITE)
    with term.client() as client:
        sync_once(term.db, client)
    yield term, market
    market.close()
    term.db.close()


def _start_batch(db):
    plan = plan_batch(db, user_by_id(db, "u-ola"), NOW)
    assert plan is not None and len(plan.orders) == 2
    apply_op(db, "BatchStarted", plan.op_args())
    for order, tote in zip(plan.orders, ("T-001", "T-002"), strict=False):
        apply_op(db, "ToteBound", {"batch_id": plan.batch_id, "order_id": order.order_id, "tote_code": tote})
    return plan


def _server_exceptions(engine):
    x = schema.exceptions.c
    with engine.connect() as conn:
        return conn.execute(select(x.kind, x.message)).all()


def _server_statuses(engine, terminal_id):
    o = schema.ops.c
    with engine.connect() as conn:
        return conn.execute(select(o.name, o.status, o.code).where(o.terminal_id == terminal_id)
                            .order_by(o.seq)).all()


def test_a_picked_batch_converges_with_the_backend(hall, server):
    term, _ = hall
    plan = _start_batch(term.db)
    for task in plan.tasks:
        if task.sku_code == "SKU-CUP":      # 5 on the books: the picker finds 4, then the slot is empty
            apply_op(term.db, "PickConfirmed", {"task_id": task.task_id, "qty": 4, "picker_id": "u-ola"})
            apply_op(term.db, "PickShorted", {"task_id": task.task_id, "reason": "empty", "picker_id": "u-ola",
                                              "follow_up": None})
        else:
            apply_op(term.db, "PickConfirmed", {"task_id": task.task_id, "qty": task.qty, "picker_id": "u-ola"})
    apply_op(term.db, "BatchFinished", {"batch_id": plan.batch_id})
    with term.client() as client:
        sync_once(term.db, client)
    engine = server.app.state.engine
    assert pending_count(term.db) == 0
    statuses = _server_statuses(engine, state.get(term.db, "terminal_id"))
    assert [s for s in statuses if s.status != "applied" or s.code] == []
    assert _server_exceptions(engine) == []
    assert_same(engine, SITE, term.db)
    assert {r[0] for r in term.db.execute("SELECT status FROM orders")} == {"picked"}
    assert term.db.execute("SELECT qty FROM inventory WHERE sku_code = 'SKU-CUP'").fetchone()[0] == 0
    assert tuple(term.db.execute("SELECT picked_qty, short_qty FROM order_lines WHERE sku_code = 'SKU-CUP'"
                                 ).fetchone()) == (4, 1)


def test_a_pick_after_the_marketplace_cancelled_is_kept_and_raised(hall, server):
    term, market = hall
    plan = _start_batch(term.db)
    with term.client() as client:
        sync_once(term.db, client)
    cancelled = next(o.order_id for o in plan.orders if any(t.sku_code == "SKU-CUP" for t in plan.tasks
                                                            if t.order_id == o.order_id))
    answer = market.post("/v1/orders", json=_order(2, [("SKU-CUP", 5)], cancelled=True))
    assert answer.json()["result"] == "cancelled"
    task = next(t for t in plan.tasks if t.order_id == cancelled)
    # the cart is offline: the picker puts the cups in the tote before hearing of the cancellation
    apply_op(term.db, "PickConfirmed", {"task_id": task.task_id, "qty": 5, "picker_id": "u-ola"})
    with term.client() as client:
        sync_once(term.db, client)
    engine = server.app.state.engine
    kinds = [kind for kind, _ in _server_exceptions(engine)]
    assert kinds == ["picked_after_cancel"]
    assert term.db.execute("SELECT status FROM orders WHERE id = ?", (cancelled,)).fetchone()[0] == "cancelled"
    assert term.db.execute("SELECT qty FROM inventory WHERE sku_code = 'SKU-CUP'").fetchone()[0] == 0
    assert_same(engine, SITE, term.db)


def test_a_batch_of_an_order_cancelled_before_it_arrived_is_rejected(hall, server):
    term, market = hall
    market.post("/v1/orders", json=_order(1, [("SKU-MUG", 2), ("SKU-TEA", 1)], cancelled=True)).raise_for_status()
    _start_batch(term.db)      # offline: the terminal still sees both orders open
    with term.client() as client:
        sync_once(term.db, client)
    rejected = term.db.execute("SELECT details FROM exceptions WHERE kind = 'sync_rejection'").fetchall()
    assert rejected and "order_not_open" in rejected[0][0]
    statuses = {row[0]: row[1] for row in term.db.execute("SELECT ref, status FROM orders")}
    assert statuses["WAW-00001"] == "cancelled"
