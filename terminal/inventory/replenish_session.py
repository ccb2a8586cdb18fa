"""The stocker's replenishment flow, as a plain state machine (no Qt): the station page shows it, scans drive it.

next task (the most urgent pending one that some reserve can fill) → scan the reserve location (the
suggested one, or any other reserve holding the SKU) → scan the SKU → type the quantity taken (at most
what fits up to max and what the books hold there) → scan the pick face: `FaceReplenished` → next task.
"Reserve empty" (F10, CMD:EMPTY) at any step before the face books that reserve to zero and tells the
supervisor (`ReserveFoundEmpty`); the task then goes on with the next reserve.
Every sentence is a `Say` with a stable code (MESSAGES); the page translates it (ui/replenish/messages.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlite_utils

from terminal.clock import Clock
from terminal.errors import OpRejected
from terminal.inventory.ledger import on_hand
from terminal.inventory.replenish import Task, is_reserve, pending
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.scanning.types import CommandScan, ItemScan, LocationScan, TypedScan, Unknown
from terminal.sentences import Outcome, Say, op_rejected, register, say, scan_refused

IDLE, FROM, SKU, QTY, FACE = "idle", "from", "sku", "qty", "face"

MESSAGES: dict[str, str] = {
    "rp_nothing": "No pick face needs replenishing now.",
    "rp_go_reserve": "Go to reserve %1 and scan it: %2 × %3 for pick face %4.",
    "rp_scan_sku": "Scan %1 (%2) at %3.",
    "rp_type_qty": "Type how many you took (1 to %1) and press Enter.",
    "rp_scan_face": "Take %1 × %2 to pick face %3 and scan it.",
    "rp_done": "Pick face %1 refilled with %2 × %3.",
    "rp_partial": "Still below min: a new task is open for %1.",
    "rp_wrong_reserve": "%1 holds no %2 by the books: take it from reserve %3.",
    "rp_face_is_not_reserve": "%1 is the pick face: scan the reserve location %2 first.",
    "rp_wrong_sku": "Wrong item %1: this task is %2 (%3).",
    "rp_wrong_face": "Wrong location %1: the pick face is %2.",
    "rp_qty_range": "Type a quantity from 1 to %1.",
    "rp_reserve_empty": "Reserve %1 booked empty; the supervisor is told.",
    "rp_scan_not_used": "That scan is not used here:",
    "rp_nothing_to_empty": "There is no reserve location to book empty now.",
}
register(MESSAGES)


@dataclass(frozen=True)
class ReplenishView:
    """What the page shows: an immutable snapshot made on the database worker."""

    state: str
    task: Task | None
    source: str | None          # the reserve location taken from (scanned, or suggested)
    taken: int                  # the quantity typed
    limit: int                  # the most that may be taken now
    prompt: Say
    queue: int                  # pending tasks in all


class ReplenishSession:
    def __init__(self, db: sqlite_utils.Database, user: User, *, clock: Clock | None = None) -> None:
        self.db, self.user, self.clock = db, user, clock
        self.state = IDLE
        self.task: Task | None = None
        self.source: str | None = None
        self.taken = 0
        self.queue = 0

    # --- what is shown ------------------------------------------------------------------------------------
    def limit(self) -> int:
        if self.task is None or self.source is None:
            return 0
        return max(0, min(self.task.room, on_hand(self.db, self.source, self.task.sku)))

    def prompt(self) -> Say:
        task = self.task
        if task is None or self.state == IDLE:
            return say("rp_nothing")
        if self.state == FROM:
            return say("rp_go_reserve", self.source, task.qty, task.sku_name, task.location)
        if self.state == SKU:
            return say("rp_scan_sku", task.sku_name, task.sku, self.source)
        if self.state == QTY:
            return say("rp_type_qty", self.limit())
        return say("rp_scan_face", self.taken, task.sku_name, task.location)

    def view(self) -> ReplenishView:
        task = self.task
        if task is not None:      # a copy: the GUI never holds what the worker may change
            task = replace(task, waiting=list(task.waiting), sources=list(task.sources))
        return ReplenishView(self.state, task, self.source, self.taken, self.limit(), self.prompt(), self.queue)

    # --- moving on ----------------------------------------------------------------------------------------
    def start(self, *done: Say) -> Outcome:
        """The most urgent task a reserve can fill (tasks no reserve holds stock for wait)."""
        tasks = pending(self.db)
        fillable = [t for t in tasks if t.source is not None and t.qty > 0]
        self.queue = len(tasks)
        self.task = fillable[0] if fillable else None
        self.source = self.task.source[0] if self.task and self.task.source else None
        self.taken = 0
        self.state = FROM if self.task else IDLE
        return Outcome.good(*done, self.prompt()) if done else Outcome.note(self.prompt())

    def handle(self, scan: TypedScan) -> Outcome:
        if isinstance(scan, Unknown):
            return Outcome.bad(scan_refused(scan))
        if isinstance(scan, CommandScan) and scan.command.upper() == "EMPTY":
            return self.reserve_empty()
        task = self.task
        if task is None or self.state == IDLE:
            return self.start()
        if self.state == FROM and isinstance(scan, LocationScan):
            return self._reserve(task, scan.code)
        if self.state == SKU and isinstance(scan, ItemScan):
            if scan.sku_code != task.sku:
                return Outcome.bad(say("rp_wrong_sku", scan.sku_code or scan.raw, task.sku_name, task.sku))
            self.state = QTY
            return Outcome.good(self.prompt())
        if self.state == FACE and isinstance(scan, LocationScan):
            if scan.code != task.location:
                return Outcome.bad(say("rp_wrong_face", scan.code, task.location))
            return self._confirm(task)
        return Outcome.bad(say("rp_scan_not_used"), self.prompt())

    def _reserve(self, task: Task, code: str) -> Outcome:
        if code == task.location:
            return Outcome.bad(say("rp_face_is_not_reserve", code, self.source))
        if not is_reserve(self.db, code) or on_hand(self.db, code, task.sku) <= 0:
            return Outcome.bad(say("rp_wrong_reserve", code, task.sku, self.source))
        self.source = code
        self.state = SKU
        return Outcome.good(self.prompt())

    def type_quantity(self, qty: int) -> Outcome:
        if self.state != QTY or self.task is None:
            return Outcome.bad(say("rp_scan_not_used"), self.prompt())
        limit = self.limit()
        if not 1 <= qty <= limit:
            return Outcome.bad(say("rp_qty_range", limit))
        self.taken = qty
        self.state = FACE
        return Outcome.good(self.prompt())

    def _confirm(self, task: Task) -> Outcome:
        try:
            result = apply_op(self.db, "FaceReplenished", {
                "replenishment_id": task.id, "location_code": task.location, "sku_code": task.sku,
                "from_location": self.source, "qty": self.taken, "user_id": self.user.id}, clock=self.clock).result
        except OpRejected as exc:        # the books changed since (a pull): start the task again
            self.state = FROM
            return Outcome.bad(op_rejected(exc), self.prompt())
        done = [say("rp_done", task.location, result["moved"], task.sku_name)]
        if result.get("follow_up"):
            done.append(say("rp_partial", task.location))
        return self.start(*done)

    def reserve_empty(self) -> Outcome:
        """The reserve location the stocker stands at holds none of the SKU (before the face is scanned)."""
        task = self.task
        if task is None or self.source is None or self.state == FACE:
            return Outcome.bad(say("rp_nothing_to_empty"))
        source = self.source
        apply_op(self.db, "ReserveFoundEmpty", {
            "replenishment_id": task.id, "location_code": task.location, "sku_code": task.sku,
            "from_location": source, "user_id": self.user.id}, clock=self.clock)
        outcome = self.start(say("rp_reserve_empty", source))
        return Outcome(False, outcome.parts, "info")
