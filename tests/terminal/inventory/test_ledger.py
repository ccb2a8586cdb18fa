"""The stock card holds: book stock is the sum of its movements, whatever a shift does to it."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.inventory.ledger import balance_errors, on_hand
from terminal.ops import apply_op
from terminal.picking.batching import plan_batch
from terminal.stats.simulate import SimConfig, simulate_shift, users_with_role
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stats"))
from sim_world import START, build_world  # noqa: E402


def _world(path: Path, seed: int):  # type: ignore[no-untyped-def]
    db = open_db(path, create=True)
    build_world(db, orders=40, seed=seed)    # its shelves' stock is the card's opening balance
    return db


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), short_p=st.sampled_from([0.0, 0.2, 0.6]))
def test_book_stock_is_the_sum_of_its_movements_after_any_shift(tmp_path_factory, seed, short_p) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("ledger") / "t.db"
    db = _world(path, seed)
    simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=1.5, seed=seed, start=START, short_p=short_p))
    assert balance_errors(db) == []
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM stock_movements")}
    assert "pick" in kinds
    assert db.execute("SELECT count(*) FROM inventory WHERE qty < 0").fetchone()[0] == 0
    db.close()


def test_a_pick_beyond_the_books_moves_what_the_books_held_and_raises_the_mismatch(tmp_path: Path) -> None:
    db = _world(tmp_path / "t.db", 3)
    plan = plan_batch(db, users_with_role(db, "picker")[0], START + timedelta(minutes=5))
    assert plan is not None
    task = plan.tasks[0]
    apply_op(db, "BatchStarted", plan.op_args())
    db.execute("UPDATE inventory SET qty = 1 WHERE location_code = ? AND sku_code = ?",   # a wrong book
               (task.location_code, task.sku_code))
    db.execute("UPDATE stock_movements SET delta = 1 WHERE id = ?", (f"opening:{task.location_code}|{task.sku_code}",))
    db.conn.commit()
    applied = apply_op(db, "PickConfirmed", {"task_id": task.task_id, "qty": 3, "picker_id": plan.picker_id})
    assert on_hand(db, task.location_code, task.sku_code) == 0
    moved = db.execute("SELECT id, delta, kind, ref_id, user_id FROM stock_movements WHERE kind = 'pick'").fetchall()
    assert [tuple(r) for r in moved] == [(f"{applied.op_id}.1", -1, "pick", task.task_id, plan.picker_id)]
    assert ("stock_movement", f"{applied.op_id}.1") in applied.changes.entities
    assert db.execute("SELECT count(*) FROM exceptions WHERE kind = 'stock_mismatch'").fetchone()[0] == 1
    assert balance_errors(db) == []
    db.close()
