"""Every KPI of DESIGN §8 on hand-built shifts made through the ops (shift_ops.py, locker_ops.py);
the expected figures are worked out in the comments.

Unless a test says otherwise the window is [06:00, 14:00) on 2026-11-23 UTC and now is 14:00."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlite_utils
from locker_ops import Locker, comp
from shift_ops import T0, Shift

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.stats.kpis import (
    KPI_KEYS,
    compute_kpis,
    percentile,
    risk_list,
)
from terminal.stats.window import Window

W = Window(T0, T0 + timedelta(hours=8), T0 + timedelta(hours=8))


# The at-risk estimate's defaults and margin, pinned so the arithmetic below does not follow
# picking's defaults when they change.
RISK = Settings({"picking": {"default_pick_s_per_line": 45.0, "default_pack_s_per_order": 90.0,
                             "safety_margin_min": 30}})


def t(hours: float = 0, minutes: float = 0, seconds: float = 0) -> datetime:
    return T0 + timedelta(hours=hours, minutes=minutes, seconds=seconds)


def kpis(db: sqlite_utils.Database, window: Window = W) -> dict:
    return compute_kpis(db, window, RISK)


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


def test_otst_median_and_p90(shift: Shift) -> None:
    # Handed over in the window, OTST = handed − created:
    #   1 h, 2 h, 3 h, 4 h, 10 h → sorted [3600, 7200, 10800, 14400, 36000]
    for created, handed in ((t(6), t(7)), (t(5), t(7)), (t(-1), t(2)), (t(3), t(7)), (t(-3), t(7))):
        shift.ship(shift.order(created=created), picked=handed, packed=handed, handed=handed)
    shift.ship(shift.order(created=t(-3)), picked=t(-1), packed=t(-1), handed=t(-1))  # before the window
    shift.ship(shift.order(created=t(1)), picked=t(8), packed=t(8), handed=t(8))      # at 14:00 = stop: outside
    cancelled = shift.order(created=t(1))
    shift.ship(cancelled, picked=t(2), packed=t(2), handed=t(2))
    shift.cancel(t(3), cancelled)                                                      # cancelled: never counts
    result = kpis(shift.db)
    assert result["otst_median_s"] == 10800.0       # rank ceil(0.5 × 5) = 3
    assert result["otst_p90_s"] == 36000.0          # rank ceil(0.9 × 5) = 5


def test_on_time_rate_counts_handover_exactly_at_ship_by_as_on_time(shift: Shift) -> None:
    def order(ship_by: datetime, handed: datetime | None = None) -> str:
        oid = shift.order(created=t(-9), ship_by=ship_by)
        if handed is not None:
            shift.ship(oid, picked=handed, packed=handed, handed=handed)
        return oid

    order(t(3), t(3))                                  # exactly at ship_by → on time
    order(t(3), t(3, seconds=1))                       # one second late
    order(t(4))                                        # never handed over → not on time
    order(t(5), t(1))                                  # early → on time
    order(t(-1), t(-2))                                # ship_by before the window
    order(t(9))                                        # ship_by after now: not fallen yet
    shift.cancel(t(1), order(t(2)))                    # cancelled
    # 2 on time ÷ 4 orders whose ship_by fell in the window
    assert kpis(shift.db)["on_time_rate"] == pytest.approx(2 / 4)


def test_pick_rate_is_lines_per_logged_in_picker_hour(shift: Shift) -> None:
    # Picker-hours: p1 04:00–07:00 overlaps 1 h; p1 08:00–11:00 3 h; p2 logged in 12:00, still
    # logged in at now 14:00 → 2 h; k1 as packer does not count.  Total 6 h.
    first = shift.login(t(-2), "p1", "picker")
    packer = shift.login(t(0), "k1", "packer")
    shift.pick(t(-0.5), shift.order(created=t(-3)))                   # before the window
    shift.logout(t(1), first)
    second = shift.login(t(2), "p1", "picker")
    # Lines picked in the window: 8 done + 1 short with 1 unit picked = 9.
    shift.pick(t(2), shift.order(created=t(-1), lines=[1] * 8))
    shift.pick(t(3), shift.order(created=t(-1), lines=[2]), picked=[1])
    shift.pick(t(3), shift.order(created=t(-1), lines=[1]), picked=[0])  # nothing picked: not a line picked
    shift.order(created=t(-1))                                           # not picked
    shift.logout(t(5), second)
    shift.login(t(6), "p2", "picker")
    shift.logout(t(8), packer)
    assert kpis(shift.db)["pick_rate_lph"] == pytest.approx(9 / 6)      # 1.5 lines per picker-hour


def test_picker_logged_in_with_no_picks_gives_zero_rate_not_null(shift: Shift) -> None:
    shift.logout(t(3), shift.login(t(1), "p2", "picker"))   # 2 h logged in, nothing picked: 0 ÷ 2 = 0.0
    result = kpis(shift.db)
    assert result["pick_rate_lph"] == 0.0
    assert result["pack_rate_oph"] is None                   # no packer time at all


def test_pack_rate_is_orders_packed_per_packer_hour(shift: Shift) -> None:
    # Packer-hours: 06:00–08:00 = 2 h, 13:00–open = 1 h → 3 h; 6 orders packed in the window.
    orders = [shift.order(created=t(-2)) for _ in range(7)]
    for oid in orders:
        shift.pick(t(-1), oid)
    shift.pack(t(-0.01), orders[6])                         # packed 05:59:24: before the window
    session = shift.login(t(0), "k1", "packer")
    for i, oid in enumerate(orders[:6]):
        shift.pack(t(1, minutes=i), oid)
    shift.logout(t(2), session)
    shift.login(t(7), "k1", "packer")
    assert kpis(shift.db)["pack_rate_oph"] == pytest.approx(6 / 3)


def test_perfect_order_rate(shift: Shift) -> None:
    good1, good2, scanned, weighed = (shift.order(created=t(-1)) for _ in range(4))
    short = shift.order(created=t(-1), lines=[2])
    unpacked = shift.order(created=t(-1))                     # not packed: not in the base
    shift.scan(t(0.5), accepted=False, order_id=scanned)       # a wrong scan on it
    shift.scan(t(0.5), accepted=True, order_id=good1)          # accepted scans do not spoil it
    shift.scan(t(0.5), accepted=False, order_id=unpacked)
    for oid in (good1, good2, scanned, weighed):
        shift.pick(t(0.5), oid)
    shift.pick(t(0.5), short, picked=[1])                      # 1 of 2 picked: short_qty 1, a short_pick exception
    shift.weight_mismatch(t(1), weighed)
    for oid in (good1, good2, scanned, short, weighed):
        shift.pack(t(1), oid)
    # 2 perfect ÷ 5 packed
    assert kpis(shift.db)["perfect_order_rate"] == pytest.approx(2 / 5)


def test_scan_error_rate_per_thousand(shift: Shift) -> None:
    shift.scan(t(-1), accepted=False)                          # before the window
    for i in range(8):
        shift.scan(t(1, minutes=i), accepted=i not in (2, 5))  # 2 of 8 rejected
    assert kpis(shift.db)["scan_error_per_1000"] == pytest.approx(1000 * 2 / 8)   # 250.0


def test_fill_rate_over_orders_handed_over(shift: Shift) -> None:
    partial = shift.order(created=t(-1), lines=[2, 3])
    shift.pick(t(1), partial, picked=[2, 1])                   # 3 of 5 units picked and packed
    shift.hand_over(t(2), shift.pack(t(1.5), partial))
    shift.ship(shift.order(created=t(-1), lines=[5]), picked=t(2), packed=t(2.5), handed=t(3))   # 5 of 5
    none = shift.order(created=t(-1), lines=[4])
    shift.pick(t(2), none, picked=[0])
    shift.pack(t(3), none)                                     # packed (empty), not handed over
    # (2 + 1 + 5) ÷ (2 + 3 + 5) = 8 / 10
    assert kpis(shift.db)["fill_rate"] == pytest.approx(0.8)


def test_at_risk_and_late_now(shift: Shift) -> None:
    # No rate data → the defaults (pinned in RISK): 45 s per line, 90 s per order; margin 30 min.
    # An open order with one unpicked line needs 45 + 90 = 135 s; at risk when 14:00 + 135 s > ship_by − 30 min,
    # i.e. ship_by < 14:32:15.
    late = shift.order(created=t(-3), ship_by=t(7, minutes=59, seconds=59), oid="a-late")  # 13:59:59 < now → late
    edge = shift.order(created=t(-3), ship_by=t(8), oid="b-edge")                # 14:00 = now → not late; at risk
    risky = shift.order(created=t(-3), ship_by=t(8, minutes=32, seconds=14), oid="c-risky")  # 14:32:14 → at risk
    shift.order(created=t(-3), ship_by=t(8, minutes=32, seconds=16))              # 14:32:16 → safe
    shift.ship(shift.order(created=t(-3), ship_by=t(8, minutes=31)), picked=t(6), packed=t(7))  # no work left
    handed = shift.order(created=t(-3), ship_by=t(7))
    shift.ship(handed, picked=t(5), packed=t(5.5), handed=t(6))                   # handed over
    shift.cancel(t(5), shift.order(created=t(-3), ship_by=t(7)))                  # cancelled
    shift.order(created=t(-3))                                                    # no ship_by
    shift.order(created=t(9), ship_by=t(8, minutes=5))                            # created after now
    result = kpis(shift.db)
    assert (result["at_risk"], result["late"]) == (2, 1)
    listed = risk_list(shift.db, W, RISK)
    assert [(r["id"], r["state"], r["seconds_left"]) for r in listed] == [
        (late, "late", -1.0), (edge, "at_risk", 0.0), (risky, "at_risk", 1934.0)]
    assert listed[2]["remaining_s"] == 135.0


def test_at_risk_uses_this_shifts_measured_rates(shift: Shift) -> None:
    # Packer k1 packs at 13:00, 13:10, … 13:50: five 600 s steps → 600 s per order. (Their picks are
    # 20 min apart, gaps the estimate leaves out as breaks: 45 s per line stays the default.)
    for i in range(6):
        oid = shift.order(created=t(-10))
        shift.pick(t(-8 + i / 3), oid)
        shift.pack(t(7, minutes=10 * i), oid)
    # Picked, not packed: 14:00 + 600 s = 14:10 > ship_by − 30 min when ship_by < 14:40.
    shift.pick(t(7), shift.order(created=t(-1), ship_by=t(8, minutes=39)))   # at risk
    shift.pick(t(7), shift.order(created=t(-1), ship_by=t(8, minutes=41)))   # safe
    assert kpis(shift.db)["at_risk"] == 1


def test_locker_utilisation_now_and_time_weighted(fresh_db: sqlite_utils.Database) -> None:
    lk = Locker(fresh_db, FixedClock(T0 - timedelta(hours=3)))      # 16 compartments
    stray = lk.deposit(t(-1.5), comp(5))                            # in l05, which then goes out of service
    lk.out_of_service(t(-1), comp(5))
    p1 = lk.deposit(t(-2), comp(1))                                 # overlap 06:00–08:00 = 2 h
    lk.announce()                                                     # announced, never deposited
    r = lk.deposit(t(1), comp(4), kind="return")                    # 07:00–09:00 = 2 h
    lk.picked_up(t(2), p1)
    lk.collected(t(3), r)
    lk.deposit(t(4), comp(2))                                       # 10:00–now = 4 h, still in
    p3 = lk.deposit(t(6), comp(3), expires=T0 + timedelta(hours=7))  # 12:00–now = 2 h (expired, not collected)
    lk.expired(t(7), p3)
    assert stray
    result = kpis(fresh_db)
    # Now: l02 and l03 hold a parcel; 15 active compartments (l05 out of service) → 2 / 15
    assert result["locker_utilisation"] == pytest.approx(2 / 15)
    # Time-weighted: (2 + 2 + 4 + 2) h ÷ (15 compartments × 8 h) = 10 / 120
    assert result["locker_utilisation_tw"] == pytest.approx(10 / 120)


def test_dwell_median_and_p90(fresh_db: sqlite_utils.Database) -> None:
    lk = Locker(fresh_db, FixedClock(T0 - timedelta(hours=6)))
    early = lk.deposit(t(-5), comp(5))
    lk.picked_up(t(-1), early)                                      # picked up before the window
    d = lk.deposit(t(0), comp(3))
    r = lk.deposit(t(0), comp(4), kind="return")                    # a return: no dwell
    a = lk.deposit(t(1), comp(1))
    b = lk.deposit(t(1), comp(2))
    lk.picked_up(t(2), a)                                           # 3600 s
    c = lk.deposit(t(3), comp(1))
    lk.picked_up(t(3), b)                                           # 7200 s
    lk.picked_up(t(3.5), c)                                         # 1800 s
    lk.picked_up(t(5), d)                                           # 18000 s
    lk.collected(t(5), r)
    result = kpis(fresh_db)
    # sorted [1800, 3600, 7200, 18000]: median rank ceil(2) = 2, p90 rank ceil(3.6) = 4
    assert (result["dwell_median_s"], result["dwell_p90_s"]) == (3600.0, 18000.0)


def test_first_attempt_pickup_and_a_parcel_expired_then_collected(fresh_db: sqlite_utils.Database) -> None:
    lk = Locker(fresh_db, FixedClock(T0 - timedelta(hours=45)))

    def hours(n: float) -> timedelta:
        return timedelta(hours=n)

    expired = lk.deposit(t(-44), comp(3), expires=T0 + hours(5))
    late = lk.deposit(t(-44), comp(4), expires=T0 + hours(1))
    first = lk.deposit(t(-20), comp(1), expires=T0 + hours(4))
    exact = lk.deposit(t(-20), comp(2), expires=T0 + hours(3))
    lk.deposit(t(-20), comp(5), expires=T0 + hours(9))                        # expires after now: undecided
    before = lk.deposit(t(-20), comp(6), expires=T0 + hours(20))
    lk.picked_up(t(-1), before)                                               # picked up before the window
    lk.picked_up(t(2), first)                                                 # before expiry: first attempt
    lk.picked_up(t(2), late)          # after its expiry (04:00), before any expiry sweep: not first attempt
    lk.picked_up(t(3), exact)                                                 # exactly at expiry: first attempt
    lk.expired(t(5, minutes=5), expired)
    lk.collected(t(6), expired)                                               # expired → collected
    result = kpis(fresh_db)
    # outcome moments in the window: first 08:00, late 07:00 (its expiry), exact 09:00, expired 11:00 (its
    # expires_at) → 2 picked up before expiry ÷ 4
    assert result["first_attempt_pickup_rate"] == pytest.approx(0.5)
    # The expired-then-collected parcel has no dwell; the three pickups do: 22 h, 23 h and the late one
    # 08:00 − (06:00 − 44 h) = 46 h.  Sorted [22 h, 23 h, 46 h]: median rank 2, p90 rank ceil(2.7) = 3.
    assert result["dwell_median_s"] == 23 * 3600.0
    assert result["dwell_p90_s"] == 46 * 3600.0


def test_door_faults_by_kind_and_out_of_service(fresh_db: sqlite_utils.Database) -> None:
    lk = Locker(fresh_db, FixedClock(T0 - timedelta(hours=2)))
    lk.faulted(t(-1), comp(2), reason="jammed")                      # before the window
    lk.back_in_service(t(-0.5), comp(2))
    lk.faulted(t(1), comp(1), reason="not_empty")
    lk.op(T0 + timedelta(hours=2), "DoorUnlockRequested",
          {"journal_id": "j1", "compartment_id": comp(3), "purpose": "technician"})
    lk.op(T0 + timedelta(hours=2), "DoorUnlockOutcome", {"journal_id": "j1", "outcome": "not_opened"})
    lk.back_in_service(t(3), comp(3))
    lk.op(T0 + timedelta(hours=4), "DoorLeftOpen", {"compartment_id": comp(4), "seconds": 90})
    lk.out_of_service(t(5), comp(2))
    # In the window: not_empty (l01), door_did_not_open (l03), left_open (l04). At 14:00 l01 is still
    # faulted (l03 was repaired) and l02 is out of service.
    assert kpis(fresh_db)["door_faults"] == {
        "total": 3, "by_kind": {"door_did_not_open": 1, "left_open": 1, "not_empty": 1},
        "out_of_service": 1, "faulted": 1}


def test_door_faults_zero_on_a_locker_without_faults(fresh_db: sqlite_utils.Database) -> None:
    Locker(fresh_db, FixedClock(T0))
    assert kpis(fresh_db)["door_faults"] == {"total": 0, "by_kind": {}, "out_of_service": 0, "faulted": 0}


def test_window_reaching_past_now_stops_at_now(fresh_db: sqlite_utils.Database) -> None:
    # Window 06:00–22:00 but now 10:00: the effective window is 4 h. One parcel occupies 1 of 16
    # compartments 06:00–08:00 → 2 h ÷ (16 × 4 h) = 1 / 32; a picker logged in at 08:00 (still in): 2 h,
    # one line picked at 09:00 → 0.5 lines per picker-hour.
    lk = Locker(fresh_db, FixedClock(T0))
    lk.picked_up(t(2), lk.deposit(t(0), comp(1)))
    shift = Shift(fresh_db, lk.clock)
    shift.login(t(2), "p1", "picker")
    shift.pick(t(3), shift.order(created=t(-1)))
    window = Window(T0, T0 + timedelta(hours=16), T0 + timedelta(hours=4))
    result = compute_kpis(fresh_db, window)
    assert result["locker_utilisation_tw"] == pytest.approx(1 / 32)
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
