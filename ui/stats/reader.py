"""Reads for the dashboard, off the GUI thread and off the database worker.

The dashboard only reads (SQLite in WAL lets a second connection read while the database worker
writes), and the Fleet tab waits on the network; neither may queue behind — or hold up — the single
database-write worker (ui/taskman.py). Each `Reader` runs one read at a time on a short-lived
thread; the outcome comes back on the GUI thread through a queued signal. A request made while a
read runs is taken right after it (the latest one wins), so a slow read never piles up threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal


class Reader(QObject):
    """One read at a time on its own thread; `sig_done(result)` / `sig_failed(exc)` on the GUI thread."""

    sig_done = Signal(object)
    sig_failed = Signal(object)       # the exception; the caller decides the sentence shown

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._thread: threading.Thread | None = None
        self._running = False          # GUI thread only: set by run(), cleared when the outcome arrives
        self._next: Callable[[], Any] | None = None
        self.sig_done.connect(self._take_next)
        self.sig_failed.connect(self._take_next)

    @property
    def busy(self) -> bool:
        return self._running

    def run(self, fn: Callable[[], Any]) -> None:
        """Run `fn()` (no widgets in it) on the reader thread, or right after the read in progress."""
        if self.busy:
            self._next = fn
            return
        self._next = None
        self._running = True
        self._thread = threading.Thread(target=self._read, args=(fn,), name=self.name, daemon=True)
        self._thread.start()

    def wait_idle(self) -> None:
        """Join the reader thread (tests, shutdown); its signal is delivered by the next event loop pass."""
        if self._thread is not None:
            self._thread.join()

    def _read(self, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except Exception as exc:  # delivered to the GUI thread, which shows one sentence
            if shiboken6.isValid(self):
                self.sig_failed.emit(exc)
            return
        if shiboken6.isValid(self):
            self.sig_done.emit(result)

    def _take_next(self, _outcome: Any) -> None:
        # Connected before the caller's slots: the read is over for the GUI thread from here on, so
        # a request made in those slots starts a new read instead of waiting for a signal that has gone.
        self._running = False
        fn, self._next = self._next, None
        if fn is not None:
            self.run(fn)
