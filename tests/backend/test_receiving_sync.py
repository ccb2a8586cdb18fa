"""Receiving and putaway over sync with a real backend: an ASN posted to POST /v1/inbound reaches the
terminal in a pull, is received and put away there, and the server — re-executing the same ops in
backend/handlers/receiving.py — ends with the same deliveries, plates, receipt lines, inventory and
stock card, row by row (a differential test over random runs, on SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_compare import assert_same
from sync_live import LiveServer, enrol

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.putaway import suggest_location
from terminal.inventory.receiving import DOCK, expected_lines, find_inbound
from terminal.inventory.receiving_flow import close_delivery, open_delivery, open_plate, put_away, receive
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import build_world  # noqa: E402

_SITES = itertools.count(1)


def _site(server: LiveServer, tmp_path: Path, seed: int = 1) -> tuple[str, Any, str]:
    site = f"R{next(_SITES)}"
    path = tmp_path / f"{site}.db"
    db = open_db(path, create=True)
    build_world(db, orders=3, skus=6, seed=seed, pickers=1, packers=1, locker=None)
    # the fixture's shelves are what stood there before the stock card began: its opening balance
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory")
    db.conn.commit()
    db.close()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, site, path)
    term = enrol(server, path, site=site)
    sync_once(term.db, term.client())
    return site, term, auth.make_integration_token(engine)


def _post(server: LiveServer, token: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/inbound", headers={"Authorization": f"Bearer {token}"}, json=body, timeout=30)


def _settle(term: Any) -> None:
    for _ in range(5):
        sync_once(term.db, term.client())
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            break
    sync_once(term.db, term.client())
    assert not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone()


def test_an_asn_is_pulled_received_put_away_and_the_server_agrees(server: LiveServer, tmp_path: Path) -> None:
    site, term, token = _site(server, tmp_path)
    asn = {"external_id": "PO-777", "site_id": site, "ref": "WZ-777", "supplier": "Acme",
           "lines": [{"sku_code": "SKU-000", "qty": 10}, {"sku_code": "SKU-001", "qty": 4}]}
    first = _post(server, token, asn)
    assert first.status_code == 200 and first.json()["result"] == "created", first.text
    again = _post(server, token, asn)
    assert again.json() == {**first.json(), "result": "unchanged"}
    sync_once(term.db, term.client())
    delivery = find_inbound(term.db, "WZ-777")
    assert delivery is not None and delivery.id == first.json()["inbound_id"] and delivery.supplier == "Acme"
    assert [(e.sku_code, e.expected) for e in expected_lines(term.db, delivery.id)] == [("SKU-000", 10),
                                                                                        ("SKU-001", 4)]
    lpn = open_plate(term.db, delivery.id, None)
    line = receive(term.db, delivery.id, lpn, "SKU-000", 10, None, lot="B7", expiry="2027-01-31")
    short = receive(term.db, delivery.id, lpn, "SKU-001", 3, None)
    target = suggest_location(term.db, "SKU-000")
    assert target is not None
    before = on_hand(term.db, target, "SKU-000")
    put_away(term.db, line, target, target, None)
    _settle(term)
    # the delivery is being received: the backend refuses to change its lines now
    changed = _post(server, token, {**asn, "lines": [{"sku_code": "SKU-000", "qty": 11}]})
    assert changed.status_code == 409 and changed.json()["error"] == "inbound_in_progress"
    close_delivery(term.db, delivery.id, None)
    _settle(term)
    assert on_hand(term.db, target, "SKU-000") == before + 10 and on_hand(term.db, DOCK, "SKU-001") == 3
    assert term.db.execute("SELECT put_away_at IS NULL FROM receipt_lines WHERE id = ?", (short,)).fetchone()[0]
    assert balance_errors(term.db) == []
    assert_same(server.app.state.engine, site, term.db)
    _same_dock_to_stock(server, site, term.db)
    term.db.close()


def _same_dock_to_stock(server: LiveServer, site: str, db: Any) -> None:
    """The fleet figures replay the same ops into the backend's mirror: /v1/stats says what the station says."""
    from datetime import UTC, datetime, timedelta

    from terminal.stats.kpis import compute_kpis
    from terminal.stats.window import Window

    now = datetime.now(UTC)
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    end = start + timedelta(hours=3)
    local = compute_kpis(db, Window(start, end, datetime.now(UTC)))
    assert local["dock_to_stock_median_s"] is not None
    token = auth.make_integration_token(server.app.state.engine, "supervisors")
    answer = httpx.get(f"{server.url}/v1/stats", params={"site": site, "from": start.isoformat(),
                                                         "to": end.isoformat()},
                       headers={"Authorization": f"Bearer {token}"}, timeout=120)
    assert answer.status_code == 200 and answer.headers["X-Handoff-Unreplayed"] == "0", answer.text
    for key in ("dock_to_stock_median_s", "dock_to_stock_p90_s"):
        assert answer.json()[key] == pytest.approx(local[key], abs=1e-6), key


def test_the_inbound_route_refuses_what_it_cannot_place(server: LiveServer, tmp_path: Path) -> None:
    site, term, token = _site(server, tmp_path)
    term.db.close()
    line = [{"sku_code": "SKU-000", "qty": 1}]
    assert _post(server, token, {"external_id": "X", "site_id": "NOPE", "lines": line}).status_code == 404
    unknown = _post(server, token, {"external_id": "X", "site_id": site, "lines": [{"sku_code": "ZZZ", "qty": 1}]})
    assert unknown.status_code == 422 and "ZZZ" in unknown.json()["message"]
    assert _post(server, token, {"external_id": "X", "site_id": site, "lines": []}).status_code == 422
    made = _post(server, token, {"external_id": "X", "site_id": site, "lines": line}).json()
    redone = _post(server, token, {"external_id": "X", "site_id": site, "lines": [*line, *line]}).json()
    assert redone == {**made, "result": "updated"}


