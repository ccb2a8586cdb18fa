"""A code typed by hand on the picker page (issue 15): slow typing was dropped without a word.

The wedge filter hands a person's slow keys back to the focused widget; on the picking page that was
the page itself, which has no text field, so the keys vanished. Now they land in the manual-entry
field, Enter hands the code on as a scan, and the banner says what became of it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.picking.pages import PickingPage
from ui.scanning.manual_entry import ManualEntry


def open_picking(qtbot, ctx: AppContext):
    from ui.windows import make_window

    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.deliver_scan("B-ALA")
    window.show_page("picking")
    page = window.current_page()
    assert isinstance(page, PickingPage) and page.session is not None
    return window, page


def type_by_hand(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)     # wherever the keys go, as a person's would


def test_a_location_typed_by_hand_is_used_and_answered(qtbot, picking_ctx: AppContext) -> None:
    window, page = open_picking(qtbot, picking_ctx)
    window.deliver_scan("T-001")
    window.deliver_scan("T-002")
    task = page.session.current_task()
    page.setFocus()                                            # nothing to type into on this page
    type_by_hand(qtbot, task.location_code)
    assert QApplication.focusWidget() is page.manual.field
    assert page.manual.field.text() == task.location_code     # every key kept, in order
    qtbot.keyClick(page.manual.field, Qt.Key.Key_Return)
    assert page.manual.field.text() == "" and page.manual.last == task.location_code
    assert window.feedback.last.kind == "ok", window.feedback.last.text
    assert window.feedback.scans[0].raw == task.location_code  # in the scan log like a scan
    said = window.feedback.last.text                            # the page's news line does not repeat the banner
    assert page.message not in [w for w in window.findChildren(QLabel) if w.isVisible() and w.text() == said]
    assert not page.message.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_F9)
    assert QApplication.focusWidget() is page.manual.field
    qtbot.keyClick(page.manual.field, Qt.Key.Key_Return)      # Enter on an empty field says so
    assert window.feedback.last.kind == "error" and "Type a code first" in window.feedback.last.text
    type_by_hand(qtbot, "NOT-A-CODE-9")
    qtbot.keyClick(page.manual.field, Qt.Key.Key_Return)
    assert window.feedback.last.kind == "error" and "NOT-A-CODE-9" in window.feedback.last.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40))
def test_every_key_typed_on_the_page_lands_in_the_field_in_order(qtbot, text: str) -> None:
    """Whatever a person types while the page itself has the focus is kept, every key, in order."""
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    entry = ManualEntry(page)
    entry.catch_typing(page)
    layout.addWidget(entry)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.setFocus()
    for char in text:
        qtbot.keyClick(page.focusWidget() or page, char)       # the window's focused widget gets the key
    assert entry.field.text() == text
