"""Receiving and putaway on a terminal: units enter at the DOCK on a licence plate (kind receipt, with
lot and expiry), leave it for a shelf (kind putaway), and the stock card holds whatever the stocker does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.errors import OpRejected
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.putaway import suggest_location
from terminal.inventory.receiving import DOCK, expected_lines, lines_on_plate, valid_lpn
from terminal.inventory.receiving_flow import close_delivery, open_delivery, open_plate, put_away, receive
from terminal.ops import apply_op
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stats"))
from sim_world import START, build_world  # noqa: E402


def _world(path: Path):  # type: ignore[no-untyped-def]
    db = open_db(path, create=True)
    build_world(db, orders=5, skus=8, seed=3, locker=None)
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory")
    db.execute("INSERT INTO inbound_deliveries (id, ref, supplier, source, status, created_at)"
               " VALUES ('in1', 'ASN-1', 'Acme', 'asn', 'announced', '2026-11-23T05:00:00+00:00')")
    db.execute("INSERT INTO inbound_lines (id, inbound_id, line_no, sku_code, expected_qty) VALUES"
               " ('il1', 'in1', 1, 'SKU-000', 10), ('il2', 'in1', 2, 'SKU-001', 5)")
    db.conn.commit()
    return db


@pytest.fixture
def db(tmp_path):  # type: ignore[no-untyped-def]
    return _world(tmp_path / "t.db")


def test_a_delivery_is_received_on_a_plate_and_put_away(db) -> None:  # type: ignore[no-untyped-def]
    delivery = open_delivery(db, "ASN-1", "u-stocker")
    assert delivery.id == "in1" and delivery.source == "asn"
    lpn = open_plate(db, delivery.id, "u-stocker")
    assert valid_lpn(lpn) and lpn.startswith("3")
    line = receive(db, delivery.id, lpn, "SKU-000", 12, "u-stocker", lot="L42", expiry="2027-05-31")
    receive(db, delivery.id, lpn, "SKU-001", 3, "u-stocker")
    assert on_hand(db, DOCK, "SKU-000") == 12
    assert tuple(db.execute("SELECT active, zone FROM locations WHERE code = ?", (DOCK,)).fetchone()) == (0, DOCK)
    over_under = {e.sku_code: e.difference for e in expected_lines(db, delivery.id)}
    assert over_under == {"SKU-000": 2, "SKU-001": -2}
    movement = db.execute("SELECT kind, delta, lot, expiry FROM stock_movements WHERE ref_id = ?", (line,)).fetchone()
    assert tuple(movement) == ("receipt", 12, "L42", "2027-05-31")
    target = suggest_location(db, "SKU-000")
    faces = db.execute("SELECT location_code, qty FROM inventory WHERE sku_code = 'SKU-000' AND location_code != ?"
                       " ORDER BY qty, location_code", (DOCK,)).fetchall()
    assert target == faces[0][0]
    before = on_hand(db, target, "SKU-000")
    put_away(db, line, target, target, "u-stocker")
    assert on_hand(db, target, "SKU-000") == before + 12 and on_hand(db, DOCK, "SKU-000") == 0
    row = db.execute("SELECT location_code, put_away_at FROM receipt_lines WHERE id = ?", (line,)).fetchone()
    assert row[0] == target and row[1] is not None
    assert [r.put_away_at is not None for r in lines_on_plate(db, lpn)] == [True, False]
    with pytest.raises(OpRejected) as again:
        put_away(db, line, target, target, "u-stocker")
    assert again.value.code == "already_put_away"
    close_delivery(db, delivery.id, "u-stocker")
    assert balance_errors(db) == []


def test_an_unannounced_delivery_starts_from_its_note(db) -> None:  # type: ignore[no-untyped-def]
    delivery = open_delivery(db, "WZ 17/2026", "u-stocker")
    assert delivery.source == "unannounced" and delivery.ref == "WZ 17/2026" and delivery.status == "receiving"
    assert open_delivery(db, "WZ 17/2026", "u-stocker").id == delivery.id      # the same note opens it again


def test_bad_putaways_are_refused_and_nothing_moves(db) -> None:  # type: ignore[no-untyped-def]
    lpn = open_plate(db, "in1", None)
    line = receive(db, "in1", lpn, "SKU-002", 4, None)
    for where in (DOCK, "NOWHERE"):
        with pytest.raises(OpRejected) as refused:
            put_away(db, line, where, None, None)
        assert refused.value.code == "not_a_shelf"
    with pytest.raises(OpRejected):
        receive(db, "in1", "399999999999999999", "SKU-002", 1, None)
    with pytest.raises(OpRejected):
        apply_op(db, "ItemsReceived", {"receipt_line_id": "x", "inbound_id": "in1", "lpn": lpn, "sku_code": "SKU-002",
                                       "qty": 0})
    assert on_hand(db, DOCK, "SKU-002") == 4 and balance_errors(db) == []


def test_a_sku_on_no_shelf_goes_to_an_empty_location(db) -> None:  # type: ignore[no-untyped-def]
    db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
               " VALUES ('NEW', 'New', 1, 1, 1, 1)")
    db.conn.commit()
    target = suggest_location(db, "NEW")
    assert target is not None and target != DOCK
    held = db.execute("SELECT coalesce(sum(qty), 0) FROM inventory WHERE location_code = ?", (target,)).fetchone()
    assert held[0] == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 7), st.integers(1, 50), st.booleans(), st.booleans()),
                      min_size=1, max_size=12))
def test_received_units_are_put_away_or_still_on_the_dock(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    db = _world(tmp_path_factory.mktemp("recv") / "t.db")
    lpn = open_plate(db, "in1", None)
    lines = []
    for sku_n, qty, store_it, suggested in steps:
        sku = f"SKU-{sku_n:03d}"
        line = receive(db, "in1", lpn, sku, qty, None)
        lines.append(line)
        if store_it:
            target = suggest_location(db, sku) if suggested else "A-01-01-1L"
            assert target is not None
            put_away(db, line, target, suggest_location(db, sku), None)
    received = db.execute("SELECT sku_code, sum(qty) FROM receipt_lines GROUP BY sku_code").fetchall()
    for sku, total in received:
        stored = db.execute("SELECT coalesce(sum(qty), 0) FROM receipt_lines WHERE sku_code = ?"
                            " AND put_away_at IS NOT NULL", (sku,)).fetchone()[0]
        assert total == stored + on_hand(db, DOCK, sku)
        moved_in = db.execute("SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE sku_code = ? AND"
                              " kind = 'putaway' AND location_code != ?", (sku, DOCK)).fetchone()[0]
        assert moved_in == stored
    assert balance_errors(db) == []


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), deliveries=st.integers(1, 4))
def test_a_simulated_shift_with_deliveries_keeps_the_books(tmp_path_factory, seed, deliveries) -> None:  # type: ignore[no-untyped-def]
    """Receiving beside picking and packing: the stock card balances, received = put away + on the dock,
    and every receiving op wrote only what it declares."""
    import json

    from terminal.stats.simulate import SimConfig, simulate_shift
    from terminal.sync.protocol import ENTITIES

    path = tmp_path_factory.mktemp("shift") / "t.db"
    db = _world(path)
    db.execute("INSERT INTO users (id, name, roles, zones, language) VALUES ('u-stock', 'Ewa', 'stocker', '', 'pl')")
    db.conn.commit()
    report = simulate_shift(db, path, SimConfig(pickers=1, packers=1, hours=2.0, seed=seed, start=START,
                                                deliveries=deliveries))
    assert report.counts["receipt_lines"] >= deliveries and "no stocker" not in " ".join(report.missing)
    assert balance_errors(db) == []
    received, stored = db.execute("SELECT sum(qty), sum(CASE WHEN put_away_at IS NOT NULL THEN qty ELSE 0 END)"
                                  " FROM receipt_lines").fetchone()
    assert received == stored + sum(
        on_hand(db, DOCK, r[0]) for r in db.execute("SELECT code FROM skus"))
    names = set()
    for row in db.execute("SELECT op_id, name, footprint FROM outbox").fetchall():
        declared = {tuple(k) for k in json.loads(row[2])}
        captured = {tuple(r) for r in db.execute("SELECT entity, key FROM outbox_footprint WHERE op_id = ?",
                                                 (row[0],)).fetchall()}
        assert captured <= declared, f"{row[1]} wrote {sorted(captured - declared)} beyond its declaration"
        assert all(entity in ENTITIES for entity, _ in declared)
        names.add(row[1])
    assert {"InboundOpened", "LicencePlateOpened", "ItemsReceived", "InboundClosed"} <= names
