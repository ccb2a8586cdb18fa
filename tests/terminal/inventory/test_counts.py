"""Cycle counts, adjustments and the stock card on a terminal (issue 19 §3): a short pick makes a count
task; the ABC schedule; blind counting never says the book quantity before booking; the accuracy KPI
stays in [0, 1]; book stock stays the sum of its movements; the CLI's stock card and schedule."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.cli import run
from terminal.clock import FixedClock, iso
from terminal.errors import OpRejected
from terminal.inventory.count_session import CountSession
from terminal.inventory.counts import REASONS
from terminal.inventory.counts_abc import abc_classes, due_counts
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.stock_card import stock_card
from terminal.ops import apply_op
from terminal.people.badges import register_badge
from terminal.picking.batching import plan_batch
from terminal.stats.count_accuracy import count_accuracy_counts
from terminal.stats.kpis import compute_kpis
from terminal.stats.simulate import users_with_role
from terminal.stats.window import Window
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stats"))
from sim_world import START, build_world  # noqa: E402


def _world(path: Path, seed: int = 3):  # type: ignore[no-untyped-def]
    db = open_db(path, create=True)
    build_world(db, orders=30, skus=12, seed=seed)
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory WHERE qty != 0")
    db.conn.commit()
    return db


def _stock(db, n: int = 0):  # type: ignore[no-untyped-def]
    row = db.execute("SELECT location_code, sku_code, qty FROM inventory WHERE qty > 0 ORDER BY 1, 2"
                     " LIMIT 1 OFFSET ?", (n,)).fetchone()
    return row[0], row[1], int(row[2])


def test_a_short_pick_of_any_reason_makes_a_count_task(tmp_path: Path) -> None:
    db = _world(tmp_path / "t.db")
    plan = plan_batch(db, users_with_role(db, "picker")[0], START + timedelta(minutes=5))
    assert plan is not None
    apply_op(db, "BatchStarted", plan.op_args())
    task = plan.tasks[0]
    applied = apply_op(db, "PickShorted", {"task_id": task.task_id, "reason": "damaged", "picker_id": plan.picker_id})
    row = db.execute("SELECT id, location_code, sku_code, source, ref_id, status FROM count_tasks").fetchone()
    assert tuple(row) == (f"short:{task.task_id}", task.location_code, task.sku_code, "short", task.task_id, "open")
    assert ("count_task", f"short:{task.task_id}") in applied.changes.entities
    db.close()


def test_counts_need_a_reason_and_a_supervisor_above_the_threshold(tmp_path: Path) -> None:
    db = _world(tmp_path / "t.db")
    location, sku, book = _stock(db)
    stocker = users_with_role(db, "picker")[0].id
    supervisor = users_with_role(db, "supervisor")[0].id
    base = {"location_code": location, "sku_code": sku, "user_id": stocker}
    with pytest.raises(OpRejected) as refused:
        apply_op(db, "CountBooked", {**base, "counted": book + 1})
    assert refused.value.code == "count_reason_needed"
    with pytest.raises(OpRejected) as refused:
        apply_op(db, "CountBooked", {**base, "counted": book + 9, "reason": "found"})
    assert refused.value.code == "supervisor_needed"
    with pytest.raises(OpRejected) as refused:
        apply_op(db, "CountBooked", {**base, "counted": book + 9, "reason": "found", "supervisor_id": stocker})
    assert refused.value.code == "not_a_supervisor"
    assert on_hand(db, location, sku) == book and db.execute("SELECT count(*) FROM stock_counts").fetchone()[0] == 0
    apply_op(db, "CountBooked", {**base, "counted": book + 9, "reason": "found", "supervisor_id": supervisor})
    apply_op(db, "StockAdjusted", {"location_code": location, "sku_code": sku, "delta": -4, "reason": "damaged",
                                   "supervisor_id": supervisor})
    with pytest.raises(OpRejected):
        apply_op(db, "StockAdjusted", {"location_code": location, "sku_code": sku, "delta": 2, "reason": "damaged",
                                       "supervisor_id": stocker})
    assert on_hand(db, location, sku) == book + 5
    audit = db.execute("SELECT action, user_id, details FROM audit_log WHERE action IN ('stock_counted',"
                       " 'stock_adjusted') ORDER BY id").fetchall()
    assert [(a, u, json.loads(d).get("reason")) for a, u, d in audit] == [
        ("stock_counted", stocker, "found"), ("stock_adjusted", supervisor, "damaged")]
    card = stock_card(db, sku, location)
    assert [(line.kind, line.delta, line.balance, line.reason) for line in card] == [
        ("opening", book, book, None), ("count", 9, book + 9, "found"), ("adjustment", -4, book + 5, "damaged")]
    assert balance_errors(db) == []
    db.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["scan", "type", "finish", "recount", "reason", "badge", "cancel"]),
                                st.integers(0, 40)), max_size=25))
def test_blind_no_outcome_names_the_book_quantity_before_it_is_booked(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    """Whatever the stocker does, every sentence before the booking is free of the book quantity (a book of
    977 units, a number nothing else in the sentences can make), and the books hold."""
    db = _world(tmp_path_factory.mktemp("blind") / "t.db")
    location, sku, _ = _stock(db)
    supervisor = users_with_role(db, "supervisor")[0]
    to_977 = 977 - on_hand(db, location, sku)
    apply_op(db, "StockAdjusted", {"location_code": location, "sku_code": sku, "delta": to_977, "reason": "found",
                                   "supervisor_id": supervisor.id})
    session = CountSession(db, users_with_role(db, "picker")[0].id)
    session.scan_location(location)
    for action, n in steps:
        before = len(session.booked)
        if action == "scan":
            outcome = session.scan_item(sku, n + 1)
        elif action == "type":
            outcome = session.type_quantity(n * 50)
        elif action == "finish":
            outcome = session.finish()
        elif action == "recount":
            outcome = session.recount()
        elif action == "reason":
            outcome = session.choose_reason(REASONS[n % len(REASONS)])
        elif action == "badge":
            outcome = session.supervisor_badge(supervisor)
        else:
            outcome = session.cancel()
        if len(session.booked) == before:
            assert "977" not in outcome.message, (action, outcome.message)
            assert all("977" not in part.args for part in outcome.parts)
        if not session.location:
            session.scan_location(location)
    assert balance_errors(db) == []
    db.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.tuples(st.integers(0, 3), st.integers(-3, 3), st.integers(0, 600)), min_size=0,
                       max_size=12), cut=st.integers(1, 700))
def test_inventory_record_accuracy_is_a_rate_as_of_the_window_end(tmp_path_factory, counts, cut) -> None:  # type: ignore[no-untyped-def]
    db = _world(tmp_path_factory.mktemp("accuracy") / "t.db")
    stocker = users_with_role(db, "picker")[0].id
    supervisor = users_with_role(db, "supervisor")[0].id
    for which, diff, minute in sorted(counts, key=lambda c: c[2]):
        location, sku, _ = _stock(db, which)
        counted = max(0, on_hand(db, location, sku) + diff)
        apply_op(db, "CountBooked", {"location_code": location, "sku_code": sku, "counted": counted,
                                     "user_id": stocker, "reason": "lost", "supervisor_id": supervisor},
                 clock=FixedClock(START + timedelta(minutes=minute)))
    window = Window(START, START + timedelta(minutes=cut), START + timedelta(minutes=cut))
    matched, total = count_accuracy_counts(db, window)
    rate = compute_kpis(db, window)["inventory_accuracy_rate"]
    assert total == sum(1 for _, _, m in counts if m < cut)
    if total:
        assert rate is not None and 0.0 <= rate <= 1.0 and rate == matched / total
    else:
        assert rate is None
    assert balance_errors(db) == []
    db.close()


def test_abc_schedule_and_the_cli(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.db"
    db = _world(path)
    # picks rank the SKUs: the most picked is class A
    top_location, top_sku, _ = _stock(db, 0)
    db.execute("INSERT INTO stock_movements (id, at, location_code, sku_code, delta, kind) VALUES"
               " ('p.1', ?, ?, ?, 0, 'pick')", (iso(START), top_location, top_sku))
    db.execute("UPDATE stock_movements SET delta = -5 WHERE id = 'p.1'")
    db.execute("UPDATE inventory SET qty = qty - 5 WHERE location_code = ? AND sku_code = ?", (top_location, top_sku))
    db.conn.commit()
    now = START + timedelta(days=1)
    assert abc_classes(db, now)[top_sku] == "A"
    due = due_counts(db, now)
    assert due and due[0].abc == "A" and due[0].sku_code == top_sku
    stocked = db.execute("SELECT count(*) FROM inventory WHERE qty > 0").fetchone()[0]
    register_badge(db, "B-SUP", users_with_role(db, "supervisor")[0].id)
    register_badge(db, "B-PICK", users_with_role(db, "picker")[0].id)
    db.conn.commit()
    db.close()
    assert run(["counts", "schedule", "--db", str(path), "--now", iso(now), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["made"] == len(made["due"]) == min(200, stocked)
    assert run(["counts", "schedule", "--db", str(path), "--now", iso(now), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["made"] == 0          # nothing twice
    db = open_db(path)
    location, sku, book = top_location, top_sku, on_hand(db, top_location, top_sku)
    db.close()
    assert run(["stock", "adjust", "--db", str(path), "--location", location, "--sku", sku, "--delta", "2",
                "--reason", "found", "--supervisor", "B-SUP"]) == 0
    assert "+2 (found)" in capsys.readouterr().out
    assert run(["stock", "adjust", "--db", str(path), "--location", location, "--sku", sku, "--delta", "2",
                "--reason", "found", "--supervisor", "B-PICK"]) != 0      # a picker's badge: refused
    capsys.readouterr()
    assert run(["stock", "card", sku, "--db", str(path), "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    at_location = [m for m in card["movements"] if m["location_code"] == location]
    assert at_location[-1]["balance"] == card["on_hand"][location]
    assert [m["kind"] for m in at_location] == ["opening", "pick", "adjustment"]
    assert at_location[-1]["balance"] == book + 2
    assert run(["stock", "card", "NO-SUCH", "--db", str(path)]) != 0


def test_a_simulated_demo_shift_counts_its_short_picks_and_the_card_holds(tmp_path: Path) -> None:
    from terminal.config import Settings
    from terminal.demo import generate
    from terminal.stats.simulate import SimConfig, simulate_shift

    path = tmp_path / "demo.db"
    db = open_db(path, create=True)
    generate(db, seed=5, orders=120, now=START, db_path=path, settings=Settings(), shift_history=False)
    report = simulate_shift(db, path, SimConfig(pickers=3, packers=1, hours=3, seed=6, start=START, short_p=0.15),
                            Settings(), clock=FixedClock(START))
    shorts = db.execute("SELECT count(*) FROM pick_tasks WHERE status = 'short'").fetchone()[0]
    assert shorts > 0 and db.execute("SELECT count(*) FROM count_tasks").fetchone()[0] == shorts
    booked = db.execute("SELECT count(*) FROM stock_counts").fetchone()[0]
    assert booked == report.counts["counts"] > 0
    assert db.execute("SELECT count(*) FROM count_tasks WHERE status = 'done'").fetchone()[0] >= booked
    window = Window(START, START + timedelta(hours=3), START + timedelta(hours=3))
    rate = compute_kpis(db, window)["inventory_accuracy_rate"]
    assert rate is not None and 0.0 <= rate <= 1.0
    assert balance_errors(db) == []
    db.close()
