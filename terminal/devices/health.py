"""What this terminal knows of its devices, for the heartbeat (terminal/sync/heartbeat.py).

The threads that talk to devices write here — the kiosk's periodic board check (`BoardCheck`, every
`lockers.board_check_s` seconds), the serial scanners as their port comes and goes — and the sync
worker reads a snapshot after each cycle. It lives in memory, in this process: a device state is only
as good as the process that saw it, and nothing has to be written to the database to report it. The
printer's state is read from the print spool instead (`printer_state`), which every process shares."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import sqlite_utils

from terminal.devices.lockboard.driver import BoardStatus, LockBoardError

log = logging.getLogger("terminal.devices.health")

DeviceStateName = Literal["ok", "problem", "unknown", "absent"]
DEFAULT_BOARD_CHECK_S = 30.0


@dataclass(frozen=True)
class DeviceState:
    state: DeviceStateName
    detail: str = ""


@dataclass(frozen=True)
class Snapshot:
    boards: dict[int, bool]          # board address → answered at the last check
    scanner: DeviceState


class DeviceHealth:
    """Thread-safe: written by device threads, read by the sync worker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._boards: dict[int, bool] = {}
        self._scanners: dict[str, DeviceState] = {}

    def boards_checked(self, online: dict[int, bool]) -> None:
        with self._lock:
            self._boards = dict(online)

    def scanner(self, port: str, state: DeviceStateName, detail: str = "") -> None:
        with self._lock:
            self._scanners[port] = DeviceState(state, detail[:200])

    def forget(self) -> None:
        with self._lock:
            self._boards.clear()
            self._scanners.clear()

    def snapshot(self) -> Snapshot:
        with self._lock:
            boards = dict(self._boards)
            scanners = dict(self._scanners)
        bad = [f"{port}: {s.detail}"[:200] for port, s in sorted(scanners.items()) if s.state == "problem"]
        if bad:
            scanner = DeviceState("problem", "; ".join(bad)[:200])
        elif scanners:
            scanner = DeviceState("ok", ", ".join(sorted(scanners))[:200])
        else:
            scanner = DeviceState("unknown")     # a keyboard-wedge scanner cannot be asked
        return Snapshot(boards, scanner)


#: this process's devices (one kiosk or station per process)
DEVICES = DeviceHealth()


def printer_state(db: sqlite_utils.Database) -> DeviceState:
    """From the print spool (terminal/labels/spool.py): a label that could not be sent or may not have
    printed is a problem; else the printer worked the last time it was used; no labels: absent."""
    row = db.execute("SELECT printer, last_error FROM label_jobs WHERE status IN ('failed', 'unknown')"
                     " ORDER BY created_at DESC LIMIT 1").fetchone()
    if row is not None:
        return DeviceState("problem", f"{row[0]}: {row[1] or 'a label is waiting'}"[:200])
    row = db.execute("SELECT printer FROM label_jobs WHERE status = 'sent' ORDER BY sent_at DESC LIMIT 1").fetchone()
    return DeviceState("ok", str(row[0])[:200]) if row else DeviceState("absent")


class BoardCheck:
    """Asks each lock board for its status every `interval_s` on a daemon thread, and records which
    answered. The line serialises requests (one in flight), so a check never collides with a door
    being opened; it only reads, never unlocks."""

    def __init__(self, status: Callable[[int], BoardStatus], boards: Iterable[int], interval_s: float,
                 registry: DeviceHealth = DEVICES) -> None:
        self.status = status
        self.boards = sorted(set(boards))
        self.interval_s = interval_s
        self.registry = registry
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check_once(self) -> dict[int, bool]:
        online: dict[int, bool] = {}
        for board in self.boards:
            try:
                online[board] = self.status(board).online
            except LockBoardError:          # no port: every board counts as offline
                online[board] = False
        self.registry.boards_checked(online)
        return online

    def start(self) -> BoardCheck:
        if self._thread is None and self.boards and self.interval_s > 0:
            self._thread = threading.Thread(target=self._run, name="board-check", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.check_once()
            except Exception:    # a bug must not end the checks; the boards then read as last seen
                log.exception("board check failed")
            self._stop.wait(self.interval_s)
