"""Serial (USB-CDC / RS-232) scanners: one reader thread per port, suffix framing, reconnection.

Each reader opens its port with pyserial, splits the byte stream into scans at the suffix the
scanner sends (CR, LF or CRLF by default), and publishes every scan on `scanned(raw, port)`. When the
port goes away (cable pulled, scanner reset) it reports `status(port, "port gone: /dev/…")`, then
retries with exponential backoff until it can open the port again and reports "connected". Events
fire on the reader thread; ui/scanning/serial_adapter.py moves them to the GUI thread.

Settings (`[scanning]`):
    serial_ports = []                 # e.g. ["/dev/ttyACM0", "/dev/serial/by-id/usb-Honeywell…"]
    serial_baudrate = 9600
    serial_suffix = "auto"            # auto (CR, LF or CRLF) | CR | LF | CRLF | TAB | any literal text
    serial_frame_timeout_ms = 0       # > 0: also end a scan after this much silence (scanners with no suffix)
    serial_reconnect_max_s = 5.0      # backoff ceiling between attempts to reopen a vanished port"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import serial

from terminal.config import Settings
from terminal.devices.health import DEVICES
from terminal.devices.serial_loop import ReconnectingPort
from terminal.events import Event

log = logging.getLogger(__name__)

STATUS_CONNECTED = "connected"
_NAMED_SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t"}


@dataclass(frozen=True)
class SerialSettings:
    ports: tuple[str, ...] = ()
    baudrate: int = 9600
    suffix: str = "auto"
    frame_timeout_ms: int = 0
    reconnect_initial_s: float = 0.1
    reconnect_max_s: float = 5.0

    @classmethod
    def from_settings(cls, settings: Settings | None) -> SerialSettings:
        if settings is None:
            return cls()
        return cls(
            ports=tuple(settings.get("scanning.serial_ports", [])),
            baudrate=settings.get("scanning.serial_baudrate", 9600),
            suffix=settings.get("scanning.serial_suffix", "auto"),
            frame_timeout_ms=settings.get("scanning.serial_frame_timeout_ms", 0),
            reconnect_max_s=settings.get("scanning.serial_reconnect_max_s", 5.0),
        )


class Framer:
    """Bytes in, complete scans out. `auto` ends a scan at CR or LF (so CRLF works, empty frames drop)."""

    def __init__(self, suffix: str = "auto") -> None:
        self._auto = suffix.lower() == "auto"
        self._suffix = b"" if self._auto else _NAMED_SUFFIXES.get(suffix.upper(), suffix.encode())
        if not self._auto and not self._suffix:
            raise ValueError("a serial suffix cannot be empty")
        self._buffer = bytearray()

    @property
    def pending(self) -> bool:
        return bool(self._buffer)

    def feed(self, data: bytes) -> list[str]:
        self._buffer += data
        frames: list[bytes] = []
        if self._auto:
            normalised = bytes(self._buffer).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            *complete, rest = normalised.split(b"\n")
            frames, self._buffer = complete, bytearray(rest)
        else:
            *frames, rest = bytes(self._buffer).split(self._suffix)
            self._buffer = bytearray(rest)
        return [_decode(frame) for frame in frames if frame.strip()]

    def take(self) -> list[str]:
        """Whatever is buffered, as one scan (the frame timeout ran out)."""
        frame, self._buffer = bytes(self._buffer), bytearray()
        return [_decode(frame)] if frame.strip() else []


def _decode(frame: bytes) -> str:
    try:
        return frame.decode("utf-8")
    except UnicodeDecodeError:
        return frame.decode("latin-1")   # older scanners send ISO 8859-1 for non-ASCII


class SerialScanner(ReconnectingPort):
    """One port, one daemon thread. `scanned(raw, port)` and `status(port, message)` fire on that thread."""

    kind = "scanner"
    read_timeout_s = 0.05

    def __init__(self, port: str, settings: SerialSettings | None = None) -> None:
        self.settings = settings or SerialSettings()
        super().__init__(port, self.settings.baudrate, reconnect_initial_s=self.settings.reconnect_initial_s,
                         reconnect_max_s=self.settings.reconnect_max_s)
        Framer(self.settings.suffix)  # fail now, not on the thread, when the suffix setting is unusable
        self.scanned: Event[str, str] = Event()
        self.status: Event[str, str] = Event()

    def _report(self, message: str) -> None:
        if message != self.last_status:
            self.last_status = message
            log.info("serial scanner %s: %s", self.port, message)
            DEVICES.scanner(self.port, "ok" if message == STATUS_CONNECTED else "problem", message)   # heartbeat
            self.status.emit(self.port, message)

    def _open_failed(self, exc: BaseException) -> str:
        return f"port gone: {self.port}" if _is_missing(exc) else f"cannot open {self.port}: {exc}"

    def _opened(self, port: serial.Serial) -> None:
        self._report(STATUS_CONNECTED)

    def _read(self, port: serial.Serial) -> None:
        framer = Framer(self.settings.suffix)
        timeout_s = self.settings.frame_timeout_ms / 1000.0
        last_byte = time.monotonic()
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            if data:
                last_byte = now
                frames = framer.feed(data)
            elif timeout_s and framer.pending and now - last_byte >= timeout_s:
                frames = framer.take()
            else:
                continue
            for frame in frames:
                self.scanned.emit(frame, self.port)


def _is_missing(exc: BaseException) -> bool:
    text = str(exc)
    return "No such file" in text or "could not open port" in text or isinstance(exc, FileNotFoundError)


class SerialScanners:
    """Every configured port, started and stopped together; one `scanned` and one `status` event."""

    def __init__(self, settings: SerialSettings) -> None:
        self.scanned: Event[str, str] = Event()
        self.status: Event[str, str] = Event()
        self.readers = [SerialScanner(port, settings) for port in settings.ports]
        for reader in self.readers:
            reader.scanned.connect(self.scanned.emit)
            reader.status.connect(self.status.emit)

    def start(self) -> None:
        for reader in self.readers:
            reader.start()

    def stop(self) -> None:
        for reader in self.readers:
            reader.stop()
