"""Picking: route quality against the optimum, routing time, next-batch time on 50k orders, scan latency.

* route length / optimum on random pick lists (5–60 picks, 10–30 aisles, 1 and 3 blocks). Single
  block: the optimum is the Ratliff–Rosenthal tour (exact). Three blocks: exact (Held–Karp) up to
  10 distinct points, above that the reference is the `optimal` route (local search), so its ratio
  is 1 by definition and the baselines' ratios are against the best route we know;
* routing time at 60 picks (goal ≤ 10 ms);
* building the next batch on the 50k-order demo database (goal ≤ 100 ms) — `bench.fixtures.
  large_demo_db()` when the demo has landed, otherwise a comparable database made here;
* scan-to-next-task latency: the item scan that completes a task until the next task is ready,
  including the op's durable commit (goal p99 ≤ 50 ms).
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.table import Row, percentile
from terminal.catalog.layout import Layout
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.people.badges import User
from terminal.picking import routing

AREA = "picking"


def _layout(aisles: int, blocks: int) -> Layout:
    return Layout("bench", aisles, 3.0, blocks, 20 if blocks == 1 else 10, 1.2, 2.0, 1, {"A": (1, aisles)})


def _points(rnd: random.Random, layout: Layout, picks: int) -> list[tuple[int, int]]:
    points: set[tuple[int, int]] = set()
    while len(points) < picks:
        points.add((rnd.randint(1, layout.aisles), rnd.randint(1, layout.blocks * layout.bays_per_block)))
    return list(points)


def _route_quality() -> list[Row]:
    rows = []
    rnd = random.Random(7)
    for blocks in (1, 3):
        ratios: dict[str, list[float]] = {"optimal": [], "s-shape": [], "largest-gap": []}
        for _ in range(40 if blocks == 1 else 24):
            layout = _layout(rnd.randint(10, 30), blocks)
            points = _points(rnd, layout, rnd.randint(5, 60))
            if blocks == 1:
                best = routing.points_length(layout, routing.ratliff_rosenthal(layout, points))
            elif len(points) <= routing.EXACT_LIMIT:
                best = routing.points_length(layout, routing.held_karp(layout, points))
            else:
                best = routing.points_length(layout, routing.improved_baseline(layout, points))
            ratios["optimal"].append(routing.points_length(layout, _by(layout, points, "optimal")) / best)
            ratios["s-shape"].append(routing.points_length(layout, routing.s_shape(layout, points)) / best)
            ratios["largest-gap"].append(routing.points_length(layout, routing.largest_gap(layout, points)) / best)
        ref = "exact optimum" if blocks == 1 else "exact ≤10 points, else best known (local search)"
        for name, values in ratios.items():
            rows.append(Row(AREA, f"route length / optimum, {name}, {blocks} block{'s' if blocks > 1 else ''}",
                            f"mean {statistics.fmean(values):.3f}, max {max(values):.3f}", "",
                            f"{len(values)} lists, 5–60 picks, 10–30 aisles; vs {ref}"))
    return rows


def _by(layout: Layout, points: list[tuple[int, int]], algorithm: str) -> list[tuple[int, int]]:
    if layout.blocks == 1:
        return routing.ratliff_rosenthal(layout, points)
    if len(points) <= routing.EXACT_LIMIT:
        return routing.held_karp(layout, points)
    return routing.improved_baseline(layout, points)


def _routing_time() -> list[Row]:
    rows = []
    rnd = random.Random(11)
    for blocks, aisles in ((1, 30), (3, 30)):
        layout = _layout(aisles, blocks)
        codes = [layout.location_code(a, b, 1, "L") for a, b in _points(rnd, layout, 60)]
        times = []
        for _ in range(30 if blocks == 1 else 10):
            started = time.perf_counter()
            routing.route_codes(layout, codes, "optimal")
            times.append((time.perf_counter() - started) * 1000)
        rows.append(Row(AREA, f"routing time, 60 picks, {aisles} aisles, {blocks} block{'s' if blocks > 1 else ''}",
                        f"p50 {statistics.median(times):.1f} ms, p99 {percentile(times, 0.99):.1f} ms",
                        "≤ 10 ms", "optimal (RR DP)" if blocks == 1 else "optimal (baselines + 2-opt/Or-opt)"))
    return rows


# --- a 50k-order database -----------------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
BATCHES = 10          # carts picked for the scan-latency figure


def _make_large_db(path: Path, orders: int = 50_000) -> Path:
    from terminal.catalog.layout import parse_layout
    from terminal.store import open_db

    toml = ("[layout]\nname = \"bench hall\"\naisles = 12\naisle_pitch_m = 3.0\nblocks = 1\nbays_per_block = 20\n"
            "bay_width_m = 1.2\ncross_aisle_m = 2.0\ndepot_aisle = 1\nzones = { A = [1, 6], B = [7, 12] }\n")
    layout = parse_layout(toml)
    rnd = random.Random(3)
    db = open_db(path, create=True)
    conn = db.conn
    with conn:
        conn.execute("INSERT INTO sites (id, name, kind) VALUES ('S', 'Bench', 'warehouse')")
        conn.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L', 'S', 'bench hall', ?)", (toml,))
        locs = layout.all_locations(4)
        conn.executemany("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                         " VALUES (?, 'L', ?, ?, ?, ?, ?)",
                         [(loc.code, loc.zone, loc.aisle, loc.bay, loc.level, loc.side) for loc in locs])
        skus = [f"SKU-{n:05d}" for n in range(2000)]
        conn.executemany("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                         " VALUES (?, ?, 100, 100, 100, 300)", [(s, f"Product {s}") for s in skus])
        conn.executemany("INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, ?)",
                         [(locs[(i * 7) % len(locs)].code, s, 10_000) for i, s in enumerate(skus)]
                         + [(locs[(i * 13 + 5) % len(locs)].code, s, 500) for i, s in enumerate(skus)])
        conn.execute("INSERT INTO carriers (code, name) VALUES ('DPD', 'DPD')")
        conn.execute("INSERT INTO users (id, name, roles, zones) VALUES ('p', 'Picker', 'picker', '')")
        conn.execute("INSERT INTO badges (badge, user_id) VALUES ('B-P', 'p')")
        order_rows, line_rows = [], []
        services = ("EXPRESS_SAME_DAY", "NEXT_DAY", "NEXT_DAY", "STANDARD")
        for n in range(orders):
            oid = f"o{n:06d}"
            created = NOW - timedelta(minutes=rnd.randint(0, 3000))
            wave = NOW.replace(hour=15) + timedelta(hours=3 * rnd.randint(0, 1) + 24 * rnd.randint(0, 9))
            order_rows.append((oid, f"B-{n:06d}", rnd.choice(services), iso(created), iso(wave)))
            for line in range(1, rnd.choice((1, 1, 2, 2, 3, 4)) + 1):
                line_rows.append((f"{oid}-{line}", oid, line, rnd.choice(skus), rnd.choice((1, 1, 1, 2, 3))))
        conn.executemany("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name,"
                         " created_at, ship_by) VALUES (?, ?, ?, 'DPD', 'courier', 'Bench', ?, ?)", order_rows)
        conn.executemany("INSERT OR IGNORE INTO order_lines (id, order_id, line_no, sku_code, qty)"
                         " VALUES (?, ?, ?, ?, ?)", line_rows)
    db.execute("ANALYZE")
    db.close()
    return path


def _large_db() -> tuple[Path, str]:
    try:
        from bench.fixtures import large_demo_db  # type: ignore[import-not-found]

        return large_demo_db(), "demo 50k-order database"
    except ImportError:
        cache = Path(tempfile.gettempdir()) / "handoff-bench-picking-50k.db"
        if not cache.exists():
            _make_large_db(cache.with_suffix(".tmp"))
            cache.with_suffix(".tmp").rename(cache)
        return cache, "own 50k-order database (bench.fixtures not on main yet)"


def _picker(db: object) -> User:
    from terminal.people.badges import user_by_id

    row = db.execute("SELECT id FROM users WHERE (',' || roles || ',') LIKE '%,picker,%' AND active = 1"  # type: ignore[attr-defined]
                     " ORDER BY zones = '' DESC, id LIMIT 1").fetchone()
    user = user_by_id(db, row[0])  # type: ignore[arg-type]
    assert user is not None
    return user


def _batch_and_scan() -> list[Row]:
    from terminal.picking.batching import plan_batch
    from terminal.picking.session import PickSession
    from terminal.scanning.types import ItemScan, LocationScan, ToteScan
    from terminal.store import open_db

    source, note = _large_db()
    work = Path(tempfile.mkdtemp()) / "picking.db"
    shutil.copy(source, work)
    db = open_db(work)
    orders = db.execute("SELECT count(*) FROM orders").fetchone()[0]
    first_ship_by = db.execute("SELECT min(ship_by) FROM orders WHERE status = 'open'").fetchone()[0]
    now = NOW if first_ship_by is None else min(NOW, datetime.fromisoformat(first_ship_by) - timedelta(hours=2))
    picker = _picker(db)
    settings = Settings()
    times, lines = [], []
    plan = None
    for _ in range(15):
        started = time.perf_counter()
        plan = plan_batch(db, picker, now, settings)
        times.append((time.perf_counter() - started) * 1000)
        lines.append(len(plan.tasks) if plan else 0)
    rows = [Row(AREA, "next batch, read-only plan", f"p50 {statistics.median(times):.0f} ms, "
                f"max {max(times):.0f} ms", "≤ 100 ms",
                f"{note}: {orders} orders; {len(plan.orders) if plan else 0} orders, {lines[-1]} tasks per cart")]
    # scan-to-next-task: the scan that completes a task until the next task is on screen
    clock = FixedClock(now)
    latencies: list[float] = []
    other: list[float] = []
    for _ in range(BATCHES):
        session = PickSession(db, picker, clock=clock, settings=settings)
        session.start()
        slot = session.unbound_slot()
        while slot is not None:
            session.handle(ToteScan(raw=f"T-{slot.order_id}", code=f"T-{slot.order_id}"))
            slot = session.unbound_slot()
        while (task := session.current_task()) is not None:
            started = time.perf_counter()
            session.handle(LocationScan(raw=task.location_code, code=task.location_code))
            other.append((time.perf_counter() - started) * 1000)
            for _ in range(task.remaining):
                started = time.perf_counter()
                session.handle(ItemScan(raw=task.sku_code, sku_code=task.sku_code))
                elapsed = (time.perf_counter() - started) * 1000
                following = session.current_task()
                completing = following is None or following.task_id != task.task_id
                (latencies if completing else other).append(elapsed)
            clock.advance(seconds=20)
    db.close()
    shutil.rmtree(work.parent, ignore_errors=True)
    rows.append(Row(AREA, "scan-to-next-task latency", f"p50 {statistics.median(latencies):.1f} ms, "
                    f"p99 {percentile(latencies, 0.99):.1f} ms", "p99 ≤ 50 ms",
                    f"{len(latencies)} completing scans over {BATCHES} batches, durable commit included; other scans "
                    f"p99 {percentile(other, 0.99):.1f} ms"))
    return rows


def run() -> list[Row]:
    return [*_route_quality(), *_routing_time(), *_batch_and_scan()]
