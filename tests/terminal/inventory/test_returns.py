"""Returns at the warehouse through the return session and its ops: a parcel is found by what is
scanned on it, each item is graded, the stock card holds, and what cannot be right is refused or flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns_world import QUARANTINE, returns_world

from terminal.errors import OpRejected
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.returns_session import GRADE, IDLE, ITEMS, LOCATION, REASON, ReturnSession, order_lines
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.scanning.classify import classify

CLERK = User("sup", "Sup", ("supervisor",), (), "en")


def _session(tmp_path: Path) -> tuple[ReturnSession, str]:
    db = returns_world(tmp_path / "t.db")
    order = db.execute("SELECT id FROM orders ORDER BY id LIMIT 1").fetchone()[0]
    return ReturnSession(db, CLERK), order


def _barcode(session: ReturnSession, sku: str) -> str:
    return str(session.db.execute("SELECT barcode FROM sku_barcodes WHERE sku_code = ?", (sku,)).fetchone()[0])


def test_a_parcel_is_received_graded_three_ways_and_the_stock_card_holds(tmp_path: Path) -> None:
    s, order = _session(tmp_path)
    db = s.db
    ref = db.execute("SELECT ref FROM orders WHERE id = ?", (order,)).fetchone()[0]
    out = s.handle(classify(db, "nothing-like-it"))
    assert not out.ok and s.state == IDLE and out.parts[0].code == "ret_order_unknown"
    out = s.handle(classify(db, f"RMA-{ref}"))
    assert out.ok and s.state == ITEMS, out.message
    line = order_lines(db, order)[0]
    shelf = s.db.execute("SELECT location_code FROM inventory WHERE sku_code = ? ORDER BY qty DESC, location_code"
                         " LIMIT 1", (line.sku_code,)).fetchone()[0]
    before = on_hand(db, shelf, line.sku_code)
    s.handle(classify(db, _barcode(s, line.sku_code)))
    assert s.state == GRADE
    assert s.choose(1).ok and s.state == LOCATION and s.item is not None and s.item.suggested == shelf
    refused = s.handle(classify(db, QUARANTINE))          # a restock never goes into quarantine
    assert not refused.ok and refused.parts[0].code == "ret_is_quarantine" and s.state == LOCATION
    assert s.handle(classify(db, shelf)).ok and s.state == ITEMS
    assert on_hand(db, shelf, line.sku_code) == before + 1
    # an item that was never in the order: flagged, quarantined with a reason, the supervisor told
    stranger = db.execute("SELECT code FROM skus WHERE code NOT IN (SELECT sku_code FROM order_lines"
                          " WHERE order_id = ?) LIMIT 1", (order,)).fetchone()[0]
    flagged = s.handle(classify(db, _barcode(s, stranger)))
    assert not flagged.ok and flagged.parts[0].code == "ret_not_in_order"
    assert s.view().prompt.code == "ret_grade_not_in_order"
    s.choose(2)
    assert s.state == REASON
    s.choose(1)
    assert s.state == LOCATION and s.item is not None and s.item.suggested == QUARANTINE
    assert s.handle(classify(db, QUARANTINE)).ok
    assert on_hand(db, QUARANTINE, stranger) == 1
    assert db.execute("SELECT count(*) FROM exceptions WHERE kind = 'return_not_in_order'").fetchone()[0] == 1
    # a disposal moves no stock
    moved = db.execute("SELECT count(*) FROM stock_movements").fetchone()[0]
    s.handle(classify(db, _barcode(s, stranger)))
    s.choose(3)
    assert s.choose(2).ok and s.state == ITEMS
    assert db.execute("SELECT count(*) FROM stock_movements").fetchone()[0] == moved
    done = s.complete()
    assert done.ok and s.state == IDLE and done.parts[0].args[1:] == ("1", "1", "1")
    row = db.execute("SELECT received_at, graded_at, status FROM returns").fetchone()
    assert row[0] and row[1] and row[1] >= row[0] and row[2] == "graded"
    kinds = db.execute("SELECT kind, coalesce(reason, ''), ref_type FROM stock_movements WHERE kind = 'return'")
    assert sorted(tuple(k) for k in kinds) == [("return", "", "return"), ("return", "damaged", "return")]
    assert balance_errors(db) == []


def test_a_return_is_found_by_the_parcel_label_and_refuses_more_than_was_ordered(tmp_path: Path) -> None:
    s, order = _session(tmp_path)
    db = s.db
    db.execute("INSERT INTO packages (id, order_id, tracking_number, sscc) VALUES ('P1', ?, 'TRK1', ?)",
               (order, "359012340000000017"))
    db.conn.commit()
    assert s.handle(classify(db, "TRK1")).ok and s.order_id == order
    line = order_lines(db, order)[0]
    for _ in range(line.ordered):
        s.handle(classify(db, _barcode(s, line.sku_code)))
        s.choose(3)
        s.choose(4)
    more = s.handle(classify(db, _barcode(s, line.sku_code)))    # one more than was ordered
    assert not more.ok and more.parts[0].code == "ret_line_full" and s.item is not None and s.item.line_id is None
    with pytest.raises(OpRejected) as refused:     # the op itself refuses the over-grade of a line
        apply_op(db, "ReturnItemGraded", {"return_id": s.return_id, "sku_code": line.sku_code, "qty": 1,
                                          "grade": "dispose", "line_id": line.line_id, "reason": "other"})
    assert refused.value.code == "more_than_ordered"
    assert s.complete().parts[0].code == "ret_finish_item"
    s.put_aside()
    later = ReturnSession(db, CLERK)         # the stocker logged out half way: the same return carries on
    resumed = later.handle(classify(db, "TRK1"))
    assert resumed.parts[0].code == "ret_resumed" and later.return_id == s.return_id
    assert db.execute("SELECT count(*) FROM returns").fetchone()[0] == 1
    assert s.complete().ok
    with pytest.raises(OpRejected):                # a complete return takes no more items
        apply_op(db, "ReturnCompleted", {"return_id": db.execute("SELECT id FROM returns").fetchone()[0]})
    s2 = ReturnSession(db, CLERK)
    assert s2.handle(classify(db, "359012340000000017")).ok and s2.order_id == order   # by the SSCC


GRADES = st.sampled_from(["restock", "quarantine", "dispose"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_stocked_units_never_exceed_graded_ones_nor_graded_the_ordered_ones(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    """Whatever a person tries: per order line, units back in stock ≤ units graded ≤ units ordered; and the
    stock card holds."""
    db = returns_world(tmp_path_factory.mktemp("ret") / "t.db", orders=4)
    orders = [r[0] for r in db.execute("SELECT id FROM orders")]
    returns: list[str] = []
    for step in range(data.draw(st.integers(1, 25))):
        if not returns or data.draw(st.integers(0, 4)) == 0:
            rid = f"R{step}"
            apply_op(db, "ReturnReceived", {"return_id": rid, "order_id": data.draw(st.sampled_from(orders))})
            returns.append(rid)
            continue
        rid = data.draw(st.sampled_from(returns))
        order = db.execute("SELECT order_id FROM returns WHERE id = ?", (rid,)).fetchone()[0]
        lines = order_lines(db, order)
        line = data.draw(st.sampled_from(lines))
        grade = data.draw(GRADES)
        location = {"restock": "A-01-01-1L", "quarantine": QUARANTINE, "dispose": None}[grade]
        try:
            apply_op(db, "ReturnItemGraded", {
                "return_id": rid, "sku_code": line.sku_code, "qty": data.draw(st.integers(1, 4)), "grade": grade,
                "line_id": data.draw(st.sampled_from([line.line_id, None])), "location_code": location,
                "reason": data.draw(st.sampled_from([None, "damaged"]))})
        except OpRejected as exc:
            assert exc.code in ("more_than_ordered", "reason_needed", "return_closed"), exc.code
        if data.draw(st.integers(0, 6)) == 0:
            try:
                apply_op(db, "ReturnCompleted", {"return_id": rid})
            except OpRejected as exc:
                assert exc.code == "return_closed"
    for line_id, ordered in db.execute("SELECT id, qty FROM order_lines").fetchall():
        graded, stocked = db.execute(
            "SELECT coalesce(sum(qty), 0), coalesce(sum(CASE WHEN grade != 'dispose' THEN qty END), 0)"
            " FROM return_items WHERE line_id = ?", (line_id,)).fetchone()
        assert stocked <= graded <= ordered
    moved = db.execute("SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE kind = 'return'").fetchone()[0]
    stocked = db.execute("SELECT coalesce(sum(qty), 0) FROM return_items WHERE grade != 'dispose'").fetchone()[0]
    assert moved == stocked
    assert balance_errors(db) == []
    db.close()


def test_a_simulated_shift_with_returns_keeps_the_stock_card(tmp_path: Path) -> None:
    """The shift simulator's returns desk drives the real session: parcels of handed-over orders come back,
    are graded, and book stock is still the sum of its movements."""
    from datetime import timedelta

    from returns_world import START

    from terminal.clock import FixedClock
    from terminal.stats.simulate import SimConfig, simulate_shift

    path = tmp_path / "t.db"
    db = returns_world(path, orders=24, seed=11)
    simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=3, seed=11, start=START))
    packages = [r[0] for r in db.execute("SELECT id FROM packages")]
    later = START + timedelta(hours=3)
    apply_op(db, "PackagesHandedOver", {"package_ids": packages, "carrier_code": "DPD", "user_id": "sup",
                                        "label_override_by": "sup"}, clock=FixedClock(later))
    report = simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=2, seed=11, start=later,
                                                return_p=0.5))
    assert report.counts.get("returns_graded", 0) >= 3, report
    assert db.execute("SELECT count(*) FROM returns WHERE status = 'graded'").fetchone()[0] == report.counts[
        "returns_graded"]
    assert db.execute("SELECT count(*) FROM stock_movements WHERE kind = 'return'").fetchone()[0] > 0
    assert db.execute("SELECT count(*) FROM scan_events WHERE context = 'returns'").fetchone()[0] > 0
    for line_id, ordered in db.execute("SELECT id, qty FROM order_lines").fetchall():
        graded = db.execute("SELECT coalesce(sum(qty), 0) FROM return_items WHERE line_id = ?", (line_id,))
        assert graded.fetchone()[0] <= ordered
    assert balance_errors(db) == []
    db.close()
