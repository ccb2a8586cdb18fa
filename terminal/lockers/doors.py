"""Opening doors safely: read before firing, journal before the frame, one unlock, watch until closed.

A door left open reminds at `lockers.reminder_s` (10 s) and raises an alarm (an exception for a
supervisor) at `lockers.alarm_s` (60 s). `reconcile` resolves, at start-up, the journal rows a crash
or power loss left open, against what the board and its infrared sensors say now."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Literal, Protocol

import sqlite_utils

from terminal.clock import Clock
from terminal.config import Settings
from terminal.devices.lockboard.driver import BoardStatus, Door, LockBoardError, UnlockResult
from terminal.errors import OpRejected
from terminal.events import Event
from terminal.ids import new_id
from terminal.lockers.compartments import Compartment, compartment
from terminal.ops import apply_op

OpenOutcome = Literal["opened", "not_opened", "unknown", "not_sent", "offline", "already_open"]


class Boards(Protocol):
    """What the locker needs from the hardware (LockBoardLine implements it)."""

    def status(self, board: int) -> BoardStatus: ...
    def unlock(self, board: int, lock: int) -> UnlockResult: ...


@dataclass(frozen=True)
class DoorTimings:
    reminder_s: float = 10.0
    alarm_s: float = 60.0
    poll_s: float = 0.2
    give_up_s: float = 3600.0      # stop watching (the journal row stays open for reconciliation)

    @classmethod
    def from_settings(cls, settings: Settings) -> DoorTimings:
        return cls(settings.get("lockers.reminder_s", 10.0), settings.get("lockers.alarm_s", 60.0),
                   settings.get("lockers.door_poll_ms", 200) / 1000, settings.get("lockers.give_up_s", 3600.0))


@dataclass
class Opening:
    """One door opened for one purpose; `problem` is what the person reported while it was open."""

    compartment: Compartment
    purpose: str
    journal_id: str
    outcome: OpenOutcome
    parcel_id: str | None = None
    problem: str | None = None          # "too_small" | "not_empty" (courier buttons)
    closed: threading.Event = field(default_factory=threading.Event)


class Doors:
    def __init__(self, db: sqlite_utils.Database, boards: Boards, clock: Clock,
                 timings: DoorTimings | None = None) -> None:
        self.db = db
        self.boards = boards
        self.clock = clock
        self.timings = timings or DoorTimings()
        self.stop = threading.Event()
        self.opened: Event[[Opening]] = Event()
        self.reminder: Event[[Opening, float]] = Event()
        self.alarm: Event[[Opening, float]] = Event()
        self.door_closed: Event[[Opening]] = Event()

    def read_board(self, board_no: int) -> BoardStatus:
        try:
            return self.boards.status(board_no)
        except LockBoardError:
            return BoardStatus.silent(board_no)

    def read(self, comp: Compartment) -> tuple[BoardStatus, Door]:
        status = self.read_board(comp.board_no)
        return status, status.door(comp.lock_no)

    def open(self, comp: Compartment, purpose: str, *, parcel_id: str | None = None,
             user_id: str | None = None) -> Opening:
        """Journal, then one unlock frame, then the outcome; never a second frame."""
        status, door = self.read(comp)
        if not status.online:
            return Opening(comp, purpose, "", "offline", parcel_id)
        if door.state == "open":
            return Opening(comp, purpose, "", "already_open", parcel_id)
        journal_id = new_id()
        apply_op(self.db, "DoorUnlockRequested", {"journal_id": journal_id, "compartment_id": comp.id,
                 "purpose": purpose, "parcel_id": parcel_id, "user_id": user_id}, clock=self.clock)
        result = self.boards.unlock(comp.board_no, comp.lock_no)
        if result.outcome == "not_sent":
            apply_op(self.db, "DoorClosed", {"journal_id": journal_id, "note": "unlock not sent: the port failed"},
                     clock=self.clock)
            return Opening(comp, purpose, journal_id, "not_sent", parcel_id)
        apply_op(self.db, "DoorUnlockOutcome", {"journal_id": journal_id, "outcome": result.outcome},
                 clock=self.clock)
        opening = Opening(comp, purpose, journal_id, result.outcome, parcel_id)
        if result.outcome == "opened":
            self.opened.emit(opening)
        return opening

    def wait_closed(self, opening: Opening) -> Door | None:
        """Poll until the door shows closed; remind and alarm while it stays open. None when stopped."""
        started = time.monotonic()
        reminded = alarmed = False
        while not self.stop.is_set():
            status, door = self.read(opening.compartment)
            if status.online and door.state == "closed":
                opening.closed.set()
                self.door_closed.emit(opening)
                return door
            open_for = time.monotonic() - started
            if not reminded and open_for >= self.timings.reminder_s:
                reminded = True
                self.reminder.emit(opening, open_for)
            if not alarmed and open_for >= self.timings.alarm_s:
                alarmed = True
                apply_op(self.db, "DoorLeftOpen", {"compartment_id": opening.compartment.id,
                         "journal_id": opening.journal_id, "seconds": open_for}, clock=self.clock)
                self.alarm.emit(opening, open_for)
            if open_for >= self.timings.give_up_s:
                return None
            self.stop.wait(self.timings.poll_s)
        return None


def reconcile(db: sqlite_utils.Database, boards: Boards, clock: Clock, settings: Settings) -> list[dict[str, str]]:
    """Resolve journal rows left open by a crash or power loss; returns what was decided per row.

    Closed door + infrared decide whether the parcel went in or came out; without infrared, or
    with the door still open, the compartment is faulted for a technician to look. A board that
    does not answer leaves its rows for the next start."""
    rows = db.execute("SELECT id, compartment_id, purpose, parcel_id, user_id FROM door_journal"
                      " WHERE outcome IN ('pending', 'opened', 'unknown') ORDER BY requested_at").fetchall()
    decided = []
    for journal_id, comp_id, purpose, parcel_id, user_id in rows:
        comp = compartment(db, comp_id)
        if comp is None:
            continue
        try:
            status = boards.status(comp.board_no)
        except LockBoardError:
            continue
        if not status.online:
            continue
        door = status.door(comp.lock_no)
        occupied = door.occupied if comp.has_infrared else None
        try:
            note = _resolve(db, clock, settings, journal_id, comp_id, purpose, parcel_id, user_id,
                            door.state, occupied)
        except OpRejected as exc:           # the parcel moved on meanwhile: a person must look
            note = f"sensors disagree with the records ({exc.message}); check the compartment"
            apply_op(db, "DoorJournalReconciled", {"journal_id": journal_id, "note": note,
                                                   "fault": "check_contents", "door": door.state}, clock=clock)
        decided.append({"journal_id": journal_id, "compartment_id": comp_id, "purpose": purpose, "note": note})
    return decided


def _resolve(db: sqlite_utils.Database, clock: Clock, settings: Settings, journal_id: str, comp_id: str,
             purpose: str, parcel_id: str | None, user_id: str | None, door: str, occupied: bool | None) -> str:
    """Decide one open journal row from the door and infrared now; returns the note recorded."""
    from terminal.lockers.expiry import hold_until
    from terminal.lockers.ops import announcement

    base = {"journal_id": journal_id, "reconciled": True}
    if door == "open":
        note = "door found open at start-up; check the compartment"
        apply_op(db, "DoorJournalReconciled", {**base, "note": note, "fault": "open_after_restart",
                                               "door": "open"}, clock=clock)
    elif occupied is None and purpose != "technician":
        note = "door closed but no infrared sensor to tell whether the parcel moved; check it"
        apply_op(db, "DoorJournalReconciled", {**base, "note": note, "fault": "check_contents",
                                               "door": "closed"}, clock=clock)
    elif purpose in ("deposit", "return") and occupied:
        name = "ParcelDeposited" if purpose == "deposit" else "ReturnDropped"
        args = {**base, "parcel_id": parcel_id, "compartment_id": comp_id, "courier_id": user_id,
                "note": "recorded at start-up from the infrared sensor"}
        parcel = db.execute("SELECT * FROM parcels WHERE id = ?", (parcel_id,)).fetchone()
        if purpose == "deposit":
            args["expires_at"] = hold_until(clock, settings, parcel["hold_hours"] if parcel is not None else None)
        if parcel is not None:
            args["parcel"] = announcement(parcel)
        apply_op(db, name, args, clock=clock)
        note = "parcel found inside: recorded"
    elif purpose in ("pickup", "collect") and occupied is False:
        name = "ParcelPickedUp" if purpose == "pickup" else "ParcelCollected"
        apply_op(db, name, {**base, "parcel_id": parcel_id, "courier_id": user_id,
                            "note": "recorded at start-up from the infrared sensor"}, clock=clock)
        note = "compartment found empty: recorded"
    else:
        note = "door closed; nothing moved"
        apply_op(db, "DoorJournalReconciled", {**base, "note": note, "door": "closed"}, clock=clock)
    return note
