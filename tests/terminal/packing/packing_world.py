"""Builders for the packing tests (importable by the ui tests too): boxes, carriers' prefixes and
orders that have been picked into totes, as the picking capability leaves them."""

from __future__ import annotations

from picking_world import add_carrier, add_order, build_warehouse

from terminal.people.badges import register_badge

BOXES = (  # code, barcode, inner mm, tare g, max g, locker size — the demo's box types
    ("ENV-S", "BOX-ENV-S", (240, 170, 30), 15, 1000, "A"),
    ("S", "BOX-S", (380, 300, 70), 120, 5000, "A"),
    ("M", "BOX-M", (380, 300, 180), 220, 10000, "B"),
    ("L", "BOX-L", (400, 380, 390), 380, 20000, "C"),
    ("XL", "BOX-XL", (700, 450, 450), 650, 30000, None),
)


def build_packing_site(db) -> None:
    """The picking tests' warehouse (five 100 mm cubes of 200 g, pickers Ala/Ola, packer Pat) plus box
    types, a supervisor (Sue, badge B-SUE), InPost as a second carrier and carriers' number prefixes."""
    build_warehouse(db)
    for code, barcode, (length, width, height), tare, limit, locker in BOXES:
        db.execute("INSERT INTO box_types (code, name, barcode, inner_length_mm, inner_width_mm, inner_height_mm,"
                   " tare_g, max_weight_g, locker_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (code, f"Box {code}", barcode, length, width, height, tare, limit, locker))
    db.execute("INSERT INTO users (id, name, roles, language) VALUES ('u-sue', 'Sue', 'supervisor', 'en')")
    register_badge(db, "B-SUE", "u-sue")
    db.execute("UPDATE carriers SET tracking_prefix = 'DPD', gs1_company_prefix = '5901234' WHERE code = 'DPD'")
    db.conn.commit()
    add_carrier(db, "INPOST")
    db.execute("UPDATE carriers SET tracking_prefix = '6' WHERE code = 'INPOST'")
    db.conn.commit()


def picked_order(db, lines: list[tuple[str, int]], *, tote: str, ref: str | None = None,
                 carrier: str = "DPD", delivery: str = "courier", short: dict[str, int] | None = None) -> str:
    """An order picked into `tote` (status 'picked', picked_qty = qty minus `short`)."""
    oid = add_order(db, lines, ref=ref)
    short = short or {}
    db.execute("UPDATE orders SET status = 'picked', picked_at = created_at, carrier_code = ?, delivery_method = ?,"
               " destination_locker = CASE WHEN ? = 'locker' THEN 'WAW01M' END WHERE id = ?",
               (carrier, delivery, delivery, oid))
    for sku, _qty in lines:
        db.execute("UPDATE order_lines SET picked_qty = qty - ?, short_qty = ? WHERE order_id = ? AND sku_code = ?",
                   (short.get(sku, 0), short.get(sku, 0), oid, sku))
    db.execute("INSERT INTO totes (code, order_id) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET order_id = ?",
               (tote, oid, oid))
    db.conn.commit()
    return oid
