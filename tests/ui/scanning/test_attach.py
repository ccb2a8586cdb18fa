"""attach_scanners: wedge always, serial per configured port, camera problems reported, not raised."""

from __future__ import annotations

import os
import tty

import pytest
from scanning_harness import ScanHarness, type_keys

from terminal.config import Settings
from ui.scanning.attach import attach_scanners

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_all_sources_into_one_window(qtbot, harness: ScanHarness) -> None:  # type: ignore[no-untyped-def]
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    settings = Settings({"scanning": {"serial_ports": [path], "camera": "7"}})
    scanners = attach_scanners(harness, settings)
    try:
        assert scanners.camera is None and "no camera number 7" in scanners.problems[0]
        assert scanners.serial is not None and scanners.wedge is not None
        type_keys("T-0042\n", 1000, 5)
        qtbot.waitUntil(lambda: scanners.serial.statuses.get(path) == "connected", timeout=10_000)
        os.write(master, b"B0001\r")
        qtbot.waitUntil(lambda: len(harness.scans) == 2, timeout=10_000)
        assert harness.scans == [("T-0042", "wedge"), ("B0001", "serial")]
    finally:
        scanners.stop()
        os.close(master)
        os.close(slave)
