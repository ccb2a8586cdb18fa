"""Camera scanning in a window: a preview that outlines detected codes, scans into `deliver_scan`.

`CameraAdapter` owns a core `CameraScanner` (worker thread) and re-emits its events as signals, so
frames, scans and status messages are handled on the GUI thread. Frames are dropped, not queued,
while the preview is still painting the previous one, so a slow screen never falls behind."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from terminal.scanning.camera import CameraScanner
from terminal.scanning.decoders import Decoded

Polygon = list[tuple[int, int]]


class CameraPreview(QWidget):
    """The latest frame, scaled to fit, with a green outline round every detected code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.outlines: list[Polygon] = []
        self.message = ""
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_frame(self, image: QImage, outlines: list[Polygon]) -> None:
        self.image, self.outlines = image, outlines
        self.update()

    def show_message(self, message: str) -> None:
        self.message = message
        self.update()

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if self.image is not None and not self.image.isNull():
            scale = min(self.width() / self.image.width(), self.height() / self.image.height())
            w, h = self.image.width() * scale, self.image.height() * scale
            x0, y0 = (self.width() - w) / 2, (self.height() - h) / 2
            painter.drawImage(QRectF(x0, y0, w, h), self.image)
            painter.setPen(QPen(QColor("#00e676"), 4))
            for outline in self.outlines:
                painter.drawPolygon(QPolygonF([QPointF(x0 + px * scale, y0 + py * scale) for px, py in outline]))
        if self.message:
            painter.setPen(QColor("white"))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.message)
        painter.end()


def to_qimage(frame: np.ndarray) -> QImage:
    """A BGR (or grey) frame as a QImage that owns its pixels (safe to pass between threads)."""
    if frame.ndim == 2:
        height, width = frame.shape
        return QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    height, width = frame.shape[:2]
    contiguous = np.ascontiguousarray(frame)
    return QImage(contiguous.data, width, height, contiguous.strides[0], QImage.Format.Format_BGR888).copy()


class CameraAdapter(QObject):
    """Scanner events → GUI-thread signals; scans go to `deliver(raw, "camera")`."""

    sig_frame = Signal(QImage, list)
    sig_scanned = Signal(str)
    sig_status = Signal(str)

    def __init__(self, scanner: CameraScanner, deliver: Callable[[str, str], object],
                 preview: CameraPreview | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self.preview = preview
        self._deliver = deliver
        self._painting = threading.Event()   # set while a frame is on its way to the preview
        self.last_status = ""
        scanner.frame.connect(self._on_frame_thread)
        scanner.scanned.connect(lambda raw, decoded: self.sig_scanned.emit(raw))
        scanner.status.connect(self.sig_status.emit)
        self.sig_scanned.connect(self._on_scanned)
        self.sig_frame.connect(self._on_frame)
        self.sig_status.connect(self._on_status)

    def set_formats(self, formats: Sequence[str] | None) -> None:
        """Call when the screen changes: the formats it expects (e.g. decoders.FORMATS_QR)."""
        self.scanner.set_formats(formats)

    def start(self) -> None:
        self.scanner.start()

    def stop(self) -> None:
        self.scanner.stop()

    def _on_frame_thread(self, frame: np.ndarray, detections: list[Decoded]) -> None:
        if self.preview is None or self._painting.is_set():
            return
        self._painting.set()
        self.sig_frame.emit(to_qimage(frame), [list(d.position) for d in detections])

    def _on_frame(self, image: QImage, outlines: list[Polygon]) -> None:
        if self.preview is not None:
            self.preview.show_frame(image, outlines)
        self._painting.clear()

    def _on_scanned(self, raw: str) -> None:
        self._deliver(raw, "camera")

    def _on_status(self, message: str) -> None:
        self.last_status = message
        if self.preview is not None:
            self.preview.show_message(self._translated(message))

    def _translated(self, message: str) -> str:
        """The core's status words in the person's language; other sentences are shown as they come."""
        known = {
            "camera on": "",
            "camera lost": self.tr("The camera stopped sending pictures; check its cable."),
            "end of recording": self.tr("The recording has ended."),
        }
        return known.get(message, message)
