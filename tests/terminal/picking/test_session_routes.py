"""The route the picker walks is the planner's answer: the proven optimum, re-measured after a short pick's
follow-up joins it, and a follow-up never sends the cart out of the picker's zones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from picking_world import LAYOUT, SKUS, add_order
from test_exact_routing import held_karp, make_layout, walk

from bench.independent_tsp import distances
from terminal.catalog.layout import parse_layout
from terminal.config import Settings
from terminal.people.badges import user_for_badge
from terminal.picking import routing
from terminal.picking.batching import _Walk
from terminal.picking.session import LOCATION, PickSession
from terminal.scanning.types import ItemScan, LocationScan, ToteScan
from terminal.sync.pull import apply_change

HALL = parse_layout(LAYOUT)


def session(db, clock, badge: str) -> PickSession:
    s = PickSession(db, user_for_badge(db, badge), clock=clock, settings=Settings({}))
    s.start()
    slot = s.unbound_slot()
    while slot is not None:
        s.handle(ToteScan(raw=f"T-{slot.slot}", code=f"T-{slot.slot}"))
        slot = s.unbound_slot()
    return s


def at_location(s: PickSession) -> None:
    task = s.current_task()
    if s.state == LOCATION:
        assert s.handle(LocationScan(raw=task.location_code, code=task.location_code)).ok


def stored_distance(db, s: PickSession) -> float:
    return db.execute("SELECT distance_m FROM pick_batches WHERE id = ?", (s.batch_id,)).fetchone()[0]


def test_the_route_shown_to_the_picker_is_the_proven_optimum_the_planner_stored(warehouse, clock):
    add_order(warehouse, [("SKU-MUG", 1), ("SKU-BAG", 1)])
    add_order(warehouse, [("SKU-TEA", 2), ("SKU-PEN", 1)])
    add_order(warehouse, [("SKU-CUP", 1)])
    s = session(warehouse, clock, "B-OLA")
    shown = s.route()
    points = sorted({(int(c.split("-")[1]), int(c.split("-")[2])) for c in shown})
    optimum = held_karp(distances(HALL, points))
    assert s.distance_m == stored_distance(warehouse, s)
    assert s.distance_m == pytest.approx(walk(HALL, shown), abs=1e-3)
    assert s.distance_m == pytest.approx(optimum, abs=1e-3)


def test_planned_route_length_is_recomputed_after_a_follow_up_task(warehouse, clock):
    add_order(warehouse, [("SKU-MUG", 4)])
    s = session(warehouse, clock, "B-OLA")
    assert s.distance_m == pytest.approx(walk(HALL, ["A-02-05-1L"]), abs=1e-3)
    at_location(s)
    assert s.handle(ItemScan(raw=SKUS["SKU-MUG"][1], sku_code="SKU-MUG", gtin=SKUS["SKU-MUG"][1])).ok
    s.short("empty")
    assert s.current_task().location_code == "A-06-10-1L"
    walked = walk(HALL, ["A-02-05-1L", "A-06-10-1L"])        # the follow-up is the last stop
    assert walked > walk(HALL, ["A-02-05-1L"])
    assert s.distance_m == pytest.approx(walked, abs=1e-3)
    assert stored_distance(warehouse, s) == pytest.approx(walked, abs=1e-3)


def tea_in_zone_b(db) -> None:
    """Tea is also stocked in zone B: stock reaches a terminal as a row pulled from the backend."""
    with db.conn:
        apply_change(db, {"entity": "inventory", "key": "B-12-01-1R|SKU-TEA", "op": "upsert",
                          "data": {"location_code": "B-12-01-1R", "sku_code": "SKU-TEA", "qty": 30}})


def test_short_pick_follow_up_stays_in_the_pickers_zones(warehouse, clock):
    tea_in_zone_b(warehouse)
    add_order(warehouse, [("SKU-TEA", 2)])
    ala = session(warehouse, clock, "B-ALA")                  # Ala picks in zone A only
    before = ala.distance_m
    at_location(ala)
    out = ala.short("empty")
    assert "no stock elsewhere" in out.message
    assert not warehouse.execute("SELECT 1 FROM pick_tasks WHERE location_code = 'B-12-01-1R'").fetchall()
    assert ala.distance_m == before
    assert warehouse.execute("SELECT short_qty FROM order_lines WHERE sku_code = 'SKU-TEA'").fetchone()[0] == 2


def test_a_picker_of_every_zone_is_sent_to_the_other_zone(warehouse, clock):
    tea_in_zone_b(warehouse)
    add_order(warehouse, [("SKU-TEA", 2)])
    ola = session(warehouse, clock, "B-OLA")                  # Ola has no zones: all of them
    at_location(ola)
    assert "follow-up task at B-12-01-1R" in ola.short("empty").message
    assert ola.distance_m == pytest.approx(walk(HALL, ["A-04-12-2R", "B-12-01-1R"]), abs=1e-3)


@st.composite
def multi_block(draw: st.DrawFn):
    blocks = draw(st.integers(2, 3))
    aisles = draw(st.integers(2, 12))
    layout = make_layout(aisles, blocks, draw(st.integers(2, 8)), draw(st.integers(1, aisles)))
    points = draw(st.sets(st.tuples(st.integers(1, aisles), st.integers(1, blocks * layout.bays_per_block)),
                          min_size=1, max_size=25))
    return layout, points


@settings(max_examples=40, deadline=None)
@given(multi_block())
def test_the_planner_measures_a_batch_by_the_route_the_picker_gets(instance):
    """The planner used to measure multi-block batches by the better baseline, not the route it then gave."""
    layout, points = instance
    codes = [layout.location_code(a, b, 1, "L") for a, b in sorted(points)]
    route = routing.route_codes(layout, codes, "optimal")
    assert route.optimal
    assert _Walk(layout).exact(set(points)) == pytest.approx(route.distance_m, abs=1e-6)


def test_a_follow_up_replayed_where_the_layout_is_unknown_keeps_the_planned_length(warehouse, clock):
    """The backend's stats mirror replays PickShorted through this handler, maybe before any layout
    reached it: the op still applies, and the stored length stays as planned."""
    from terminal.ops import apply_op

    add_order(warehouse, [("SKU-MUG", 4)])
    s = session(warehouse, clock, "B-OLA")
    planned = stored_distance(warehouse, s)
    task = s.current_task()
    warehouse.execute("PRAGMA foreign_keys = OFF")
    with warehouse.conn:                            # a mirror that has not received the layout yet
        apply_change(warehouse, {"entity": "layout", "key": "L1", "op": "delete", "data": {"id": "L1"}})
    apply_op(warehouse, "PickShorted", {"task_id": task.task_id, "reason": "damaged", "picker_id": "u-ola",
                                        "follow_up": {"task_id": "f-1", "location_code": "A-06-10-1L", "qty": 4}},
             clock=clock)
    assert warehouse.execute("SELECT location_code FROM pick_tasks WHERE id = 'f-1'").fetchone()[0] == "A-06-10-1L"
    assert stored_distance(warehouse, s) == planned
