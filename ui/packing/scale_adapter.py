"""The Qt adapter over the serial scale driver: readings and status arrive as signals on the GUI thread.

The driver's events fire on its reader thread; emitting a Qt signal from there is a queued
connection to slots of objects living on the GUI thread, so pages never touch the thread. Readings
are thinned: an unchanged reading is passed on at most once a second."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from terminal.config import Settings
from terminal.devices.scales.driver import SerialScale
from terminal.devices.scales.protocol import Reading
from terminal.packing.settings import scale_port


class ScaleAdapter(QObject):
    sig_reading = Signal(object)   # Reading
    sig_status = Signal(str)       # "connected", "no data", "port gone: PATH"

    def __init__(self, scale: SerialScale, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self._last: tuple[bool, int] | None = None
        self._last_at = 0.0
        scale.reading.connect(self._on_reading)
        scale.status.connect(self.sig_status.emit)

    @classmethod
    def from_settings(cls, settings: Settings, parent: QObject | None = None) -> ScaleAdapter | None:
        port = scale_port(settings)
        if not port:
            return None
        return cls(SerialScale(port, baudrate=settings.get("packing.scale_baudrate", 9600)), parent)

    def _on_reading(self, reading: Reading) -> None:     # the reader thread
        key = (reading.stable, reading.grams)
        now = time.monotonic()
        if key == self._last and now - self._last_at < 1.0:
            return
        self._last, self._last_at = key, now
        self.sig_reading.emit(reading)

    def start(self) -> None:
        self.scale.start()

    def stop(self) -> None:
        self.scale.stop()
