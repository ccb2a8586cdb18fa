"""The picker's page with real widgets: tote binding, picks, a wrong item, a short pick, batch done."""

from __future__ import annotations

import pytest
from picking_world import SKUS, add_order, build_warehouse
from PySide6.QtCore import Qt, QTimer

from terminal.config import Settings
from terminal.people.badges import user_for_badge
from terminal.scanning.types import CommandScan, ItemScan, LocationScan, ToteScan
from ui.context import AppContext
from ui.pages import pages_for
from ui.picking.pages import PickingPage, ShortPickDialog
from ui.taskman import TaskManager

# the offscreen platform cannot resize windows to their size hints; that is not a picking problem
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def ok(self, message: str) -> None:
        self.seen.append(("ok", message))

    def error(self, message: str) -> None:
        self.seen.append(("error", message))

    def info(self, message: str) -> None:
        self.seen.append(("info", message))


@pytest.fixture
def page(qtbot, fresh_db, db_path, clock):
    build_warehouse(fresh_db)
    add_order(fresh_db, [("SKU-MUG", 2)], ref="R-1")
    add_order(fresh_db, [("SKU-TEA", 1)], ref="R-2")
    ctx = AppContext(db_path, fresh_db, Settings(), clock, feedback=Recorder(), tasks=TaskManager(synchronous=True))
    widget = PickingPage(ctx, user_for_badge(fresh_db, "B-OLA"))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.on_shown()
    return widget


def item(sku: str) -> ItemScan:
    return ItemScan(raw=SKUS[sku][1], sku_code=sku, gtin=SKUS[sku][1])


def test_the_page_is_registered_for_pickers_only(fresh_db):
    build_warehouse(fresh_db)
    assert "picking" in [s.key for s in pages_for("station", user_for_badge(fresh_db, "B-ALA"))]
    assert "picking" not in [s.key for s in pages_for("station", user_for_badge(fresh_db, "B-PAT"))]


def test_picker_flow_with_wrong_item_short_pick_and_done(page, qtbot):
    feedback = page.ctx.feedback
    assert "slot 1" in page.prompt.text() and "red" in page.tote.text()
    assert page.handle_scan(ToteScan(raw="T-1", code="T-1"))
    assert page.handle_scan(ToteScan(raw="T-2", code="T-2"))
    task = page.session.current_task()
    assert page.location.text() == task.location_code and task.sku_name in page.sku.text()
    assert page.quantity.text() == f"0 / {task.qty}" and "Ship by" in page.ship_by.text()
    page.handle_scan(LocationScan(raw=task.location_code, code=task.location_code))
    wrong = "SKU-PEN"
    page.handle_scan(item(wrong))
    assert feedback.seen[-1][0] == "error" and "Wrong item" in feedback.seen[-1][1]
    assert "c62828" in page.message.styleSheet()          # red
    assert page.session.current_task().picked_qty == 0
    page.handle_scan(item(task.sku_code))
    assert feedback.seen[-1][0] == "ok"
    # the rest is not there: short pick with the keyboard (key 2 = damaged)
    def press_damaged() -> None:
        dialog = page.short_dialog
        assert isinstance(dialog, ShortPickDialog) and dialog.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_2)

    remaining = page.session.current_task().remaining
    if remaining:
        QTimer.singleShot(0, press_damaged)
        page.handle_scan(CommandScan(raw="CMD:SHORT", command="SHORT"))
        assert "Short pick recorded" in feedback.seen[-1][1]
    while page.session.current_task() is not None:
        current = page.session.current_task()
        page.handle_scan(LocationScan(raw=current.location_code, code=current.location_code))
        page.handle_scan(item(current.sku_code))
    assert "take the cart to packing" in feedback.seen[-1][1]
    assert page.location.text() == "Done"
    finished, total = page.session.progress()
    assert page.progress.value() == finished == total
    page.map.grab()                                            # paints the route without error
    assert page.ctx.db.execute("SELECT count(*) FROM exceptions WHERE kind = 'short_pick'").fetchone()[0] == \
        (1 if remaining else 0)


def test_typed_quantity_and_escape_cancels_the_short_dialog(page, qtbot):
    page.handle_scan(ToteScan(raw="T-1", code="T-1"))
    page.handle_scan(ToteScan(raw="T-2", code="T-2"))
    while page.session.current_task().sku_code != "SKU-MUG":
        current = page.session.current_task()
        page.handle_scan(LocationScan(raw=current.location_code, code=current.location_code))
        page.handle_scan(item(current.sku_code))
    current = page.session.current_task()
    page.handle_scan(LocationScan(raw=current.location_code, code=current.location_code))
    page.handle_scan(item("SKU-MUG"))
    assert page.quantity.text() == "1 / 2"

    def escape() -> None:
        qtbot.keyClick(page.short_dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, escape)
    page.ask_short()
    assert page.session.current_task().task_id == current.task_id   # nothing shorted
    page.count.setText("2")
    qtbot.keyClick(page.count, Qt.Key.Key_Return)
    assert page.session.current_task() is None or page.session.current_task().task_id != current.task_id


def test_the_page_draws_the_workers_last_snapshot_not_the_session_it_is_changing(page):
    # the worker may be half-way through the next scan while the GUI repaints: what the GUI draws is the
    # snapshot the last finished task brought back, never the live session
    page.handle_scan(ToteScan(raw="T-1", code="T-1"))
    page.handle_scan(ToteScan(raw="T-2", code="T-2"))
    shown = page.session.current_task()
    page.session.handle(LocationScan(raw=shown.location_code, code=shown.location_code))   # as on the worker
    page.session.handle(item(shown.sku_code))
    page._render()
    assert page.view.current_task() == shown and page.quantity.text() == f"0 / {shown.qty}"
    with pytest.raises(AttributeError):
        page.view.state = "done"                                   # frozen
