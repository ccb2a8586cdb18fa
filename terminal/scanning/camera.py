"""Camera scanning: frames from OpenCV on a worker thread, decoded, each code fired once while held.

The source is a device index ("0", 0) or a path to a video file or an image sequence
("frames/%04d.png") — the same `cv2.VideoCapture` path, so recorded frames test the real pipeline.
A code fires once when it comes into view; it fires again only after it has been out of view for
`holdoff_ms` (a person holding a QR in front of a kiosk camera gets one beep, not thirty).

Events (on the worker thread; ui/scanning/camera_preview.py moves them to the GUI thread):
`scanned(raw, decoded)`, `frame(image, detections)` for a preview, `status(message)`.

Settings (`[scanning]`): camera = "" (no camera; "0" = first device, or a file path),
camera_width = 1280, camera_height = 720, camera_holdoff_ms = 1500, decoder = "zxing",
camera_formats = [] (e.g. ["QRCode"] at a kiosk: faster and fewer false reads; [] = all formats)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from terminal.config import Settings
from terminal.errors import ConfigError, HandoffError
from terminal.events import Event
from terminal.scanning.decoders import Decoded, Decoder, make_decoder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CameraSettings:
    source: str = ""
    width: int = 1280
    height: int = 720
    holdoff_ms: float = 1500.0
    formats: tuple[str, ...] = ()     # what to look for until a screen says otherwise; () = all

    @classmethod
    def from_settings(cls, settings: Settings | None) -> CameraSettings:
        if settings is None:
            return cls()
        source = settings.section("scanning").get("camera", "")   # a device number (0) or a path
        if isinstance(source, bool) or not isinstance(source, str | int):
            raise ConfigError(f"Setting scanning.camera should be a device number or a file path, not {source!r}.")
        return cls(source=str(source),
                   width=settings.get("scanning.camera_width", 1280),
                   height=settings.get("scanning.camera_height", 720),
                   holdoff_ms=float(settings.get("scanning.camera_holdoff_ms", 1500.0)),
                   formats=tuple(settings.get("scanning.camera_formats", [])))


class HoldOff:
    """Which of the codes in view should fire now: new ones, or ones back after `holdoff_ms` away."""

    def __init__(self, holdoff_ms: float) -> None:
        self.holdoff_ms = holdoff_ms
        self._last_seen: dict[str, float] = {}

    def fresh(self, raws: Sequence[str], now_ms: float) -> list[str]:
        fire = [raw for raw in dict.fromkeys(raws)
                if raw not in self._last_seen or now_ms - self._last_seen[raw] > self.holdoff_ms]
        for raw in raws:
            self._last_seen[raw] = now_ms
        if len(self._last_seen) > 256:   # forget codes long gone
            self._last_seen = {k: v for k, v in self._last_seen.items() if now_ms - v <= self.holdoff_ms}
        return fire


def open_capture(source: str | int, width: int = 1280, height: int = 720) -> Any:
    """An opened cv2.VideoCapture for a device index or a file/sequence path; HandoffError otherwise."""
    import cv2

    if isinstance(source, str) and source.strip().isdigit():
        source = int(source)
    if source == "":
        raise HandoffError("No camera is configured; set scanning.camera to a device number such as 0.")
    with contextlib.suppress(AttributeError):   # OpenCV's own warnings would repeat our one sentence
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    capture = cv2.VideoCapture(source)
    if not capture.isOpened():
        capture.release()
        if isinstance(source, int):
            raise HandoffError(f"There is no camera number {source} on this terminal; plug one in or check "
                               "scanning.camera.")
        raise HandoffError(f"Cannot open the video {source}; check the path.")
    if isinstance(source, int):
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    return capture


class CameraScanner:
    """Reads frames on a worker thread, decodes them with the formats the screen expects, fires scans."""

    def __init__(self, settings: CameraSettings, decoder: Decoder | None = None,
                 formats: Sequence[str] | None = None) -> None:
        self.settings = settings
        self.decoder = decoder or make_decoder("zxing")
        chosen = tuple(formats) if formats else settings.formats
        self.formats: tuple[str, ...] | None = chosen or None
        self.scanned: Event[str, Decoded] = Event()
        self.frame: Event[np.ndarray, list[Decoded]] = Event()
        self.status: Event[str] = Event()
        self.holdoff = HoldOff(settings.holdoff_ms)
        self.frames_read = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._is_device = settings.source.strip().isdigit()

    def set_formats(self, formats: Sequence[str] | None) -> None:
        """The formats the current screen expects (None = all). Takes effect from the next frame."""
        self.formats = tuple(formats) if formats else None

    def start(self) -> None:
        """Open the source (HandoffError now if there is none) and start reading on a worker thread."""
        if self._thread is not None:
            return
        capture = open_capture(self.settings.source, self.settings.width, self.settings.height)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(capture,), name="camera", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def join(self, timeout: float | None = None) -> None:
        """Wait until a recorded source has been read to its end."""
        if self._thread is not None:
            self._thread.join(timeout)

    def process(self, image: np.ndarray, now_ms: float) -> list[Decoded]:
        """Decode one frame and fire what is new; returns what was fired (used by the thread and tests)."""
        detections = self.decoder.decode(image, self.formats)
        self.frame.emit(image, detections)
        fresh = set(self.holdoff.fresh([d.raw for d in detections], now_ms))
        fired = []
        for decoded in detections:
            if decoded.raw in fresh:
                fresh.discard(decoded.raw)
                fired.append(decoded)
                self.scanned.emit(decoded.raw, decoded)
        return fired

    def _run(self, capture: Any) -> None:
        import cv2

        self.status.emit("camera on")
        started = time.monotonic()
        try:
            while not self._stop.is_set():
                ok, image = capture.read()
                if not ok:
                    self.status.emit("camera lost" if self._is_device else "end of recording")
                    return
                self.frames_read += 1
                if self._is_device:
                    now_ms = (time.monotonic() - started) * 1000.0
                else:    # recorded frames keep their own time, so hold-off behaves the same in tests
                    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
                    now_ms = (self.frames_read - 1) * 1000.0 / fps
                try:
                    self.process(image, now_ms)
                except HandoffError as exc:
                    self.status.emit(str(exc))
                    return
        finally:
            capture.release()
