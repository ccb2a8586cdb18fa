"""Builders for the picking tests' warehouse (importable by the ui tests too)."""

from __future__ import annotations

from terminal.people.badges import register_badge


def add_carrier(db, code: str = "DPD", departures: tuple[str, ...] = ("16:00", "18:00"),
                weekdays: tuple[int, ...] = (0, 1, 2, 3, 4), services: str = "*", transit_days: int = 1) -> None:
    db.execute("INSERT OR IGNORE INTO carriers (code, name, transit_days) VALUES (?, ?, ?)",
               (code, code, transit_days))
    for weekday in weekdays:
        for at in departures:
            db.execute("INSERT INTO carrier_departures (carrier_code, weekday, departs_at, services)"
                       " VALUES (?, ?, ?, ?)", (code, weekday, at, services))
    db.conn.commit()


LAYOUT = """[layout]
name = "WAW-1 hall A"
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

SKUS = {  # code: (name, gtin, location, qty)
    "SKU-MUG": ("Kubek ceramiczny", "05901234123457", "A-02-05-1L", 50),
    "SKU-TEA": ("Herbata czarna", "05901234123464", "A-04-12-2R", 40),
    "SKU-PEN": ("Długopis niebieski", "05901234123471", "B-08-03-1L", 100),
    "SKU-BAG": ("Torba bawełniana", "05901234123488", "B-11-18-3R", 10),
    "SKU-CUP": ("Filiżanka", "05901234123495", "A-05-19-1L", 5),
}


def build_warehouse(db, now_iso: str = "2026-11-23T08:00:00.000+00:00") -> None:
    """A small warehouse: layout, five SKUs with stock, DPD departures, a picker (zone A), a picker
    (all zones) and a packer. Orders are added with add_order."""
    from terminal.catalog.layout import parse_layout

    layout = parse_layout(LAYOUT)
    db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('WAW1', 'Hall A', 'warehouse', 'Europe/Warsaw')")
    db.execute("INSERT INTO layouts (id, site_id, name, toml) VALUES ('L1', 'WAW1', ?, ?)", (layout.name, LAYOUT))
    codes = {entry[2] for entry in SKUS.values()} | {"A-06-10-1L", "B-12-01-1R", "A-03-01-1L"}
    for code in sorted(codes):
        loc = layout.parse_location(code)
        db.execute("INSERT INTO locations (code, layout_id, zone, aisle, bay, level, side)"
                   " VALUES (?, 'L1', ?, ?, ?, ?, ?)",
                   (code, loc.zone, loc.aisle, loc.bay, loc.level, loc.side))
    for sku, (name, gtin, loc, qty) in SKUS.items():
        db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                   " VALUES (?, ?, 100, 100, 100, 200)",
                   (sku, name))
        db.execute("INSERT INTO sku_barcodes (barcode, sku_code) VALUES (?, ?)", (gtin, sku))
        db.execute("INSERT INTO inventory (location_code, sku_code, qty) VALUES (?, ?, ?)", (loc, sku, qty))
    # a second place for mugs, for follow-up tasks
    db.execute("INSERT INTO inventory (location_code, sku_code, qty) VALUES ('A-06-10-1L', 'SKU-MUG', 7)")
    for uid, name, roles, zones, badge in (("u-ala", "Ala", "picker", "A", "B-ALA"),
                                           ("u-ola", "Ola", "picker,packer", "", "B-OLA"),
                                           ("u-pat", "Pat", "packer", "", "B-PAT")):
        db.execute("INSERT INTO users (id, name, roles, zones, language) VALUES (?, ?, ?, ?, 'en')",
                   (uid, name, roles, zones))
        register_badge(db, badge, uid)
    db.conn.commit()
    add_carrier(db)


_ORDER_NO = [0]


def add_order(db, lines: list[tuple[str, int]], *, ref: str | None = None, service: str = "NEXT_DAY",
              ship_by: str | None = "2026-11-23T17:00:00.000+00:00",
              created_at: str = "2026-11-23T07:00:00.000+00:00") -> str:
    _ORDER_NO[0] += 1
    oid = f"o-{_ORDER_NO[0]:05d}"
    db.execute("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name, created_at,"
               " ship_by) VALUES (?, ?, ?, 'DPD', 'courier', 'Jan Kowalski', ?, ?)",
               (oid, ref or f"WAW-{_ORDER_NO[0]:05d}", service, created_at, ship_by))
    for no, (sku, qty) in enumerate(lines, 1):
        db.execute("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, ?, ?, ?)",
                   (f"{oid}-{no}", oid, no, sku, qty))
    db.conn.commit()
    return oid


def add_totes(db, count: int = 8) -> list[str]:
    """Empty totes with printed codes T-001 …, known to the scanner's lookup."""
    codes = [f"T-{n:03d}" for n in range(1, count + 1)]
    for code in codes:
        db.execute("INSERT OR IGNORE INTO totes (code) VALUES (?)", (code,))
    db.conn.commit()
    return codes


def ean13(sku: str) -> str:
    """What a scanner reads from the SKU's printed EAN-13 (its GTIN-14 without the leading 0)."""
    return SKUS[sku][1][1:]
