"""The packing flow on a real SQLite file: verify, box, weigh, mismatch, close, label request."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from packing_world import picked_order
from picking_world import SKUS

from terminal.config import Settings
from terminal.packing.numbers import valid_sscc
from terminal.packing.session import IDLE, MISMATCH, VERIFY, WEIGH, NotAPacker, PackSession
from terminal.people.badges import user_by_id
from terminal.scanning.classify import classify
from terminal.stats import kpis
from terminal.stats.window import Window


def session(db, clock, labels=None, settings=None) -> PackSession:
    user = user_by_id(db, "u-pat")
    return PackSession(db, user, clock=clock, settings=settings or Settings(),
                       print_label=labels.append if labels is not None else None)


def scan(db, s: PackSession, raw: str):
    return s.handle(classify(db, raw))


def test_the_whole_flow_packs_labels_and_frees_the_tote(packing_db, clock):
    db = packing_db
    oid = picked_order(db, [("SKU-MUG", 2), ("SKU-TEA", 1)], tote="T-001", ref="R-1")
    labels: list[str] = []
    s = session(db, clock, labels)
    assert scan(db, s, "T-001").ok and s.state == VERIFY and s.order.ref == "R-1"
    assert s.progress() == (0, 3)
    assert scan(db, s, SKUS["SKU-MUG"][1]).ok                       # GTIN-14 as stored
    assert scan(db, s, SKUS["SKU-MUG"][1][1:]).ok                   # EAN-13 as printed
    out = scan(db, s, "SKU-TEA")
    assert out.ok and s.state == WEIGH and "box M" in out.message
    assert s.box.code == "M" and s.expected_weight_g() == 3 * 200 + 220
    clock.advance(seconds=30)
    out = s.weigh(830, "scale")
    assert out.ok and s.state == IDLE, out.message
    package = db.execute("SELECT id, box_type, tracking_number, sscc, weight_g, weight_source, expected_weight_g,"
                         " packed_by, packed_at, locker_size FROM packages WHERE order_id = ?", (oid,)).fetchone()
    assert labels == [package[0]]
    assert package[1:3] == ("M", "DPD000000000001") and valid_sscc(package[3])
    assert package[3].startswith("0590123400") and package[4:8] == (830, "scale", 820, "u-pat")
    assert package[9] is None                                     # courier delivery: no locker size
    order = tuple(db.execute("SELECT status, packed_at FROM orders WHERE id = ?", (oid,)).fetchone())
    assert order == ("packed", package[8])
    assert [r[0] for r in db.execute("SELECT packed_qty FROM order_lines WHERE order_id = ? ORDER BY line_no",
                                     (oid,))] == [2, 1]
    assert db.execute("SELECT order_id FROM totes WHERE code = 'T-001'").fetchone()[0] is None
    names = [r[0] for r in db.execute("SELECT name FROM outbox ORDER BY seq")]
    assert names == ["PackingStarted", "UnitPacked", "UnitPacked", "UnitPacked", "PackageClosed"]
    # the shift statistics see a packed, perfect order
    clock.advance(seconds=1)
    window = Window(clock.now() - timedelta(hours=1), clock.now() + timedelta(hours=1), clock.now())
    assert kpis.orders_packed(db, window) == 1 and kpis.perfect_order_rate(db, window) == 1.0


def test_wrong_item_and_over_scan_count_nothing(packing_db, clock):
    db = packing_db
    oid = picked_order(db, [("SKU-PEN", 1)], tote="T-002")
    s = session(db, clock)
    scan(db, s, "T-002")
    out = scan(db, s, "SKU-CUP")
    assert not out.ok and "Wrong item" in out.message and s.state == VERIFY
    assert scan(db, s, "SKU-PEN").ok and s.state == WEIGH
    out = scan(db, s, "SKU-PEN")
    assert not out.ok and "Too many" in out.message
    assert db.execute("SELECT packed_qty FROM order_lines WHERE order_id = ?", (oid,)).fetchone()[0] == 1
    assert [r[0] for r in db.execute("SELECT name FROM outbox")] == ["PackingStarted", "UnitPacked"]


def test_a_gs1_string_and_a_case_barcode_count_their_units(packing_db, clock):
    db = packing_db
    db.execute("INSERT INTO sku_barcodes (barcode, sku_code, kind, units) VALUES ('15901234123454', 'SKU-PEN',"
               " 'gtin', 3)")
    db.conn.commit()
    picked_order(db, [("SKU-PEN", 4), ("SKU-MUG", 2)], tote="T-003")
    s = session(db, clock)
    scan(db, s, "T-003")
    out = scan(db, s, "]C1" + "0105901234123457" + "3002")         # GS1-128: 2 mugs (AI 30)
    assert out.ok and s.progress() == (2, 6), out.message
    out = scan(db, s, "15901234123454")                           # a case of 3 pens
    assert out.ok and s.progress() == (5, 6)
    out = scan(db, s, "15901234123454")                           # another case: only 1 pen left
    assert not out.ok and "only 1 more" in out.message and s.progress() == (5, 6)


def test_weight_mismatch_then_recount_then_supervisor(packing_db, clock):
    db = packing_db
    oid = picked_order(db, [("SKU-BAG", 1)], tote="T-004")
    s = session(db, clock, [])
    scan(db, s, "T-004")
    scan(db, s, "SKU-BAG")
    expected = s.expected_weight_g()
    assert s.tolerance() == 30                                     # 5 % of 420 g is under the 30 g floor
    out = s.weigh(expected + 31, "typed")
    assert not out.ok and s.state == MISMATCH and "recount" in out.message
    exc = db.execute("SELECT kind, ref_id, details FROM exceptions").fetchone()
    assert exc[:2] == ("weight_mismatch", oid) and json.loads(exc[2])["weight_g"] == expected + 31
    assert not scan(db, s, "B-OLA").ok                             # a packer/picker is no supervisor
    assert scan(db, s, "CMD:RECOUNT").kind == "info" and s.state == VERIFY and s.progress() == (0, 1)
    scan(db, s, "SKU-BAG")
    assert not s.weigh(expected - 200, "typed").ok and s.state == MISMATCH
    out = scan(db, s, "B-SUE")
    assert out.ok and "accepted by Sue" in out.message and s.state == IDLE
    assert db.execute("SELECT weight_g FROM packages WHERE order_id = ?", (oid,)).fetchone()[0] == expected - 200
    assert db.execute("SELECT count(*) FROM exceptions WHERE kind = 'weight_mismatch'").fetchone()[0] == 2
    clock.advance(seconds=1)
    window = Window(clock.now() - timedelta(hours=1), clock.now() + timedelta(hours=1), clock.now())
    assert kpis.orders_packed(db, window) == 1 and kpis.perfect_order_rate(db, window) == 0.0
    assert tuple(db.execute("SELECT action, user_id FROM audit_log WHERE action = 'weight_override'").fetchone()) == (
        "weight_override", "u-sue")


def test_box_override_by_barcode_and_locker_size(packing_db, clock):
    db = packing_db
    oid = picked_order(db, [("SKU-PEN", 1)], tote="T-005", delivery="locker", carrier="INPOST")
    s = session(db, clock)
    scan(db, s, "T-005")
    scan(db, s, "SKU-PEN")
    assert s.box.code == "M"                                       # a 100 mm cube: M is the smallest fit
    out = scan(db, s, "BOX-S")
    assert not out.ok and "does not fit" in out.message and s.box.code == "M"
    assert scan(db, s, "BOX-XL").ok and s.box.code == "XL"
    out = s.weigh(s.expected_weight_g(), "typed")
    assert not out.ok and "locker" in out.message                  # XL fits no compartment
    assert scan(db, s, "BOX-L").ok
    assert s.weigh(s.expected_weight_g(), "typed").ok
    assert tuple(db.execute("SELECT locker_size, box_type, tracking_number FROM packages WHERE order_id = ?",
                            (oid,)).fetchone()) == ("C", "L", "6000000000001")


def test_refusals_are_one_sentence(packing_db, clock):
    db = packing_db
    from picking_world import add_order

    add_order(db, [("SKU-TEA", 1)], ref="R-OPEN")
    picked_order(db, [("SKU-TEA", 1)], tote="T-006", ref="R-A")
    picked_order(db, [("SKU-CUP", 1)], tote="T-007", ref="R-B")
    db.execute("INSERT INTO totes (code) VALUES ('T-EMPTY')")
    db.conn.commit()
    s = session(db, clock)
    assert "not picked yet" in scan(db, s, "R-OPEN").message
    assert "holds no order" in scan(db, s, "T-EMPTY").message
    assert "Scan a tote" in scan(db, s, "SKU-TEA").message
    assert s.weigh(100).ok is False
    scan(db, s, "T-006")
    assert "Finish order R-A first" in scan(db, s, "T-007").message
    assert scan(db, s, "CMD:CANCEL").kind == "info" and s.state == IDLE
    assert scan(db, s, "T-007").ok and s.order.ref == "R-B"
    with pytest.raises(NotAPacker):
        PackSession(db, user_by_id(db, "u-ala"), clock=clock)


def test_a_failed_label_request_keeps_the_package(packing_db, clock):
    from terminal.errors import HandoffError

    db = packing_db
    oid = picked_order(db, [("SKU-TEA", 1)], tote="T-008")

    def broken(package_id: str) -> None:
        raise HandoffError("The printer queue is not set up.")

    s = PackSession(db, user_by_id(db, "u-pat"), clock=clock, print_label=broken)
    scan(db, s, "T-008")
    scan(db, s, "SKU-TEA")
    out = s.weigh(s.expected_weight_g())
    assert not out.ok and "could not be queued" in out.message and s.last_package.label_error
    assert db.execute("SELECT status FROM orders WHERE id = ?", (oid,)).fetchone()[0] == "packed"


def test_a_put_aside_order_resumes_with_its_count(packing_db, clock):
    db = packing_db
    picked_order(db, [("SKU-MUG", 3)], tote="T-009")
    s = session(db, clock)
    scan(db, s, "T-009")
    scan(db, s, "SKU-MUG")
    s.put_aside()
    again = session(db, clock)
    scan(db, again, "T-009")
    assert again.progress() == (1, 3) and again.state == VERIFY


def test_tolerance_percent_from_settings(packing_db, clock):
    db = packing_db
    picked_order(db, [("SKU-MUG", 2), ("SKU-TEA", 2), ("SKU-PEN", 2)], tote="T-010")
    settings = Settings({"packing": {"weight_tolerance_pct": 10.0, "weight_tolerance_min_g": 5}})
    s = session(db, clock, settings=settings)
    scan(db, s, "T-010")
    for sku in ("SKU-MUG", "SKU-MUG", "SKU-TEA", "SKU-TEA", "SKU-PEN", "SKU-PEN"):
        scan(db, s, sku)
    expected = s.expected_weight_g()
    assert s.tolerance() == round(expected * 0.1)
    assert s.weigh(expected + s.tolerance()).ok
