"""One call that connects every configured scanner to a role window's `deliver_scan`.

    window.scanners = attach_scanners(window, ctx.settings)

* keyboard wedge: always (the event filter costs nothing when no scanner types);
* serial scanners: one reader per `scanning.serial_ports` entry;
* camera: when `scanning.camera` is set; its preview widget is `scanners.camera.preview`, for the
  page that wants to show it (the kiosk's QR pickup), which also calls `set_formats(...)`.
Everything stops when the window is destroyed (or on `scanners.stop()`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from terminal.config import Settings
from terminal.errors import HandoffError
from terminal.scanning.camera import CameraScanner, CameraSettings
from terminal.scanning.decoders import make_decoder
from terminal.scanning.serial_reader import SerialSettings
from ui.scanning.camera_preview import CameraAdapter, CameraPreview
from ui.scanning.serial_adapter import SerialScanAdapter
from ui.scanning.wedge_filter import WedgeFilter, install_wedge_filter

log = logging.getLogger(__name__)


@dataclass
class Scanners:
    wedge: WedgeFilter | None = None
    serial: SerialScanAdapter | None = None
    camera: CameraAdapter | None = None
    problems: tuple[str, ...] = ()      # sentences for the status bar, e.g. "No camera number 0 …"

    def stop(self) -> None:
        if self.wedge is not None:
            self.wedge.remove()
        if self.serial is not None:
            self.serial.stop()
        if self.camera is not None:
            self.camera.stop()


def attach_scanners(window: QWidget, settings: Settings | None, *, wedge: bool = True,
                    serial: bool = True, camera: bool = True) -> Scanners:
    """Install the wedge filter and start the configured serial and camera scanners for `window`."""
    scanners = Scanners()
    problems: list[str] = []
    if wedge:
        scanners.wedge = install_wedge_filter(window, settings)
    serial_settings = SerialSettings.from_settings(settings)
    if serial and serial_settings.ports:
        scanners.serial = SerialScanAdapter(window, serial_settings).start()
    camera_settings = CameraSettings.from_settings(settings)
    if camera and camera_settings.source:
        try:
            scanner = CameraScanner(camera_settings, make_decoder(None, settings))
            scanners.camera = CameraAdapter(scanner, window.deliver_scan,  # type: ignore[attr-defined]
                                            CameraPreview(), window)
            scanners.camera.start()
        except HandoffError as exc:   # no camera must not stop the station: say so and go on
            log.warning("camera scanning is off: %s", exc)
            scanners.camera = None
            problems.append(str(exc))
    scanners.problems = tuple(problems)
    window.destroyed.connect(scanners.stop)
    return scanners
