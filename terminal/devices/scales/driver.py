"""The serial scale driver: one reader thread, readings and a plain status out, reconnection by itself.

`SerialScale(port).start()` opens the port (pyserial, 9600 8N1 by default), splits the stream into
lines and publishes `reading(Reading)` for each good line and `status(text)` whenever the state
changes: "connected", "no data" (open but nothing readable for `silence_s`, e.g. the indicator is
off or at the wrong baud rate), "port gone: PATH" (unplugged; it retries with backoff until the port
is back). Garbage lines are counted and skipped. Events fire on the reader thread; the Qt adapter
moves them to the GUI thread. `last` is the latest reading, None while there is no fresh one."""

from __future__ import annotations

import logging
import time

import serial

from terminal.devices.scales.protocol import Reading, parse_line
from terminal.devices.serial_loop import ReconnectingPort
from terminal.events import Event
from terminal.scanning.serial_reader import Framer

log = logging.getLogger(__name__)

CONNECTED, NO_DATA = "connected", "no data"


class SerialScale(ReconnectingPort):
    kind = "scale"

    def __init__(self, port: str, *, baudrate: int = 9600, silence_s: float = 2.0,
                 reconnect_max_s: float = 2.0) -> None:
        super().__init__(port, baudrate, reconnect_max_s=reconnect_max_s)
        self.silence_s = silence_s
        self.reading: Event[[Reading]] = Event()
        self.status: Event[[str]] = Event()
        self.last: Reading | None = None
        self.garbage = 0
        self.readings = 0

    @property
    def ok(self) -> bool:
        return self.last_status == CONNECTED

    def _report(self, message: str) -> None:
        if message != self.last_status:
            self.last_status = message
            if message != CONNECTED:
                self.last = None
            log.info("scale %s: %s", self.port, message)
            self.status.emit(message)

    def _opened(self, port: serial.Serial) -> None:
        port.reset_input_buffer()      # lines from before we opened are stale weights

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
