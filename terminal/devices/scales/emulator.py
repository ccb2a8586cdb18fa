"""A scale emulator on a pseudo-terminal: streams the continuous protocol like a real indicator.

Tests drive it in-process (`ScaleEmulator` runs a thread sending `rate_hz` lines a second); the CLI
(`handoff device emulate-scale`) lets a person change the weight from stdin. It can misbehave:
garbage lines, unstable readings, silence, and `unplug()` closes the pseudo-terminal as a pulled
cable does."""

from __future__ import annotations

import os
import threading

from terminal.devices.pty_line import PtyLine
from terminal.devices.scales.protocol import format_line


class ScaleEmulator:
    def __init__(self, *, grams: float = 0, stable: bool = True, unit: str = "kg", rate_hz: float = 10,
                 link: str | None = None) -> None:
        self.grams = grams
        self.stable = stable
        self.unit = unit
        self.rate_hz = rate_hz
        self.link = link
        self.silent = False
        self._inject: list[bytes] = []
        self._lock = threading.Lock()
        self._line = PtyLine(link)
        os.set_blocking(self._line.master, False)
        self.path = self._line.path
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ScaleEmulator:
        self._line.publish()
        self._thread = threading.Thread(target=self._run, name="scale-emulator", daemon=True)
        self._thread.start()
        return self

    def set(self, grams: float, stable: bool = True) -> None:
        with self._lock:
            self.grams, self.stable = grams, stable

    def send_garbage(self, text: bytes = b"\x00\xff#?E-12 ;;\r\nST,GS,++abc kg\r\nSCALE V2.1 READY\r\n") -> None:
        with self._lock:
            self._inject.append(text)

    def unplug(self) -> None:
        """Close the line as a pulled USB cable does: the reader gets an error, the path vanishes."""
        self.stop()

    def _run(self) -> None:
        while not self._stop.wait(1 / self.rate_hz):
            with self._lock:
                chunks, self._inject = self._inject, []
                if not self.silent:
                    chunks.append(format_line(self.grams, self.stable, self.unit).encode("ascii"))
            for chunk in chunks:
                try:
                    os.write(self._line.master, chunk)
                except BlockingIOError:
                    continue          # nobody reads: a real indicator's line is lost the same way
                except OSError:
                    return

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
            self._thread = None
        self._line.close()

    def __enter__(self) -> ScaleEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
