"""The wedge event filter in real widgets: scans at ≈5 ms/char go to deliver_scan, typing stays typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from scanning_harness import ScanHarness, press, type_keys

from terminal.scanning.wedge import WedgeSettings
from ui.scanning.wedge_filter import WedgeFilter, install_wedge_filter

GS = "\x1d"
# The offscreen platform plugin warns on every show(); that is the test platform, not our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def wedge(harness: ScanHarness):  # type: ignore[no-untyped-def]
    installed = install_wedge_filter(harness)
    yield installed
    installed.remove()


def test_scan_while_text_field_has_focus_does_not_go_into_it(harness: ScanHarness, wedge: WedgeFilter) -> None:
    end = type_keys("ORD-000123\n", 1000, 5)
    assert harness.scans == [("ORD-000123", "wedge")]
    assert harness.field.text() == ""
    assert not wedge.classifier.pending and end > 1000


def test_human_typing_stays_typed(qtbot, harness: ScanHarness, wedge: WedgeFilter) -> None:  # type: ignore[no-untyped-def]
    # each key waits for the filter's gap timer to hand it back, as it would between a person's keys
    def handed_back() -> None:
        qtbot.waitUntil(lambda: not wedge.classifier.pending)

    type_keys("hello", 1000, 120, between=handed_back)
    assert harness.field.text() == "hello"
    press("\n", 1700)
    assert harness.scans == [] and harness.field.text() == "hello"


def test_quick_typing_then_enter_is_typed_and_enter_passes(qtbot, harness: ScanHarness,  # type: ignore[no-untyped-def]
                                                            wedge: WedgeFilter) -> None:
    returned = []
    harness.field.returnPressed.connect(lambda: returned.append(harness.field.text()))
    type_keys("ab\n", 1000, 5)         # too short to be a scan
    assert harness.field.text() == "ab" and returned == ["ab"] and harness.scans == []


def test_typing_then_a_scan_mid_field(qtbot, harness: ScanHarness, wedge: WedgeFilter) -> None:  # type: ignore[no-untyped-def]
    type_keys("12", 1000, 150, between=lambda: qtbot.waitUntil(lambda: not wedge.classifier.pending))
    type_keys("B0001\n", 2000, 5)
    type_keys("3", 3000, 150, between=lambda: qtbot.waitUntil(lambda: not wedge.classifier.pending))
    assert harness.field.text() == "123"
    assert harness.scans == [("B0001", "wedge")]


def test_gs1_scan_with_gs_from_ctrl_bracket(harness: ScanHarness, wedge: WedgeFilter) -> None:
    at = type_keys("]C10105901234123457", 1000, 4)
    press(GS, at, Qt.KeyboardModifier.ControlModifier)
    type_keys("10LOT7\n", at + 4, 4)
    assert harness.scans == [(f"]C10105901234123457{GS}10LOT7", "wedge")]
    assert harness.field.text() == ""


def test_shift_presses_do_not_break_a_burst(harness: ScanHarness, wedge: WedgeFilter) -> None:
    at = 1000
    for char in "T-0042":
        shift_event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier, "")
        shift_event.setTimestamp(at)
        QApplication.sendEvent(QApplication.focusWidget(), shift_event)
        press(char, at + 2, Qt.KeyboardModifier.ShiftModifier)
        at += 5
    press("\n", at)
    assert harness.scans == [("T-0042", "wedge")] and harness.field.text() == ""


def test_a_gap_longer_than_the_limit_is_typing(harness: ScanHarness, wedge: WedgeFilter) -> None:
    type_keys("ABC", 1000, 5)
    type_keys("DEF\n", 1500, 5)    # the 485 ms pause splits it: "ABC" was typing, "DEF" too short
    assert harness.scans == [] and harness.field.text() == "ABCDEF"


def test_other_window_is_not_watched(qtbot, harness: ScanHarness, wedge: WedgeFilter) -> None:  # type: ignore[no-untyped-def]
    other = ScanHarness()
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.activateWindow()
    other.field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is other.field)
    type_keys("ZZZZ99\n", 1000, 5)
    assert harness.scans == [] and other.field.text() == "ZZZZ99"


def test_prefix_setting(harness: ScanHarness) -> None:
    wedge = WedgeFilter(harness, WedgeSettings(prefix="#")).install()
    try:
        type_keys("#LOC-1\n", 1000, 5)
        type_keys("LOC-2\n", 2000, 5)     # no prefix: typed through at once
        assert harness.scans == [("LOC-1", "wedge")]
        assert harness.field.text() == "LOC-2"
    finally:
        wedge.remove()


def test_software_key_events_pass_straight_through(qtbot, harness: ScanHarness,  # type: ignore[no-untyped-def]
                                                   wedge: WedgeFilter) -> None:
    # QTest (and on-screen keypads) send events without a device timestamp: never a scanner
    qtbot.keyClicks(harness.field, "600100200")
    assert harness.field.text() == "600100200" and not wedge.classifier.pending
    qtbot.keyClick(harness.field, Qt.Key.Key_Return)
    assert harness.scans == []


def test_dialog_over_the_window_is_watched_too(qtbot, harness: ScanHarness,  # type: ignore[no-untyped-def]
                                               wedge: WedgeFilter) -> None:
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    dialog = QDialog(harness)
    reason = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(reason)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    reason.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is reason)
    type_keys("CMD:CANCEL\n", 1000, 5)
    assert harness.scans == [("CMD:CANCEL", "wedge")] and reason.text() == ""
    dialog.close()
