"""A small catalogue with one of everything a scan can name, in a real migrated database."""

from __future__ import annotations

import pytest
import sqlite_utils

from terminal.people.badges import register_badge
from terminal.store import transaction

GTIN13 = "5901234123457"          # stored as 05901234123457
GTIN8 = "96385074"                # stored as 00000096385074
UPC12 = "036000291452"            # stored as 00036000291452
CASE_GTIN14 = "15901234123454"    # a case of 6
SSCC = "376130321109103420"


def fill_catalogue(db: sqlite_utils.Database) -> None:
    with transaction(db):
        db.execute("INSERT INTO sites (id, name, kind) VALUES ('WH1', 'Warehouse', 'warehouse'),"
                   " ('LK1', 'Locker', 'locker')")
        db.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L1', 'WH1', 'main', '')")
        db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                   " VALUES ('A01-03-2L', 'L1', 'A', 1, 3, 2, 'L')")
        db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                   " VALUES ('SKU-0001', 'Mug', 100, 100, 100, 300), ('SKU-0002', 'Mouse', 80, 50, 30, 90),"
                   " ('SKU-0003', 'Cable', 80, 50, 30, 90)")
        db.execute("INSERT INTO sku_barcodes (barcode, sku_code, kind, units) VALUES"
                   f" ('0{GTIN13}', 'SKU-0001', 'gtin', 1), ('{CASE_GTIN14}', 'SKU-0001', 'gtin', 6),"
                   f" ('000000{GTIN8}', 'SKU-0002', 'gtin', 1), ('00{UPC12}', 'SKU-0003', 'gtin', 1),"
                   " ('INT-MOUSE', 'SKU-0002', 'internal', 1)")
        db.execute("INSERT INTO carriers (code, name) VALUES ('DPD', 'DPD Polska')")
        db.execute("INSERT INTO box_types (code, name, barcode, inner_length_mm, inner_width_mm, inner_height_mm,"
                   " tare_g, max_weight_g) VALUES ('S', 'Small', 'BOX-S', 200, 150, 100, 80, 5000)")
        db.execute("INSERT INTO users (id, name, roles) VALUES ('u1', 'Ala', 'picker')")
        register_badge(db, "B0001", "u1")
        db.execute("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name, created_at)"
                   " VALUES ('o1', 'ORD-000123', 'NEXT_DAY', 'DPD', 'courier', 'Jan', '2026-01-01T00:00:00Z')")
        db.execute("INSERT INTO totes (code) VALUES ('T-0042')")
        db.execute("INSERT INTO packages (id, order_id, tracking_number, sscc) VALUES"
                   f" ('p1', 'o1', 'DPD0000000001', '{SSCC}')")
        db.execute("INSERT INTO lock_boards (id, site_id, board_no) VALUES ('b0', 'LK1', 0)")
        db.execute("INSERT INTO compartments (id, site_id, board_id, lock_no, size_class)"
                   " VALUES ('LK1-A01', 'LK1', 'b0', 1, 'A')")
        db.execute("INSERT INTO parcels (id, site_id, tracking_number, announced_at)"
                   " VALUES ('x1', 'LK1', 'INP123456789', '2026-01-01T00:00:00Z')")


@pytest.fixture
def scan_db(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    fill_catalogue(fresh_db)
    return fresh_db
