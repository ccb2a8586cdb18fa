"""The harness window, shown with keyboard focus in its first field."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from scanning_harness import ScanHarness


@pytest.fixture
def harness(qtbot) -> ScanHarness:  # type: ignore[no-untyped-def]
    window = ScanHarness()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.field)
    return window
