"""Every barcode the demo prints classifies as what it is on the demo database (no two kinds collide)."""

from __future__ import annotations

from pathlib import Path

from terminal.demo import read_codes
from terminal.scanning.classify import classify
from terminal.scanning.types import (
    BadgeScan,
    BoxTypeScan,
    CommandScan,
    CompartmentScan,
    ItemScan,
    LocationScan,
    OrderScan,
    ParcelScan,
    PickupTokenScan,
    ToteScan,
)


def test_demo_identifiers_classify_as_their_kind(demo):
    db, summary = demo
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    gtin14 = one("SELECT barcode FROM sku_barcodes WHERE kind = 'gtin' AND units = 1 ORDER BY barcode LIMIT 1")
    case = one("SELECT barcode FROM sku_barcodes WHERE kind = 'gtin' AND units > 1 LIMIT 1")
    token = read_codes(Path(summary.db_path))["parcels"][0]["qr_token"]
    expected = {
        "B-1001": BadgeScan, "B-1000": BadgeScan, "T-001": ToteScan, "T-120": ToteScan,
        "A-01-01-1L": LocationScan, "B-12-20-4R": LocationScan, "BOX-M": BoxTypeScan, "BOX-ENV-S": BoxTypeScan,
        gtin14[1:]: ItemScan, gtin14: ItemScan, case: ItemScan, "SKU-10001": ItemScan,
        one("SELECT ref FROM orders LIMIT 1"): OrderScan,
        one("SELECT tracking_number FROM parcels LIMIT 1"): ParcelScan,
        one("SELECT id FROM compartments LIMIT 1"): CompartmentScan,
        f"HQR:{token}": PickupTokenScan, "CMD:SHORT": CommandScan,
    }
    for raw, kind in expected.items():
        scan = classify(db, raw)
        assert isinstance(scan, kind), (raw, scan)
    item = classify(db, case)
    assert isinstance(item, ItemScan) and item.units in (6, 12)
    gs1 = classify(db, f"]C101{gtin14}17270630" "10L2611A")
    assert isinstance(gs1, ItemScan) and gs1.batch == "L2611A" and gs1.sku_code
