"""The core's change events (`terminal.changes.database_changed`) as a Qt signal on the GUI thread.

Pages refresh from `sig_changed(ChangeSet)` instead of polling the database. The core emits on the
thread that committed (the database worker, the sync worker); this adapter queues each change set
to the GUI thread and merges a burst (a pull of many pages, a run of ops) into one signal, so a page
re-reads once per burst. Delivery is always queued — never inside the task that wrote — so a page
never refreshes in the middle of its own scan, even with a synchronous task manager in tests."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from terminal import changes
from terminal.ops import ChangeSet


def merge(sets: list[ChangeSet]) -> ChangeSet:
    return ChangeSet(entities=frozenset().union(*(s.entities for s in sets)),
                     tables=frozenset().union(*(s.tables for s in sets)))


class ChangeAdapter(QObject):
    """`sig_changed(ChangeSet)`: what was written to this terminal's database, on the GUI thread."""

    sig_changed = Signal(object)
    _sig_arrived = Signal()          # internal: worker thread → GUI thread, always queued

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._ours: dict[str, bool] = {}
        self._pending: list[ChangeSet] = []
        self._lock = threading.Lock()
        self._sig_arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        changes.database_changed.connect(self._on_core)
        self.destroyed.connect(lambda *_: self._disconnect())
        self._connected = True

    def _is_ours(self, db_file: str) -> bool:
        known = self._ours.get(db_file)
        if known is None:
            try:
                known = bool(db_file) and os.path.samefile(db_file, self.db_path)
            except OSError:
                known = False
            self._ours[db_file] = known
        return known

    def _on_core(self, db_file: str, change_set: ChangeSet) -> None:
        """Any thread: keep the change set and wake the GUI thread once per burst."""
        if not self._is_ours(db_file):
            return
        with self._lock:
            first = not self._pending
            self._pending.append(change_set)
        if first and shiboken6.isValid(self):
            self._sig_arrived.emit()

    def _deliver(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        if pending:
            self.sig_changed.emit(merge(pending))

    def _disconnect(self) -> None:
        if self._connected:
            self._connected = False
            changes.database_changed.disconnect(self._on_core)

    def close(self) -> None:
        """Stop listening to the core (the context is going away)."""
        self._disconnect()
