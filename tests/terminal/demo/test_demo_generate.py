"""The demo site is valid: check digits, stock for every line, board channels, layout, ship-by."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from biip.gtin import Gtin

from terminal.catalog.layout import parse_layout
from terminal.clock import iso
from terminal.demo.carriers import SITE_TZ
from terminal.demo.layout import layout_toml
from terminal.demo.shift import shift_start

ROOT = Path(__file__).resolve().parents[3]


def test_counts_meet_the_brief(demo):
    db, summary = demo
    assert summary.skus >= 2000 and summary.orders == 300 and summary.compartments == 48
    assert summary.locations == 12 * 20 * 4 * 2
    assert db.execute("SELECT count(*) FROM orders WHERE status = 'open'").fetchone()[0] == 300
    assert db.execute("SELECT count(*) FROM totes").fetchone()[0] == 120
    assert {row[0] for row in db.execute("SELECT kind FROM sites")} == {"warehouse", "locker"}


def test_every_gtin_has_a_valid_check_digit(demo_db):
    gtins = [row[0] for row in demo_db.execute("SELECT barcode FROM sku_barcodes WHERE kind = 'gtin'")]
    assert len(gtins) >= 2000
    for barcode in gtins:
        assert len(barcode) == 14 and barcode.isdigit()
        parsed = Gtin.parse(barcode)            # raises on a wrong check digit
        assert parsed.prefix is not None and parsed.prefix.value.startswith("590")


def test_every_sku_has_a_gtin13_and_an_internal_code(demo_db):
    rows = demo_db.execute(
        "SELECT s.code, sum(b.kind = 'gtin' AND b.units = 1 AND substr(b.barcode, 1, 4) = '0590'),"
        " sum(b.kind = 'internal' AND b.barcode = s.code) FROM skus s JOIN sku_barcodes b ON b.sku_code = s.code"
        " GROUP BY s.code").fetchall()
    assert len(rows) == demo_db.execute("SELECT count(*) FROM skus").fetchone()[0]
    assert all(row[1] == 1 and row[2] == 1 for row in rows)


def test_every_sku_is_stocked_and_best_sellers_are_in_two_places(demo_db):
    unstocked = demo_db.execute(
        "SELECT count(*) FROM skus WHERE code NOT IN (SELECT sku_code FROM inventory WHERE qty > 0)").fetchone()[0]
    assert unstocked == 0
    multi = demo_db.execute("SELECT count(*) FROM (SELECT sku_code FROM inventory GROUP BY sku_code"
                            " HAVING count(*) >= 2)").fetchone()[0]
    assert multi >= 300


def test_every_order_line_sku_is_stocked_somewhere(demo_db):
    missing = demo_db.execute(
        "SELECT count(*) FROM order_lines l WHERE NOT EXISTS"
        " (SELECT 1 FROM inventory i WHERE i.sku_code = l.sku_code AND i.qty >= l.qty)").fetchone()[0]
    assert missing == 0
    per_order = [row[0] for row in demo_db.execute("SELECT count(*) FROM order_lines GROUP BY order_id")]
    assert min(per_order) >= 1 and max(per_order) <= 5
    assert len(per_order) == demo_db.execute("SELECT count(*) FROM orders").fetchone()[0]


def test_orders_have_ship_by_and_a_mix_of_late_and_upcoming(demo):
    db, summary = demo
    assert db.execute("SELECT count(*) FROM orders WHERE ship_by IS NULL OR promised_date IS NULL").fetchone()[0] == 0
    late = db.execute("SELECT count(*) FROM orders WHERE ship_by < ? AND status != 'handed_over'",
                      (summary.now,)).fetchone()[0]
    assert late == summary.late_orders and 0 < late < 60
    # the morning's same-day run has left: the shift handed over before `now` (the supervisor's headline
    # tiles — order-to-ship time, on-time handover, fill rate — have data at the demo's start)
    gone = db.execute("SELECT count(*) FROM orders WHERE status = 'handed_over' AND handed_over_at <= ? AND"
                      " handed_over_at <= ship_by", (summary.now,)).fetchone()[0]
    assert gone >= 10
    assert db.execute("SELECT count(*) FROM orders WHERE ship_by >= ? AND created_at <= ?",
                      (summary.now, summary.now)).fetchone()[0] > 200
    services = {row[0] for row in db.execute("SELECT DISTINCT service FROM orders")}
    methods = {row[0] for row in db.execute("SELECT DISTINCT delivery_method FROM orders")}
    assert services == {"EXPRESS_SAME_DAY", "NEXT_DAY", "STANDARD"}
    assert methods == {"courier", "locker", "pickup_point"}
    assert db.execute("SELECT count(*) FROM orders WHERE delivery_method = 'locker' AND destination_locker"
                      " IS NOT ?", (summary.locker_site_id,)).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM orders WHERE created_at >= ship_by").fetchone()[0] == 0


def test_every_location_parses_with_the_stored_layout(demo_db):
    layout = parse_layout(demo_db.execute("SELECT toml FROM layouts").fetchone()[0])
    for code, zone, aisle, bay, level, side in demo_db.execute(
            "SELECT code, zone, aisle, bay, level, side FROM locations"):
        loc = layout.parse_location(code)
        assert (loc.zone, loc.aisle, loc.bay, loc.level, loc.side) == (zone, aisle, bay, level, side)


def test_the_committed_layout_file_is_the_one_stored(demo_db):
    committed = (ROOT / "resources" / "demo" / "layout.toml").read_text(encoding="utf-8")
    assert committed == layout_toml() == demo_db.execute("SELECT toml FROM layouts").fetchone()[0]
    assert tomllib.loads(committed)["layout"]["zones"] == {"A": [1, 6], "B": [7, 12]}


def test_every_compartment_is_on_a_board_channel_once(demo_db):
    rows = demo_db.execute(
        "SELECT b.board_no, c.lock_no, c.size_class FROM compartments c JOIN lock_boards b ON b.id = c.board_id"
    ).fetchall()
    assert len(rows) == 48 and all(1 <= lock <= 16 for _, lock, _ in rows)
    assert len({(board, lock) for board, lock, _ in rows}) == 48
    assert {board for board, _, _ in rows} == {0, 1, 2}
    assert {size for _, _, size in rows} == {"A", "B", "C"}


def test_parcels_in_every_state_the_kiosk_needs(demo):
    db, summary = demo
    statuses = dict(db.execute("SELECT status, count(*) FROM parcels WHERE kind = 'delivery' GROUP BY status"))
    assert statuses["announced"] >= 5 and statuses["deposited"] >= 10 and statuses["expired"] >= 1
    near = db.execute("SELECT count(*) FROM parcels WHERE status = 'deposited' AND expires_at > ?"
                      " AND expires_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+6 hours')",
                      (summary.now, summary.now)).fetchone()[0]
    assert near >= 1
    assert db.execute("SELECT count(*) FROM parcels WHERE kind = 'return'").fetchone()[0] >= 2
    # Every parcel in a compartment is behind a closed door in an OCCUPIED compartment.
    assert db.execute(
        "SELECT count(*) FROM parcels p JOIN compartments c ON c.id = p.compartment_id"
        " WHERE p.status IN ('deposited', 'expired') AND (c.state != 'OCCUPIED' OR c.door != 'closed')"
    ).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM parcels WHERE deposited_at IS NOT NULL AND kind = 'delivery'"
                      " AND expires_at != strftime('%Y-%m-%dT%H:%M:%f', deposited_at, '+48 hours') || '+00:00'"
                      ).fetchone()[0] == 0


def test_the_supervisor_queue_has_exceptions_and_the_outbox_is_empty(demo_db):
    kinds = {row[0] for row in demo_db.execute("SELECT kind FROM exceptions WHERE status = 'open'")}
    assert {"short_pick", "door_fault"} <= kinds
    assert demo_db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_every_role_has_a_badge_that_logs_in(demo):
    from terminal.people.badges import ROLES, user_for_badge

    db, summary = demo
    for role in ROLES:
        assert summary.badges[role], role
        for badge in summary.badges[role]:
            assert user_for_badge(db, badge).has_role(role)
    pickers = [user_for_badge(db, b) for b in summary.badges["picker"]]
    assert {"A", "B"} <= {zone for user in pickers for zone in user.zones}


def test_locker_orders_fit_a_locker_sized_box(demo_db):
    from terminal.demo.catalog import BOX_TYPES

    box = next(b for b in BOX_TYPES if b.code == "L")
    rows = demo_db.execute(
        "SELECT o.id, s.length_mm, s.width_mm, s.height_mm, l.qty FROM orders o JOIN order_lines l ON l.order_id = o.id"
        " JOIN skus s ON s.code = l.sku_code WHERE o.delivery_method = 'locker'").fetchall()
    assert rows
    volume: dict[str, int] = {}
    for order_id, length, width, height, qty in rows:
        assert all(d <= i for d, i in zip(sorted((length, width, height)), sorted(box.inner), strict=True))
        volume[order_id] = volume.get(order_id, 0) + length * width * height * qty
    assert max(volume.values()) <= box.inner[0] * box.inner[1] * box.inner[2]


def test_skus_fit_the_largest_box(demo_db):
    from terminal.demo.catalog import BOX_TYPES

    largest = sorted(max(BOX_TYPES, key=lambda b: b.inner[0] * b.inner[1] * b.inner[2]).inner)
    for dims in demo_db.execute("SELECT length_mm, width_mm, height_mm FROM skus"):
        assert all(d <= i for d, i in zip(sorted(dims), largest, strict=True)), dims


def test_promise_and_ship_by_follow_the_carrier_calendar(demo_db):
    from terminal.clock import iso, parse_iso
    from terminal.picking.calendar import CarrierCalendar

    calendar = CarrierCalendar.from_db(demo_db)
    rows = demo_db.execute("SELECT carrier_code, service, created_at, promised_date, ship_by FROM orders").fetchall()
    for carrier, service, created_at, promised, ship_by in rows:
        expected_promise, expected_ship_by = calendar.plan_order(carrier, service, parse_iso(created_at))
        assert (promised, ship_by) == (expected_promise.isoformat(), iso(expected_ship_by))


def test_holidays_cover_this_year_and_next_with_easter(demo):
    db, summary = demo
    days = {row[0] for row in db.execute("SELECT day FROM holidays WHERE calendar = 'PL'")}
    assert {"2026-04-05", "2026-04-06", "2026-06-04", "2027-03-28", "2027-03-29", "2027-05-27",
            "2026-12-24", "2027-11-11"} <= days      # Easter, Easter Monday, Corpus Christi (2026, 2027)


@pytest.mark.parametrize("day", [24, 27])   # a Tuesday and a Friday: yesterday's trucks have left
def test_a_weekday_morning_has_some_late_orders_not_most(tmp_path, make_demo, day):
    db, summary = make_demo(tmp_path / "demo.db", now=datetime(2026, 11, day, 10, 0, tzinfo=SITE_TZ))
    assert 0 < summary.late_orders < summary.orders * 0.15, summary.late_orders
    # nothing the shift packed today was already due on a truck that left before the shift began
    assert db.execute("SELECT count(*) FROM orders WHERE status IN ('picked', 'packed') AND ship_by < ?",
                      (iso(shift_start(datetime(2026, 11, day, 10, 0, tzinfo=SITE_TZ))),)).fetchone()[0] == 0
    db.close()
