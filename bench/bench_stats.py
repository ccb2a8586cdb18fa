"""Stats: dashboard refresh over a 50k-order shift (goal ≤ 200 ms, on the reader thread), the
shift simulator's speed (simulated hours per wall second) and `/v1/stats` over 100 sites
(bench/fleet_stats.py)."""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.fleet_stats import fleet_rows
from bench.stats_fixtures import SHIFT_START, big_shift_db, describe, small_world_db
from bench.table import Row, percentile
from terminal.clock import FixedClock
from terminal.stats.board import PreviousShiftCache, snapshot
from terminal.stats.kpis import compute_kpis
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window
from terminal.store import open_db
from terminal.store.db import connect


def _timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def run() -> list[Row]:
    path, start, end = big_shift_db()
    db = open_db(path)
    other = connect(path)
    window = Window(start, end, end)
    previous = PreviousShiftCache()
    try:
        kpi_ms = _timed(lambda: compute_kpis(db, window), 7)
        first_ms = _timed(lambda: snapshot(db, window), 5)
        # As the dashboard's BoardReader does it: both connections kept open, the previous shift's
        # figures recomputed only after a write (none here) or a new window.
        snap_ms = _timed(lambda: snapshot(db, window, previous=previous, other=other), 9)
    finally:
        other.close()
        db.close()
    rows = [
        Row("stats", "KPIs over a 50k-order shift (p50 / max)",
            f"{percentile(kpi_ms, 0.5):.0f} / {max(kpi_ms):.0f} ms", "≤ 200 ms", describe(path)),
        Row("stats", "dashboard refresh: KPIs + previous shift + charts + lists (p50 / max)",
            f"{percentile(snap_ms, 0.5):.0f} / {max(snap_ms):.0f} ms", "≤ 200 ms",
            "what the reader thread does per refresh (warm connections, previous shift cached)"),
        Row("stats", "dashboard refresh, first of a shift or after a write (p50)",
            f"{percentile(first_ms, 0.5):.0f} ms", "≤ 200 ms",
            "second connection opened, previous shift computed (this fixture's previous shift is nearly empty)"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "sim.db"
        small_world_db(world)
        db = open_db(world)
        hours = 2.0
        try:
            started = time.perf_counter()
            report = simulate_shift(db, world, SimConfig(pickers=6, packers=2, hours=hours, seed=1,
                                                         start=SHIFT_START), clock=FixedClock(SHIFT_START))
            wall = time.perf_counter() - started
            ops = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
            check = compute_kpis(db, Window(SHIFT_START, SHIFT_START + timedelta(hours=hours),
                                            SHIFT_START + timedelta(hours=hours)))
        finally:
            db.close()
        rows.append(Row("stats", "simulator speed (6 pickers, 2 packers, locker)", f"{hours / wall:.2f} sim-h/s",
                        "a shift in seconds", f"{ops} ops in {wall:.1f} s ({ops / wall:.0f} ops/s); "
                        f"{report.counts.get('tasks', 0)} picks, pick rate {check['pick_rate_lph']:.0f} lph"
                        + ("; not simulated: " + "; ".join(report.missing) if report.missing else "")))
    rows.extend(fleet_rows())
    return rows
