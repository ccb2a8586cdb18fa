"""Each operation is declared once (issue 13 §1): args checked before anything is written, secrets
redacted before encoding, footprints kept with the outbox row and used by pulls, change sets filled."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.errors import OpRejected
from terminal.opargs import OpArgs
from terminal.ops import TERMINAL_ROLES, apply_op, load_operations
from terminal.picking.batching import plan_batch
from terminal.stats.simulate import SimConfig, simulate_shift, users_with_role
from terminal.store import open_db
from terminal.sync.outbox import acknowledge
from terminal.sync.protocol import ENTITIES, PullResponse
from terminal.sync.pull import apply_page

sys.path.insert(0, str(Path(__file__).resolve().parent / "stats"))
from sim_world import START, build_world  # noqa: E402

# with ParcelAnnounced (terminal/lockers/announce.py), the two remote support ops, the five imports,
# the three of cycle counts (terminal/inventory/counts_ops.py), the five of receiving (receiving_ops.py),
# the three of replenishment (replenish_ops.py) and the three of returns (returns_ops.py)
CAPABILITY_OPS = 61


def _outbox(db: sqlite_utils.Database) -> list[Any]:
    return db.execute("SELECT seq, op_id, name, args, footprint FROM outbox ORDER BY seq").fetchall()


def test_every_operation_is_declared_with_args_roles_and_fact() -> None:
    ops = {name: spec for name, spec in load_operations().items() if spec.handler.__module__.startswith("terminal.")}
    assert len(ops) == CAPABILITY_OPS
    for name, spec in ops.items():
        assert issubclass(spec.args, OpArgs) and spec.args is not OpArgs, name
        assert spec.roles and spec.roles <= set(TERMINAL_ROLES), name
    assert ops["ExceptionAcknowledged"].roles == {"supervisor"}
    assert "kiosk" not in ops["BatchStarted"].roles
    assert ops["PickConfirmed"].fact and not ops["BatchStarted"].fact
    assert all(ops[name].roles == {"supervisor"} and ops[name].fact for name in
               ("SkusImported", "LocationsImported", "UsersImported", "StockSet", "OrdersImported", "PickFacesSet"))


BAD_REASONS = [10**30, float("nan"), float("inf"), float("-inf"), "a\x00b", "\ud800", "x" * 5000, ["list"], True]


@pytest.mark.parametrize("bad", BAD_REASONS, ids=lambda v: repr(v)[:16])
def test_failure6_bad_args_are_refused_before_anything_is_written(fresh_db: sqlite_utils.Database,
                                                                 bad: object) -> None:
    with pytest.raises(OpRejected) as refused:
        apply_op(fresh_db, "CompartmentOutOfService", {"compartment_id": "C1", "reason": bad})
    assert refused.value.code == "bad_args"
    assert "reason" in refused.value.message
    assert _outbox(fresh_db) == []


def test_unknown_and_missing_fields_are_refused(fresh_db: sqlite_utils.Database) -> None:
    with pytest.raises(OpRejected, match="unknown field `colour`"):
        apply_op(fresh_db, "CompartmentOutOfService", {"compartment_id": "C1", "colour": "red"})
    with pytest.raises(OpRejected, match="missing required field `compartment_id`"):
        apply_op(fresh_db, "CompartmentOutOfService", {"reason": "broken"})
    assert _outbox(fresh_db) == []


_ANY = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None, categories=None), max_size=300),
    st.sampled_from(["\ud800", "ok\udfff", "\x00", "BADGE-1", "A-01"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.dictionaries(st.sampled_from(["raw", "kind", "context", "accepted", "reason", "extra"]),
                            _ANY, max_size=5))
def test_whatever_the_args_the_outbox_holds_only_strict_storable_json(fresh_db: sqlite_utils.Database,
                                                                      args: dict[str, Any]) -> None:
    """Invariant: an op is either refused with nothing written, or stored as strict JSON any store can take."""
    before = len(_outbox(fresh_db))
    try:
        apply_op(fresh_db, "ScanRecorded", args)
    except OpRejected as exc:
        assert exc.code == "bad_args"
        assert len(_outbox(fresh_db)) == before
        return
    stored = _outbox(fresh_db)[-1]["args"]

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} in the outbox")

    decoded = json.loads(stored, parse_constant=no_constants)
    stored.encode("utf-8")                      # no lone surrogate
    assert "\x00" not in stored
    assert set(decoded) <= {"raw", "kind", "context", "user_id", "accepted", "reason", "order_id"}


def test_failure5_badge_scanned_at_a_weight_mismatch_is_redacted_before_encoding(
        fresh_db: sqlite_utils.Database) -> None:
    """The pack station records the supervisor's badge scan (ui/packing/pages.py) as a BadgeScan."""
    badge = "BADGE-SUPERVISOR-77"
    applied = apply_op(fresh_db, "ScanRecorded", {"user_id": None, "context": "packing", "raw": badge,
                                                  "kind": "BadgeScan", "accepted": True, "order_id": None})
    assert badge not in json.dumps(applied.args)
    assert all(badge not in row["args"] for row in _outbox(fresh_db))
    assert fresh_db.execute("SELECT raw FROM scan_events").fetchone()[0] == "***"
    # a plain scan keeps its text: the scan error rate needs to know what was scanned
    apply_op(fresh_db, "ScanRecorded", {"raw": "A-01-02-1L", "kind": "LocationScan", "accepted": False})
    assert "A-01-02-1L" in _outbox(fresh_db)[-1]["args"]


