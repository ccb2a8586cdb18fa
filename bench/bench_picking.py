"""Picking: route quality against an independent optimum, routing time, next-batch time on 50k orders, scan latency.

* route length against an exact reference that shares no code with Handoff (bench/independent_tsp.py:
  layout-v1 written out from the protocol page, HiGHS integer programme with subtour cuts) on random
  pick lists over 2- and 3-block layouts with 10–30 aisles, by picks × blocks: the gap of `optimal`
  (should be +0 %), and of S-shape and largest-gap for context;
* routing time at 60 picks on 3 blocks (goal p99 ≤ 100 ms for the PROVEN optimum), with the share of
  lists proven optimal within the default budget, against the reference solver's time in this run;
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

from bench.independent_tsp import distances, ip_optimum, tour_length
from bench.table import Row, percentile
from terminal.catalog.layout import Layout
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.people.badges import User
from terminal.picking import routing

AREA = "picking"
QUALITY_LISTS = 4          # random lists per picks × blocks cell (each solved by the integer programme)
TIMED_LISTS = 200          # 60-pick lists on 3 blocks for the routing time


def _layout(aisles: int, blocks: int, depot: int = 1) -> Layout:
    return Layout("bench", aisles, 3.0, blocks, 20 if blocks == 1 else 10, 1.2, 2.0, depot, {"A": (1, aisles)})


def _points(rnd: random.Random, layout: Layout, picks: int) -> list[tuple[int, int]]:
    points: set[tuple[int, int]] = set()
    while len(points) < picks:
        points.add((rnd.randint(1, layout.aisles), rnd.randint(1, layout.blocks * layout.bays_per_block)))
    return sorted(points)


def _length(layout: Layout, d: list[list[float]], points: list[tuple[int, int]],
            tour: list[tuple[int, int]]) -> float:
    """A tour's length under the reference's own distances (not Handoff's)."""
    index = {p: i + 1 for i, p in enumerate(points)}
    return tour_length(d, [index[p] for p in tour])


def _gap(values: list[float]) -> str:
    mean, worst = (round(100 * (v - 1), 4) + 0.0 for v in (statistics.fmean(values), max(values)))   # no "-0.00"
    return f"{mean:+.2f} % (max {worst:+.2f} %)"


def _route_quality() -> tuple[list[Row], list[float]]:
    """Rows by picks × blocks, and the reference's solve times at 60 picks on 3 blocks (ms)."""
    rows, reference_ms = [], []
    rnd = random.Random(7)
    for blocks in (2, 3):
        for picks in (20, 40, 60):
            ratios: dict[str, list[float]] = {"optimal": [], "s-shape": [], "largest-gap": [], "fallback": []}
            for _ in range(QUALITY_LISTS):
                aisles = rnd.randint(10, 30)
                layout = _layout(aisles, blocks, rnd.randint(1, aisles))
                points = _points(rnd, layout, picks)
                d = distances(layout, points)
                started = time.perf_counter()
                best = ip_optimum(d)
                if (picks, blocks) == (60, 3):
                    reference_ms.append((time.perf_counter() - started) * 1000)
                ratios["optimal"].append(_length(layout, d, points, routing.optimal_points(layout, points)[0]) / best)
                ratios["s-shape"].append(_length(layout, d, points, routing.s_shape(layout, points)) / best)
                ratios["largest-gap"].append(_length(layout, d, points, routing.largest_gap(layout, points)) / best)
                ratios["fallback"].append(_length(layout, d, points, routing.improved_baseline(layout, points)) / best)
            rows.append(Row(AREA, f"route length over the IP optimum, {picks} picks × {blocks} blocks",
                            f"optimal {_gap(ratios['optimal'])}", "optimal +0 %",
                            f"{QUALITY_LISTS} lists, 10–30 aisles; s-shape {_gap(ratios['s-shape'])}, "
                            f"largest-gap {_gap(ratios['largest-gap'])}; out-of-budget fallback (2-opt/Or-opt) "
                            f"{_gap(ratios['fallback'])}; reference: HiGHS IP, own distances"))
    return rows, reference_ms


def _routing_time(reference_ms: list[float]) -> list[Row]:
    rows = []
    rnd = random.Random(11)
    for blocks in (1, 3):
        times, proven = [], 0
        for _ in range(TIMED_LISTS if blocks == 3 else TIMED_LISTS // 4):
            layout = _layout(rnd.randint(10, 30), blocks)
            codes = [layout.location_code(a, b, 1, "L") for a, b in _points(rnd, layout, 60)]
            started = time.perf_counter()
            route = routing.route_codes(layout, codes, "optimal")
            times.append((time.perf_counter() - started) * 1000)
            proven += route.optimal
        p99 = percentile(times, 0.99)
        note = (f"{proven}/{len(times)} proven optimal within the default {routing.ROUTE_BUDGET_MS:g} ms budget; "
                f"10–30 aisles")
        if blocks == 3 and reference_ms:
            ref, ours = statistics.median(reference_ms), statistics.median(times)
            note += f"; HiGHS IP median {ref:.0f} ms on the same kind of list ({ref / ours:.0f}× ours)"
        rows.append(Row(AREA, f"routing time, proven optimum, 60 picks, {blocks} block{'s' if blocks > 1 else ''}",
                        f"p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms", "p99 ≤ 100 ms", note))
    return rows


# --- a 50k-order database -----------------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
BATCHES = 10          # carts picked for the scan-latency figure


def _make_large_db(path: Path, orders: int = 50_000) -> Path:
    from terminal.catalog.layout import parse_layout
    from terminal.people.badges import register_badge
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
        register_badge(db, "B-P", "p")
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
    quality, reference_ms = _route_quality()
    return [*quality, *_routing_time(reference_ms), *_batch_and_scan()]
