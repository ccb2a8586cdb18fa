"""Replenishment: what pick faces cost the batch planner, and how fast the stocker's queue is read.

* next batch on the 50k-order picking database with every SKU's first location a pick face and 2 % of
  the faces waiting for a refill after a short pick, against the same database without faces, measured
  in this run (ratio; the plan without faces is the picking benchmark's own);
* the stocker's queue (`replenish.pending`: tasks in priority order with their waiting orders and
  reserve) with 200 open tasks on the same database.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from bench.bench_picking import NOW, _large_db, _picker
from bench.table import Row

AREA = "replenish"
ROUNDS = 15


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def run() -> list[Row]:
    from terminal.config import Settings
    from terminal.inventory.replenish import pending
    from terminal.picking.batching import plan_batch
    from terminal.store import open_db

    source, note = _large_db()
    work = Path(tempfile.mkdtemp()) / "replenish.db"
    shutil.copy(source, work)
    db = open_db(work)
    try:
        first = db.execute("SELECT min(ship_by) FROM orders WHERE status = 'open'").fetchone()[0]
        now = NOW if first is None else min(NOW, datetime.fromisoformat(first) - timedelta(hours=2))
        picker, settings = _picker(db), Settings()
        plain_ms, plain = _timed(lambda: plan_batch(db, picker, now, settings))
        faces = db.execute("SELECT min(location_code), sku_code FROM inventory WHERE qty > 0 GROUP BY sku_code"
                           ).fetchall()
        rnd = random.Random(19)
        with db.conn:
            db.conn.executemany("INSERT INTO pick_faces (location_code, sku_code, min_qty, max_qty)"
                                " VALUES (?, ?, 5, 50)", [tuple(f) for f in faces])
            waiting = rnd.sample(faces, max(1, len(faces) // 50))
            db.conn.executemany("INSERT INTO replenishments (id, location_code, sku_code, reason, created_at)"
                                " VALUES (?, ?, ?, 'short', '2026-11-23T06:00:00+00:00')",
                                [(f"rp:bench-{n}", f[0], f[1]) for n, f in enumerate(waiting)])
        faced_ms, faced = _timed(lambda: plan_batch(db, picker, now, settings))
        with db.conn:
            db.conn.executemany("INSERT INTO replenishments (id, location_code, sku_code, reason, created_at)"
                                " VALUES (?, ?, ?, 'below_min', '2026-11-23T06:00:00+00:00')",
                                [(f"rp:more-{n}", f[0], f[1]) for n, f in
                                 enumerate(rnd.sample([f for f in faces if f not in waiting], 200 - len(waiting)))])
        queue_ms, queue = _timed(lambda: pending(db))
    finally:
        db.close()
        shutil.rmtree(work.parent, ignore_errors=True)
    tasks = len(faced.tasks) if faced else 0   # type: ignore[attr-defined]
    return [
        Row(AREA, "next batch with pick faces (ratio to none)", f"{faced_ms / plain_ms:.2f}×",
            "≤ 1.2×", f"{note}: {len(faces)} faces, {len(waiting)} waiting for a refill; p50 {faced_ms:.0f} ms "
                      f"against {plain_ms:.0f} ms; {tasks} tasks (without faces "
                      f"{len(plain.tasks) if plain else 0})"),   # type: ignore[attr-defined]
        Row(AREA, "stocker's queue, 200 open tasks", f"p50 {queue_ms:.0f} ms", "≤ 100 ms",
            f"{len(queue)} pending tasks with their waiting orders and reserve"),   # type: ignore[arg-type]
    ]