@pytest.fixture
def world(db_path: Path) -> sqlite_utils.Database:
    db = open_db(db_path, create=True)
    build_world(db, orders=30, seed=5)
    yield db
    db.close()


def _start_batch(db: sqlite_utils.Database) -> Any:
    picker = users_with_role(db, "picker")[0]
    plan = plan_batch(db, picker, START + timedelta(minutes=5))
    assert plan is not None
    apply_op(db, "BatchStarted", plan.op_args())
    return plan


def test_failure4_pull_does_not_undo_unsent_pick(world: sqlite_utils.Database) -> None:
    plan = _start_batch(world)
    acknowledge(world, 1, [{"seq": 1, "status": "applied"}])      # BatchStarted reached the server
    task = plan.tasks[0]
    applied = apply_op(world, "PickConfirmed", {"task_id": task.task_id, "qty": 1, "picker_id": plan.picker_id})
    assert ("order_line", task.line_id) in applied.changes.entities
    line = dict(world.execute("SELECT * FROM order_lines WHERE id = ?", (task.line_id,)).fetchone())
    assert line["picked_qty"] == 1
    # the server's copy of the line from before it saw the pick
    page = PullResponse(protocol=1, cursor="c1", has_more=False, rejections=[], changes=[
        {"entity": "order_line", "key": task.line_id, "op": "upsert", "data": {**line, "picked_qty": 0}}])
    counts = apply_page(world, page)
    assert counts["deferred"] == 1
    assert world.execute("SELECT picked_qty FROM order_lines WHERE id = ?", (task.line_id,)).fetchone()[0] == 1


def test_apply_op_returns_the_change_set(world: sqlite_utils.Database) -> None:
    plan = _start_batch(world)
    task = plan.tasks[0]
    applied = apply_op(world, "PickConfirmed", {"task_id": task.task_id, "qty": 1})
    assert {("order_line", task.line_id), ("inventory", f"{task.location_code}|{task.sku_code}")} \
        <= applied.changes.entities
    assert applied.changes.touches("pick_tasks", "order_lines")
    assert applied.changes.touches("outbox")   # the status bar's "ops waiting" follows it


def test_declared_footprints_cover_every_write_of_a_simulated_shift(db_path: Path) -> None:
    """Every synced row an op was seen to write (TEMP triggers) is in the footprint it declares."""
    db = open_db(db_path, create=True)
    build_world(db, orders=60, seed=11)
    simulate_shift(db, db_path, SimConfig(pickers=2, packers=1, hours=3.0, seed=4, start=START, door_fail_p=0.1))
    seen: set[str] = set()
    for row in _outbox(db):
        declared = {tuple(k) for k in json.loads(row["footprint"])}
        captured = {tuple(r) for r in db.execute("SELECT entity, key FROM outbox_footprint WHERE op_id = ?",
                                                 (row["op_id"],)).fetchall()}
        assert captured <= declared, f"{row['name']} wrote {sorted(captured - declared)} beyond its declaration"
        assert all(entity in ENTITIES for entity, _ in declared), row["name"]
        if declared:
            seen.add(row["name"])
    db.close()
    # the shift exercised the footprints of picking, packing and the locker
    assert {"BatchStarted", "PickConfirmed", "PackageClosed", "ParcelDeposited", "DoorUnlockRequested"} <= seen
