"""The returns desk in the real station window, offscreen: a stocker logs in with a badge, scans a
returned parcel and its items, grades them with the number keys, confirms each location by scanning it,
and completes the return with F10 — book stock is still the sum of its movements afterwards."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.inventory.ledger import balance_errors, on_hand
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.returns.pages import ReturnsPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "inventory"))
from returns_world import QUARANTINE, returns_world  # noqa: E402


@pytest.fixture
def returns_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    path = tmp_path / "station.db"
    returns_world(path).close()
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}}), clock=clock, synchronous=True)
    yield ctx
    shutdown(ctx)


def _open(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    from ui.windows import make_window

    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()                                     # number and function keys are shortcuts
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.deliver_scan("B-1501")
    assert window.user is not None and window.user.id == "u-ewa"
    window.show_page("returns")
    page = window.current_page()
    assert isinstance(page, ReturnsPage)
    return window, page


def test_a_stocker_takes_a_return_back_through_the_station(qtbot, returns_ctx: AppContext) -> None:
    window, page = _open(qtbot, returns_ctx)
    db = returns_ctx.db
    last = lambda: window.feedback.last  # noqa: E731
    order, ref = db.execute("SELECT id, ref FROM orders ORDER BY id LIMIT 1").fetchone()
    sku, ordered = db.execute("SELECT sku_code, qty FROM order_lines WHERE order_id = ? ORDER BY line_no",
                              (order,)).fetchone()
    barcode = lambda code: db.execute("SELECT barcode FROM sku_barcodes WHERE sku_code = ?",  # noqa: E731
                                      (code,)).fetchone()[0]
    window.deliver_scan("NO-SUCH-PARCEL")
    assert last().kind == "error" and "finds no order" in last().text
    window.deliver_scan(f"RMA-{ref}")
    assert last().kind == "ok" and page.order.text() == ref
    assert page.lines.item(0, 1).text() == f"0 / {ordered}"
    assert db.execute("SELECT received_at FROM returns").fetchone()[0] is not None
    # restock: the suggested shelf is shown and confirmed by scanning it
    window.deliver_scan(barcode(sku))
    assert "1 restock" in page.prompt.text() and not page.flag.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert page.view is not None and page.view.item is not None
    shelf = page.view.item.suggested
    assert shelf and shelf in page.prompt.text()
    before = on_hand(db, shelf, sku)
    window.deliver_scan(shelf)
    assert last().kind == "ok" and on_hand(db, shelf, sku) == before + 1
    assert page.lines.item(0, 1).text() == f"1 / {ordered}"
    # an item that is not in the order is flagged in red, then quarantined with a reason
    stranger = db.execute("SELECT code FROM skus WHERE code NOT IN (SELECT sku_code FROM order_lines"
                          " WHERE order_id = ?) ORDER BY code LIMIT 1", (order,)).fetchone()[0]
    window.deliver_scan(barcode(stranger))
    assert last().kind == "error" and page.flag.isVisible() and stranger in page.flag.text()
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert QUARANTINE in page.prompt.text()
    window.deliver_scan(QUARANTINE)
    assert last().kind == "ok" and on_hand(db, QUARANTINE, stranger) == 1 and not page.flag.isVisible()
    # F10: the parcel is empty, the return is graded
    qtbot.keyClick(window, Qt.Key.Key_F10)
    assert last().kind == "ok" and "complete" in last().text
    received, graded, status = db.execute("SELECT received_at, graded_at, status FROM returns").fetchone()
    assert status == "graded" and graded >= received
    grades = db.execute("SELECT grade, reason, user_id FROM return_items ORDER BY grade DESC").fetchall()
    assert [tuple(g) for g in grades] == [("restock", None, "u-ewa"), ("quarantine", "damaged", "u-ewa")]
    assert balance_errors(db) == []
    # a second parcel of the same order is a second return
    window.deliver_scan(f"RMA-{ref}")
    assert page.prompt.text().startswith("Return of order") and page.lines.item(0, 1).text() == f"1 / {ordered}"
    assert db.execute("SELECT count(*) FROM returns").fetchone()[0] == 2


def test_every_sentence_of_the_returns_desk_has_its_translation(qtbot) -> None:  # type: ignore[no-untyped-def]
    from terminal.inventory.returns_messages import MESSAGES
    from ui.returns.messages import texts

    assert set(texts()) == set(MESSAGES)
    for code, english in MESSAGES.items():        # the same arguments, in the same places
        assert sorted(t for t in texts()[code].split() if t.startswith("%")) == sorted(
            t for t in english.split() if t.startswith("%")), code
