"""A small warehouse + locker for simulator tests: master data inserted directly (a fixture, like
the demo generator would make); everything the simulation then does goes through the real ops."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlite_utils

from terminal.catalog.layout import parse_layout
from terminal.clock import iso
from terminal.lockers.site import install_site

LAYOUT = """[layout]
name = "Sim hall"
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

START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)   # a Monday


def build_world(db: sqlite_utils.Database, *, orders: int = 150, skus: int = 60, seed: int = 7,
                pickers: int = 3, packers: int = 2, locker: str | None = "LK1") -> None:
    """`locker`: the id of the locker site installed beside the hall (2 boards), None for none."""
    rng = random.Random(seed)
    db.execute("PRAGMA synchronous=OFF")       # fixture data: no need to wait for the disk
    layout = parse_layout(LAYOUT)
    db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('WH', 'Hall', 'warehouse', 'UTC')")
    db.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L1', 'WH', 'Sim hall', ?)", (LAYOUT,))
    locations = layout.all_locations(1)
    for loc in locations:
        db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                   " VALUES (?, 'L1', ?, ?, ?, ?, ?)",
                   (layout.location_code(loc.aisle, loc.bay, loc.level, loc.side), loc.zone, loc.aisle, loc.bay,
                    loc.level, loc.side))
    codes = [layout.location_code(loc.aisle, loc.bay, loc.level, loc.side) for loc in locations]
    for n in range(skus):
        sku = f"SKU-{n:03d}"
        db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                   " VALUES (?, ?, 100, 80, 50, 300)", (sku, f"Thing {n}"))
        db.execute("INSERT INTO sku_barcodes (barcode, sku_code) VALUES (?, ?)", (f"0590000{n:07d}", sku))
        for code in rng.sample(codes, 2):
            db.execute("INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, 500)", (code, sku))
    # the shelves' stock opens the stock card, as terminal migration 0110 does for a database that had stock
    db.execute("INSERT INTO stock_movements (id, at, location_code, sku_code, delta, kind) SELECT 'opening:' ||"
               " location_code || '|' || sku_code, ?, location_code, sku_code, qty, 'opening' FROM inventory",
               (START.isoformat(timespec="milliseconds"),))
    db.execute("INSERT INTO carriers (code, name) VALUES ('DPD', 'DPD')")
    for code, inner, tare, limit in (("S", (380, 300, 70), 120, 5000), ("M", (380, 300, 180), 220, 10000)):
        db.execute("INSERT INTO box_types (code, name, barcode, inner_length_mm, inner_width_mm, inner_height_mm,"
                   " tare_g, max_weight_g, locker_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'B')",
                   (code, f"Box {code}", f"BOX-{code}", *inner, tare, limit))
    for weekday in range(7):
        for departs in ("11:00", "15:00"):
            db.execute("INSERT INTO carrier_departures (carrier_code, weekday, departs_at) VALUES ('DPD', ?, ?)",
                       (weekday, departs))
    people = ([(f"pick{i}", "picker") for i in range(pickers)] + [(f"pack{i}", "packer") for i in range(packers)]
              + [("courier", "courier"), ("tech", "technician"), ("sup", "supervisor")])
    for uid, role in people:
        db.execute("INSERT INTO users (id, name, roles, language) VALUES (?, ?, ?, 'en')", (uid, uid.title(), role))
    for n in range(orders):
        oid = f"ord-{n:05d}"
        created = START - timedelta(hours=rng.uniform(1, 14))
        ship_by = START + timedelta(hours=rng.choice((5, 9, 9, 9, 29)))
        db.execute("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name, created_at,"
                   " ship_by) VALUES (?, ?, 'NEXT_DAY', 'DPD', 'courier', 'Jan', ?, ?)",
                   (oid, f"SIM-{n:05d}", iso(created), iso(ship_by)))
        for line, sku in enumerate(rng.sample(range(skus), rng.randint(1, 3)), 1):
            db.execute("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, ?, ?, ?)",
                       (f"{oid}-{line}", oid, line, f"SKU-{sku:03d}", rng.choice((1, 1, 1, 2, 3))))
    db.conn.commit()
    if locker is not None:
        install_site(db, locker, boards=2)
    db.execute("PRAGMA synchronous=FULL")
