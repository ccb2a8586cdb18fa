"""Picking and packing against a live backend: the server re-executes the ops, so its orders, lines
and stock follow the terminal's facts, and no pull — from the start, or after the marketplace
re-sends or cancels an order — ever takes a terminal's picked, packed or handed-over order back."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sync_compare import assert_same, server_entities
from sync_live import LiveServer, Terminal, enrol

from backend import auth, schema
from backend.handlers.orders import OP_OWNED
from backend.seed import seed_from_terminal_db
from terminal.clock import FixedClock
from terminal.exception_messages import exception_text
from terminal.ops import apply_op
from terminal.packing.numbers import next_sscc
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.cycle import pull_all, sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

SITE = "S1"


def _world(server: LiveServer, tmp_path: Path, *, orders: int) -> Terminal:
    path = tmp_path / "station.db"
    db = open_db(path, create=True)
    build_world(db, orders=orders, seed=5)
    db.close()
    seed_from_terminal_db(server.app.state.engine, SITE, path)
    return enrol(server, path, site=SITE)


def _drain(term: Terminal) -> None:
    client = term.client()
    for _ in range(50):
        sync_once(term.db, client)
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            sync_once(term.db, client)        # the pull after the last ack brings the deferred rows
            return
    raise AssertionError("the outbox did not drain")


def _rows(term: Terminal) -> dict[str, list[tuple[Any, ...]]]:
    return {table: term.db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
            for table in ("orders", "order_lines", "packages")}


def _pull_from_start(term: Terminal) -> None:
    state.put(term.db, cursor="")
    pull_all(term.db, term.client())


def _same_owned_columns(server: LiveServer, term: Terminal) -> None:
    """The server's copy of every op-owned column equals the terminal's, row for row."""
    found = server_entities(server.app.state.engine, SITE)
    for entity, table, key in (("order", "orders", "id"), ("order_line", "order_lines", "id")):
        columns = OP_OWNED[entity]
        local = {r[0]: tuple(r[1:]) for r in term.db.execute(
            f"SELECT {key}, {', '.join(columns)} FROM {table}").fetchall()}  # noqa: S608
        remote = {k: tuple(d.get(c) for c in columns) for k, d in found[entity].items()}
        assert remote == local, f"{entity}: the server's {columns} differ from the terminal's"


def test_a_shift_of_picking_and_packing_survives_any_pull(server: LiveServer, tmp_path: Path) -> None:
    term = _world(server, tmp_path, orders=40)
    simulate_shift(term.db, term.path, SimConfig(pickers=2, packers=1, hours=1, seed=5, start=START))
    _drain(term)
    statuses = dict(term.db.execute("SELECT status, count(*) FROM orders GROUP BY status").fetchall())
    assert statuses.get("packed", 0) + statuses.get("handed_over", 0) > 0 and statuses.get("picked", 0) >= 0
    assert term.db.execute("SELECT count(*) FROM order_lines WHERE picked_qty > 0").fetchone()[0] > 0
    before = _rows(term)
    _same_owned_columns(server, term)
    assert_same(server.app.state.engine, SITE, term.db)      # every pulled entity, stock included

    _pull_from_start(term)                                    # a first pull, e.g. a restored terminal
    assert _rows(term) == before
    assert_same(server.app.state.engine, SITE, term.db)


def _post(server: LiveServer, token: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/orders", json=body, headers={"Authorization": f"Bearer {token}"})


def _order(external_id: str, **changes: Any) -> dict[str, Any]:
    body = {"external_id": external_id, "site_id": SITE, "carrier_code": "DPD", "service": "NEXT_DAY",
            "recipient": {"name": "Ala", "street": "Polna 1", "postcode": "00-001", "city": "Warszawa"},
            "ship_by": (START + timedelta(hours=4)).isoformat(), "lines": [{"sku_code": "SKU-001", "qty": 2}]}
    return {**body, **changes}


def _pick(term: Terminal, clock: FixedClock, order_id: str, n: int) -> None:
    line_id, sku, qty = term.db.execute("SELECT id, sku_code, qty FROM order_lines WHERE order_id = ?",
                                        (order_id,)).fetchone()
    location = term.db.execute("SELECT location_code FROM inventory WHERE sku_code = ? LIMIT 1", (sku,)).fetchone()[0]
    batch, task = f"b-{n}", f"t-{n}"
    apply_op(term.db, "BatchStarted", {"batch_id": batch, "picker_id": "pick0", "orders": [
        {"order_id": order_id, "tote_slot": 1}], "tasks": [{"task_id": task, "order_id": order_id, "line_id": line_id,
                                                            "sku_code": sku, "location_code": location, "qty": qty,
                                                            "sequence": 1}]}, clock=clock)
    apply_op(term.db, "ToteBound", {"batch_id": batch, "order_id": order_id, "tote_code": f"T{n}"}, clock=clock)
    apply_op(term.db, "PickConfirmed", {"task_id": task, "qty": qty, "picker_id": "pick0"}, clock=clock)
    apply_op(term.db, "BatchFinished", {"batch_id": batch}, clock=clock)


def _pack(term: Terminal, clock: FixedClock, order_id: str, n: int) -> str:
    line_id, qty = term.db.execute("SELECT id, qty FROM order_lines WHERE order_id = ?", (order_id,)).fetchone()
    apply_op(term.db, "PackingStarted", {"order_id": order_id, "packer_id": "pack0", "tote_code": f"T{n}"}, clock=clock)
    apply_op(term.db, "UnitPacked", {"order_id": order_id, "line_id": line_id, "sku_code": "SKU-001", "units": qty,
                                     "packer_id": "pack0"}, clock=clock)
    package_id = f"p-{n}"
    apply_op(term.db, "PackageClosed", {
        "package_id": package_id, "order_id": order_id, "box_type": "S", "tracking_number": f"TRK{n:08d}",
        "sscc": next_sscc(term.db, "590000000", 1), "weight_g": 720, "weight_source": "scale",
        "expected_weight_g": 720, "locker_size": None, "packer_id": "pack0", "override_by": None}, clock=clock)
    return package_id


def _exceptions(server: LiveServer) -> list[str]:
    with server.app.state.engine.connect() as conn:
        return list(conn.execute(select(schema.exceptions.c.kind).where(schema.exceptions.c.site_id == SITE)
                                 .order_by(schema.exceptions.c.id)).scalars())


def test_orders_re_sent_or_cancelled_after_work_never_regress_the_terminal(server: LiveServer,
                                                                           tmp_path: Path) -> None:
    term = _world(server, tmp_path, orders=0)
    token = auth.make_integration_token(server.app.state.engine, "marketplace")
    ids = {name: _post(server, token, _order(name)).json()["order_id"] for name in ("A", "B", "C", "D")}
    _drain(term)
    clock = FixedClock(START + timedelta(minutes=5))
    for n, name in enumerate("ABCD", 1):
        _pick(term, clock, ids[name], n)
    for n, name in enumerate("AB", 1):
        package = _pack(term, clock, ids[name], n)
        if name == "A":
            apply_op(term.db, "PackagesHandedOver", {"package_ids": [package], "carrier_code": "DPD",
                                                    "user_id": "pack0"}, clock=clock)
    _drain(term)
    status = dict(term.db.execute("SELECT external_id, status FROM orders").fetchall())
    assert status == {"A": "handed_over", "B": "packed", "C": "picked", "D": "picked"}
    _same_owned_columns(server, term)
    before = _rows(term)

    # a cancellation after handover or pack: 409, one exception for a supervisor however often it is sent
    for _ in range(2):
        late = _post(server, token, _order("A", cancelled=True))
        assert late.status_code == 409 and late.json()["error"] == "already_handed_over"
        assert _post(server, token, _order("B", cancelled=True)).json()["error"] == "already_packed"
    assert _exceptions(server) == ["cancelled_after_pack", "cancelled_after_pack"]
    # an address correction: taken, lifecycle and lines kept; after pack a supervisor relabels
    moved = {"name": "Ala", "street": "Leśna 2", "postcode": "00-002", "city": "Warszawa"}
    assert _post(server, token, _order("B", recipient=moved)).json() == {
        "order_id": ids["B"], "status": "packed", "result": "updated"}
    assert _post(server, token, _order("C", recipient=moved)).json()["status"] == "picked"
    assert _exceptions(server)[-1] == "changed_after_pack" and len(_exceptions(server)) == 3
    handed = _post(server, token, _order("A", recipient=moved))    # A has left: 409, a supervisor hears of it
    assert handed.status_code == 409 and handed.json()["error"] == "already_handed_over"
    # GET /v1/exceptions words each for a supervisor's screen: the code and arguments give back the English
    answer = httpx.get(f"{server.url}/v1/exceptions", params={"site": SITE},
                       headers={"Authorization": f"Bearer {token}"}).json()["exceptions"]
    assert [(e["message_code"], e["message_args"][1:]) for e in answer] == [
        ("changed_after_handover", []), ("changed_after_pack", []), ("cancelled_after_pack", ["packed"]),
        ("cancelled_after_pack", ["handed_over"])]
    assert all(exception_text(e["message_code"], *e["message_args"])[0] == e["message"] for e in answer)
    more = _post(server, token, _order("C", lines=[{"sku_code": "SKU-001", "qty": 5}]))
    assert more.status_code == 409 and more.json()["error"] == "order_in_progress"
    # a picked order may still be cancelled; the station packs it before it hears: the server refuses
    assert _post(server, token, _order("D", cancelled=True)).json()["result"] == "cancelled"
    _pack(term, clock, ids["D"], 4)

    _drain(term)
    after = _rows(term)
    assert _lines_same_but_d(before, after, ids["D"])
    by_id = {row["id"]: dict(row) for row in term.db.execute("SELECT * FROM orders").fetchall()}
    for row in before["orders"]:
        old, new = dict(row), by_id[row["id"]]
        if old["external_id"] == "D":
            assert new["status"] == "cancelled"       # PackageClosed refused, the server's order re-sent
            continue
        assert {c: new[c] for c in OP_OWNED["order"]} == {c: old[c] for c in OP_OWNED["order"]}
    assert by_id[ids["B"]]["recipient_street"] == "Leśna 2" and by_id[ids["C"]]["recipient_street"] == "Leśna 2"
    assert by_id[ids["A"]]["recipient_street"] == "Polna 1"
    rejected = term.db.execute("SELECT count(*) FROM exceptions WHERE kind = 'sync_rejection'").fetchone()[0]
    assert rejected == 2                                  # PackingStarted and PackageClosed of D
    _same_owned_columns(server, term)

    settled = _rows(term)
    _pull_from_start(term)
    assert _rows(term) == settled
    _same_owned_columns(server, term)


def _lines_same_but_d(before: dict[str, list[Any]], after: dict[str, list[Any]], d_order: str) -> bool:
    """Every line is as it was, except D's packed count (its unit was packed — a fact the server took)."""
    old = {row["id"]: dict(row) for row in before["order_lines"]}
    for row in after["order_lines"]:
        expected = dict(old[row["id"]])
        if row["order_id"] == d_order:
            expected["packed_qty"] = expected["picked_qty"]
        if dict(row) != expected:
            return False
    return len(after["order_lines"]) == len(old)
