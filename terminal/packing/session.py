"""The packer's flow at the pack station, as a plain state machine (no Qt): the UI shows it, scans drive it.

scan a tote or an order (IDLE) → scan every unit (VERIFY; wrong item / over-scan refused, nothing
counted) → the smallest fitting box is suggested, a scanned box barcode overrides it → weigh
(WEIGH: from the scale or typed) → within expected ± tolerance the package is closed, a tracking
number and an SSCC are assigned and the label is requested through the injected `print_label`
(given the package id; the spool queues it) → IDLE for the next order. Out of tolerance (MISMATCH)
a weight mismatch is recorded and the packer either recounts (back to VERIFY from zero), weighs
again, or a supervisor scans their badge to accept the weight.

Every change goes through a named operation; `changed` fires after each, `feedback` reports each
scan's outcome, `package_closed` fires with the new package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from terminal.clock import Clock, SystemClock
from terminal.config import Settings
from terminal.errors import HandoffError, OpRejected
from terminal.events import Event
from terminal.ids import new_id
from terminal.ops import apply_op
from terminal.packing import verify
from terminal.packing.cartonize import Box, active_boxes, check_fit, suggest_box
from terminal.packing.numbers import next_sscc, next_tracking
from terminal.packing.verify import LineToVerify
from terminal.packing.weighing import MAX_WEIGHT_G, WeightCheck, tolerance_g
from terminal.people.badges import UnknownBadge, User, user_for_badge
from terminal.scanning.types import (
    BadgeScan,
    BoxTypeScan,
    CommandScan,
    ItemScan,
    OrderScan,
    ToteScan,
    TypedScan,
    Unknown,
)
from terminal.sentences import Outcome, Say, op_rejected, say, scan_refused

IDLE, VERIFY, WEIGH, MISMATCH = "idle", "verify", "weigh", "mismatch"
LabelRequest = Callable[[str], None]

__all__ = ["IDLE", "MISMATCH", "VERIFY", "WEIGH", "NotAPacker", "OrderView", "Outcome", "PackSession",
           "PackageView"]


class NotAPacker(HandoffError):
    pass


@dataclass(frozen=True)
class OrderView:
    order_id: str
    ref: str
    service: str
    carrier_code: str
    delivery_method: str
    destination_locker: str | None
    recipient_name: str
    ship_by: str | None
    tote_code: str | None


@dataclass(frozen=True)
class PackageView:
    package_id: str
    order_ref: str
    tracking_number: str
    sscc: str
    box_code: str
    weight_g: int
    locker_size: str | None
    label_error: str = ""       # the label request failed (the package is closed all the same)


class PackSession:
    def __init__(self, db: sqlite_utils.Database, user: User, *, clock: Clock | None = None,
                 settings: Settings | None = None, print_label: LabelRequest | None = None) -> None:
        if not user.has_role("packer"):
            raise NotAPacker(f"{user.name} does not have the packer role; ask a supervisor to add it.")
        self.db = db
        self.user = user
        self.clock = clock or SystemClock()
        self.settings = settings or Settings()
        self.print_label = print_label
        self.fill = float(self.settings.get("packing.box_fill", 0.8))
        self.terminal_no = int(self.settings.get("packing.terminal_no", 0))
        self.changed: Event[[]] = Event()
        self.feedback: Event[[Outcome]] = Event()
        self.package_closed: Event[[PackageView]] = Event()
        self.state = IDLE
        self.order: OrderView | None = None
        self.lines: list[LineToVerify] = []
        self.box: Box | None = None
        self.box_overridden = False
        self.check: WeightCheck | None = None     # the last weighing (MISMATCH: the one out of tolerance)
        self.weight_source = ""
        self.last_package: PackageView | None = None
        self._boxes: list[Box] | None = None

    # --- views ---------------------------------------------------------------------------------------------
    @property
    def boxes(self) -> list[Box]:
        if self._boxes is None:
            self._boxes = active_boxes(self.db)
        return self._boxes

    @property
    def order_id(self) -> str | None:
        return self.order.order_id if self.order else None

    def progress(self) -> tuple[int, int]:
        return verify.progress(self.lines)

    def expected_weight_g(self) -> int | None:
        if self.box is None or not self.lines:
            return None
        return self.box.tare_g + sum(line.weight_g * line.qty for line in self.lines)

    def tolerance(self) -> int | None:
        expected = self.expected_weight_g()
        return None if expected is None else tolerance_g(expected, self.settings)

    def locker_size(self) -> str | None:
        if self.order is None or self.order.delivery_method != "locker" or self.box is None:
            return None
        return self.box.locker_size

    def prompt(self) -> str:
        """What to do next, in English (CLI, logs)."""
        return self.prompt_say().text

    def prompt_say(self) -> Say:
        if self.state == IDLE or self.order is None:
            return say("pack_scan_tote")
        if self.state == VERIFY:
            return say("pack_scan_every_unit", *self.progress())
        box = self.box.code if self.box else "?"
        if self.state == WEIGH:
            return say("pack_into_box", box)
        assert self.check
        return say("pack_weight_mismatch", self.check.weight_g, self.check.expected_g, self.check.tolerance_g)

    # --- input -----------------------------------------------------------------------------------------------
    def _report(self, outcome: Outcome) -> Outcome:
        self.feedback.emit(outcome)
        self.changed.emit()
        return outcome

    def _apply(self, name: str, args: dict[str, object]) -> dict[str, object]:
        return apply_op(self.db, name, args, clock=self.clock).result

    def handle(self, scan: TypedScan) -> Outcome:
        """One scan from the packer; the outcome says what happened in one sentence."""
        if isinstance(scan, Unknown):
            return self._report(Outcome.bad(scan_refused(scan)))
        if isinstance(scan, ToteScan | OrderScan):
            return self._start(scan)
        if isinstance(scan, CommandScan):
            command = scan.command.upper()
            if command == "RECOUNT":
                return self.recount()
            if command == "CANCEL":
                return self.put_aside()
            return self._report(Outcome.bad(say("pack_command_unused", command)))
        if self.state == IDLE or self.order is None:
            return self._report(Outcome.bad(say("pack_scan_tote_first")))
        if isinstance(scan, ItemScan):
            return self._item(scan)
        if isinstance(scan, BoxTypeScan):
            return self._override_box(scan.box_code)
        if isinstance(scan, BadgeScan) and self.state == MISMATCH:
            try:
                supervisor = user_for_badge(self.db, scan.badge or scan.raw)
            except UnknownBadge:
                return self._report(Outcome.bad(say("pack_badge_unknown", repr((scan.badge or scan.raw).strip()))))
            return self.supervisor_accepts(supervisor)
        return self._report(Outcome.bad(say("pack_scan_not_used"), self.prompt_say()))

    def _start(self, scan: ToteScan | OrderScan) -> Outcome:
        if isinstance(scan, ToteScan):
            row = self.db.execute("SELECT order_id FROM totes WHERE code = ?", (scan.code,)).fetchone()
            if row is None or row[0] is None:
                return self._report(Outcome.bad(say("pack_tote_empty", scan.code)))
            order_id, tote = str(row[0]), scan.code
        else:
            order_id, tote = scan.order_id, None
        if self.order is not None and self.state != IDLE:
            if order_id == self.order.order_id:
                return self._report(Outcome.note(self.prompt_say()))
            return self._report(Outcome.bad(say("pack_finish_first", self.order.ref)))
        row = self.db.execute(
            "SELECT o.id, o.ref, o.service, o.carrier_code, o.delivery_method, o.destination_locker,"
            " o.recipient_name, o.ship_by, o.status, (SELECT code FROM totes WHERE order_id = o.id LIMIT 1)"
            " FROM orders o WHERE o.id = ?", (order_id,)).fetchone()
        if row is None:
            return self._report(Outcome.bad(say("pack_order_unknown")))
        status, tote_code = row[8], row[9]
        ref = row[1]
        if status in ("open", "picking", "packed", "handed_over", "cancelled"):
            return self._report(Outcome.bad(say(f"pack_order_{status}", ref)))
        try:
            self._apply("PackingStarted", {"order_id": order_id, "packer_id": self.user.id, "tote_code": tote})
        except OpRejected as exc:
            return self._report(Outcome.bad(op_rejected(exc)))
        self.order = OrderView(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], tote or tote_code)
        self.box, self.box_overridden, self.check, self.weight_source = None, False, None, ""
        self._reload()
        if not self.lines:
            self.order, self.state = None, IDLE
            return self._report(Outcome.bad(say("pack_nothing_to_pack", ref)))
        return self._report(Outcome.good(say("pack_order_started", ref), self.prompt_say()))

    def _reload(self) -> None:
        assert self.order
        self.lines = verify.lines_to_verify(self.db, self.order.order_id)
        if self.box is None or not self.box_overridden:
            self.box = self._suggest()         # shown while counting, so the packer fetches the box early
        if not verify.all_verified(self.lines):
            self.state = VERIFY
            return
        if self.state in (IDLE, VERIFY):
            self.state = WEIGH

    def _suggest(self) -> Box | None:
        items = verify.items_of(self.lines)
        boxes = self.boxes
        if self.order is not None and self.order.delivery_method == "locker":
            # a box that fits no compartment cannot go to a locker: try the locker sizes first
            fitting = suggest_box([b for b in boxes if b.locker_size], items, self.fill)
            if fitting is not None:
                return fitting
        return suggest_box(boxes, items, self.fill)

    def _item(self, scan: ItemScan) -> Outcome:
        assert self.order
        if self.state != VERIFY:
            return self._report(Outcome.bad(say("pack_all_counted_already")))
        checked = verify.check_scan(self.lines, scan)
        if not checked.ok or checked.line is None:
            assert checked.refusal is not None
            return self._report(Outcome.bad(checked.refusal))
        line = checked.line
        self._apply("UnitPacked", {"order_id": self.order.order_id, "line_id": line.line_id,
                                   "sku_code": line.sku_code, "units": checked.units, "packer_id": self.user.id})
        self._reload()
        if self.state == VERIFY:
            done, total = self.progress()
            return self._report(Outcome.good(say("pack_counted", line.sku_name, line.verified + checked.units,
                                                 line.qty, done, total)))
        if self.box is None:
            return self._report(Outcome.good(say("pack_counted_no_box")))
        return self._report(Outcome.good(say("pack_counted_use_box", self.box.code, self.box.name)))

    def _override_box(self, code: str) -> Outcome:
        box = next((b for b in self.boxes if b.code == code), None)
        if box is None:
            return self._report(Outcome.bad(say("pack_box_unknown", code)))
        if self.state == MISMATCH:
            return self._report(Outcome.bad(say("pack_resolve_weight")))
        fit = check_fit(box, verify.items_of(self.lines), self.fill)
        if fit.hard and fit.say:
            return self._report(Outcome.bad(fit.say, say("pack_box_keep", self.box.code if self.box else "—")))
        self.box, self.box_overridden = box, True
        if fit.say:
            return self._report(Outcome.good(say("pack_box_chosen", box.code, box.name), fit.say))
        return self._report(Outcome.good(say("pack_box_chosen", box.code, box.name)))

    def weigh(self, grams: int, source: str = "typed") -> Outcome:
        """A weight for the packed box: from the scale (a stable reading) or typed by the packer."""
        if self.state not in (WEIGH, MISMATCH) or self.order is None:
            return self._report(Outcome.bad(say("pack_count_first" if self.state == VERIFY
                                                else "pack_nothing_to_weigh")))
        if not 0 < grams <= MAX_WEIGHT_G:
            return self._report(Outcome.bad(say("pack_weight_range", MAX_WEIGHT_G)))
        if self.box is None:
            return self._report(Outcome.bad(say("pack_scan_box_first")))
        if self.order.delivery_method == "locker" and self.box.locker_size is None:
            return self._report(Outcome.bad(say("pack_box_no_locker", self.order.ref, self.box.code)))
        expected = self.expected_weight_g()
        assert expected is not None
        self.check = WeightCheck(int(grams), expected, tolerance_g(expected, self.settings))
        self.weight_source = source
        if self.check.ok:
            return self._close(None)
        self._apply("WeightMismatchRecorded", {
            "order_id": self.order.order_id, "packer_id": self.user.id, "box_type": self.box.code,
            "weight_g": self.check.weight_g, "expected_weight_g": expected, "tolerance_g": self.check.tolerance_g,
            "weight_source": source})
        self.state = MISMATCH
        return self._report(Outcome.bad(self.prompt_say()))

    def recount(self) -> Outcome:
        """Count every unit again from zero (after a weight mismatch, or whenever the packer doubts the count)."""
        if self.order is None or self.state == IDLE:
            return self._report(Outcome.bad(say("pack_no_order_to_recount")))
        self._apply("PackingRecounted", {"order_id": self.order.order_id, "packer_id": self.user.id})
        self.check = None
        self.state = VERIFY
        self._reload()
        return self._report(Outcome.note(say("pack_recount"), self.prompt_say()))

    def supervisor_accepts(self, supervisor: User) -> Outcome:
        """A supervisor accepts the weight that did not match; the package closes with their name on it."""
        if self.state != MISMATCH:
            return self._report(Outcome.bad(say("pack_no_weight_to_accept")))
        if not supervisor.has_role("supervisor"):
            return self._report(Outcome.bad(say("pack_not_a_supervisor", supervisor.name)))
        return self._close(supervisor)

    def put_aside(self) -> Outcome:
        """Leave the order (its counted units stay counted; scanning the tote again resumes it)."""
        if self.order is None:
            return self._report(Outcome.bad(say("pack_no_order_to_put_aside")))
        ref = self.order.ref
        self.order, self.lines, self.box, self.check, self.state = None, [], None, None, IDLE
        return self._report(Outcome.note(say("pack_put_aside", ref)))

    def _close(self, supervisor: User | None) -> Outcome:
        assert self.order and self.box and self.check
        carrier = self.db.execute("SELECT tracking_prefix, gs1_company_prefix FROM carriers WHERE code = ?",
                                  (self.order.carrier_code,)).fetchone()
        prefix, company = (carrier[0], carrier[1]) if carrier else ("", "590000000")
        package_id = new_id()
        try:
            tracking = next_tracking(self.db, prefix, self.terminal_no)
            sscc = next_sscc(self.db, company, self.terminal_no, int(self.settings.get("packing.sscc_extension", 0)))
            self._apply("PackageClosed", {
                "package_id": package_id, "order_id": self.order.order_id, "box_type": self.box.code,
                "tracking_number": tracking, "sscc": sscc, "weight_g": self.check.weight_g,
                "weight_source": self.weight_source, "expected_weight_g": self.check.expected_g,
                "locker_size": self.locker_size(), "packer_id": self.user.id,
                "override_by": supervisor.id if supervisor else None})
        except OpRejected as exc:
            return self._report(Outcome.bad(op_rejected(exc)))
        except HandoffError as exc:
            return self._report(Outcome.bad(say("pack_cannot_close", exc)))
        label_error = ""
        if self.print_label is not None:
            try:
                self.print_label(package_id)
            except HandoffError as exc:        # the package is closed; the label is the spool's to retry
                label_error = str(exc)
        package = PackageView(package_id, self.order.ref, tracking, sscc, self.box.code, self.check.weight_g,
                              self.locker_size(), label_error)
        self.last_package = package
        self.order, self.lines, self.box, self.box_overridden, self.check = None, [], None, False, None
        self.state = IDLE
        self.package_closed.emit(package)
        packed = (say("pack_packed_accepted", supervisor.name, package.order_ref, package.weight_g, tracking)
                  if supervisor else say("pack_packed", package.order_ref, package.weight_g, tracking))
        if label_error:
            return self._report(Outcome.bad(packed, say("pack_label_not_queued", label_error), say("pack_scan_next")))
        return self._report(Outcome.good(packed, say("pack_scan_next")))
