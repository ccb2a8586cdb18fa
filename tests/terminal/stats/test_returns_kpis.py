"""The returns KPIs (terminal/stats/returns.py): worked out by hand on a simulated shift through
`handoff stats --json`, and for any run of returns — rates in [0, 1], medians of what was measured,
a past window taken as of its end."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.cli import run
from terminal.clock import FixedClock, iso
from terminal.errors import OpRejected
from terminal.inventory.ledger import balance_errors
from terminal.ops import apply_op
from terminal.stats.kpis import KPI_KEYS, compute_kpis, percentile
from terminal.stats.returns import RETURN_KPI_KEYS
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "inventory"))
from returns_world import QUARANTINE, START, returns_world  # noqa: E402

END = START + timedelta(hours=6)     # the carrier leaves at 11:00: handovers happen in it
BASE = START + timedelta(hours=5)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse after a simulated shift: every order packed, half of them handed over to the carrier
    at 11:00 (the simulator's printer is off, so the driver takes them on a supervisor's word)."""
    path = tmp_path_factory.mktemp("shipped") / "t.db"
    db = returns_world(path, orders=30, seed=3)
    simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=4, seed=3, start=START))
    packages = [r[0] for r in db.execute("SELECT id FROM packages ORDER BY order_id")]
    apply_op(db, "PackagesHandedOver", {"package_ids": packages[::2], "carrier_code": "DPD", "user_id": "sup",
                                        "label_override_by": "sup"}, clock=FixedClock(BASE))
    assert db.execute("SELECT count(*) FROM orders WHERE handed_over_at IS NOT NULL").fetchone()[0] >= 4
    db.close()
    return path


def _copy(shipped: Path, tmp: Path) -> Path:
    path = tmp / "t.db"
    shutil.copy(shipped, path)
    return path


def _return(db, order: str, rid: str, received, graded=None, restock_at=None) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(received)
    apply_op(db, "ReturnReceived", {"return_id": rid, "order_id": order}, clock=clock)
    line_id, sku = db.execute("SELECT id, sku_code FROM order_lines WHERE order_id = ? ORDER BY line_no",
                              (order,)).fetchone()
    if restock_at is not None:
        clock.set(restock_at)
        shelf = db.execute("SELECT code FROM locations WHERE zone != 'QUARANTINE' ORDER BY code").fetchone()[0]
        apply_op(db, "ReturnItemGraded", {"return_id": rid, "sku_code": sku, "qty": 1, "grade": "restock",
                                          "line_id": line_id, "location_code": shelf}, clock=clock)
    if graded is not None:
        clock.set(graded)
        apply_op(db, "ReturnCompleted", {"return_id": rid}, clock=clock)


def test_returns_kpis_by_hand_through_the_cli(shipped: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _copy(shipped, tmp_path)
    db = open_db(path)
    handed = [r[0] for r in db.execute("SELECT id FROM orders WHERE handed_over_at >= ? AND handed_over_at < ?"
                                       " ORDER BY id", (iso(START), iso(END)))]
    later = END + timedelta(hours=1)
    # three returns: graded after 10 min (restocked at 5), after 30 min, and one graded after the window
    _return(db, handed[0], "R1", BASE + timedelta(minutes=30), BASE + timedelta(minutes=40),
            BASE + timedelta(minutes=35))
    _return(db, handed[1], "R2", BASE, BASE + timedelta(minutes=30))
    _return(db, handed[2], "R3", BASE + timedelta(minutes=50), later)
    db.close()
    assert run(["stats", "--db", str(path), "--from", iso(START), "--to", iso(END), "--now", iso(later), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert list(got) == list(KPI_KEYS) and set(RETURN_KPI_KEYS) <= set(got)
    assert got["return_processing_median_s"] == 600.0          # nearest rank of [600, 1800]
    assert got["time_to_restock_median_s"] == 300.0
    assert got["return_rate"] == pytest.approx(3 / len(handed))
    # as of the window's end: a return received after it does not count in it
    db = open_db(path)
    _return(db, handed[3], "R4", later)
    db.close()
    assert run(["stats", "--db", str(path), "--from", iso(START), "--to", iso(END), "--now", iso(later), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["return_rate"] == pytest.approx(3 / len(handed))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_returns_kpis_hold_for_any_run_of_returns(shipped: Path, tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    path = _copy(shipped, tmp_path_factory.mktemp("kpi"))
    db = open_db(path)
    orders = [r[0] for r in db.execute("SELECT id FROM orders")]
    minutes = st.integers(240, 420)
    expected_processing = []
    for n in range(data.draw(st.integers(0, 8))):
        received = START + timedelta(minutes=data.draw(minutes))
        graded = received + timedelta(minutes=data.draw(st.integers(0, 120))) if data.draw(st.booleans()) else None
        restock = (received + timedelta(minutes=data.draw(st.integers(0, 60))) if data.draw(st.booleans())
                   else None)
        if graded is not None and restock is not None and restock > graded:
            restock = graded
        order = data.draw(st.sampled_from(orders))
        try:
            _return(db, order, f"R{n}", received, graded, restock)
        except OpRejected as exc:   # an order line already fully returned: the op refuses, nothing written
            assert exc.code == "more_than_ordered", exc
            continue
        if graded is not None and START <= graded < END:
            expected_processing.append((graded - received).total_seconds())
    start = START + timedelta(minutes=data.draw(st.sampled_from([0, 300, 330])))
    window = Window(start, END, END + timedelta(hours=2))
    kpis = compute_kpis(db, window)
    rate = kpis["return_rate"]
    assert rate is None or 0.0 <= rate <= 1.0
    if start == START:
        assert kpis["return_processing_median_s"] == percentile(sorted(expected_processing), 50)
    for key in ("return_processing_median_s", "time_to_restock_median_s"):
        assert kpis[key] is None or kpis[key] >= 0
    assert balance_errors(db) == []
    assert QUARANTINE       # the world's quarantine location exists for the flow (unused by these KPIs)
    db.close()