def _step(term: Any, data: st.DataObject, step: str) -> None:
    db = term.db
    deliveries = [r[0] for r in db.execute("SELECT id FROM inbound_deliveries WHERE status != 'closed'")]
    if step == "open":
        open_delivery(db, data.draw(st.sampled_from(["WZ 1", "WZ 2", "Dostawca Sp. z o.o."])), "u-s")
    elif step == "plate" and deliveries:
        open_plate(db, data.draw(st.sampled_from(deliveries)), "u-s")
    elif step == "receive":
        plate = db.execute("SELECT code, inbound_id FROM licence_plates ORDER BY code DESC LIMIT 1").fetchone()
        if plate:
            sku = f"SKU-{data.draw(st.integers(0, 5)):03d}"
            lot = data.draw(st.one_of(st.none(), st.text("ABC123", min_size=1, max_size=6)))
            receive(db, plate[1], plate[0], sku, data.draw(st.integers(1, 40)), "u-s", lot=lot,
                    expiry=data.draw(st.sampled_from([None, "2027-03-31"])))
    elif step == "putaway":
        row = db.execute("SELECT id, sku_code FROM receipt_lines WHERE put_away_at IS NULL ORDER BY id").fetchone()
        if row:
            suggested = suggest_location(db, row[1])
            target = suggested if data.draw(st.booleans()) else data.draw(st.sampled_from(
                [r[0] for r in db.execute("SELECT code FROM locations WHERE active = 1 ORDER BY code LIMIT 20")]))
            put_away(db, row[0], str(target), suggested, "u-s")
    elif step == "close" and deliveries:
        close_delivery(db, data.draw(st.sampled_from(deliveries)), "u-s")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=st.data(), steps=st.lists(st.sampled_from(["open", "plate", "receive", "putaway", "close", "sync"]),
                                      min_size=3, max_size=16))
def test_the_server_re_executes_receiving_to_the_same_books(server: LiveServer, tmp_path: Path,
                                                            data: st.DataObject, steps: list[str]) -> None:
    site, term, _ = _site(server, tmp_path)
    for step in ["open", "plate", "receive", *steps]:
        if step == "sync":
            sync_once(term.db, term.client())
        else:
            _step(term, data, step)
    _settle(term)
    assert balance_errors(term.db) == []
    received = term.db.execute("SELECT coalesce(sum(qty), 0) FROM receipt_lines").fetchone()[0]
    stored = term.db.execute("SELECT coalesce(sum(qty), 0) FROM receipt_lines WHERE put_away_at IS NOT NULL"
                             ).fetchone()[0]
    assert received == stored + term.db.execute("SELECT coalesce(sum(qty), 0) FROM inventory WHERE location_code = ?",
                                                (DOCK,)).fetchone()[0]
    assert_same(server.app.state.engine, site, term.db)
    term.db.close()


def test_a_putaway_sent_twice_from_two_stations_moves_the_books_once(server: LiveServer, tmp_path: Path) -> None:
    site, one, _ = _site(server, tmp_path)
    two = enrol(server, tmp_path / "second.db", site=site)
    sync_once(two.db, two.client())
    delivery = open_delivery(one.db, "WZ 9", None)
    lpn = open_plate(one.db, delivery.id, None)
    line = receive(one.db, delivery.id, lpn, "SKU-002", 5, None)
    _settle(one)
    sync_once(two.db, two.client())
    for term, where in ((one, "A-01-01-1L"), (two, "B-07-01-1L")):
        apply_op(term.db, "PutawayConfirmed", {"receipt_line_id": line, "location_code": where})
    _settle(one)
    _settle(two)
    _settle(one)
    engine = server.app.state.engine
    sync_once(two.db, two.client())
    assert_same(engine, site, one.db)
    assert_same(engine, site, two.db)     # the second station's books came back to the server's
    from sync_compare import server_entities
    books = server_entities(engine, site)["inventory"]
    assert books.get(f"{DOCK}|SKU-002", {}).get("qty", 0) == 0
    # the first putaway the server heard of is the one on its books; the second is a supervisor's exception
    shelves = sum(books.get(f"{where}|SKU-002", {}).get("qty", 0) for where in ("A-01-01-1L", "B-07-01-1L"))
    assert shelves == 5 + _opening(one.db, "A-01-01-1L") + _opening(one.db, "B-07-01-1L")
    exceptions = server.app.state.engine
    assert _exception_kinds(exceptions, site) == ["putaway_conflict"]
    one.db.close()
    two.db.close()


def _exception_kinds(engine: Any, site: str) -> list[str]:
    from sqlalchemy import select

    from backend import schema

    e = schema.exceptions.c
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(e.kind).where(e.site_id == site))]


def _opening(db: Any, location: str) -> int:
    row = db.execute("SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE location_code = ? AND sku_code ="
                     " 'SKU-002' AND kind != 'putaway'", (location,)).fetchone()
    return int(row[0])


@pytest.fixture
def tmp_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example of the hypothesis test (each example uses its own site and file)."""
    return tmp_path_factory.mktemp("receiving")
