"""Turn the sync worker's plain events (emitted on its thread) into Qt signals on the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from terminal.sync.worker import SyncWorker


class SyncAdapter(QObject):
    """`sig_status_changed(dict)` carries `sync_status(db)` after every cycle of the worker."""

    sig_status_changed = Signal(dict)

    def __init__(self, worker: SyncWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.last: dict[str, Any] | None = None
        # emitted from the worker thread; Qt queues it to this object's (the GUI) thread
        worker.status_changed.connect(self.sig_status_changed.emit)
        self.sig_status_changed.connect(self._remember)

    def _remember(self, status: dict[str, Any]) -> None:
        self.last = status

    def attach(self, status_bar: Any) -> None:
        """Show every new status on a HandoffStatusBar at once (it also polls on its own timer)."""
        self.sig_status_changed.connect(status_bar.apply_sync_status)
        if self.last is not None:
            status_bar.apply_sync_status(self.last)

    def sync_now(self) -> None:
        self.worker.sync_now()

    def stop(self) -> None:
        self.worker.stop()
