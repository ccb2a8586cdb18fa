"""The blind count in the real station window on the demo site (issue 19 §3): the stocker logs in with
their badge, counts a location by scans and a typed quantity; a small difference is booked with a
reason, a big one is counted again and booked only with a supervisor's badge scanned there and then;
the book quantity appears in no widget before the count is booked; the stock card shows the movements."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QTableWidget

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.demo import generate
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.store import open_db
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.counts.pages import CountPage, StockCardPage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    path = tmp_path / "demo.db"
    db = open_db(path, create=True)
    generate(db, seed=3, orders=20, now=NOW, db_path=path, settings=Settings(), shift_history=False)
    db.close()
    # an hour after the demo's opening balance, so the counts follow it on the stock card
    context = make_context(path, settings=Settings({"ui": {"sound": False}}),
                           clock=FixedClock(NOW + timedelta(hours=1)), synchronous=True)
    yield context
    shutdown(context)


def every_text(window) -> str:  # type: ignore[no-untyped-def]
    """Everything a person could read in the window: labels, fields, lists, tables."""
    texts = [w.text() for w in window.findChildren(QLabel)] + [w.text() for w in window.findChildren(QLineEdit)]
    for lst in window.findChildren(QListWidget):
        texts += [lst.item(i).text() for i in range(lst.count())]
    for table in window.findChildren(QTableWidget):
        texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                  if table.item(r, c)]
    return "\n".join(texts)


def open_counts(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    from ui.windows import make_window

    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.deliver_scan("B-1501")                        # Ewa Mazur, stocker
    assert window.user is not None and window.user.id == "user-stock-1"
    window.show_page("counts")
    page = window.current_page()
    assert isinstance(page, CountPage)
    return window, page


def type_in(qtbot, page: CountPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.typed.setFocus()
    qtbot.keyClicks(page.typed, text)
    qtbot.keyClick(page.typed, Qt.Key.Key_Return)


def a_stocked_place(ctx: AppContext, at_least: int) -> tuple[str, str, int, str]:
    """(location, SKU, book qty, a barcode of one unit) with a book quantity no other number on screen hides."""
    row = ctx.db.execute(
        "SELECT i.location_code, i.sku_code, i.qty, b.barcode FROM inventory i JOIN sku_barcodes b"
        " ON b.sku_code = i.sku_code AND b.units = 1 WHERE i.qty >= ? ORDER BY i.qty DESC, 1 LIMIT 1",
        (at_least,)).fetchone()
    assert row is not None
    return row[0], row[1], int(row[2]), row[3]


def test_a_blind_count_with_a_small_and_a_big_difference(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    window, page = open_counts(qtbot, ctx)
    db = ctx.db
    location, sku, book, barcode = a_stocked_place(ctx, 20)
    last = lambda: window.feedback.last  # noqa: E731

    # a small difference: two units scanned less than the books, booked with a reason
    window.deliver_scan(location)
    assert last().kind == "ok" and location in page.location.text()
    window.deliver_scan(barcode)
    assert page.counted.text() == "Counted: 1"
    type_in(qtbot, page, str(book - 2))                  # the rest typed: Enter books it — or asks why
    assert last().kind == "error" and "differs" in last().text
    assert f"{book}" not in every_text(window).replace(str(book - 2), "")   # blind: the books never show
    type_in(qtbot, page, "2")                            # 2: lost
    assert last().kind == "ok" and "Booked" in last().text and "lost" in last().text
    assert on_hand(db, location, sku) == book - 2
    counted = db.execute("SELECT counted, book, difference, reason, user_id FROM stock_counts").fetchall()
    assert [tuple(r) for r in counted] == [(book - 2, book, -2, "lost", "user-stock-1")]

    # a big difference: counted again first, then a reason, then only a supervisor's badge books it
    window.deliver_scan(location)
    window.deliver_scan(barcode)
    type_in(qtbot, page, "3")
    assert last().kind == "error" and "again" in last().text
    assert page.counted.text() == "Counted: 0"
    window.deliver_scan(barcode)
    type_in(qtbot, page, "3")                            # the same again: it really differs
    assert "reason" in last().text
    assert str(book - 2) not in every_text(page)     # (the log above still shows the first count's booking)
    type_in(qtbot, page, "1")                            # 1: damaged
    assert "supervisor" in last().text
    window.deliver_scan("B-1502")                        # a stocker, not a supervisor: refused, nobody logs in
    assert last().kind == "error" and "not a supervisor" in last().text
    assert window.user.id == "user-stock-1" and on_hand(db, location, sku) == book - 2
    window.deliver_scan("B-1401")                        # Joanna Kozłowska, supervisor
    assert last().kind == "ok" and "Booked" in last().text
    assert window.user.id == "user-stock-1"
    assert on_hand(db, location, sku) == 3
    row = db.execute("SELECT supervisor_id, recounted, reason FROM stock_counts ORDER BY at DESC, id DESC"
                     " LIMIT 1").fetchone()
    assert tuple(row) == ("user-super-1", 1, "damaged")
    assert balance_errors(db) == []

    # a stocker has no stock card (it would show the books); the supervisor's: both counts, with the
    # running balance of the location, and an adjustment typed there
    assert "stock_card" not in window.pages
    window.deliver_scan("B-1401")
    assert window.user.id == "user-super-1"
    window.show_page("stock_card")
    card = window.current_page()
    assert isinstance(card, StockCardPage)
    window.deliver_scan(barcode)
    kinds = [card.table.item(r, 1).text() for r in range(card.table.rowCount())]
    assert kinds[:2] == ["count", "count"]
    assert card.table.item(0, 3).text() == f"{3 - (book - 2):+d}" and card.table.item(0, 4).text() == "3"
    assert card.table.item(1, 4).text() == str(book - 2)
    window.deliver_scan(location)
    assert "Adjust" in card.prompt.text() and "1: damaged" in card.reasons.text()
    card.typed.setFocus()
    qtbot.keyClicks(card.typed, "-1 5")                  # one unit less: theft
    qtbot.keyClick(card.typed, Qt.Key.Key_Return)
    assert last().kind == "ok" and "Adjusted" in last().text
    assert on_hand(db, location, sku) == 2
    assert card.table.item(0, 1).text() == "adjustment" and card.table.item(0, 4).text() == "2"
    assert card.table.item(0, 6).text() == "theft" and card.table.item(0, 5).text() == "Joanna Kozłowska"
    assert balance_errors(db) == []


def test_a_count_that_matches_closes_its_task_without_a_reason(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    db = ctx.db
    location, sku, book, barcode = a_stocked_place(ctx, 1)
    db.execute("INSERT INTO count_tasks (id, location_code, sku_code, source, created_at) VALUES (?, ?, ?, 'short',"
               " '2026-11-23T08:00:00.000+00:00')", ("short:t1", location, sku))
    db.conn.commit()
    window, page = open_counts(qtbot, ctx)
    assert page.tasks.count() == 1 and location in page.tasks.item(0).text()
    window.deliver_scan(location)
    window.deliver_scan(barcode)
    window.deliver_scan("NO-SUCH-CODE-42")               # a barcode nobody knows: refused, nothing counted
    assert window.feedback.last.kind == "error" and page.counted.text() == "Counted: 1"
    type_in(qtbot, page, str(book))
    assert window.feedback.last.kind == "ok" and "as the books said" in window.feedback.last.text
    assert db.execute("SELECT status FROM count_tasks").fetchone()[0] == "done"
    assert page.tasks.count() == 0
    assert db.execute("SELECT count(*) FROM stock_movements WHERE kind = 'count'").fetchone()[0] == 0
