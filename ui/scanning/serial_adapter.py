"""Serial scanners into a role window: reader-thread events become signals handled on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from terminal.config import Settings
from terminal.scanning.serial_reader import SerialScanners, SerialSettings


class SerialScanAdapter(QObject):
    """Owns the serial readers of one window; `sig_scanned(raw, port)` and `sig_status(port, message)`
    are emitted from reader threads, so Qt queues them to the GUI thread, where `deliver_scan` runs."""

    sig_scanned = Signal(str, str)
    sig_status = Signal(str, str)

    def __init__(self, window: QWidget, settings: Settings | SerialSettings | None = None,
                 deliver: Callable[[str, str], object] | None = None) -> None:
        super().__init__(window)
        serial_settings = settings if isinstance(settings, SerialSettings) else SerialSettings.from_settings(settings)
        self._deliver = deliver or window.deliver_scan  # type: ignore[attr-defined]
        self.scanners = SerialScanners(serial_settings)
        self.scanners.scanned.connect(self.sig_scanned.emit)
        self.scanners.status.connect(self.sig_status.emit)
        self.sig_scanned.connect(self._on_scanned)
        self.statuses: dict[str, str] = {}
        self.sig_status.connect(self._on_status)
        window.destroyed.connect(self.stop)

    def start(self) -> SerialScanAdapter:
        self.scanners.start()
        return self

    def stop(self) -> None:
        self.scanners.stop()

    def _on_scanned(self, raw: str, port: str) -> None:
        self._deliver(raw, "serial")

    def _on_status(self, port: str, message: str) -> None:
        self.statuses[port] = message


def start_serial_scanners(window: QWidget, settings: Settings | SerialSettings | None) -> SerialScanAdapter:
    """Start a reader for every `scanning.serial_ports` entry, delivering into `window.deliver_scan`."""
    return SerialScanAdapter(window, settings).start()
