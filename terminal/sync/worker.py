"""The background sync worker: push then pull on a timer, exponential backoff with jitter on failure.

Backoff (a tiny documented formula rather than a library loop, because the wait must be
interruptible by "sync now" and by stop): after the n-th failure in a row the worker waits
`min(max_backoff_s, base_s * 2**(n-1)) * uniform(0.5, 1.0)` ("equal jitter": never less than half
the step, so a fleet that lost the backend together does not come back together). A 426 answer
means the backend will not accept this terminal until it is updated, and any other 4xx means it
refuses what this terminal sends: the worker stops retrying and the status says "update needed"
(an operator's "sync now" still tries once)."""

from __future__ import annotations

import logging
import random
import threading
from pathlib import Path
from typing import Any

from terminal.clock import Clock, SystemClock
from terminal.config import Settings, load_settings
from terminal.events import Event
from terminal.store import open_db
from terminal.sync.client import NotEnrolled, SyncError, SyncRefused, UpdateNeeded
from terminal.sync.cycle import record_failure, sync_once
from terminal.sync.enroll import client_for
from terminal.sync.heartbeat import after_cycle
from terminal.sync.status import sync_status

log = logging.getLogger("terminal.sync.worker")


def backoff_delay(failures: int, *, base_s: float = 2.0, max_s: float = 300.0,
                  rand: random.Random | None = None) -> float:
    step = min(max_s, base_s * 2 ** max(0, failures - 1))
    return step * (rand or random).uniform(0.5, 1.0)


class SyncWorker:
    """A daemon thread with its own database connection; publishes `status_changed(dict)` after each cycle."""

    def __init__(self, db_path: Path, *, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.db_path = Path(db_path)
        self.settings = settings or load_settings()
        self.clock = clock or SystemClock()
        self.interval_s = float(self.settings.get("sync.interval_s", 10.0))
        self.max_backoff_s = float(self.settings.get("sync.max_backoff_s", 300.0))
        self.status_changed: Event[[dict[str, Any]]] = Event()
        self.cycle_done: Event[[dict[str, Any] | None, Exception | None]] = Event()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0
        self.halted = False   # after a 426 or a refused token: wait for "sync now"

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="handoff-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        """Run a cycle at once (also after "update needed": the operator asked)."""
        self.halted = False
        self._wake.set()

    def _run(self) -> None:
        db = open_db(self.db_path)
        try:
            while not self._stop.is_set():
                self._wake.clear()
                if not self.halted:
                    self._cycle(db)
                if self.halted:
                    wait: float | None = None
                elif self.failures:
                    wait = backoff_delay(self.failures, base_s=min(2.0, self.interval_s), max_s=self.max_backoff_s)
                else:
                    wait = self.interval_s
                self._wake.wait(wait)
        finally:
            db.close()

    def _cycle(self, db: Any) -> None:
        result: dict[str, Any] | None = None
        error: Exception | None = None
        try:
            with client_for(self.db_path, self.settings) as client:
                try:
                    result = sync_once(db, client, clock=self.clock)
                except Exception as exc:
                    after_cycle(db, client, self.db_path, self.settings, self.clock, exc)   # fleet health
                    raise
                after_cycle(db, client, self.db_path, self.settings, self.clock, None)
            self.failures = 0
        except (UpdateNeeded, NotEnrolled, SyncRefused) as exc:   # the same request would be refused again
            error = exc
            self.halted = True
            record_failure(db, exc, clock=self.clock)
            log.warning("sync stopped until someone acts: %s", exc)
        except SyncError as exc:
            error = exc
            self.failures += 1
            log.info("sync failed (%s in a row): %s", self.failures, exc)
        except Exception as exc:   # a bug must not kill the worker thread; it is logged and retried
            error = exc
            self.failures += 1
            record_failure(db, exc, clock=self.clock)
            log.exception("sync cycle crashed")
        self.cycle_done.emit(result, error)
        self.status_changed.emit(sync_status(db, clock=self.clock))
