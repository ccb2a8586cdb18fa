"""One background worker for everything that touches the database; results come back on the GUI thread.

Like Anki's taskman: a single thread owns database work, so two writes never race and the GUI never
waits on SQLite. Worker code gets no widgets — only the callable you pass. `on_done(result)` and
`on_error(exc)` run later on the GUI thread (through a queued signal). `TaskManager(synchronous=True)`
runs each task at once on the caller's thread, which is what tests use."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class Task:
    fn: Callable[[], Any]
    on_done: Done | None = None
    on_error: Failed | None = None
    owner: QObject | None = None      # callbacks are skipped once this widget is gone
    description: str = ""
    result: Any = None
    error: BaseException | None = None


_STOP = object()


class TaskManager(QObject):
    """Run database work on one worker thread; deliver outcomes on the GUI thread."""

    sig_task_finished = Signal(object)   # Task — internal hand-over from the worker to the GUI thread
    sig_unhandled_error = Signal(object)  # BaseException from a task that had no on_error
    sig_busy_changed = Signal(bool)       # True when work is queued, False when the queue is empty again

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._pending = 0
        self._busy = False
        self._lock = threading.Lock()
        self.sig_task_finished.connect(self._deliver)

    def run(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None, *,
            owner: QObject | None = None, description: str = "") -> Task:
        """Queue `fn()` for the worker. Exceptions go to `on_error`, else to `sig_unhandled_error`."""
        if self._closed:
            raise RuntimeError("the task manager has been shut down")
        task = Task(fn, on_done, on_error, owner, description)
        if self.synchronous:
            self._execute(task)
            self._deliver(task)
            return task
        with self._lock:
            self._pending += 1
        if not self._busy:   # _busy lives on the GUI thread only
            self._busy = True
            self.sig_busy_changed.emit(True)
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="handoff-db-worker", daemon=True)
            self._thread.start()
        self._queue.put(task)
        return task

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self, wait: bool = True) -> None:
        """Finish the queued tasks (their callbacks are dropped) and stop the worker thread."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            if wait:
                self._thread.join()
            self._thread = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- worker side: never touches a widget -------------------------------------------------------
    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is _STOP:
                return
            self._execute(task)
            with self._lock:
                self._pending -= 1
            if not self._closed and shiboken6.isValid(self):
                self.sig_task_finished.emit(task)

    @staticmethod
    def _execute(task: Task) -> None:
        try:
            task.result = task.fn()
        except Exception as exc:  # delivered to the GUI thread, which decides what the person sees
            task.error = exc

    # -- GUI side ----------------------------------------------------------------------------------
    def _deliver(self, task: Task) -> None:
        if self._busy and self._pending == 0:
            self._busy = False
            self.sig_busy_changed.emit(False)
        if task.owner is not None and not shiboken6.isValid(task.owner):
            return
        if task.error is not None:
            if task.on_error is not None:
                task.on_error(task.error)
            else:
                log.error("background task %s failed: %r", task.description or task.fn, task.error)
                self.sig_unhandled_error.emit(task.error)
        elif task.on_done is not None:
            task.on_done(task.result)
