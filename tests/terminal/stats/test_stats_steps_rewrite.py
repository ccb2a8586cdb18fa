"""Differential: the seconds-per-step estimate behind at_risk (kpis._seconds_per_step) now takes its
gaps in Python over the index-ordered steps; it must give what the SQL window function it replaced
gave, on shifts made through the ops — picks and packs by several people, ties at one moment, gaps
longer than a break, steps outside the estimate's window — and the at-risk counts built on it must
not move."""

from __future__ import annotations

import math
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shift_ops import T0, Shift

from terminal.clock import FixedClock, iso
from terminal.stats import kpis
from terminal.stats.reader import SqlDb
from terminal.stats.window import Window
from terminal.store import open_db


def window_function_seconds_per_step(db: SqlDb, sql: str, since: str, stop: str) -> tuple[float, int]:
    """The query kpis._seconds_per_step replaced, word for word."""
    row = db.execute(f"""
        SELECT avg(gap), count(gap) FROM (
            SELECT (j - lag(j) OVER (PARTITION BY who ORDER BY at)) * {kpis.SECONDS} AS gap
            FROM (SELECT who, at, julianday(at) AS j FROM ({sql})))
        WHERE gap <= 900""", {"since": since, "stop": stop}).fetchone()
    return float(row[0] or 0.0), int(row[1] or 0)


# (person, minute of the shift): few minutes apart so ties and sub-break gaps are common, some far apart
steps = st.lists(st.tuples(st.integers(0, 2), st.sampled_from([0, 0, 1, 2, 3, 7, 14, 15, 16, 40, 200])),
                 min_size=0, max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=steps, packs=steps, stops=st.lists(st.integers(0, 420), min_size=1, max_size=4))
def test_steps_estimate_equals_the_window_function_it_replaced(picks: list, packs: list, stops: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "shift.db", create=True)
        try:
            shift = Shift(db, FixedClock(T0 - timedelta(hours=1)))
            minute = 0
            for person, gap in picks:                    # each pick its own order and batch
                minute += gap
                shift.pick(T0 + timedelta(minutes=minute), shift.order(created=T0 - timedelta(hours=1)),
                           picker=("p1", "p2", "p1")[person])
            minute = 0
            for person, gap in packs:                    # packed orders need a pick first
                minute += gap
                moment = T0 + timedelta(minutes=minute)
                order = shift.order(created=T0 - timedelta(hours=1), ship_by=moment + timedelta(hours=1))
                shift.pick(moment, order, picker="p2")
                shift.pack(moment, order, packer=("k1", "k1", "c1")[person])
            for stop_minute in stops:
                stop = T0 + timedelta(minutes=stop_minute)
                for since in (stop - timedelta(hours=4), stop - timedelta(minutes=20), T0 - timedelta(hours=2)):
                    for sql in (kpis.PICK_STEPS, kpis.PACK_STEPS):
                        old = window_function_seconds_per_step(db, sql, iso(since), iso(stop))
                        new = kpis._seconds_per_step(db, sql, iso(since), iso(stop))
                        assert new[1] == old[1]
                        # the same doubles summed in the same order; a newer SQLite's compensated
                        # summation may differ in the last bits, never more
                        assert math.isclose(new[0], old[0], rel_tol=1e-12, abs_tol=1e-9), (sql, old, new)
                window = Window(T0, stop, stop)
                assert kpis.risk_counts(db, window) == _risk_counts_the_old_way(db, window)
        finally:
            db.close()


def _risk_counts_the_old_way(db: SqlDb, window: Window) -> tuple[int, int]:
    original = kpis._seconds_per_step
    kpis._seconds_per_step = window_function_seconds_per_step   # type: ignore[assignment]
    try:
        return kpis.risk_counts(db, window)
    finally:
        kpis._seconds_per_step = original
