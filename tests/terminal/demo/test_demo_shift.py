"""The shift so far: picked and packed orders leave the rows the operations would, and the
supervisor's KPIs have data (pick and pack rates, perfect orders, scan errors, at risk and late)."""

from __future__ import annotations

from terminal.clock import parse_iso
from terminal.stats.kpis import compute_kpis
from terminal.stats.window import window_for


def test_shift_orders_are_picked_or_packed_with_consistent_rows(demo):
    db, summary = demo
    assert summary.shift_picked > 200 and 0 < summary.shift_packed < summary.shift_picked
    statuses = dict(db.execute("SELECT status, count(*) FROM orders GROUP BY status"))
    assert statuses.pop("open") == 300 and statuses.pop("picked") == summary.shift_picked - summary.shift_packed
    assert sum(statuses.values()) == summary.shift_packed and set(statuses) <= {"packed", "handed_over"}
    one = lambda sql, *params: db.execute(sql, params).fetchone()[0]  # noqa: E731
    # every line of a picked or packed order was picked by a done task, after the shift began
    assert one("SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status != 'open'"
               " AND (l.picked_qty != l.qty OR NOT EXISTS (SELECT 1 FROM pick_tasks t WHERE t.line_id = l.id"
               " AND t.status = 'done' AND t.done_at >= ?))", summary.shift_start) == 0
    assert one("SELECT count(*) FROM orders WHERE status IN ('packed', 'handed_over') AND (packed_at IS NULL"
               " OR packed_at < picked_at OR id NOT IN (SELECT order_id FROM packages))") == 0
    assert one("SELECT count(*) FROM orders o JOIN packages p ON p.order_id = o.id WHERE o.status = 'handed_over'"
               " AND (o.handed_over_at != o.ship_by OR p.handed_over_at != o.ship_by OR o.packed_at > o.ship_by)") == 0
    assert one("SELECT count(*) FROM packages WHERE packed_at > ? OR sscc IS NULL", summary.now) == 0
    # orders waiting for packing sit in totes; packed ones do not
    assert one("SELECT count(*) FROM totes t JOIN orders o ON o.id = t.order_id WHERE o.status = 'picked'") == \
        summary.shift_picked - summary.shift_packed
    assert one("SELECT count(*) FROM totes t JOIN orders o ON o.id = t.order_id WHERE o.status != 'picked'") == 0
    assert one("SELECT count(*) FROM user_sessions WHERE logout_at IS NULL OR logout_at > ?", summary.now) == 0


def test_a_later_now_hands_over_what_was_packed_before_the_truck_left(tmp_path, make_demo):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    db, summary = make_demo(tmp_path / "afternoon.db", orders=40,
                            now=datetime(2026, 11, 23, 14, 30, tzinfo=ZoneInfo("Europe/Warsaw")))
    handed = db.execute("SELECT count(*) FROM orders WHERE status = 'handed_over'").fetchone()[0]
    assert handed > 50
    kpis = compute_kpis(db, window_for(db, parse_iso(summary.now), None, None))
    assert kpis["otst_median_s"] > 0 and 0 < kpis["on_time_rate"] <= 1 and kpis["fill_rate"] == 1.0
    assert kpis["late"] == summary.late_orders


def test_ssccs_have_valid_check_digits(demo_db):
    from biip.sscc import Sscc

    for (sscc,) in demo_db.execute("SELECT sscc FROM packages"):
        assert Sscc.parse(sscc).value == sscc


def test_the_supervisor_kpis_have_data(demo):
    db, summary = demo
    now = parse_iso(summary.now)
    kpis = compute_kpis(db, window_for(db, now, None, None))
    assert 30 < kpis["pick_rate_lph"] < 150 and 20 < kpis["pack_rate_oph"] < 120
    assert 0.9 < kpis["perfect_order_rate"] <= 1.0 and kpis["scan_error_per_1000"] >= 0
    assert kpis["late"] == summary.late_orders and kpis["at_risk"] > 0
    assert kpis["door_faults"]["total"] >= 1 and kpis["locker_utilisation"] > 0.2
    # the headline tiles were empty at the demo's start (no truck had left): the morning's express run
    # has gone now, so order-to-ship time, on-time handover and fill rate have figures
    assert kpis["otst_median_s"] > 0 and kpis["otst_p90_s"] >= kpis["otst_median_s"]
    assert 0.5 < kpis["on_time_rate"] <= 1.0 and kpis["fill_rate"] == 1.0
