"""A serial port kept open by one daemon thread: open, read until it vanishes, reopen with backoff.

The scanner reader (terminal/scanning/serial_reader.py) and the scale driver
(terminal/devices/scales/driver.py) differ only in what they read from the port and how they word
their status; this is the loop they share. A subclass sets `kind` and `read_timeout_s` and fills in
`_report` (a status changed), `_read` (read until stopped; raise when the port goes) and, if it
needs them, `_opened` and `_open_failed`."""

from __future__ import annotations

import contextlib
import logging
import threading
from abc import ABC, abstractmethod
from typing import Self

import serial

log = logging.getLogger(__name__)


class ReconnectingPort(ABC):
    kind = "serial port"        # names the thread and the log lines
    read_timeout_s = 0.1        # pyserial read timeout: how soon `stop()` is noticed between bytes

    def __init__(self, port: str, baudrate: int, *, reconnect_initial_s: float = 0.1,
                 reconnect_max_s: float = 2.0) -> None:
        self.port = port
        self.baudrate = baudrate
        self.reconnect_initial_s = reconnect_initial_s
        self.reconnect_max_s = reconnect_max_s
        self.last_status = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: serial.Serial | None = None

    def start(self) -> Self:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=f"{self.kind} {self.port}", daemon=True)
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

    @abstractmethod
    def _report(self, message: str) -> None:
        """A status changed (connected, no data, port gone, …)."""

    @abstractmethod
    def _read(self, port: serial.Serial) -> None:
        """Read until stopped; raise SerialException/OSError when the port goes."""

    def _opened(self, port: serial.Serial) -> None:  # noqa: B027 - an optional hook, empty by default
        """Called each time the port opens, before `_read`."""

    def _open_failed(self, exc: BaseException) -> str:
        """The status while the port cannot be opened."""
        return f"port gone: {self.port}"

    def _run(self) -> None:
        delay = self.reconnect_initial_s
        while not self._stop.is_set():
            try:
                self._serial = serial.Serial(self.port, self.baudrate, timeout=self.read_timeout_s)
            except (serial.SerialException, OSError, ValueError) as exc:
                self._report(self._open_failed(exc))
                self._stop.wait(delay)
                delay = min(delay * 2, self.reconnect_max_s)
                continue
            delay = self.reconnect_initial_s
            try:
                self._opened(self._serial)
                self._read(self._serial)
            except (serial.SerialException, OSError) as exc:
                log.debug("%s %s lost: %s", self.kind, self.port, exc)
                if not self._stop.is_set():
                    self._report(f"port gone: {self.port}")
            finally:
                with contextlib.suppress(Exception):   # closing a vanished device can fail; nothing left to do
                    self._serial.close()
                self._serial = None
