"""The whole picker flow in the real station window: badge login, raw scans through deliver_scan
(classified by the scanning capability), a wrong item, a short pick and the batch done."""

from __future__ import annotations

from picking_world import SKUS, ean13
from PySide6.QtCore import Qt, QTimer

from ui.context import AppContext
from ui.picking.pages import PickingPage, ShortPickDialog


def test_picker_flow_in_the_station_window(qtbot, picking_ctx: AppContext, themed) -> None:
    from ui.windows import make_window

    window = make_window("station", picking_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.deliver_scan("B-ALA")                      # Ala: picker in zone A
    assert window.user is not None and window.role == "picker"
    window.show_page("picking")
    page = window.current_page()
    assert isinstance(page, PickingPage) and page.session is not None
    last = lambda: window.feedback.last  # noqa: E731

    assert "slot 1" in page.prompt.text()
    window.deliver_scan("T-001")
    window.deliver_scan("T-002")
    assert last().kind == "ok" and "Go to" in page.prompt.text()

    seen_short = seen_wrong = False
    while (task := page.session.current_task()) is not None:
        assert page.location.text() == task.location_code
        assert page.tote.text().startswith(f"Tote {task.tote_slot}")
        # big type in the themed window (the theme's page font must not shrink it), the tote in colour
        assert page.location.fontInfo().pointSize() >= 60 and page.quantity.fontInfo().pointSize() >= 44
        assert page.tote.fontInfo().pointSize() >= 30 and "background" in page.tote.styleSheet()
        window.deliver_scan(task.location_code)
        assert last().kind == "ok", last().text
        if not seen_wrong:
            wrong = next(s for s in SKUS if s != task.sku_code)
            window.deliver_scan(ean13(wrong))
            assert last().kind == "error" and "Wrong item" in last().text
            assert "c62828" in page.message.styleSheet()
            assert page.session.current_task().picked_qty == 0
            seen_wrong = True
        if task.sku_code == "SKU-MUG" and not seen_short:
            window.deliver_scan(ean13("SKU-MUG"))     # one of two, then the slot is empty
            assert page.quantity.text() == "1 / 2"

            def press_empty() -> None:
                dialog = page.short_dialog
                assert isinstance(dialog, ShortPickDialog)
                qtbot.keyClick(dialog, Qt.Key.Key_1)

            QTimer.singleShot(0, press_empty)
            window.deliver_scan("CMD:SHORT")
            assert "Short pick recorded" in last().text and "A-06-10-1L" in last().text
            seen_short = True
            continue
        for _ in range(task.qty - task.picked_qty):
            window.deliver_scan(task.sku_code)          # the SKU code works as well as the GTIN
    assert seen_short and seen_wrong
    assert "take the cart to packing" in last().text
    db = picking_ctx.db
    assert {r[0] for r in db.execute("SELECT status FROM orders")} == {"picked"}
    assert db.execute("SELECT kind FROM exceptions").fetchone()[0] == "short_pick"
    # every scan is also recorded (ScanRecorded, for the scan error rate); the picking ops in between:
    names = [r[0] for r in db.execute("SELECT name FROM outbox WHERE name != 'ScanRecorded' ORDER BY seq")]
    assert names[0] == "UserLoggedIn" and "PickShorted" in names and names[-1] == "BatchFinished"
    assert page.can_leave()
    # logging out mid-batch loses nothing: the next login resumes the same batch


def test_a_picker_who_logs_out_mid_batch_resumes_it(qtbot, picking_ctx: AppContext) -> None:
    from ui.windows import make_window

    window = make_window("station", picking_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.deliver_scan("B-ALA")
    window.show_page("picking")
    page = window.current_page()
    batch = page.session.batch_id
    window.deliver_scan("T-001")
    window.deliver_scan("CMD:LOGOUT")
    assert window.user is None
    window.deliver_scan("B-ALA")
    window.show_page("picking")
    page = window.current_page()
    assert isinstance(page, PickingPage) and page.session.batch_id == batch
    assert "slot 2" in page.prompt.text()
