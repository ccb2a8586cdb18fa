"""Priority, at-risk and late with the injectable clock; cart batches from the picker's zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from picking_world import add_order

from terminal.clock import iso
from terminal.config import Settings
from terminal.people.badges import user_for_badge
from terminal.picking.batching import plan_batch
from terminal.picking.calendar import SERVICE_RANK
from terminal.picking.priority import DEFAULT_PICK_S_PER_LINE, measured_rates, open_work, urgency

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_open_work_is_ordered_by_ship_by_then_service_then_age(warehouse):
    late = add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-23T15:00:00.000+00:00", service="STANDARD")
    express = add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-23T13:00:00.000+00:00",
                        service="EXPRESS_SAME_DAY", created_at="2026-11-23T09:00:00.000+00:00")
    older_next = add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-23T13:00:00.000+00:00",
                           created_at="2026-11-23T06:00:00.000+00:00")
    newer_next = add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-23T13:00:00.000+00:00",
                           created_at="2026-11-23T08:00:00.000+00:00")
    assert [o.order_id for o in open_work(warehouse, NOW)] == [express, older_next, newer_next, late]
    # the SQL orders services by name: the names must sort in rank order
    assert sorted(SERVICE_RANK) == sorted(SERVICE_RANK, key=SERVICE_RANK.get)


def test_at_risk_and_late_follow_the_clock(warehouse):
    oid = add_order(warehouse, [("SKU-TEA", 1), ("SKU-MUG", 2)], ship_by="2026-11-23T13:00:00.000+00:00")

    def state(now: datetime, margin: int = 30) -> tuple[bool, bool]:
        work = open_work(warehouse, now, Settings({"picking": {"safety_margin_min": margin}}))
        entry = next(o for o in work if o.order_id == oid)
        return entry.urgency.at_risk, entry.urgency.late

    # 2 lines × 60 s + 120 s pack = 4 min of work; margin 30 min → at risk after 12:26
    assert state(NOW) == (False, False)
    assert state(NOW + timedelta(minutes=26)) == (False, False)
    assert state(NOW + timedelta(minutes=28)) == (True, False)
    assert state(NOW + timedelta(minutes=28), margin=5) == (False, False)
    assert state(NOW + timedelta(minutes=61)) == (True, True)


def test_rates_are_measured_from_this_shift_after_enough_picks(warehouse):
    assert measured_rates(warehouse, NOW).pick_s_per_line == DEFAULT_PICK_S_PER_LINE
    oid = add_order(warehouse, [("SKU-PEN", 1)] * 8)
    for n in range(8):   # done every 20 s by one picker
        warehouse.execute("INSERT INTO pick_tasks (id, order_id, line_id, location_code, sku_code, qty, status,"
                          " picker_id, done_at) VALUES (?, ?, ?, 'B-08-03-1L', 'SKU-PEN', 1, 'done', 'u-ola', ?)",
                          (f"t{n}", oid, f"{oid}-{n + 1}",
                           iso(NOW - timedelta(minutes=10) + timedelta(seconds=20 * n))))
    warehouse.conn.commit()
    rates = measured_rates(warehouse, NOW)
    assert rates.pick_measured and rates.pick_s_per_line == 20.0
    assert not rates.pack_measured
    assert urgency("2026-11-23T12:10:00.000+00:00", 3, False, NOW, rates, Settings()).at_risk


def test_a_batch_starts_with_the_most_urgent_order_and_fills_from_its_wave(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    urgent = add_order(warehouse, [("SKU-MUG", 1)], ship_by="2026-11-23T13:00:00.000+00:00")
    near = add_order(warehouse, [("SKU-MUG", 2), ("SKU-TEA", 1)], ship_by="2026-11-23T15:00:00.000+00:00")
    far = add_order(warehouse, [("SKU-BAG", 1)], ship_by="2026-11-23T15:00:00.000+00:00")
    add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-24T15:00:00.000+00:00")
    plan = plan_batch(warehouse, picker, NOW, Settings({"picking": {"cart_totes": 2}}))
    assert plan is not None
    assert [o.order_id for o in plan.orders] == [urgent, near]       # not `far`: more walking
    assert [o.tote_slot for o in plan.orders] == [1, 2]
    assert far not in {t.order_id for t in plan.tasks}
    assert [t.sequence for t in plan.tasks] == list(range(1, len(plan.tasks) + 1))
    assert plan.distance_m > 0


def test_zone_pickers_only_get_orders_they_can_pick_in_their_zone(warehouse):
    zone_a = user_for_badge(warehouse, "B-ALA")
    add_order(warehouse, [("SKU-PEN", 1)], ship_by="2026-11-23T13:00:00.000+00:00")   # zone B only
    mine = add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-23T14:00:00.000+00:00")
    plan = plan_batch(warehouse, zone_a, NOW, Settings())
    assert plan and [o.order_id for o in plan.orders] == [mine]
    assert all(t.location_code.startswith("A-") for t in plan.tasks)


def test_stock_promised_to_open_tasks_or_earlier_orders_is_not_given_twice(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    first = add_order(warehouse, [("SKU-CUP", 4)], ship_by="2026-11-23T13:00:00.000+00:00")
    second = add_order(warehouse, [("SKU-CUP", 4)], ship_by="2026-11-23T13:00:00.000+00:00")
    plan = plan_batch(warehouse, picker, NOW, Settings())
    assert plan and [o.order_id for o in plan.orders] == [first]   # only 5 cups in stock
    assert second not in {t.order_id for t in plan.tasks}


def test_line_limit_and_no_work(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    assert plan_batch(warehouse, picker, NOW, Settings()) is None
    add_order(warehouse, [("SKU-TEA", 1), ("SKU-MUG", 1)])
    add_order(warehouse, [("SKU-TEA", 1), ("SKU-MUG", 1)])
    plan = plan_batch(warehouse, picker, NOW, Settings({"picking": {"max_lines": 3}}))
    assert plan and len(plan.orders) == 1


def test_a_line_without_one_location_holding_enough_is_split(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    add_order(warehouse, [("SKU-MUG", 55)])     # 50 + 7 in two places
    plan = plan_batch(warehouse, picker, NOW, Settings())
    assert plan and sorted((t.location_code, t.qty) for t in plan.tasks) == [("A-02-05-1L", 50), ("A-06-10-1L", 5)]


def test_an_order_without_enough_stock_waits(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    add_order(warehouse, [("SKU-BAG", 11)], ship_by="2026-11-23T13:00:00.000+00:00")
    ok = add_order(warehouse, [("SKU-BAG", 10)], ship_by="2026-11-23T14:00:00.000+00:00")
    plan = plan_batch(warehouse, picker, NOW, Settings())
    assert plan and [o.order_id for o in plan.orders] == [ok]


def test_when_the_first_wave_is_in_the_cart_the_next_wave_comes_before_later_ones(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    first = add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-23T13:00:00.000+00:00")
    second_far = add_order(warehouse, [("SKU-BAG", 1)], ship_by="2026-11-23T15:00:00.000+00:00")
    add_order(warehouse, [("SKU-TEA", 1)], ship_by="2026-11-24T15:00:00.000+00:00")   # near, but a later wave
    plan = plan_batch(warehouse, picker, NOW, Settings({"picking": {"cart_totes": 2}}))
    assert plan and [o.order_id for o in plan.orders] == [first, second_far]


def test_orders_without_a_ship_by_are_picked_after_the_dated_ones(warehouse):
    picker = user_for_badge(warehouse, "B-OLA")
    undated = add_order(warehouse, [("SKU-TEA", 1)], ship_by=None)
    dated = add_order(warehouse, [("SKU-BAG", 1)], ship_by="2026-11-23T15:00:00.000+00:00")
    plan = plan_batch(warehouse, picker, NOW, Settings({"picking": {"cart_totes": 2}}))
    assert plan and [o.order_id for o in plan.orders] == [dated, undated]
    assert plan.orders[1].ship_by is None and not plan.orders[1].at_risk
