"""The fast dashboard path (issue 8: covering indexes, reshaped queries, a second connection, the
previous shift cached) gives exactly the figures the queries gave before, on a simulated shift."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import reference_kpis as ref
import sqlite_utils
from sim_world import START, build_world

from terminal.clock import FixedClock, iso
from terminal.stats import board
from terminal.stats import kpis as k
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window, previous_window
from terminal.store.db import connect

HOURS = 6          # 06:00–12:00 UTC: the 11:00 departure hands packages over


@pytest.fixture(scope="module")
def shift(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from terminal.store import open_db

    path = tmp_path_factory.mktemp("same") / "shift.db"
    db = open_db(path, create=True)
    build_world(db, orders=150)
    simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=HOURS, seed=11, start=START),
                   clock=FixedClock(START))
    # Fixture-only oddities the queries must treat alike: a cancelled order among the handed over,
    # a weight mismatch on a package, a rejected scan on a packed order, a pick with no picker.
    handed = db.execute("SELECT id FROM orders WHERE handed_over_at IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    packed = db.execute("SELECT order_id, id FROM packages ORDER BY id LIMIT 2").fetchall()
    if handed:
        db.execute("UPDATE orders SET status = 'cancelled', cancelled_at = handed_over_at WHERE id = ?", (handed[0],))
    db.execute("INSERT INTO exceptions (id, kind, raised_at, ref_type, ref_id, message, details)"
               " VALUES ('ex-w', 'weight_mismatch', ?, 'package', ?, 'weight', '{}')",
               (iso(START + timedelta(hours=2)), packed[0][1]))
    db.execute("INSERT INTO scan_events (at, context, raw, kind, accepted, order_id) VALUES (?, 'packing', 'x',"
               " 'item', 0, ?)", (iso(START + timedelta(hours=3)), packed[1][0]))
    db.execute("INSERT INTO scan_events (at, context, raw, kind, accepted) VALUES (?, 'picking', 'x', 'item', 0)",
               (iso(START),))                        # on the window's first instant
    db.execute("UPDATE pick_tasks SET picker_id = NULL WHERE id = (SELECT min(id) FROM pick_tasks"
               " WHERE status = 'done')")
    db.conn.commit()
    db.close()
    return path


@pytest.fixture
def db(shift: Path) -> sqlite_utils.Database:
    from terminal.store import open_db

    db = open_db(shift)
    yield db
    db.close()


def _ordered(snap: board.Snapshot) -> board.Snapshot:
    snap.risks.sort(key=lambda r: (r["seconds_left"], r["id"]))
    return snap


def _windows() -> list[Window]:
    end = START + timedelta(hours=HOURS)
    # the whole shift, the shift seen at every hour and half-hour of it, and one ahead of the data
    moments = [START + timedelta(minutes=30 * i) for i in range(1, 2 * HOURS + 1)]
    return ([Window(START, end, end)] + [Window(START, end, m) for m in moments]
            + [Window(end, end + timedelta(hours=8), end + timedelta(hours=2))])


def test_the_shift_has_something_to_measure(db: sqlite_utils.Database) -> None:
    kpis = k.compute_kpis(db, Window(START, START + timedelta(hours=HOURS), START + timedelta(hours=HOURS)))
    assert kpis["otst_median_s"] is not None and kpis["fill_rate"] is not None
    assert 0 < kpis["perfect_order_rate"] < 1 and kpis["scan_error_per_1000"] > 0
    timeline = board.risk_timeline(db, Window(START, START + timedelta(hours=HOURS), START + timedelta(hours=HOURS)))
    assert any(at_risk or late for _, at_risk, late in timeline)


@pytest.mark.parametrize("i", range(len(_windows())))
def test_every_figure_is_the_same_as_before(db: sqlite_utils.Database, i: int) -> None:
    w = _windows()[i]
    rates = k.risk_params(db, w, None)
    assert {key: rates[key] for key in ref.risk_params(db, w, None)} == ref.risk_params(db, w, None)
    assert k.compute_kpis(db, w) == ref.kpis(db, w)
    assert k.otst_values(db, w) == ref.otst_values(db, w)
    assert k.perfect_order_counts(db, w) == ref.perfect_order_counts(db, w)
    assert k.scan_error_counts(db, w) == ref.scan_error_counts(db, w)
    assert k.risk_counts(db, w) == ref.risk_counts(db, w)
    # the same orders in the same urgency order; equally urgent ones used to come in whatever order
    # the plan read them, now by id
    assert k.risk_list(db, w) == sorted(ref.risk_list(db, w), key=lambda r: (r["seconds_left"], r["id"]))
    assert board.people(db, w) == ref.people(db, w)
    assert board.handovers_per_hour(db, w) == ref.handovers_per_hour(db, w)
    values = k.otst_values(db, w)
    assert board.otst_histogram(values, presorted=True) == ref.otst_histogram(values)
    assert board.snapshot(db, w) == _ordered(ref.snapshot(db, w))


@pytest.mark.parametrize("minutes", range(0, HOURS * 60 + 1, 5))
def test_at_risk_and_late_are_the_same_at_every_moment(db: sqlite_utils.Database, minutes: int) -> None:
    """The at-risk counts and list now scan a bounded ship_by range: every five minutes of the
    shift, including the moments orders fall into and out of the reach."""
    moment = START + timedelta(minutes=minutes)
    w = Window(START, moment, moment)
    assert k.risk_counts(db, w) == ref.risk_counts(db, w)
    assert k.risk_list(db, w) == sorted(ref.risk_list(db, w), key=lambda r: (r["seconds_left"], r["id"]))


def test_the_histogram_by_edges_counts_values_on_an_edge_alike() -> None:
    values = sorted([0.0, 7199.999, 7200.0, 7200.001, 14400.0, 21599.5, 28800.0])
    assert board.otst_histogram(values, presorted=True) == ref.otst_histogram(values) == [
        (0.0, 2), (2.0, 2), (4.0, 2), (6.0, 0), (8.0, 1)]


def test_the_dashboard_reader_gives_the_same_snapshot_and_recomputes_after_a_write(shift: Path) -> None:
    w = _windows()[0]
    now = w.stop
    reader = board.BoardReader(shift)
    writer = connect(shift)
    try:
        first = reader.read(now)
        assert reader._db is not None
        assert first == _ordered(ref.snapshot(reader._db, first.window))
        assert reader.read(now) == first                     # previous shift from the cache, same figures
        # a write by another connection into the previous shift: the cached figures are not reused
        prev = previous_window(first.window, reader._db)
        writer.execute("INSERT INTO scan_events (at, context, raw, kind, accepted) VALUES (?, 'picking', 'x',"
                       " 'item', 0)", (iso(prev.start + timedelta(minutes=5)),))
        writer.conn.commit()
        after = reader.read(now)
        assert after.previous == ref.kpis(reader._db, prev) != first.previous
    finally:
        writer.close()
        reader.close()
