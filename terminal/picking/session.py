"""The picker's flow at the cart, as a plain state machine (no Qt): the UI shows it, scans drive it.

bind totes (one scan per cart slot) → for each task in walking order: scan the location (setting
`picking.scan_location`), scan the item (every scan is one unit or the barcode's pack size; after one
correct scan a larger count may be typed) → next task … → "take the cart to packing".
A wrong item or location is refused and nothing is recorded. A short pick needs a reason and
creates an exception and, when stock exists elsewhere, a follow-up task at the end of the route.
An order cancelled while in the cart stops its tasks with a clear message.

Every change goes through a named operation; `changed` fires after each, `feedback` reports each
scan's outcome (ok / error / info) and `finished` fires once the batch is done.

Every sentence is a `Say`: a stable code from `MESSAGES`, its arguments and the English text (for
the CLI and logs). The picker's screen translates the code (ui/picking/messages.py), so the core
stays free of Qt and the screen speaks the picker's language."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.catalog.layout import Layout
from terminal.clock import Clock, SystemClock, parse_iso
from terminal.config import Settings
from terminal.errors import HandoffError, OpRejected
from terminal.events import Event
from terminal.ids import new_id
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.picking.batching import plan_batch, site_layout, slot_colour
from terminal.picking.ops import SHORT_REASONS
from terminal.scanning.types import CommandScan, ItemScan, LocationScan, ToteScan, TypedScan, Unknown
from terminal.sentences import WORDED_ELSEWHERE, Colour, Outcome, Say, fill, op_rejected, register, say, scan_refused

BIND, LOCATION, ITEM, DONE, IDLE = "bind", "location", "item", "done", "idle"


class NotAPicker(HandoffError):
    pass


# code → the English sentence, %1, %2, … standing for the arguments in order
MESSAGES: dict[str, str] = {
    "bind_tote": "Scan an empty tote for slot %1 (%2).",
    "batch_done": "Batch done: take the cart to packing.",
    "go_to_location": "Go to %1 and scan the location.",
    "pick_item": "Pick %1 × %2 into tote %3 (%4).",
    "nothing_to_pick": "There is nothing to pick in your zones right now.",
    "batch_resumed": "Batch with %1 orders resumed.",
    "not_a_barcode": "%1 is not a barcode used here.",
    "short_choose_reason": "Short pick: choose the reason — empty, damaged or not found.",
    "no_task_open": "There is no pick task open; ask for the next batch.",
    "wrong_location_go": "Wrong location %1: go to %2.",
    "scan_location_first": "Scan the location %1 first.",
    "wrong_location_pick": "Wrong location %1: pick at %2.",
    "scan_not_used": "That scan is not used here:",
    "scan_tote_first": "Scan a tote first:",
    "tote_bound": "Tote %1 is slot %2 (%3).",
    "wrong_item": "Wrong item %1: this is %2 (%3). Nothing recorded.",
    "too_many": "Too many: only %1 more × %2 for this order. Nothing recorded.",
    "nothing_to_count": "There is no item to count now.",
    "scan_before_typing": "Scan one unit of the item before typing a quantity.",
    "type_quantity_range": "Type a quantity from %1 to %2.",
    "picked_count": "%1 of %2.",
    "task_done": "Task done: %1 × %2 in tote %3.",
    "no_task_to_short": "There is no pick task to short.",
    "choose_reason": "Choose a reason: empty, damaged or not found.",
    "short_recorded": "Short pick recorded for %1.",
    "follow_up_added": "A follow-up task at %1 is added to your route.",
    "no_stock_elsewhere": "There is no stock elsewhere; the supervisor is told.",
    "order_cancelled": "Order %1 was cancelled: take tote %2 (%3) off the cart and put its items back.",
}
register(MESSAGES)

__all__ = ["BIND", "DONE", "IDLE", "ITEM", "LOCATION", "MESSAGES", "WORDED_ELSEWHERE", "Colour", "NotAPicker",
           "Outcome", "PickSession", "Say", "TaskView", "fill", "say"]


@dataclass(frozen=True)
class TaskView:
    task_id: str
    order_id: str
    order_ref: str
    sequence: int
    location_code: str
    sku_code: str
    sku_name: str
    qty: int
    picked_qty: int
    status: str
    tote_slot: int
    tote_colour: str
    tote_code: str | None
    ship_by: str | None
    follow_up_of: str | None

    @property
    def remaining(self) -> int:
        return self.qty - self.picked_qty


@dataclass(frozen=True)
class SlotView:
    slot: int
    colour: str
    order_id: str
    order_ref: str
    service: str
    ship_by: str | None
    tote_code: str | None
    order_status: str


class PickSession:
    def __init__(self, db: sqlite_utils.Database, user: User, *, clock: Clock | None = None,
                 settings: Settings | None = None) -> None:
        if not user.has_role("picker"):
            raise NotAPicker(f"{user.name} does not have the picker role; ask a supervisor to add it.")
        self.db = db
        self.user = user
        self.clock = clock or SystemClock()
        self.settings = settings or Settings()
        self.scan_location = self.settings.get("picking.scan_location", True)
        self.changed: Event[[]] = Event()
        self.feedback: Event[[Outcome]] = Event()
        self.finished: Event[[]] = Event()
        self.batch_id: str | None = None
        self.distance_m: float | None = None
        self.slots: list[SlotView] = []
        self.tasks: list[TaskView] = []
        self.state = IDLE
        self.item_verified = False
        self.last_done: TaskView | None = None
        self._layout: Layout | None = None

    # --- starting ------------------------------------------------------------------------------------------
    @property
    def layout(self) -> Layout:
        if self._layout is None:
            self._layout = site_layout(self.db)[1]
        return self._layout

    def start(self) -> Outcome:
        """Resume this picker's active batch, or plan and start the next one."""
        row = self.db.execute("SELECT id FROM pick_batches WHERE picker_id = ? AND status = 'active'"
                              " ORDER BY created_at DESC LIMIT 1", (self.user.id,)).fetchone()
        if row is None:
            plan = plan_batch(self.db, self.user, self.clock.now(), self.settings)
            if plan is None:
                self.state = IDLE
                return self._report(Outcome.note(say("nothing_to_pick")))
            try:
                apply_op(self.db, "BatchStarted", plan.op_args(), clock=self.clock)
            except OpRejected as exc:
                return self._report(Outcome.bad(op_rejected(exc)))
            batch_id = plan.batch_id
        else:
            batch_id = row[0]
        self.batch_id = batch_id
        self._reload()
        n = len(self.slots)
        return self._report(Outcome.note(self.prompt_say() if self.state != DONE else say("batch_resumed", n)))

    # --- views ---------------------------------------------------------------------------------------------
    def _reload(self) -> None:
        assert self.batch_id
        self.distance_m = self.db.execute("SELECT distance_m FROM pick_batches WHERE id = ?",
                                          (self.batch_id,)).fetchone()[0]
        self.slots = [
            SlotView(slot, slot_colour(slot), oid, ref, service, ship_by, tote, status)
            for slot, oid, ref, service, ship_by, tote, status in self.db.execute(
                "SELECT b.tote_slot, o.id, o.ref, o.service, o.ship_by, b.tote_code, o.status"
                " FROM pick_batch_orders b JOIN orders o ON o.id = b.order_id WHERE b.batch_id = ?"
                " ORDER BY b.tote_slot", (self.batch_id,)).fetchall()
        ]
        by_order = {s.order_id: s for s in self.slots}
        self.tasks = []
        for (tid, oid, seq, loc, sku, name, qty, picked, status, follow) in self.db.execute(
            "SELECT t.id, t.order_id, t.sequence, t.location_code, t.sku_code, s.name, t.qty, t.picked_qty,"
            " t.status, t.follow_up_of FROM pick_tasks t JOIN skus s ON s.code = t.sku_code"
            " WHERE t.batch_id = ? ORDER BY t.sequence", (self.batch_id,)).fetchall():
            slot = by_order[oid]
            self.tasks.append(TaskView(tid, oid, slot.order_ref, seq, loc, sku, name, qty, picked, status,
                                       slot.slot, slot.colour, slot.tote_code, slot.ship_by, follow))
        if self.unbound_slot() is not None:
            self.state = BIND
        elif self.current_task() is None:
            self.state = DONE
        elif self.state not in (LOCATION, ITEM):
            self.state = LOCATION if self.scan_location else ITEM

    def unbound_slot(self) -> SlotView | None:
        return next((s for s in self.slots if s.tote_code is None and s.order_status != "cancelled"), None)

    def current_task(self) -> TaskView | None:
        return next((t for t in self.tasks if t.status == "open"), None)

    def progress(self) -> tuple[int, int]:
        """(tasks finished, all tasks) of the batch."""
        return sum(t.status != "open" for t in self.tasks), len(self.tasks)

    def position(self) -> str | None:
        """The location the picker last picked at (None: still at the depot)."""
        return self.last_done.location_code if self.last_done else None

    def route(self) -> list[str]:
        return [t.location_code for t in self.tasks]

    def seconds_to_ship_by(self, task: TaskView | None = None) -> float | None:
        task = task or self.current_task()
        if task is None or not task.ship_by:
            return None
        return (parse_iso(task.ship_by) - self.clock.now()).total_seconds()

    def prompt(self) -> str:
        """What to do now, in English."""
        return self.prompt_say().text

    def prompt_say(self) -> Say:
        if self.state == BIND:
            slot = self.unbound_slot()
            assert slot
            return say("bind_tote", slot.slot, Colour(slot.colour))
        task = self.current_task()
        if self.state == DONE or task is None:
            return say("batch_done")
        if self.state == LOCATION:
            return say("go_to_location", task.location_code)
        return say("pick_item", task.remaining, task.sku_name, task.tote_slot, Colour(task.tote_colour))

    # --- input -----------------------------------------------------------------------------------------------
    def _report(self, outcome: Outcome) -> Outcome:
        self.feedback.emit(outcome)
        self.changed.emit()
        return outcome

    def _apply(self, name: str, args: dict[str, object]) -> dict[str, object]:
        return apply_op(self.db, name, args, clock=self.clock).result

    def handle(self, scan: TypedScan) -> Outcome:
        """One scan from the picker; the outcome says what happened in one sentence."""
        if isinstance(scan, Unknown):
            return self._report(Outcome.bad(scan_refused(scan) if scan.message
                                            else say("not_a_barcode", repr(scan.raw))))
        if isinstance(scan, CommandScan) and scan.command.upper() == "SHORT":
            return self._report(Outcome.note(say("short_choose_reason")))
        if self.state == BIND:
            return self._bind(scan)
        if self.state in (IDLE, DONE):
            return self._report(Outcome.bad(say("no_task_open")))
        stopped = self._check_cancelled()
        if stopped:
            return stopped
        task = self.current_task()
        assert task
        if self.state == LOCATION:
            if isinstance(scan, LocationScan):
                if scan.code != task.location_code:
                    return self._report(Outcome.bad(say("wrong_location_go", scan.code, task.location_code)))
                self.state = ITEM
                self.item_verified = False
                return self._report(Outcome.good(self.prompt_say()))
            if isinstance(scan, ItemScan):
                return self._report(Outcome.bad(say("scan_location_first", task.location_code)))
        elif isinstance(scan, ItemScan):
            return self._item(task, scan)
        elif isinstance(scan, LocationScan):
            if scan.code == task.location_code:
                return self._report(Outcome.note(self.prompt_say()))
            return self._report(Outcome.bad(say("wrong_location_pick", scan.code, task.location_code)))
        return self._report(Outcome.bad(say("scan_not_used"), self.prompt_say()))

    def _bind(self, scan: TypedScan) -> Outcome:
        slot = self.unbound_slot()
        assert slot and self.batch_id
        if not isinstance(scan, ToteScan):
            return self._report(Outcome.bad(say("scan_tote_first"), self.prompt_say()))
        try:
            self._apply("ToteBound", {"batch_id": self.batch_id, "order_id": slot.order_id, "tote_code": scan.code})
        except OpRejected as exc:
            return self._report(Outcome.bad(op_rejected(exc)))
        self._reload()
        return self._report(Outcome.good(say("tote_bound", scan.code, slot.slot, Colour(slot.colour)),
                                         self.prompt_say()))

    def _item(self, task: TaskView, scan: ItemScan) -> Outcome:
        if scan.sku_code != task.sku_code:
            return self._report(Outcome.bad(
                say("wrong_item", scan.sku_code or scan.raw, task.sku_name, task.sku_code)))
        units = max(1, scan.units)
        if units > task.remaining:
            return self._report(Outcome.bad(say("too_many", task.remaining, task.sku_name)))
        self.item_verified = True
        return self._confirm(task, units)

    def type_quantity(self, total: int) -> Outcome:
        """The picker typed how many units of the current task are in the tote in all."""
        task = self.current_task()
        if self.state != ITEM or task is None:
            return self._report(Outcome.bad(say("nothing_to_count")))
        stopped = self._check_cancelled()
        if stopped:
            return stopped
        if not self.item_verified:
            return self._report(Outcome.bad(say("scan_before_typing")))
        if not task.picked_qty <= total <= task.qty:
            return self._report(Outcome.bad(say("type_quantity_range", task.picked_qty, task.qty)))
        if total == task.picked_qty:
            return self._report(Outcome.note(self.prompt_say()))
        return self._confirm(task, total - task.picked_qty)

    def _confirm(self, task: TaskView, units: int) -> Outcome:
        self._apply("PickConfirmed", {"task_id": task.task_id, "qty": units, "picker_id": self.user.id})
        self._reload()
        if task.remaining - units > 0:
            return self._report(Outcome.good(say("picked_count", task.picked_qty + units, task.qty),
                                             self.prompt_say()))
        self.last_done = task
        return self._next(say("task_done", task.qty, task.sku_name, task.tote_slot))

    def short(self, reason: str) -> Outcome:
        """The rest of the current task is not there: empty, damaged or not found."""
        task = self.current_task()
        if self.state not in (LOCATION, ITEM) or task is None or not self.batch_id:
            return self._report(Outcome.bad(say("no_task_to_short")))
        if reason not in SHORT_REASONS:
            return self._report(Outcome.bad(say("choose_reason")))
        stopped = self._check_cancelled()
        if stopped:
            return stopped
        follow = self._follow_up(task)
        self._apply("PickShorted", {"task_id": task.task_id, "reason": reason, "picker_id": self.user.id,
                                             "follow_up": follow})
        self.last_done = task
        self._reload()
        where = say("follow_up_added", follow["location_code"]) if follow else say("no_stock_elsewhere")
        return self._next(say("short_recorded", task.sku_name), where, ok=False)

    def _follow_up(self, task: TaskView) -> dict[str, object] | None:
        """Another location with free stock of the SKU for the missing units, in the picker's zones (a
        picker without zones works in all of them): a cart is not sent into another picker's zone."""
        zones = self.user.zones
        rows = self.db.execute(
            "SELECT i.location_code, l.zone, i.qty - coalesce((SELECT sum(t.qty - t.picked_qty) FROM pick_tasks t"
            "   WHERE t.status = 'open' AND t.sku_code = i.sku_code AND t.location_code = i.location_code), 0)"
            " FROM inventory i JOIN locations l ON l.code = i.location_code"
            " WHERE i.sku_code = ? AND i.location_code != ? AND i.qty > 0 AND l.active = 1",
            (task.sku_code, task.location_code)).fetchall()
        usable = [(code, zone, free) for code, zone, free in rows if free > 0 and (not zones or zone in zones)]
        if not usable:
            return None
        usable.sort(key=lambda r: (-r[2], r[0]))
        code, _, free = usable[0]
        return {"task_id": new_id(), "location_code": code, "qty": min(task.remaining, free)}

    def _next(self, *done: Say, ok: bool = True) -> Outcome:
        self.item_verified = False
        if self.current_task() is None:
            return self._finish(*done)
        self.state = LOCATION if self.scan_location else ITEM
        parts = (*done, self.prompt_say())
        return self._report(Outcome.good(*parts) if ok else Outcome.note(*parts))

    def _finish(self, *done: Say) -> Outcome:
        assert self.batch_id
        self._apply("BatchFinished", {"batch_id": self.batch_id})
        self.state = DONE
        outcome = self._report(Outcome.good(*done, say("batch_done")))
        self.finished.emit()
        return outcome

    def _check_cancelled(self) -> Outcome | None:
        """Stop the tasks of orders cancelled since the batch started (pulled from the backend)."""
        assert self.batch_id
        cancelled = [s for s in self.slots if s.order_status != "cancelled"]
        fresh = {oid: status for oid, status in self.db.execute(
            "SELECT o.id, o.status FROM pick_batch_orders b JOIN orders o ON o.id = b.order_id WHERE b.batch_id = ?",
            (self.batch_id,)).fetchall()}
        stopped = [s for s in cancelled if fresh.get(s.order_id) == "cancelled"
                   and any(t.order_id == s.order_id and t.status == "open" for t in self.tasks)]
        if not stopped:
            return None
        for slot in stopped:
            self._apply("PickOrderCancelled", {"batch_id": self.batch_id, "order_id": slot.order_id})
        self._reload()
        told = [say("order_cancelled", s.order_ref, s.slot, Colour(s.colour)) for s in stopped]
        if self.current_task() is None:
            return self._finish(*told)
        self.state = LOCATION if self.scan_location else ITEM
        self.item_verified = False
        return self._report(Outcome.bad(*told, self.prompt_say()))

    def refresh(self) -> Outcome | None:
        """Re-read the batch (a timer or a pull calls this): reports a cancellation as soon as it is seen."""
        if self.batch_id is None or self.state in (IDLE, DONE):
            return None
        if self.state == BIND:
            self._reload()
            return None
        return self._check_cancelled()


def countdown(seconds: float | None) -> str:
    """'1:05 h', '12 min', 'LATE 7 min' for a ship-by countdown."""
    if seconds is None:
        return ""
    late = seconds < 0
    minutes = int(abs(seconds) // 60)
    text = f"{minutes // 60}:{minutes % 60:02d} h" if minutes >= 60 else f"{minutes} min"
    return f"LATE {text}" if late else text

