"""The picker's flow on typed scans: bind totes, location, item, quantities, shorts, cancellations."""

from __future__ import annotations

import json

import pytest
from picking_world import SKUS, add_order

from terminal.config import Settings
from terminal.people.badges import user_for_badge
from terminal.picking.session import BIND, DONE, ITEM, LOCATION, NotAPicker, PickSession, countdown
from terminal.scanning.types import CommandScan, ItemScan, LocationScan, ToteScan, Unknown


def item(sku: str, units: int = 1) -> ItemScan:
    return ItemScan(raw=SKUS[sku][1], symbology="]E0", sku_code=sku, gtin=SKUS[sku][1], units=units)


def loc(code: str) -> LocationScan:
    return LocationScan(raw=code, code=code)


def session(db, clock, badge="B-OLA", **settings) -> PickSession:
    s = PickSession(db, user_for_badge(db, badge), clock=clock, settings=Settings({"picking": settings}))
    s.start()
    return s


def pick_current(s: PickSession) -> None:
    task = s.current_task()
    if s.state == LOCATION:
        assert s.handle(loc(task.location_code)).ok
    while s.current_task() and s.current_task().task_id == task.task_id:
        assert s.handle(item(task.sku_code)).ok


def outbox(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM outbox ORDER BY seq").fetchall()]


def test_whole_batch_with_tote_binding_scans_and_finish(warehouse, clock):
    a = add_order(warehouse, [("SKU-MUG", 2), ("SKU-PEN", 1)])
    b = add_order(warehouse, [("SKU-TEA", 1)])
    s = session(warehouse, clock)
    events = []
    s.feedback.connect(events.append)
    assert s.state == BIND and "slot 1" in s.prompt()
    assert not s.handle(item("SKU-MUG")).ok                     # a tote first
    assert s.handle(ToteScan(raw="T-001", code="T-001")).ok
    assert s.handle(ToteScan(raw="T-002", code="T-002")).ok
    assert s.state == LOCATION
    route = s.route()
    done = []
    s.finished.connect(lambda: done.append(True))
    while s.current_task():
        pick_current(s)
    assert s.state == DONE and done == [True]
    assert "take the cart to packing" in events[-1].message
    assert s.route() == route
    statuses = dict(warehouse.execute("SELECT id, status FROM orders").fetchall())
    assert statuses[a] == statuses[b] == "picked"
    assert warehouse.execute("SELECT qty FROM inventory WHERE location_code = 'A-02-05-1L'").fetchone()[0] == 48
    assert warehouse.execute("SELECT picked_qty FROM order_lines WHERE id = ?", (f"{a}-1",)).fetchone()[0] == 2
    assert warehouse.execute("SELECT status FROM pick_batches").fetchone()[0] == "done"
    names = outbox(warehouse)
    assert names[0] == "BatchStarted" and names[1:3] == ["ToteBound", "ToteBound"]
    assert names.count("PickConfirmed") == 4 and names[-1] == "BatchFinished"


def test_wrong_item_and_wrong_location_record_nothing(warehouse, clock):
    add_order(warehouse, [("SKU-MUG", 1)])
    s = session(warehouse, clock)
    s.handle(ToteScan(raw="T-1", code="T-1"))
    before = outbox(warehouse)
    assert not s.handle(item("SKU-MUG")).ok                 # location first
    out = s.handle(loc("A-04-12-2R"))
    assert not out.ok and "Wrong location" in out.message
    assert s.handle(loc("A-02-05-1L")).ok and s.state == ITEM
    out = s.handle(item("SKU-TEA"))
    assert not out.ok and "Wrong item" in out.message and "Nothing recorded" in out.message
    assert not s.handle(Unknown(raw="???", message="'???' is not a barcode we know.")).ok
    assert outbox(warehouse) == before
    assert warehouse.execute("SELECT picked_qty FROM pick_tasks").fetchone()[0] == 0


def test_quantity_by_scans_packs_and_typing(warehouse, clock):
    add_order(warehouse, [("SKU-PEN", 12)])
    s = session(warehouse, clock, scan_location=False)
    s.handle(ToteScan(raw="T-1", code="T-1"))
    assert s.state == ITEM
    assert not s.type_quantity(12).ok                        # one unit must be scanned first
    assert s.handle(item("SKU-PEN")).ok
    assert s.handle(item("SKU-PEN", units=5)).ok             # an inner pack of five
    assert s.current_task().picked_qty == 6
    assert not s.handle(item("SKU-PEN", units=10)).ok        # too many: refused
    assert not s.type_quantity(13).ok
    assert s.type_quantity(12).ok and s.state == DONE
    assert warehouse.execute("SELECT picked_qty, status FROM pick_tasks").fetchone()[:] == (12, "done")


def test_short_pick_with_stock_elsewhere_adds_a_follow_up_task(warehouse, clock):
    oid = add_order(warehouse, [("SKU-MUG", 4)])
    s = session(warehouse, clock)
    s.handle(ToteScan(raw="T-1", code="T-1"))
    s.handle(loc("A-02-05-1L"))
    s.handle(item("SKU-MUG"))
    assert s.handle(CommandScan(raw="CMD:SHORT", command="SHORT")).kind == "info"
    assert not s.short("lost").ok
    out = s.short("empty")
    assert "follow-up task at A-06-10-1L" in out.message
    task = s.current_task()
    assert task.location_code == "A-06-10-1L" and task.qty == 3 and task.follow_up_of
    exc = warehouse.execute("SELECT kind, message, details FROM exceptions").fetchone()
    assert exc[0] == "short_pick" and "3 × SKU-MUG at A-02-05-1L (empty)" in exc[1]
    assert json.loads(exc[2])["follow_up"] == task.task_id
    assert warehouse.execute("SELECT qty FROM inventory WHERE location_code = 'A-02-05-1L'").fetchone()[0] == 0
    pick_current(s)
    assert s.state == DONE
    line = warehouse.execute("SELECT picked_qty, short_qty FROM order_lines WHERE order_id = ?", (oid,)).fetchone()
    assert tuple(line) == (4, 0)


def test_short_pick_without_stock_elsewhere_shorts_the_line(warehouse, clock):
    oid = add_order(warehouse, [("SKU-BAG", 2), ("SKU-TEA", 1)])
    s = session(warehouse, clock)
    s.handle(ToteScan(raw="T-1", code="T-1"))
    while s.current_task().sku_code != "SKU-BAG":
        pick_current(s)
    out = s.short("damaged")
    assert "no stock elsewhere" in out.message
    while s.current_task():
        pick_current(s)
    assert warehouse.execute("SELECT short_qty FROM order_lines WHERE id = ?", (f"{oid}-1",)).fetchone()[0] == 2
    assert warehouse.execute("SELECT status FROM orders WHERE id = ?", (oid,)).fetchone()[0] == "picked"
    assert warehouse.execute("SELECT qty FROM inventory WHERE sku_code = 'SKU-BAG'").fetchone()[0] == 10


def test_a_cancelled_order_stops_its_tasks_with_a_clear_message(warehouse, clock):
    keep = add_order(warehouse, [("SKU-TEA", 1)], ref="KEEP")
    gone = add_order(warehouse, [("SKU-MUG", 1), ("SKU-PEN", 1)], ref="GONE")
    s = session(warehouse, clock)
    s.handle(ToteScan(raw="T-1", code="T-1"))
    s.handle(ToteScan(raw="T-2", code="T-2"))
    # the sync worker applies a pulled cancellation
    warehouse.execute("UPDATE orders SET status = 'cancelled', cancelled_at = '2026-11-23T08:05:00Z' WHERE id = ?",
                      (gone,))
    warehouse.conn.commit()
    out = s.refresh()
    assert out and not out.ok and "Order GONE was cancelled" in out.message and "tote" in out.message
    assert {t.order_id for t in s.tasks if t.status == "open"} == {keep}
    while s.current_task():
        pick_current(s)
    assert s.state == DONE
    assert warehouse.execute("SELECT status FROM orders WHERE id = ?", (gone,)).fetchone()[0] == "cancelled"


def test_resume_the_active_batch_and_refuse_non_pickers(warehouse, clock):
    add_order(warehouse, [("SKU-TEA", 1)])
    first = session(warehouse, clock)
    again = session(warehouse, clock)
    assert again.batch_id == first.batch_id
    with pytest.raises(NotAPicker, match="does not have the picker role"):
        PickSession(warehouse, user_for_badge(warehouse, "B-PAT"), clock=clock)


def test_countdown_text():
    assert countdown(3900) == "1:05 h" and countdown(600) == "10 min" and countdown(-420) == "LATE 7 min"
    assert countdown(None) == ""
