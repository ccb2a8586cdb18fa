"""Databases for bench_stats: a 50k-order shift (rows written directly, shaped like a simulated shift)
and a small warehouse + locker for timing the simulator itself. Built once, cached in the temp dir."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from terminal.catalog.layout import parse_layout
from terminal.clock import iso
from terminal.store import LATEST_VERSION, open_db

SHIFT_START = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)     # 06:00 in Warsaw
SHIFT_HOURS = 8
CACHE = Path(tempfile.gettempdir()) / "handoff-bench"

LAYOUT = """[layout]
name = "Bench hall"
aisles = 12
aisle_pitch_m = 3.0
blocks = 1
bays_per_block = 20
bay_width_m = 1.2
cross_aisle_m = 2.0
depot_aisle = 1
zones = { A = [1, 6], B = [7, 12] }
location_format = "{zone}-{aisle:02d}-{bay:02d}-{level}{side}"
"""


def _t(hours: float) -> str:
    return iso(SHIFT_START + timedelta(hours=hours))


def _base(db: sqlite_utils.Database, rng: random.Random, skus: int, people: list[tuple[str, str]]) -> list[str]:
    layout = parse_layout(LAYOUT)
    db.execute("INSERT INTO sites (id, name, kind) VALUES ('WH', 'Hall', 'warehouse')")
    db.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L1', 'WH', 'Bench hall', ?)", (LAYOUT,))
    codes = []
    for loc in layout.all_locations(2):
        code = layout.location_code(loc.aisle, loc.bay, loc.level, loc.side)
        codes.append(code)
        db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                   " VALUES (?, 'L1', ?, ?, ?, ?, ?)", (code, loc.zone, loc.aisle, loc.bay, loc.level, loc.side))
    for n in range(skus):
        db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                   " VALUES (?, ?, 100, 80, 50, 300)", (f"SKU-{n:04d}", f"Thing {n}"))
        for code in rng.sample(codes, 2):
            db.execute("INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, 100000)",
                       (code, f"SKU-{n:04d}"))
    db.execute("INSERT INTO carriers (code, name) VALUES ('DPD', 'DPD')")
    for weekday in range(7):
        for departs in ("11:00", "15:00", "18:00"):
            db.execute("INSERT INTO carrier_departures (carrier_code, weekday, departs_at) VALUES ('DPD', ?, ?)",
                       (weekday, departs))
    for uid, role in people:
        db.execute("INSERT INTO users (id, name, roles, language) VALUES (?, ?, ?, 'en')", (uid, uid.title(), role))
    return codes


def big_shift_db(orders: int = 50_000) -> tuple[Path, datetime, datetime]:
    """A database holding one 8-hour shift with `orders` orders handed over (plus the work behind them)."""
    # Named by schema version: a cache built before a migration would lack the new indexes' ANALYZE
    # statistics (and migrating it in place would break a checkout on the older schema).
    path = CACHE / f"stats-shift-{orders}-v{LATEST_VERSION}.db"
    start, end = SHIFT_START, SHIFT_START + timedelta(hours=SHIFT_HOURS)
    if path.exists():
        return path, start, end
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    rng = random.Random(50)
    db = open_db(tmp, create=True)
    db.execute("PRAGMA synchronous=OFF")
    pickers, packers = 60, 25
    people = [(f"pick{i}", "picker") for i in range(pickers)] + [(f"pack{i}", "packer") for i in range(packers)]
    _base(db, rng, 2000, people + [("courier", "courier")])
    sessions = [(f"s-{uid}", uid, role, "", _t(rng.uniform(0, 0.2)), _t(SHIFT_HOURS - rng.uniform(0, 0.2)))
                for uid, role in people]
    db.conn.executemany("INSERT INTO user_sessions (id, user_id, role, terminal, login_at, logout_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)", sessions)
    order_rows, line_rows, task_rows, pkg_rows, scan_rows, exc_rows = [], [], [], [], [], []
    for n in range(orders):
        oid = f"o{n:06d}"
        handed = rng.uniform(0.5, SHIFT_HOURS - 0.01)
        packed = handed - rng.uniform(0.05, 0.5)
        picked = packed - rng.uniform(0.05, 1.0)
        created = picked - rng.uniform(0.5, 20)
        ship_by = rng.choice((6.0, 10.0, 13.0)) + (0.0 if rng.random() < 0.97 else -1.5)
        status = "handed_over"
        if n % 25 == 0:          # some still open at the end of the shift
            status, handed, packed = "picked", None, None
        order_rows.append((oid, f"B-{n:06d}", "NEXT_DAY", "DPD", "courier", "R", _t(created), _t(ship_by), status,
                           _t(picked), _t(packed) if packed else None, _t(handed) if handed else None))
        for line in range(1, rng.randint(1, 3) + 1):
            qty = rng.choice((1, 1, 1, 2, 3))
            short = 1 if rng.random() < 0.01 else 0
            line_id = f"{oid}-{line}"
            line_rows.append((line_id, oid, line, f"SKU-{rng.randrange(2000):04d}", qty, qty - short, short,
                              0 if packed is None else qty - short))
            task_rows.append((f"t{line_id}", oid, line_id, "A-01-01-1L", line_rows[-1][3], qty, qty - short,
                              "short" if short else "done", f"pick{rng.randrange(pickers)}",
                              _t(picked - rng.uniform(0, 0.3))))
            for _ in range(3):
                scan_rows.append((_t(picked - rng.uniform(0, 0.3)), "picking", "x", "item",
                                  0 if rng.random() < 0.01 else 1, oid))
        if packed is not None:
            pkg_rows.append((f"p{oid}", oid, f"pack{rng.randrange(packers)}", _t(packed), _t(handed)))
        if rng.random() < 0.005:
            exc_rows.append((f"e{oid}", "weight_mismatch", _t(packed or picked), "package", f"p{oid}", "weight", "{}"))
    db.conn.executemany("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name,"
                   " created_at, ship_by, status, picked_at, packed_at, handed_over_at)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   order_rows)
    db.conn.executemany("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty, picked_qty, short_qty,"
                   " packed_qty) VALUES (?,?,?,?,?,?,?,?)", line_rows)
    db.conn.executemany("INSERT INTO pick_tasks (id, order_id, line_id, location_code, sku_code, qty, picked_qty,"
                   " status, picker_id, done_at) VALUES (?,?,?,?,?,?,?,?,?,?)", task_rows)
    db.conn.executemany("INSERT INTO packages (id, order_id, packed_by, packed_at, handed_over_at) VALUES (?,?,?,?,?)",
                   pkg_rows)
    db.conn.executemany("INSERT INTO scan_events (at, context, raw, kind, accepted, order_id) VALUES (?,?,?,?,?,?)",
                   scan_rows)
    db.conn.executemany("INSERT INTO exceptions (id, kind, raised_at, ref_type, ref_id, message, details)"
                   " VALUES (?,?,?,?,?,?,?)", exc_rows)
    _big_locker(db, rng)
    db.conn.commit()
    db.execute("PRAGMA synchronous=FULL")
    db.execute("ANALYZE")
    db.close()
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(tmp) + suffix)
        if source.exists():
            source.rename(Path(str(path) + suffix))
    return path, start, end


def _big_locker(db: sqlite_utils.Database, rng: random.Random) -> None:
    from terminal.lockers.site import install_site

    install_site(db, "LK1", boards=3)
    comps = [r[0] for r in db.execute("SELECT id FROM compartments ORDER BY id")]
    rows = []
    for n in range(3000):
        deposited = rng.uniform(-60, SHIFT_HOURS)
        picked = deposited + rng.lognormvariate(1.6, 0.8)
        expires = deposited + 48
        status, picked_at, expired_at, collected_at = "picked_up", _t(picked), None, None
        if picked > expires:
            status, picked_at, expired_at, collected_at = "collected", None, _t(expires), _t(expires + 5)
        rows.append((f"pc{n}", "LK1", f"TRK{n:07d}", status, comps[n % len(comps)], _t(deposited - 1),
                     _t(deposited), _t(expires), picked_at, expired_at, collected_at))
    db.conn.executemany("INSERT INTO parcels (id, site_id, tracking_number, status, compartment_id, announced_at,"
                   " deposited_at, expires_at, picked_up_at, expired_at, collected_at)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def small_world_db(path: Path, orders: int = 400) -> None:
    """A warehouse with 2000 SKUs, `orders` open orders, 8 pickers, 4 packers, a courier and a 32-door locker."""
    from terminal.lockers.site import install_site

    rng = random.Random(9)
    db = open_db(path, create=True)
    db.execute("PRAGMA synchronous=OFF")
    people = ([(f"pick{i}", "picker") for i in range(8)] + [(f"pack{i}", "packer") for i in range(4)]
              + [("courier", "courier"), ("tech", "technician")])
    _base(db, rng, 2000, people)
    for n in range(orders):
        oid = f"o{n:05d}"
        db.execute("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name, created_at,"
                   " ship_by) VALUES (?, ?, 'NEXT_DAY', 'DPD', 'courier', 'R', ?, ?)",
                   (oid, f"S-{n:05d}", _t(-rng.uniform(1, 14)), _t(rng.choice((6, 10, 13, 30)))))
        for line, sku in enumerate(rng.sample(range(2000), rng.randint(1, 3)), 1):
            db.execute("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, ?, ?, ?)",
                       (f"{oid}-{line}", oid, line, f"SKU-{sku:04d}", rng.choice((1, 1, 2))))
    db.conn.commit()
    install_site(db, "LK1", boards=2)
    db.execute("PRAGMA synchronous=FULL")
    db.close()


def describe(path: Path) -> str:
    db = open_db(path)
    try:
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("orders", "order_lines", "pick_tasks", "scan_events", "parcels")}
    finally:
        db.close()
    return json.dumps(counts)
