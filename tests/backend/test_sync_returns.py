"""Returns at the warehouse over sync with a real backend: a parcel graded at a station moves the same
stock under the same ids on the server (a differential test over random runs of the ops), and the shop
is told — `return.received` and `return.graded`, posted by the backend's delivery worker to a real local
HTTP receiver that verifies each Standard Webhooks signature."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from delivery_live import ShopReceiver, notification_key, notify_config, wait_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_compare import assert_same
from sync_live import LiveServer, enrol

from backend.seed import seed_from_terminal_db
from backend.shop_events import event_id
from terminal.errors import OpRejected
from terminal.inventory.ledger import balance_errors
from terminal.inventory.returns_session import ReturnSession, order_lines
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.scanning.classify import classify
from terminal.sync import state
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "inventory"))
from returns_world import QUARANTINE, returns_world  # noqa: E402

CLERK = User("sup", "Sup", ("supervisor",), (), "en")
_SITES = itertools.count(1)


def _site(server: LiveServer, path: Path, site: str):  # type: ignore[no-untyped-def]
    returns_world(path, orders=6).close()
    seed_from_terminal_db(server.app.state.engine, site, path)
    term = enrol(server, path, site=site)
    sync_once(term.db, term.client())
    return term


def _drain(term) -> None:  # type: ignore[no-untyped-def]
    for _ in range(10):
        sync_once(term.db, term.client())
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            break
    sync_once(term.db, term.client())
    assert not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone()


def test_a_return_graded_at_the_station_reaches_the_shop_signed_with_its_grades(store_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shop = ShopReceiver().start()
    server = LiveServer(store_url, notify_config=notify_config(shop=shop),
                        notification_key=notification_key(tmp_path)).start()
    try:
        term = _site(server, tmp_path / "station.db", "RS")
        db = term.db
        order, ref = db.execute("SELECT id, ref FROM orders ORDER BY id LIMIT 1").fetchone()
        line = order_lines(db, order)[0]
        barcode = db.execute("SELECT barcode FROM sku_barcodes WHERE sku_code = ?", (line.sku_code,)).fetchone()[0]
        s = ReturnSession(db, CLERK)
        assert s.handle(classify(db, ref)).ok
        s.handle(classify(db, barcode))
        s.choose(1)
        assert s.item is not None and s.item.suggested
        assert s.handle(classify(db, s.item.suggested)).ok
        stranger = db.execute("SELECT code FROM skus WHERE code NOT IN (SELECT sku_code FROM order_lines"
                              " WHERE order_id = ?) ORDER BY code LIMIT 1", (order,)).fetchone()[0]
        s.handle(classify(db, db.execute("SELECT barcode FROM sku_barcodes WHERE sku_code = ?",
                                         (stranger,)).fetchone()[0]))
        s.choose(2)
        s.choose(1)
        assert s.handle(classify(db, QUARANTINE)).ok
        return_id = s.return_id
        assert s.complete().ok
        _drain(term)
        engine = server.app.state.engine
        assert_same(engine, "RS", db)          # inventory and the stock card: same rows, same ids
        assert balance_errors(db) == []
        assert wait_until(lambda: {"return.received", "return.graded"} <= set(shop.types()), 30), shop.types()
        assert shop.refused == 0
        got = {p["type"]: p for p in shop.events.values() if p["type"].startswith("return.")}
        received, graded = got["return.received"]["data"], got["return.graded"]["data"]
        assert received["return_id"] == return_id and received["ref"] == ref and received["received_at"]
        assert graded["graded_at"] >= graded["received_at"]
        lines = {(x["sku_code"], x["in_order"]): x for x in graded["lines"]}
        assert lines[(line.sku_code, True)]["restock"] == 1 and lines[(line.sku_code, True)]["returned"] == 1
        assert lines[(line.sku_code, True)]["ordered"] == line.ordered
        assert lines[(stranger, False)]["quarantine"] == 1 and lines[(stranger, False)]["reasons"] == ["damaged"]
        # the event id is made from the terminal, the op and the return, as every other event's
        ops = dict(db.execute("SELECT name, op_id FROM outbox WHERE name IN ('ReturnReceived', 'ReturnCompleted')"))
        terminal_id = state.get(db, "terminal_id")
        by_type = {p["type"]: k for k, p in shop.events.items()}
        assert by_type["return.received"] == event_id("RS", terminal_id, ops["ReturnReceived"], "return.received",
                                                      return_id)
        assert by_type["return.graded"] == event_id("RS", terminal_id, ops["ReturnCompleted"], "return.graded",
                                                    return_id)
        term.db.close()
    finally:
        server.stop()
        shop.stop()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=st.data())
def test_the_server_moves_the_same_stock_as_the_terminal_for_any_run_of_returns(
        server: LiveServer, tmp_path_factory, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    site = f"R{next(_SITES)}"
    term = _site(server, tmp_path_factory.mktemp("returns") / f"{site}.db", site)
    db = term.db
    orders = [r[0] for r in db.execute("SELECT id FROM orders")]
    shelves = [r[0] for r in db.execute("SELECT code FROM locations WHERE zone != 'QUARANTINE' LIMIT 5")]
    returns: list[str] = []
    for step in range(data.draw(st.integers(2, 14))):
        if not returns or data.draw(st.integers(0, 3)) == 0:
            returns.append(f"{site}-r{step}")
            apply_op(db, "ReturnReceived", {"return_id": returns[-1], "order_id": data.draw(st.sampled_from(orders))})
            continue
        rid = data.draw(st.sampled_from(returns))
        order = db.execute("SELECT order_id FROM returns WHERE id = ?", (rid,)).fetchone()[0]
        line = data.draw(st.sampled_from(order_lines(db, order)))
        grade = data.draw(st.sampled_from(["restock", "quarantine", "dispose"]))
        location = {"restock": data.draw(st.sampled_from(shelves)), "quarantine": QUARANTINE, "dispose": None}[grade]
        try:
            apply_op(db, "ReturnItemGraded", {
                "return_id": rid, "sku_code": line.sku_code, "qty": data.draw(st.integers(1, 3)), "grade": grade,
                "line_id": data.draw(st.sampled_from([line.line_id, None])), "location_code": location,
                "reason": "damaged" if grade != "restock" else None})
            if data.draw(st.integers(0, 4)) == 0:
                apply_op(db, "ReturnCompleted", {"return_id": rid})
        except OpRejected as exc:
            assert exc.code in ("more_than_ordered", "return_closed"), exc.code
        if data.draw(st.integers(0, 3)) == 0:
            sync_once(db, term.client())      # some ops reach the server mid-run, as on a real floor
    _drain(term)
    assert_same(server.app.state.engine, site, db)
    assert balance_errors(db) == []
    db.close()


def test_after_a_simulated_shift_with_returns_stock_is_the_sum_of_its_movements_on_both_sides(
        server: LiveServer, tmp_path: Path) -> None:
    """Picks, packs, a handover and a returns desk simulated on a station synced to a live backend: the
    stock card holds on the terminal and on the server, and both have the same rows."""
    from datetime import timedelta

    from sync_compare import server_entities

    from terminal.clock import FixedClock
    from terminal.stats.simulate import SimConfig, simulate_shift

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
    from sim_world import START

    path = tmp_path / "shift.db"
    returns_world(path, orders=20, seed=4).close()
    seed_from_terminal_db(server.app.state.engine, "RSIM", path)
    term = enrol(server, path, site="RSIM")
    sync_once(term.db, term.client())
    simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=3, seed=4, start=START))
    later = START + timedelta(hours=3)
    apply_op(term.db, "PackagesHandedOver", {"package_ids": [r[0] for r in term.db.execute("SELECT id FROM packages")],
                                             "carrier_code": "DPD", "user_id": "sup", "label_override_by": "sup"},
             clock=FixedClock(later))
    report = simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=2, seed=4, start=later,
                                                     return_p=0.6))
    assert report.counts.get("returns_graded", 0) >= 2, report
    _drain(term)
    engine = server.app.state.engine
    assert_same(engine, "RSIM", term.db)
    assert balance_errors(term.db) == []
    found = server_entities(engine, "RSIM")
    moved: dict[str, int] = {}
    for row in found["stock_movement"].values():
        key = f"{row['location_code']}|{row['sku_code']}"
        moved[key] = moved.get(key, 0) + int(row["delta"])
    books = {key: int(row["qty"]) for key, row in found["inventory"].items()}
    assert {k: v for k, v in moved.items() if v} == {k: v for k, v in books.items() if v}
    assert any(row["kind"] == "return" for row in found["stock_movement"].values())
    term.db.close()
