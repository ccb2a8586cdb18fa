"""Blind counting, as a property of the real page (issue 19 §3): whatever a stocker scans, types and
presses, no widget of the Counts page shows the book quantity before the count is booked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.demo import generate
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.ops import apply_op
from terminal.people.badges import user_for_badge
from terminal.scanning.classify import classify
from terminal.store import open_db
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.counts.pages import CountPage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BOOK = 977          # a number nothing else on the page makes


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    path = tmp_path_factory.mktemp("blind") / "demo.db"
    db = open_db(path, create=True)
    generate(db, seed=4, orders=10, now=NOW, db_path=path, settings=Settings(), shift_history=False)
    db.close()
    context = make_context(path, settings=Settings({"ui": {"sound": False}}),
                           clock=FixedClock(NOW + timedelta(hours=1)), synchronous=True)
    yield context
    shutdown(context)


def texts(page: CountPage) -> str:
    found = [w.text() for w in page.findChildren(QLabel)] + [w.text() for w in page.findChildren(QLineEdit)]
    for lst in page.findChildren(QListWidget):
        found += [lst.item(i).text() for i in range(lst.count())]
    return "\n".join(found)


ACTIONS = st.lists(st.tuples(st.sampled_from(["location", "unit", "type", "enter", "recount", "cancel", "badge"]),
                             st.integers(0, 60)), max_size=20)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_no_widget_shows_the_book_quantity_before_the_count_is_booked(qtbot, ctx: AppContext, actions) -> None:  # type: ignore[no-untyped-def]
    db = ctx.db
    location, sku, barcode = db.execute(
        "SELECT i.location_code, i.sku_code, b.barcode FROM inventory i JOIN sku_barcodes b ON b.sku_code = i.sku_code"
        " AND b.units = 1 ORDER BY i.location_code, i.sku_code LIMIT 1").fetchone()
    supervisor = user_for_badge(db, "B-1401")
    if on_hand(db, location, sku) != BOOK:     # an earlier example booked a count: the books back to BOOK
        apply_op(db, "StockAdjusted", {"location_code": location, "sku_code": sku,
                                       "delta": BOOK - on_hand(db, location, sku), "reason": "found",
                                       "supervisor_id": supervisor.id})
    page = CountPage(ctx, user_for_badge(db, "B-1501"))
    qtbot.addWidget(page)
    before = db.execute("SELECT count(*) FROM stock_counts").fetchone()[0]
    for action, n in actions:
        if action == "location":
            page.handle_scan(classify(db, location))
        elif action == "unit":
            page.handle_scan(classify(db, barcode))
        elif action in ("type", "enter"):
            page.typed.setText(str(n * 40) if action == "type" else str(n % 8))
            page._entered()
        elif action == "recount":
            page.recount()
        elif action == "cancel":
            page.cancel()
        else:
            page.handle_scan(classify(db, "B-1401"))
        if db.execute("SELECT count(*) FROM stock_counts").fetchone()[0] > before:
            break
        assert str(BOOK) not in texts(page), (action, texts(page))
    assert balance_errors(db) == []
