"""Replenishment of pick faces on a terminal: opened by the op that finds a face low, done by a refill."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.errors import OpRejected
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.replenish import pending
from terminal.ops import apply_op
from terminal.picking.batching import plan_batch
from terminal.stats.simulate import users_with_role
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replenish_world import FACE_MAX, FACE_MIN, FACE_QTY, FACED, START, face_of, faces_world, reserve_of  # noqa: E402


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_db(tmp_path / "t.db", create=True)
    faces_world(db)
    yield db
    db.close()


def _face_task(db, plan):  # type: ignore[no-untyped-def]
    return next(t for t in plan.tasks if (t.location_code, t.sku_code) in
                {(face_of(db, s), s) for s in FACED})


def test_pickers_go_to_pick_faces_before_reserve(db) -> None:  # type: ignore[no-untyped-def]
    plan = plan_batch(db, users_with_role(db, "picker")[0], START + timedelta(minutes=5))
    assert plan is not None
    faced = [t for t in plan.tasks if t.sku_code in FACED]
    assert faced, "the fixture's orders need some faced SKUs"
    assert all(t.location_code == face_of(db, t.sku_code) for t in faced if t.qty <= FACE_QTY)


def test_a_pick_below_min_opens_a_task_with_the_ops_id_and_a_refill_closes_it(db) -> None:  # type: ignore[no-untyped-def]
    picker = users_with_role(db, "picker")[0]
    plan = plan_batch(db, picker, START + timedelta(minutes=5))
    apply_op(db, "BatchStarted", plan.op_args())
    task = _face_task(db, plan)
    face, sku = task.location_code, task.sku_code
    db.execute("UPDATE pick_faces SET min_qty = ? WHERE location_code = ?", (FACE_QTY, face))   # any pick: low
    db.conn.commit()
    picked = apply_op(db, "PickConfirmed", {"task_id": task.task_id, "qty": task.qty, "picker_id": picker.id})
    assert picked.result["replenishment"] == f"rp:{picked.op_id}"
    assert ("replenishment", f"rp:{picked.op_id}") in picked.changes.entities
    [todo] = pending(db)
    assert (todo.location, todo.sku, todo.reason) == (face, sku, "below_min")
    assert todo.source == (reserve_of(db, sku), 500)
    assert todo.qty == FACE_MAX - on_hand(db, face, sku)
    with pytest.raises(OpRejected) as over:
        apply_op(db, "FaceReplenished", {"replenishment_id": todo.id, "location_code": face, "sku_code": sku,
                                         "from_location": todo.source[0], "qty": todo.room + 1})
    assert over.value.code == "over_max"
    done = apply_op(db, "FaceReplenished", {"replenishment_id": todo.id, "location_code": face, "sku_code": sku,
                                            "from_location": todo.source[0], "qty": todo.qty, "user_id": "sup"})
    assert on_hand(db, face, sku) == FACE_MAX
    assert on_hand(db, todo.source[0], sku) == 500 - todo.qty
    rows = [tuple(r) for r in db.execute("SELECT id, location_code, delta, kind FROM stock_movements"
                                         " WHERE ref_id = ? ORDER BY id", (todo.id,))]
    assert rows == [(f"{done.op_id}.1", todo.source[0], -todo.qty, "replenish"),
                    (f"{done.op_id}.2", face, todo.qty, "replenish")]
    assert pending(db) == [] and done.result["follow_up"] is None
    assert tuple(db.execute("SELECT status, moved_qty FROM replenishments WHERE id = ?", (todo.id,)).fetchone()) == \
        ("done", todo.qty)
    assert balance_errors(db) == []


def test_a_short_pick_opens_a_task_and_pickers_are_not_sent_there_while_it_is_pending(db) -> None:  # type: ignore[no-untyped-def]
    picker = users_with_role(db, "picker")[0]
    plan = plan_batch(db, picker, START + timedelta(minutes=5))
    apply_op(db, "BatchStarted", plan.op_args())
    task = _face_task(db, plan)
    shorted = apply_op(db, "PickShorted", {"task_id": task.task_id, "reason": "not_found", "picker_id": picker.id})
    [todo] = pending(db)
    assert (todo.id, todo.reason, todo.location) == (f"rp:{shorted.op_id}", "short", task.location_code)
    assert on_hand(db, task.location_code, task.sku_code) == FACE_QTY    # not_found: the books still say 6
    for _ in range(6):            # every later batch avoids the face while its refill is pending
        nxt = plan_batch(db, picker, START + timedelta(minutes=6))
        if nxt is None:
            break
        assert all((t.location_code, t.sku_code) != (task.location_code, task.sku_code) for t in nxt.tasks)
        apply_op(db, "BatchStarted", nxt.op_args())
    apply_op(db, "FaceReplenished", {"replenishment_id": todo.id, "location_code": todo.location,
                                     "sku_code": todo.sku, "from_location": todo.source[0], "qty": todo.qty})
    assert pending(db) == []
    assert balance_errors(db) == []


def test_a_partial_refill_leaves_the_face_below_min_with_a_new_task_and_an_empty_reserve_is_raised(db) -> None:  # type: ignore[no-untyped-def]
    sku = FACED[0]
    face, reserve = face_of(db, sku), reserve_of(db, sku)
    apply_op(db, "StockSet", {"stock": [{"location_code": face, "sku_code": sku, "qty": 0}]})
    db.execute("INSERT INTO replenishments (id, location_code, sku_code, reason, created_at)"
               " VALUES ('rp:x', ?, ?, 'short', '2026-11-23T06:00:00+00:00')", (face, sku))
    db.conn.commit()
    part = apply_op(db, "FaceReplenished", {"replenishment_id": "rp:x", "location_code": face, "sku_code": sku,
                                            "from_location": reserve, "qty": FACE_MIN - 1})
    assert part.result["follow_up"] == f"rp:{part.op_id}"
    [todo] = pending(db)
    assert todo.id == f"rp:{part.op_id}" and todo.reason == "below_min"
    empty = apply_op(db, "ReserveFoundEmpty", {"replenishment_id": todo.id, "location_code": face, "sku_code": sku,
                                               "from_location": reserve, "user_id": "sup"})
    assert empty.result["dropped"] == 500 - (FACE_MIN - 1)
    assert on_hand(db, reserve, sku) == 0
    exc = db.execute("SELECT kind, message FROM exceptions WHERE ref_id = ?", (todo.id,)).fetchone()
    assert exc[0] == "reserve_empty" and reserve in exc[1]
    [still] = pending(db)
    assert still.id == todo.id and still.source is None and still.qty == 0
    assert balance_errors(db) == []


def test_the_queue_follows_the_earliest_ship_by_of_the_waiting_orders(db) -> None:  # type: ignore[no-untyped-def]
    for n, sku in enumerate(FACED[:3]):
        db.execute("INSERT INTO replenishments (id, location_code, sku_code, reason, created_at)"
                   " VALUES (?, ?, ?, 'below_min', ?)", (f"rp:{n}", face_of(db, sku), sku, f"2026-11-23T06:0{n}"))
    db.conn.commit()
    queue = pending(db)
    keys = [(t.ship_by is None, t.ship_by or "") for t in queue]
    assert keys == sorted(keys)
    for t in queue:
        refs = db.execute("SELECT min(o.ship_by) FROM orders o JOIN order_lines l ON l.order_id = o.id"
                          " WHERE l.sku_code = ? AND o.status = 'open'", (t.sku,)).fetchone()[0]
        assert t.ship_by == refs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, FACE_MAX), reserve=st.integers(0, 60), qty=st.integers(1, 80),
       ship_bys=st.lists(st.sampled_from(["2026-11-23T11:00", "2026-11-23T15:00", "2026-11-24T11:00", None]),
                         min_size=3, max_size=3))
def test_refills_never_overfill_conserve_stock_and_keep_the_books(tmp_path_factory, start, reserve, qty,  # type: ignore[no-untyped-def]
                                                                  ship_bys) -> None:
    db = open_db(tmp_path_factory.mktemp("rp") / "t.db", create=True)
    faces_world(db, orders=6)
    skus = FACED[:3]
    for n, (sku, ship_by) in enumerate(zip(skus, ship_bys, strict=True)):
        db.execute("UPDATE orders SET ship_by = ? WHERE id = ?", (ship_by, f"ord-{n:05d}"))
        db.execute("DELETE FROM order_lines WHERE order_id = ?", (f"ord-{n:05d}",))
        db.execute("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, 1, ?, 1)",
                   (f"x{n}", f"ord-{n:05d}", sku))
        db.execute("UPDATE order_lines SET qty = 1, picked_qty = 1 WHERE sku_code = ? AND id != ?", (sku, f"x{n}"))
        db.execute("INSERT INTO replenishments (id, location_code, sku_code, reason, created_at)"
                   " VALUES (?, ?, ?, 'short', '2026-11-23T06:00')", (f"rp:{n}", face_of(db, sku), sku))
    db.conn.commit()
    sku = skus[0]
    face, res = face_of(db, sku), reserve_of(db, sku)
    apply_op(db, "StockSet", {"stock": [{"location_code": face, "sku_code": sku, "qty": start},
                                        {"location_code": res, "sku_code": sku, "qty": reserve}]})
    queue = pending(db)
    keys = [(t.ship_by is None, t.ship_by or "") for t in queue]
    assert keys == sorted(keys)                 # the priority follows the waiting ship-bys
    total = db.execute("SELECT sum(qty) FROM inventory WHERE sku_code = ?", (sku,)).fetchone()[0]
    try:
        apply_op(db, "FaceReplenished", {"replenishment_id": "rp:0", "location_code": face, "sku_code": sku,
                                         "from_location": res, "qty": qty})
        assert qty <= FACE_MAX - start and qty <= reserve
    except OpRejected as refused:
        assert refused.code in ("over_max", "over_reserve")
        assert qty > FACE_MAX - start or qty > reserve
    assert on_hand(db, face, sku) <= FACE_MAX                   # never above max
    assert db.execute("SELECT sum(qty) FROM inventory WHERE sku_code = ?", (sku,)).fetchone()[0] == total
    assert balance_errors(db) == []
    db.close()
