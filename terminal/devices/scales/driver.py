"""The serial scale driver: one reader thread, readings and a plain status out, reconnection by itself.

`SerialScale(port).start()` opens the port (pyserial, 9600 8N1 by default), splits the stream into
lines and publishes `reading(Reading)` for each good line and `status(text)` whenever the state
changes: "connected", "no data" (open but nothing readable for `silence_s`, e.g. the indicator is
off or at the wrong baud rate), "port gone: PATH" (unplugged; it retries with backoff until the port
is back). Garbage lines are counted and skipped. Events fire on the reader thread; the Qt adapter
moves them to the GUI thread. `last` is the latest reading, None while there is no fresh one."""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import serial

from terminal.config import Settings
from terminal.devices.scales.protocol import Reading, parse_line
from terminal.events import Event
from terminal.scanning.serial_reader import Framer

log = logging.getLogger(__name__)

CONNECTED, NO_DATA = "connected", "no data"


class SerialScale:
    def __init__(self, port: str, *, baudrate: int = 9600, silence_s: float = 2.0,
                 reconnect_max_s: float = 2.0) -> None:
        self.port = port
        self.baudrate = baudrate
        self.silence_s = silence_s
        self.reconnect_max_s = reconnect_max_s
        self.reading: Event[[Reading]] = Event()
        self.status: Event[[str]] = Event()
        self.last_status = ""
        self.last: Reading | None = None
        self.garbage = 0
        self.readings = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: serial.Serial | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SerialScale | None:
        port = settings.get("packing.scale_port", "")
        return cls(port, baudrate=settings.get("packing.scale_baudrate", 9600)) if port else None

    @property
    def ok(self) -> bool:
        return self.last_status == CONNECTED

    def start(self) -> SerialScale:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=f"scale {self.port}", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._serial is not None:
            with contextlib.suppress(Exception):      # the port may be half gone; we are closing anyway
                self._serial.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _report(self, message: str) -> None:
        if message != self.last_status:
            self.last_status = message
            if message != CONNECTED:
                self.last = None
            log.info("scale %s: %s", self.port, message)
            self.status.emit(message)

    def _run(self) -> None:
        delay = 0.1
        while not self._stop.is_set():
            try:
                self._serial = serial.Serial(self.port, self.baudrate, timeout=0.1)
            except (serial.SerialException, OSError, ValueError):
                self._report(f"port gone: {self.port}")
                self._stop.wait(delay)
                delay = min(delay * 2, self.reconnect_max_s)
                continue
            delay = 0.1
            try:
                self._serial.reset_input_buffer()      # lines from before we opened are stale weights
                self._read(self._serial)
            except (serial.SerialException, OSError) as exc:
                log.debug("scale %s lost: %s", self.port, exc)
                if not self._stop.is_set():
                    self._report(f"port gone: {self.port}")
            finally:
                with contextlib.suppress(Exception):   # closing a vanished device can fail; nothing left to do
                    self._serial.close()
                self._serial = None

    def _read(self, port: serial.Serial) -> None:
        framer = Framer("auto")
        last_good = time.monotonic()
        opened = True
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            for line in framer.feed(data) if data else []:
                reading = parse_line(line)
                if reading is None:
                    self.garbage += 1
                    continue
                last_good = now
                self.readings += 1
                self._report(CONNECTED)                # before the weight: whoever sees it sees "connected" too
                self.last = reading
                self.reading.emit(reading)
            if now - last_good > self.silence_s or (opened and now - last_good > self.silence_s / 2
                                                    and self.last is None):
                self._report(NO_DATA)
                opened = False
