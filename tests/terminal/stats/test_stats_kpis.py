"""Every KPI of DESIGN §8 on hand-built rows; the expected figures are worked out in the comments.

Unless a test says otherwise the window is [06:00, 14:00) on 2026-11-23 UTC and now is 14:00."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlite_utils
from stats_rows import T0, Rows, at

from terminal.stats.kpis import (
    KPI_KEYS,
    compute_kpis,
    percentile,
    risk_list,
)
from terminal.stats.window import Window

W = Window(T0, T0 + timedelta(hours=8), T0 + timedelta(hours=8))


def kpis(db: sqlite_utils.Database, window: Window = W) -> dict:
    return compute_kpis(db, window)


def test_no_data_gives_null_for_every_kpi(fresh_db: sqlite_utils.Database) -> None:
    result = kpis(fresh_db)
    assert tuple(result) == KPI_KEYS
    assert result == {key: None for key in KPI_KEYS}


def test_nearest_rank_percentile() -> None:
    # N=5: median rank ceil(2.5)=3, p90 rank ceil(4.5)=5; N=10: p90 rank 9; N=1: every rank is 1.
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([1, 2, 3, 4, 5], 90) == 5
    assert percentile(list(range(1, 11)), 90) == 9
    assert percentile(list(range(1, 11)), 50) == 5
    assert percentile([7], 90) == 7
    assert percentile([], 50) is None


def test_otst_median_and_p90(rows: Rows) -> None:
    # Handed over in the window, OTST = handed − created:
    #   1 h, 2 h, 3 h, 4 h, 10 h → sorted [3600, 7200, 10800, 14400, 36000]
    for created, handed in ((at(6), at(7)), (at(5), at(7)), (at(-1), at(2)), (at(3), at(7)), (at(-3), at(7))):
        rows.order(created=created, handed=handed)
    rows.order(created=at(-3), handed=at(-1))        # handed over before the window: not counted
    rows.order(created=at(1), handed=at(8))          # at 14:00 = stop: outside [start, stop)
    rows.order(created=at(1), handed=at(2), cancelled=at(3))  # cancelled: never counts
    result = kpis(rows.db)
    assert result["otst_median_s"] == 10800.0       # rank ceil(0.5 × 5) = 3
    assert result["otst_p90_s"] == 36000.0          # rank ceil(0.9 × 5) = 5


def test_on_time_rate_counts_handover_exactly_at_ship_by_as_on_time(rows: Rows) -> None:
    rows.order(created=at(-5), ship_by=at(3), handed=at(3))                # exactly at ship_by → on time
    rows.order(created=at(-5), ship_by=at(3), handed=at(3, seconds=1))     # one second late
    rows.order(created=at(-5), ship_by=at(4))                              # never handed over → not on time
    rows.order(created=at(-5), ship_by=at(5), handed=at(1))                # early → on time
    rows.order(created=at(-9), ship_by=at(-1), handed=at(-2))              # ship_by before the window
    rows.order(created=at(-5), ship_by=at(9))                              # ship_by after now: not fallen yet
    rows.order(created=at(-5), ship_by=at(2), cancelled=at(1))             # cancelled
    # 2 on time ÷ 4 orders whose ship_by fell in the window
    assert kpis(rows.db)["on_time_rate"] == pytest.approx(2 / 4)


def test_pick_rate_is_lines_per_logged_in_picker_hour(rows: Rows) -> None:
    o = rows.order(created=at(-1), lines=[(1, 1, 0, 0)] * 12)
    # Picker-hours: p1 04:00–07:00 overlaps 1 h; p1 08:00–11:00 3 h; p2 logged in 12:00, still
    # logged in at now 14:00 → 2 h; p1 as packer does not count.  Total 6 h.
    rows.session("p1", "picker", at(-2), at(1))
    rows.session("p1", "picker", at(2), at(5))
    rows.session("p2", "picker", at(6))
    rows.session("k1", "packer", at(0), at(8))
    # Lines picked in the window: 8 done + 1 short with 1 unit picked = 9.
    for i in range(8):
        rows.task(o, line=i + 1, done=at(2, minutes=10 * i))
    rows.task(o, line=9, done=at(3), status="short", picked_qty=1, qty=2)
    rows.task(o, line=10, done=at(3), status="short", picked_qty=0)    # nothing picked: not a line picked
    rows.task(o, line=11, done=at(-0.5))                               # before the window
    rows.task(o, line=12, done=None, status="open", picked_qty=0)      # not done
    assert kpis(rows.db)["pick_rate_lph"] == pytest.approx(9 / 6)     # 1.5 lines per picker-hour


def test_picker_logged_in_with_no_picks_gives_zero_rate_not_null(rows: Rows) -> None:
    rows.session("p2", "picker", at(1), at(3))   # 2 h logged in, nothing picked: 0 ÷ 2 = 0.0
    result = kpis(rows.db)
    assert result["pick_rate_lph"] == 0.0
    assert result["pack_rate_oph"] is None        # no packer time at all


def test_pack_rate_is_orders_packed_per_packer_hour(rows: Rows) -> None:
    # Packer-hours: 06:00–08:00 = 2 h, 13:00–open = 1 h → 3 h; 6 orders packed in the window.
    rows.session("k1", "packer", at(0), at(2))
    rows.session("k1", "packer", at(7))
    for i in range(6):
        rows.order(created=at(-1), packed=at(1, minutes=i))
    rows.order(created=at(-2), packed=at(-0.01))    # packed 05:59:24: before the window
    assert kpis(rows.db)["pack_rate_oph"] == pytest.approx(6 / 3)


def test_perfect_order_rate(rows: Rows) -> None:
    good1 = rows.order(created=at(-1), packed=at(1))
    rows.order(created=at(-1), packed=at(1))       # good too
    scanned = rows.order(created=at(-1), packed=at(1))
    rows.scan(at(0.5), accepted=False, order_id=scanned)          # a wrong scan on it
    rows.order(created=at(-1), packed=at(1), lines=[(2, 1, 1, 1)])  # short_qty 1
    weighed = rows.order(created=at(-1), packed=at(1))
    rows.exception("weight_mismatch", at(1), ref_id=rows.package(weighed))
    shorted = rows.order(created=at(-1), packed=at(1))
    rows.exception("short_pick", at(0.5), ref_id=rows.task(shorted, done=at(0.5)))
    rows.scan(at(0.5), accepted=True, order_id=good1)             # accepted scans do not spoil it
    unpacked = rows.order(created=at(-1))                         # not packed: not in the base
    rows.scan(at(0.5), accepted=False, order_id=unpacked)
    # 2 perfect ÷ 6 packed
    assert kpis(rows.db)["perfect_order_rate"] == pytest.approx(2 / 6)


def test_scan_error_rate_per_thousand(rows: Rows) -> None:
    for i in range(8):
        rows.scan(at(1, minutes=i), accepted=i not in (2, 5))     # 2 of 8 rejected
    rows.scan(at(-1), accepted=False)                             # before the window
    assert kpis(rows.db)["scan_error_per_1000"] == pytest.approx(1000 * 2 / 8)   # 250.0


def test_fill_rate_over_orders_handed_over(rows: Rows) -> None:
    rows.order(created=at(-1), handed=at(2), lines=[(2, 2, 0, 2), (3, 1, 2, 1)])  # 3 of 5 units
    rows.order(created=at(-1), handed=at(3), lines=[(5, 5, 0, 5)])                # 5 of 5
    rows.order(created=at(-1), packed=at(3), lines=[(4, 0, 4, 0)])                # not handed over
    # (2 + 1 + 5) ÷ (2 + 3 + 5) = 8 / 10
    assert kpis(rows.db)["fill_rate"] == pytest.approx(0.8)


def test_at_risk_and_late_now(rows: Rows) -> None:
    # No rate data → picking's defaults: 45 s per line, 90 s per order; margin 30 min.
    # An open order with one unpicked line needs 45 + 90 = 135 s; at risk when 14:00 + 135 s > ship_by − 30 min,
    # i.e. ship_by < 14:32:15.
    late = rows.order(created=at(-3), ship_by=at(7, minutes=59, seconds=59))          # 13:59:59 < now → late
    edge = rows.order(created=at(-3), ship_by=at(8))                                  # 14:00 = now → not late; at risk
    risky = rows.order(created=at(-3), ship_by=at(8, minutes=32, seconds=14))         # 14:32:14 → at risk
    rows.order(created=at(-3), ship_by=at(8, minutes=32, seconds=16))                 # 14:32:16 → safe
    rows.order(created=at(-3), ship_by=at(8, minutes=31), picked=at(6), packed=at(7))  # no work left → safe
    rows.order(created=at(-3), ship_by=at(7), handed=at(6))                           # handed over
    rows.order(created=at(-3), ship_by=at(7), cancelled=at(5))                        # cancelled
    rows.order(created=at(-3))                                                        # no ship_by
    rows.order(created=at(9), ship_by=at(8, minutes=5))                               # created after now
    result = kpis(rows.db)
    assert (result["at_risk"], result["late"]) == (2, 1)
    listed = risk_list(rows.db, W)
    assert [(r["id"], r["state"], r["seconds_left"]) for r in listed] == [
        (late, "late", -1.0), (edge, "at_risk", 0.0), (risky, "at_risk", 1934.0)]
    assert listed[2]["remaining_s"] == 135.0


def test_at_risk_uses_this_shifts_measured_rates(rows: Rows) -> None:
    # Packer k1 packs at 13:00, 13:10, … 13:50: five 600 s steps → 600 s per order (picking: default 45 s/line).
    for i in range(6):
        pkg = rows.package(rows.order(created=at(-1), packed=at(7, minutes=10 * i)))
        rows.db.execute("UPDATE packages SET packed_by = 'k1', packed_at = ? WHERE id = ?",
                        (at(7, minutes=10 * i), pkg))
    rows.db.conn.commit()
    # Picked, not packed: 14:00 + 600 s = 14:10 > ship_by − 30 min when ship_by < 14:40.
    rows.order(created=at(-1), ship_by=at(8, minutes=39), picked=at(7))   # at risk
    rows.order(created=at(-1), ship_by=at(8, minutes=41), picked=at(7))   # safe
    assert kpis(rows.db)["at_risk"] == 1


def test_locker_utilisation_now_and_time_weighted(rows: Rows) -> None:
    c1, c2, c3, c4 = (rows.compartment(n) for n in (1, 2, 3, 4))
    c5 = rows.compartment(5, state="OUT_OF_SERVICE")
    rows.parcel(c1, deposited=at(-2), picked_up=at(2))              # overlap 06:00–08:00 = 2 h
    rows.parcel(c2, deposited=at(4))                                # 10:00–now = 4 h, still in
    rows.parcel(c3, deposited=at(6), expires=at(7), expired=at(7))  # 12:00–now = 2 h (expired, not collected)
    rows.parcel(c4, deposited=at(1), collected=at(3), kind="return")  # 07:00–09:00 = 2 h
    rows.parcel(c5, deposited=at(0))                                # out of service: not counted
    rows.parcel(c1, deposited=None, status="announced")             # never deposited
    result = kpis(rows.db)
    # Now: c2 and c3 hold a parcel, 4 active compartments → 2 / 4
    assert result["locker_utilisation"] == pytest.approx(0.5)
    # Time-weighted: (2 + 4 + 2 + 2) h ÷ (4 compartments × 8 h) = 10 / 32
    assert result["locker_utilisation_tw"] == pytest.approx(10 / 32)


def test_dwell_median_and_p90(rows: Rows) -> None:
    c = rows.compartment(1)
    rows.parcel(c, deposited=at(1), picked_up=at(2))                 # 3600 s
    rows.parcel(c, deposited=at(1), picked_up=at(3))                 # 7200 s
    rows.parcel(c, deposited=at(3), picked_up=at(3.5))               # 1800 s
    rows.parcel(c, deposited=at(0), picked_up=at(5))                 # 18000 s
    rows.parcel(c, deposited=at(0), collected=at(5), kind="return")  # a return: no dwell
    rows.parcel(c, deposited=at(-5), picked_up=at(-1))               # picked up before the window
    result = kpis(rows.db)
    # sorted [1800, 3600, 7200, 18000]: median rank ceil(2) = 2, p90 rank ceil(3.6) = 4
    assert (result["dwell_median_s"], result["dwell_p90_s"]) == (3600.0, 18000.0)


def test_first_attempt_pickup_and_a_parcel_expired_then_collected(rows: Rows) -> None:
    c = rows.compartment(1)
    rows.parcel(c, deposited=at(-20), picked_up=at(2), expires=at(4))               # first attempt
    rows.parcel(c, deposited=at(-20), picked_up=at(3), expires=at(3))               # exactly at expiry: first attempt
    rows.parcel(c, deposited=at(-44), expires=at(5), expired=at(5, minutes=5), collected=at(6))  # expired → collected
    rows.parcel(c, deposited=at(-44), expires=at(1), expired=at(1), picked_up=at(2))  # picked up after expiry
    rows.parcel(c, deposited=at(-20), expires=at(9))                                # expires after now: undecided
    rows.parcel(c, deposited=at(-20), picked_up=at(-1), expires=at(20))            # picked up before the window
    result = kpis(rows.db)
    # 2 picked up before expiry ÷ 4 picked up or expired in the window
    assert result["first_attempt_pickup_rate"] == pytest.approx(0.5)
    # The expired-then-collected parcel has no dwell; the three pickups do: 22 h, 23 h and the late one
    # 08:00 − (06:00 − 44 h) = 46 h.  Sorted [22 h, 23 h, 46 h]: median rank 2, p90 rank ceil(2.7) = 3.
    assert result["dwell_median_s"] == 23 * 3600.0
    assert result["dwell_p90_s"] == 46 * 3600.0


def test_door_faults_by_kind_and_out_of_service(rows: Rows) -> None:
    rows.compartment(1, state="FAULT")
    rows.compartment(2, state="OUT_OF_SERVICE")
    rows.compartment(3)
    rows.exception("door_fault", at(1), ref_id="C1", details={"fault": "did_not_open"})
    rows.exception("door_fault", at(2), ref_id="C1", details={"fault": "did_not_open"})
    rows.exception("door_fault", at(3), ref_id="C3", details={"fault": "left_open"})
    rows.exception("door_fault", at(4), ref_id="C2")                  # no detail: counted under its kind
    rows.exception("door_fault", at(-1), ref_id="C2", details={"fault": "left_open"})  # before the window
    rows.exception("weight_mismatch", at(1))                          # not a door fault
    assert kpis(rows.db)["door_faults"] == {
        "total": 4, "by_kind": {"did_not_open": 2, "door_fault": 1, "left_open": 1},
        "out_of_service": 1, "faulted": 1}


def test_door_faults_zero_on_a_locker_without_faults(rows: Rows) -> None:
    rows.compartment(1)
    assert kpis(rows.db)["door_faults"] == {"total": 0, "by_kind": {}, "out_of_service": 0, "faulted": 0}


def test_window_reaching_past_now_stops_at_now(rows: Rows) -> None:
    # Window 06:00–22:00 but now 10:00: the effective window is 4 h. One parcel occupies 1 of 2
    # compartments 06:00–08:00 → 2 h ÷ (2 × 4 h) = 0.25; a picker logged in at 08:00 (still in): 2 h.
    c1 = rows.compartment(1)
    rows.compartment(2)
    rows.parcel(c1, deposited=at(0), picked_up=at(2))
    rows.session("p1", "picker", at(2))
    o = rows.order(created=at(-1), lines=[(1, 1, 0, 0)])
    rows.task(o, done=at(3))
    window = Window(T0, T0 + timedelta(hours=16), T0 + timedelta(hours=4))
    result = compute_kpis(rows.db, window)
    assert result["locker_utilisation_tw"] == pytest.approx(0.25)
    assert result["pick_rate_lph"] == pytest.approx(1 / 2)


def test_door_fault_kinds_from_the_lockers_ops(fresh_db: sqlite_utils.Database) -> None:
    from terminal.clock import FixedClock
    from terminal.lockers.site import install_site
    from terminal.ops import apply_op

    install_site(fresh_db, "LK", boards=1)
    clock = FixedClock(T0 + timedelta(hours=1))
    apply_op(fresh_db, "CompartmentFaulted", {"compartment_id": "LK-b0-l01", "reason": "not_empty"}, clock=clock)
    apply_op(fresh_db, "DoorLeftOpen", {"compartment_id": "LK-b0-l02", "seconds": 61}, clock=clock)
    apply_op(fresh_db, "DoorUnlockRequested", {"journal_id": "j1", "compartment_id": "LK-b0-l03",
                                               "purpose": "deposit"}, clock=clock)
    apply_op(fresh_db, "DoorUnlockOutcome", {"journal_id": "j1", "outcome": "not_opened"}, clock=clock)
    apply_op(fresh_db, "CompartmentOutOfService", {"compartment_id": "LK-b0-l04"}, clock=clock)
    # two faulted by the ops (l01 not empty, l03 did not open), one out of service, of 16
    assert kpis(fresh_db)["door_faults"] == {
        "total": 3, "by_kind": {"door_did_not_open": 1, "left_open": 1, "not_empty": 1},
        "out_of_service": 1, "faulted": 2}
