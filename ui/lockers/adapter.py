"""The Qt adapter between the kiosk pages and the locker core: board I/O never on the GUI thread.

One worker thread owns the LockerKiosk, its own database connection and the lock-board line; pages
`run(tag, fn)` a flow on it and get `finished(tag, result)` or `refused(tag, code, message)` back on
the GUI thread, plus `door_opened` / `door_reminder` / `door_alarm` while a door is open. One adapter
per AppContext (`adapter_for(ctx)`); tests create it first with their own line factory and timings."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from terminal.devices.lockboard.driver import BoardConfig, LockBoardLine, line_from_settings
from terminal.errors import HandoffError
from terminal.lockers.doors import DoorTimings, Opening
from terminal.lockers.kiosk import LockerKiosk, LockerRefused
from terminal.store import open_db
from ui.context import AppContext

log = logging.getLogger(__name__)
LineFactory = Callable[[AppContext, Any], LockBoardLine]


def _default_line(ctx: AppContext, db: Any) -> LockBoardLine:
    boards = {
        row[0]: BoardConfig(row[1], row[2], bool(row[3]))
        for row in db.execute(
            "SELECT board_no, hook_closed_bit, ir_occupied_bit, has_infrared FROM lock_boards"
        ).fetchall()
    }
    port = ctx.settings.get("lockers.port", "")
    if not port:
        row = db.execute("SELECT port FROM lock_boards WHERE port != '' ORDER BY board_no LIMIT 1").fetchone()
        port = row[0] if row else ""
    return line_from_settings(ctx.settings, port=port, boards=boards or None)


class LockerAdapter(QObject):
    finished = Signal(str, object)  # tag, result of the flow
    refused = Signal(str, str, str)  # tag, code, sentence for the person
    door_opened = Signal(object)  # Opening
    door_closed = Signal(object)  # Opening
    door_reminder = Signal(object, float)  # Opening, seconds open
    door_alarm = Signal(object, float)
    started = Signal(object)  # list of the door-journal decisions `start()` made (empty: nothing open)
    remote_open = Signal(int)  # compartment number support is opening remotely (terminal/lockers/remote.py)
    remote_decided = Signal(object)  # list of Decision for the remote commands just decided

    def __init__(
        self,
        ctx: AppContext,
        *,
        line_factory: LineFactory | None = None,
        timings: DoorTimings | None = None,
        key: bytes | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.accessible = False
        self._line_factory = line_factory or _default_line
        self._timings = timings
        self._key = key
        self._kiosk: LockerKiosk | None = None
        self._first_decisions: list[dict[str, str]] = []
        self._queue: queue.Queue[tuple[Future[None], Callable[[], None]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None  # started on first use: no idle thread in tests
        self._watching_remote = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            future, call = item
            try:
                call()
                future.set_result(None)
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
                future.set_exception(exc)

    # runs on the worker thread -----------------------------------------------------------------
    def _kiosk_on_worker(self) -> LockerKiosk:
        if self._kiosk is None:
            db = open_db(self.ctx.db_path)
            line = self._line_factory(self.ctx, db)
            if self._key is not None:
                kiosk = LockerKiosk(
                    db, line, settings=self.ctx.settings, key=self._key, clock=self.ctx.clock, timings=self._timings
                )
            else:
                kiosk = LockerKiosk.for_database(
                    db, self.ctx.db_path, line, self.ctx.settings, clock=self.ctx.clock, timings=self._timings
                )
            kiosk.doors.opened.connect(self.door_opened.emit)
            kiosk.doors.door_closed.connect(self.door_closed.emit)
            kiosk.doors.reminder.connect(self.door_reminder.emit)
            kiosk.doors.alarm.connect(self.door_alarm.emit)
            self._kiosk = kiosk
            self._first_decisions = kiosk.start_up()  # reconcile the door journal before any new unlock
            kiosk.start_board_check()  # which boards answer, for the heartbeat (fleet health)
        return self._kiosk

    def _call(self, tag: str, fn: Callable[[LockerKiosk], object]) -> None:
        try:
            result = fn(self._kiosk_on_worker())
        except LockerRefused as exc:
            self.refused.emit(tag, exc.code, exc.message)
        except HandoffError as exc:
            self.refused.emit(tag, "error", str(exc))
        except Exception as exc:  # the kiosk must stay up; the person gets a sentence, the log the trace
            log.exception("locker flow %s failed", tag)
            self.refused.emit(tag, "error", f"Something went wrong ({type(exc).__name__}); please call support.")
        else:
            self.finished.emit(tag, result)

    # GUI thread ----------------------------------------------------------------------------------
    def run(self, tag: str, fn: Callable[[LockerKiosk], object]) -> Future[None]:
        return self._submit(lambda: self._call(tag, fn))

    def _submit(self, call: Callable[[], None]) -> Future[None]:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="locker-io", daemon=True)
            self._thread.start()
        future: Future[None] = Future()
        self._queue.put((future, call))
        return future

    def start(self) -> Future[None]:
        """Open the board line and reconcile the door journal now, not at the first person's flow: a
        kiosk restarted after a crash records what was done behind its back before anyone touches it.
        `started` carries the decisions; a missing port or site key is logged (the first flow says it)."""

        def reconcile_now() -> None:
            built = self._kiosk is not None
            try:
                kiosk = self._kiosk_on_worker()
                decided = kiosk.start_up() if built else self._first_decisions
            except HandoffError as exc:
                log.warning("the locker kiosk did not start: %s", exc)
                return
            except Exception:  # a port that cannot be opened must not take the kiosk down
                log.exception("the locker kiosk did not start")
                return
            self.started.emit(decided)
            self._decide_remote()   # commands that arrived while the kiosk was down

        self.watch_remote()
        return self._submit(reconcile_now)

    # remote support: signed commands pulled by the sync worker wait in `remote_inbox` -----------------
    def watch_remote(self) -> None:
        """Decide remote commands as soon as a pull brings them (a change of `remote_inbox`)."""
        if not self._watching_remote:
            self._watching_remote = True
            self.ctx.change_events().sig_changed.connect(self._on_changes)

    def _on_changes(self, change_set: Any) -> None:
        if change_set.touches("remote_inbox"):
            self.process_remote()

    def process_remote(self) -> Future[None]:
        return self._submit(self._decide_remote)

    def _decide_remote(self) -> None:   # on the worker: the open itself blocks until the door closes
        from terminal.lockers.remote import process_inbox, waiting

        try:
            kiosk = self._kiosk_on_worker()
            if waiting(kiosk.db):
                self.remote_decided.emit(process_inbox(kiosk, notice=self.remote_open.emit))
        except Exception:  # a command that cannot be decided must not take the kiosk down; it stays queued
            log.exception("remote support commands could not be decided")

    def report_problem(self, opening: Opening, problem: str) -> None:
        opening.problem = problem  # read by the worker once the door closes

    def shutdown(self) -> None:
        """Stop watching doors (open journal rows stay for the next start), close the port and db."""
        if self._thread is None:
            return
        if self._kiosk is not None:
            self._kiosk.stop()

        def close() -> None:
            if self._kiosk is not None:
                line = self._kiosk.boards
                if isinstance(line, LockBoardLine):
                    line.close()
                self._kiosk.db.close()
                self._kiosk = None

        self._queue.put((Future(), close))
        self._queue.put(None)
        self._thread.join(timeout=10)
        self._thread = None


def adapter_for(ctx: AppContext, **options: Any) -> LockerAdapter:
    """The one adapter of this context; its kiosk starts (journal reconciled) with the first flow."""
    adapter = ctx.__dict__.get("_locker_adapter")
    if adapter is None:
        adapter = LockerAdapter(ctx, **options)
        ctx.__dict__["_locker_adapter"] = adapter
    return adapter
