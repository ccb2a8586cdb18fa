"""The whole packer flow in the real station window: badge login, raw scans through deliver_scan, a
wrong item, an over-scan, a weight mismatch resolved by a recount and by a supervisor, a printer on
127.0.0.1 that is off and comes back, the scale on a pseudo-terminal, and the handover page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from packing_world import build_packing_site, picked_order
from printer_server import PrinterServer, free_port
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.devices.scales.emulator import ScaleEmulator
from terminal.store import open_db
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.packing.handover import HandoverPage
from ui.packing.pages import PackingPage

PORT = free_port()


def station(tmp_path: Path, clock: FixedClock, **packing: object) -> AppContext:
    path = tmp_path / "station.db"
    db = open_db(path, create=True)
    build_packing_site(db)
    picked_order(db, [("SKU-MUG", 2), ("SKU-TEA", 1)], tote="T-001", ref="R-100")
    picked_order(db, [("SKU-BAG", 1)], tote="T-002", ref="R-200")
    picked_order(db, [("SKU-PEN", 1)], tote="T-003", ref="R-300")
    db.close()
    settings = Settings({"ui": {"sound": False}, "packing": {"printer": f"tcp://127.0.0.1:{PORT}",
                                                             "label_retry_s": 3600.0, **packing},
                         "printers": {"connect_timeout_s": 1.0, "send_timeout_s": 2.0}})
    return make_context(path, settings=settings, clock=clock, synchronous=True)


@pytest.fixture
def packing_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = station(tmp_path, clock)
    yield ctx
    shutdown(ctx)


def open_station(qtbot, ctx: AppContext, badge: str = "B-PAT"):
    from ui.windows import make_window

    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()                                     # function keys are window shortcuts
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.deliver_scan(badge)
    assert window.user is not None and window.role == "packer"
    window.show_page("packing")
    page = window.current_page()
    assert isinstance(page, PackingPage)
    return window, page


def type_weight(qtbot, page: PackingPage, grams: int) -> None:
    page.typed.setFocus()
    qtbot.keyClicks(page.typed, str(grams))
    qtbot.keyClick(page.typed, Qt.Key.Key_Return)


def test_packer_flow_with_mismatch_and_a_printer_that_comes_back(qtbot, packing_ctx: AppContext) -> None:
    window, page = open_station(qtbot, packing_ctx)
    db = packing_ctx.db
    last = lambda: window.feedback.last  # noqa: E731

    window.deliver_scan("T-001")
    assert last().kind == "ok" and page.order.text() == "R-100"
    assert page.lines.rowCount() == 2 and page.lines.item(0, 1).text() == "0 / 2"
    window.deliver_scan("5901234123495")                     # a cup: not in this order
    assert last().kind == "error" and "Wrong item" in last().text and "c62828" in page.message.styleSheet()
    window.deliver_scan("5901234123457")                     # EAN-13 of the mug, as printed
    window.deliver_scan("]C1" + "0105901234123457")          # the mug again as a GS1-128 string
    assert page.lines.item(0, 1).text() == "2 / 2"
    window.deliver_scan("SKU-MUG")                           # a third mug: over-scan
    assert last().kind == "error" and "Too many" in last().text
    assert page.lines.item(0, 1).text() == "2 / 2"
    window.deliver_scan("SKU-TEA")
    assert "box M" in last().text and page.box.text() == "Box M" and "820 g" in page.expected.text()

    # the printer is off: the package closes, the label is kept
    type_weight(qtbot, page, 830)
    assert "Packed" in last().text and "tracking DPD" in last().text
    assert "Printer is off" in page.label_panel.status.text()
    assert page.preview.isVisible() and not page.preview.pixmap().isNull()    # the preview of the label that waits
    job = db.execute("SELECT status FROM label_jobs").fetchone()
    assert job[0] == "failed"                                 # nothing reached the printer: stays pending

    # the next order: a mismatch, a recount, a mismatch again and the supervisor
    window.deliver_scan("T-002")
    window.deliver_scan("SKU-BAG")
    type_weight(qtbot, page, 900)                             # expected 420 g ± 30 g
    assert last().kind == "error" and page.mismatch.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_F10)
    assert "Recount" in last().text and page.lines.item(0, 1).text() == "0 / 1"
    window.deliver_scan("SKU-BAG")
    type_weight(qtbot, page, 300)
    assert page.mismatch.isVisible()
    window.deliver_scan("B-SUE")                              # a supervisor's badge accepts; no login change
    assert window.user.id == "u-pat" and "accepted by Sue" in last().text

    # the printer comes back: F11 sends both waiting labels, once each
    printer = PrinterServer(PORT)
    try:
        qtbot.keyClick(page, Qt.Key.Key_F11)
        assert page.label_panel.status.text() == "Label printed."
        qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
        assert all(job.startswith(b"^XA") for job in printer.jobs)
    finally:
        printer.close()
    assert {r[0] for r in db.execute("SELECT status FROM label_jobs")} == {"sent"}
    statuses = dict(db.execute("SELECT ref, status FROM orders").fetchall())
    assert statuses["R-100"] == statuses["R-200"] == "packed" and statuses["R-300"] == "picked"
    # wrong and over-scans are recorded as rejected scans of R-100 (not a perfect order); R-100's
    # mismatch-free and R-200's weight exception are what the stats read
    rejected = db.execute("SELECT o.ref, count(*) FROM scan_events s JOIN orders o ON o.id = s.order_id"
                          " WHERE s.accepted = 0 GROUP BY o.ref").fetchall()
    assert dict(rejected) == {"R-100": 2}
    assert db.execute("SELECT count(*) FROM exceptions WHERE kind = 'weight_mismatch'").fetchone()[0] == 2
    assert page.can_leave()


def test_weight_from_the_scale_on_a_pseudo_terminal(qtbot, tmp_path: Path, clock: FixedClock) -> None:
    with ScaleEmulator(grams=0) as scale:
        ctx = station(tmp_path, clock, scale_port=scale.path)
        try:
            window, page = open_station(qtbot, ctx)
            qtbot.waitUntil(lambda: page.scale_line.text() == "Scale: stable", timeout=5000)
            window.deliver_scan("T-003")
            window.deliver_scan("SKU-PEN")
            expected = page.session.expected_weight_g()
            scale.set(expected + 5, stable=False)
            qtbot.waitUntil(lambda: page.weight.text().startswith("~"), timeout=5000)
            assert page.session.state == "weigh"                # unstable weights are not taken
            scale.set(expected + 5, stable=True)
            qtbot.waitUntil(lambda: page.session.state == "idle", timeout=5000)
            row = ctx.db.execute("SELECT weight_g, weight_source FROM packages").fetchone()
            assert tuple(row) == (expected + 5, "scale")
            scale.unplug()
            qtbot.waitUntil(lambda: "port gone" in page.scale_line.text(), timeout=5000)
            assert "type the weight" in page.scale_line.text()
        finally:
            shutdown(ctx)


def pack_two(qtbot, window, page) -> None:
    for tote, sku in (("T-001", None), ("T-003", "SKU-PEN")):
        window.deliver_scan(tote)
        for code in (("SKU-MUG", "SKU-MUG", "SKU-TEA") if sku is None else (sku,)):
            window.deliver_scan(code)
        type_weight(qtbot, page, page.session.expected_weight_g())


def test_handover_page_loads_one_carrier(qtbot, packing_ctx: AppContext) -> None:
    window, page = open_station(qtbot, packing_ctx)
    printer = PrinterServer(PORT)
    try:
        pack_two(qtbot, window, page)
    finally:
        printer.close()
    db = packing_ctx.db
    tracking, sscc = db.execute("SELECT tracking_number, sscc FROM packages ORDER BY packed_at LIMIT 1").fetchone()
    window.show_page("handover")
    hand = window.current_page()
    assert isinstance(hand, HandoverPage)
    window.deliver_scan(tracking)
    assert window.feedback.last.kind == "ok" and hand.carrier.text() == "DPD"
    window.deliver_scan(tracking)
    assert window.feedback.last.kind == "error" and "already handed over" in window.feedback.last.text
    window.deliver_scan("00" + sscc)
    assert "already handed over" in window.feedback.last.text
    window.deliver_scan("NOT-A-PARCEL-123")
    assert window.feedback.last.kind == "error"
    assert db.execute("SELECT status FROM orders WHERE ref = 'R-100'").fetchone()[0] == "handed_over"
    assert db.execute("SELECT status FROM orders WHERE ref = 'R-300'").fetchone()[0] == "packed"


def test_a_label_whose_send_broke_is_asked_about_not_resent(qtbot, packing_ctx: AppContext) -> None:
    window, page = open_station(qtbot, packing_ctx)
    db = packing_ctx.db
    printer = PrinterServer(PORT, break_after=16, break_first=1)
    try:
        window.deliver_scan("T-003")
        window.deliver_scan("SKU-PEN")
        type_weight(qtbot, page, page.session.expected_weight_g())
        assert page.label_panel.question.isVisible() and "Y = yes" in page.label_panel.question.text()
        assert not page.can_leave()                          # the answer is owed before leaving the page
        qtbot.keyClick(page, Qt.Key.Key_F11)                 # a retry does not resend a job in doubt
        assert printer.jobs == [] and page.label_panel.question.isVisible()
        qtbot.keyClick(page, Qt.Key.Key_N)                   # it did not come out: print it again
        qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
        assert not page.label_panel.question.isVisible() and page.label_panel.status.text() == "Label printed."
    finally:
        printer.close()
    jobs = db.execute("SELECT status, is_reprint FROM label_jobs ORDER BY created_at, is_reprint").fetchall()
    assert [tuple(j) for j in jobs] == [("cancelled", 0), ("sent", 1)]
    assert page.can_leave()
