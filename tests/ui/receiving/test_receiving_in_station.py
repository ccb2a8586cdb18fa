"""Receiving and putaway in the real station window, offscreen: the stocker's badge logs in, raw scans
go through deliver_scan (GS1-128 with lot and expiry, SSCC licence plates, location labels), the plate
label goes to a label printer on 127.0.0.1 (a file printer) — or to one that is off — and the books
hold (the stock card balances, received = put away + still on the dock)."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.receiving import DOCK
from terminal.people.badges import register_badge
from terminal.store import open_db
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.receiving.pages import ReceivingPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "stats"))
from sim_world import build_world  # noqa: E402


def _gtin(n: int) -> str:
    from terminal.scanning.gs1 import gtin14

    body = f"590000{n:07d}"
    for digit in "0123456789":
        found = gtin14(body + digit)
        if found:
            return found
    raise AssertionError("no GTIN")


def _site(tmp_path: Path, printer: str) -> AppContext:
    path = tmp_path / "station.db"
    db = open_db(path, create=True)
    build_world(db, orders=2, skus=4, seed=2, locker=None)
    # the opening balance
    db.execute("INSERT OR REPLACE INTO stock_movements (id, at, location_code, sku_code, delta, kind)"
               " SELECT 'opening:' || location_code || '|' || sku_code, '2026-11-23T00:00:00.000+00:00',"
               " location_code, sku_code, qty, 'opening' FROM inventory")
    for n in range(4):      # the items as a GS1 scanner reads their GTIN-13
        db.execute("INSERT INTO sku_barcodes (barcode, sku_code) VALUES (?, ?)", (_gtin(n), f"SKU-{n:03d}"))
    db.execute("INSERT INTO users (id, name, roles, zones, language) VALUES ('u-stock', 'Ewa Mazur', 'stocker', '',"
               " 'en')")
    register_badge(db, "B-1501", "u-stock")
    db.execute("INSERT INTO inbound_deliveries (id, ref, supplier, source, status, created_at) VALUES"
               " ('in-1', 'WZ-501', 'Acme', 'asn', 'announced', '2026-11-23T07:00:00.000+00:00')")
    db.execute("INSERT INTO inbound_lines (id, inbound_id, line_no, sku_code, expected_qty) VALUES"
               " ('il-1', 'in-1', 1, 'SKU-000', 10), ('il-2', 'in-1', 2, 'SKU-001', 4)")
    db.conn.commit()
    db.close()
    settings = Settings({"ui": {"sound": False}, "packing": {"printer": printer},
                         "printers": {"connect_timeout_s": 1.0, "send_timeout_s": 2.0}})
    return make_context(path, settings=settings, clock=FixedClock(), synchronous=True)


@pytest.fixture
def printed(tmp_path: Path) -> Path:
    return tmp_path / "printer.zpl"


@pytest.fixture
def station_ctx(tmp_path: Path, printed: Path) -> Iterator[AppContext]:
    ctx = _site(tmp_path, f"file:{printed}")
    yield ctx
    shutdown(ctx)


def _open(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    from ui.windows import make_window

    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.deliver_scan("B-1501")
    assert window.user is not None and window.user.id == "u-stock"
    assert window.show_page("receiving")
    page = window.current_page()
    assert isinstance(page, ReceivingPage)
    return window, page


def test_an_asn_is_received_on_a_plate_and_put_away_through_the_window(qtbot, station_ctx, printed) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(qtbot, station_ctx)
    db = station_ctx.db
    last = lambda: window.feedback.last  # noqa: E731
    window.deliver_scan("A-01-01-1L")                          # a shelf before any delivery: refused
    assert last().kind == "error" and page.state.mode == "idle"
    window.deliver_scan("CMD:NEXT")                            # a command is no delivery note
    assert last().kind == "error" and page.state.mode == "idle"
    assert db.execute("SELECT count(*) FROM inbound_deliveries").fetchone()[0] == 1
    window.deliver_scan("WZ-501")
    assert page.state.mode == "receive" and page.title.text() == "WZ-501"
    assert page.table.rowCount() == 2 and page.difference_of("SKU-000") == -10
    # GS1-128: (01) GTIN, (17) expiry, (10) lot — FNC1 as the scanner's visible separator
    window.deliver_scan(f"]C101{_gtin(0)}17270531|10LOT-7")
    assert last().kind == "ok", last().text
    lpn = page.state.lpn
    assert lpn is not None and lpn in printed.read_text()
    page.qty.setText("11")
    window.deliver_scan(_gtin(0))
    assert page.difference_of("SKU-000") == 2                  # 12 received against 10: over
    assert page.table.item(0, 3).text() == "+2"
    window.deliver_scan(_gtin(1))
    assert page.difference_of("SKU-001") == -3                 # under
    row = db.execute("SELECT lot, expiry FROM receipt_lines WHERE qty = 1 AND sku_code = 'SKU-000'").fetchone()
    assert tuple(row) == ("LOT-7", "2027-05-31")
    assert on_hand(db, DOCK, "SKU-000") == 12
    window.deliver_scan("WZ-501")                              # the note again: finished
    assert page.state.mode == "idle"
    assert db.execute("SELECT status FROM inbound_deliveries WHERE id = 'in-1'").fetchone()[0] == "closed"

    window.deliver_scan(lpn)                                   # putaway: the plate
    assert page.state.mode == "putaway" and page.state.line is not None
    suggested = page.state.suggested
    assert suggested and page.where.text() == suggested
    window.deliver_scan(_gtin(0))                              # not a location: refused, nothing moves
    assert last().kind == "error" and page.state.left == 3
    other = db.execute("SELECT code FROM locations WHERE active = 1 AND code != ? ORDER BY code DESC LIMIT 1",
                       (suggested,)).fetchone()[0]
    window.deliver_scan(other)                                 # another shelf asks first …
    assert last().kind == "info" and page.state.left == 3
    window.deliver_scan(other)                                 # … and is taken when scanned again
    assert last().kind == "ok" and page.state.left == 2
    while page.state.mode == "putaway":
        window.deliver_scan(page.state.suggested)
    assert on_hand(db, DOCK, "SKU-000") == on_hand(db, DOCK, "SKU-001") == 0
    assert db.execute("SELECT count(*) FROM receipt_lines WHERE put_away_at IS NULL").fetchone()[0] == 0
    assert tuple(db.execute("SELECT location_code, suggested_location FROM receipt_lines ORDER BY received_at, id"
                            " LIMIT 1").fetchone()) == (other, suggested)
    assert balance_errors(db) == []


def test_an_unannounced_delivery_and_a_printer_that_is_off(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ctx = _site(tmp_path, f"tcp://127.0.0.1:{port}")
    try:
        window, page = _open(qtbot, ctx)
        window.deliver_scan("Hurtownia Kowalski")
        assert page.state.mode == "receive" and page.state.delivery is not None
        assert page.state.delivery.source == "unannounced" and window.feedback.last.kind == "info"
        window.deliver_scan(_gtin(2))
        # the label did not print: said, and the plate and its units are kept
        assert window.feedback.last.kind == "error" and "F11" in window.feedback.last.text
        assert page.state.lpn is not None and on_hand(ctx.db, DOCK, "SKU-002") == 1
        page.print_again()
        assert window.feedback.last.kind == "error"
        assert balance_errors(ctx.db) == []
    finally:
        shutdown(ctx)
