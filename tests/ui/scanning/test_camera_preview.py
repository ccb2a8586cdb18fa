"""Camera scans from a recorded video reach deliver_scan on the GUI thread; the preview outlines the code."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from scanning_harness import ScanHarness

from terminal.scanning.camera import CameraScanner, CameraSettings
from terminal.scanning.decoders import FORMATS_QR
from terminal.scanning.synthetic import SYMBOL_BY_KIND, render
from ui.scanning.camera_preview import CameraAdapter, CameraPreview

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
QR = SYMBOL_BY_KIND["QRCode"]


def test_camera_scan_and_outline(qtbot, harness: ScanHarness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    frame_path = tmp_path / "f_%02d.png"
    for i in range(3):
        cv2.imwrite(str(frame_path).replace("%02d", f"{i:02d}"), render(QR, rotation=12))
    preview = CameraPreview()
    qtbot.addWidget(preview)
    preview.show()
    scanner = CameraScanner(CameraSettings(source=str(frame_path)), formats=FORMATS_QR)
    adapter = CameraAdapter(scanner, harness.deliver_scan, preview)
    with qtbot.waitSignal(adapter.sig_status, timeout=20_000, check_params_cb=lambda m: m == "end of recording"):
        adapter.start()
    qtbot.waitUntil(lambda: harness.scans == [(QR.expected, "camera")], timeout=10_000)
    qtbot.waitUntil(lambda: preview.image is not None and len(preview.outlines) == 1, timeout=10_000)
    assert adapter.last_status == "end of recording" and preview.message == "The recording has ended."
    xs = [x for x, _ in preview.outlines[0]]
    assert 300 < min(xs) < max(xs) < 1000        # the outline sits round the code in the middle of the frame
    preview.grab()                                # paints without error
    adapter.stop()
