"""The stats projector's worker: one thread in each backend process that follows the ops log.

It wakes when this process commits a push (`kick`), and every `interval` in any case (pushes to
other hosts, the running hour going stale), but it does not step while a terminal drains a backlog:
a round waits until no push has come for `quiet` (0.25 s), at most `late` (30 s) — projecting
between the batches of a 100k-op drain took half of the backend's time and slowed the drain
(bench/bench_sync_floor.py) for figures no one was reading. Then it finds the sites whose
projection is behind the log or older than `refresh`, and steps each (backend/stats_projector.py)
— in a random order, so that the workers of several hosts spread over the sites; on PostgreSQL a
site another host is stepping is skipped. A failing step is logged and retried at the next round;
it never stops the worker.

`/v1/stats` never replays: a request that finds its sites behind the log hurries this worker (no
waiting for quiet) and waits for the projection to reach the log (at most `wait`), then answers
with how far behind it still is (`X-Handoff-Stats-Behind`), in ops."""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from backend.db import read_conn
from backend.stats_projector import claimed, lags, needs_step, ops_behind, step

log = logging.getLogger("handoff.backend.stats")


class StatsWorker:
    def __init__(self, engine: Engine, interval: float = 5.0, refresh: timedelta = timedelta(minutes=1),
                 chunk: int = 5000, quiet: float = 0.25, late: float = 30.0) -> None:
        self.engine, self.interval, self.refresh, self.chunk = engine, interval, refresh, chunk
        self.quiet, self.late = quiet, late
        self._last_push = float("-inf")     # time.monotonic() of the last kick
        self._wake = threading.Event()
        self._hurry = threading.Event()     # a /v1/stats request is waiting: step now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="stats-projector", daemon=True)
                self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def kick(self) -> None:
        """New ops were committed here: project them once pushes pause (a no-op before start)."""
        self._last_push = time.monotonic()
        self._wake.set()

    def hurry(self) -> None:
        """Someone waits for the figures: step now, even while pushes keep coming."""
        self._hurry.set()
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def behind(self, site_id: str | None) -> int:
        """Ops pushed and not yet projected (the changes a push made are projected with its ops;
        other changes — orders from integrations — within `interval`)."""
        with read_conn(self.engine) as conn, conn.begin():
            return ops_behind(conn, site_id)

    def wait_caught_up(self, site_id: str | None, wait: float) -> int:
        """Kick the worker and wait (at most `wait` s) until the projection has reached the log; how
        far behind it still is."""
        deadline = time.monotonic() + wait
        behind = self.behind(site_id)
        while behind and time.monotonic() < deadline:
            self.start()
            self.hurry()
            time.sleep(0.05)
            behind = self.behind(site_id)
        return behind

    def _run(self) -> None:
        while not self._stop.is_set():
            self._settle()
            if self._stop.is_set():
                break    # its wake-up may have been spent in _settle: no round, no wait
            self._hurry.clear()
            try:
                self.round()
            except Exception:  # noqa: BLE001 — the store may be away for a while: log and go on
                log.exception("the stats projector's round failed; it is tried again")
            self._wake.wait(self.interval)
            self._wake.clear()

    def _settle(self) -> None:
        """Wait while pushes keep coming (each within `quiet` of the last), at most `late` in all."""
        deadline = time.monotonic() + self.late
        while not (self._stop.is_set() or self._hurry.is_set()):
            now = time.monotonic()
            pause = max(self.quiet - (now - self._last_push), 0.0)
            if not pause or now >= deadline:
                return
            self._wake.wait(min(pause, deadline - now))
            self._wake.clear()

    def round(self) -> int:
        """One pass over the sites that need a step; how many were stepped."""
        now = datetime.now(UTC)
        with read_conn(self.engine) as conn, conn.begin():
            due = [lag.site_id for lag in lags(conn) if needs_step(lag, now, self.refresh)]
        random.shuffle(due)
        stepped = 0
        for site_id in due:
            if self._stop.is_set():
                break
            with claimed(self.engine, site_id) as mine:
                if not mine:
                    continue
                while not self._stop.is_set():
                    done = step(self.engine, site_id, max_ops=self.chunk)
                    if done.complete or not done.written:
                        break
            stepped += 1
        return stepped
