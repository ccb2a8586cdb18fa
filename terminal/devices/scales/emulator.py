"""A scale emulator on a pseudo-terminal: streams the continuous protocol like a real indicator.

Tests drive it in-process (`ScaleEmulator` runs a thread sending `rate_hz` lines a second); the CLI
(`handoff device emulate-scale`) lets a person change the weight from stdin. It can misbehave:
garbage lines, unstable readings, silence, and `unplug()` closes the pseudo-terminal as a pulled
cable does."""

from __future__ import annotations

import contextlib
import os
import threading
import tty

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
        self._master, self._slave = os.openpty()
        tty.setraw(self._master)
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ScaleEmulator:
        if self.link:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.link)
            os.symlink(self.path, self.link)
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
                    os.write(self._master, chunk)
                except BlockingIOError:
                    continue          # nobody reads: a real indicator's line is lost the same way
                except OSError:
                    return

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)
            self._thread = None
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1
        if self.link and os.path.islink(self.link):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.link)

    def __enter__(self) -> ScaleEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
