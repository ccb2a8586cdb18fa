"""The camera pipeline on recorded frames: a generated video and a PNG sequence through cv2.VideoCapture."""

from __future__ import annotations

import queue
from pathlib import Path

import cv2
import numpy as np
import pytest

from terminal.errors import HandoffError
from terminal.scanning.camera import CameraScanner, CameraSettings, HoldOff, open_capture
from terminal.scanning.classify import classify
from terminal.scanning.decoders import Decoded, make_decoder
from terminal.scanning.synthetic import SYMBOL_BY_KIND, blank_frame, render
from terminal.scanning.types import ItemScan, PickupTokenScan

QR = SYMBOL_BY_KIND["QRCode"]
CODE128 = SYMBOL_BY_KIND["Code128"]


def write_video(path: Path, frames: list[np.ndarray], fps: float = 10.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (1280, 720))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def run_to_end(scanner: CameraScanner) -> list[str]:
    fired: queue.Queue[str] = queue.Queue()
    scanner.scanned.connect(lambda raw, decoded: fired.put(raw))
    scanner.start()
    scanner.join(timeout=60)
    scanner.stop()
    return [fired.get_nowait() for _ in range(fired.qsize())]


def test_code_held_in_view_fires_once_and_again_after_holdoff(tmp_path: Path) -> None:
    qr = render(QR, rotation=8)
    blank = blank_frame()
    # 5 fps: 5 frames held (1 s), 2 away (0.4 s < hold-off), 3 held, 7 away (1.4 s > hold-off), 2 held
    frames = [qr] * 5 + [blank] * 2 + [qr] * 3 + [blank] * 7 + [qr] * 2
    video = write_video(tmp_path / "held.avi", frames, fps=5.0)
    scanner = CameraScanner(CameraSettings(source=str(video), holdoff_ms=1000), formats=["QRCode"])
    assert run_to_end(scanner) == [QR.expected, QR.expected]
    assert scanner.frames_read == len(frames)


def test_png_sequence_through_the_same_path(tmp_path: Path) -> None:
    for i, frame in enumerate([blank_frame(), render(CODE128, blur=1.0, noise=5), render(QR, jpeg=50)]):
        cv2.imwrite(str(tmp_path / f"frame_{i:03d}.png"), frame)
    scanner = CameraScanner(CameraSettings(source=str(tmp_path / "frame_%03d.png")))
    assert run_to_end(scanner) == [CODE128.expected, QR.expected]


def test_formats_restrict_what_is_read(tmp_path: Path) -> None:
    video = write_video(tmp_path / "code128.avi", [render(CODE128)] * 2)
    scanner = CameraScanner(CameraSettings(source=str(video)), formats=["QRCode"])
    assert run_to_end(scanner) == []


def test_camera_reads_feed_classify(scan_db) -> None:  # type: ignore[no-untyped-def]
    scanner = CameraScanner(CameraSettings(), decoder=make_decoder("zxing"))
    fired = scanner.process(render(SYMBOL_BY_KIND["GS1-DataMatrix"], rotation=30, perspective=0.1), now_ms=0)
    assert len(fired) == 1
    item = classify(scan_db, fired[0].raw)
    assert isinstance(item, ItemScan) and item.batch == "B12" and item.serial == "SN9"
    token = classify(scan_db, scanner.process(render(QR), now_ms=10)[0].raw)
    assert isinstance(token, PickupTokenScan) and token.token == "q2Yw3c0X9vL1aB7nK5eR8g"


def test_holdoff_per_code() -> None:
    hold = HoldOff(500)
    assert hold.fresh(["A", "B"], 0) == ["A", "B"]
    assert hold.fresh(["A"], 400) == []
    assert hold.fresh(["A", "B"], 800) == ["B"]      # A stayed in view; B was away 800 ms
    assert hold.fresh(["A"], 1400) == ["A"]


def test_no_camera_is_a_clear_message() -> None:
    with pytest.raises(HandoffError, match="no camera number 9"):
        open_capture("9")
    with pytest.raises(HandoffError, match="No camera is configured"):
        CameraScanner(CameraSettings(source="")).start()
    with pytest.raises(HandoffError, match="Cannot open the video"):
        open_capture("/nonexistent/video.avi")


def test_decoded_json_shape() -> None:
    found = make_decoder("zxing").decode(render(CODE128))
    assert found and isinstance(found[0], Decoded)
    shape = found[0].as_json()
    assert set(shape) == {"text", "format", "symbology", "position"} and len(shape["position"]) == 4


def test_pyzbar_without_libzbar_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyzbar", None)      # what a terminal without libzbar0 sees
    with pytest.raises(HandoffError, match="libzbar0"):
        make_decoder("pyzbar")
    with pytest.raises(HandoffError, match="no barcode decoder called 'zbarx'"):
        make_decoder("zbarx")


def test_camera_formats_setting() -> None:
    from terminal.config import Settings

    settings = CameraSettings.from_settings(Settings({"scanning": {"camera": "0", "camera_formats": ["QRCode"]}}))
    scanner = CameraScanner(settings)
    assert scanner.formats == ("QRCode",)
    assert scanner.process(render(CODE128), now_ms=0) == []
    scanner.set_formats(None)
    assert [d.raw for d in scanner.process(render(CODE128), now_ms=0)] == [CODE128.expected]


def test_camera_setting_accepts_a_number_or_a_path() -> None:
    from terminal.config import Settings, load_settings
    from terminal.errors import ConfigError

    from_env = load_settings(Path("/nonexistent.toml"), environ={"HANDOFF_SCANNING__CAMERA": "0"})
    assert CameraSettings.from_settings(from_env).source == "0"
    assert CameraSettings.from_settings(Settings({"scanning": {"camera": "/dev/video2"}})).source == "/dev/video2"
    with pytest.raises(ConfigError, match="scanning.camera"):
        CameraSettings.from_settings(Settings({"scanning": {"camera": True}}))
