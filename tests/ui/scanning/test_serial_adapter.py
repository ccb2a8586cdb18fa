"""A serial scan through a pseudo-terminal ends up in deliver_scan on the GUI thread."""

from __future__ import annotations

import os
import threading
import tty

import pytest
from scanning_harness import ScanHarness

from terminal.scanning.serial_reader import SerialSettings
from ui.scanning.serial_adapter import start_serial_scanners

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_serial_scan_delivered_on_gui_thread(qtbot, harness: ScanHarness) -> None:  # type: ignore[no-untyped-def]
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    threads: list[threading.Thread] = []
    original = harness.deliver_scan
    harness.deliver_scan = lambda raw, source: (threads.append(threading.current_thread()),  # type: ignore[method-assign]
                                                original(raw, source))
    adapter = start_serial_scanners(harness, SerialSettings(ports=(path,)))
    try:
        qtbot.waitUntil(lambda: adapter.statuses.get(path) == "connected", timeout=10_000)
        os.write(master, b"T-0042\r\n")
        qtbot.waitUntil(lambda: harness.scans == [("T-0042", "serial")], timeout=10_000)
        assert threads == [threading.main_thread()]
        assert harness.field.text() == ""
    finally:
        adapter.stop()
        os.close(master)
        os.close(slave)
