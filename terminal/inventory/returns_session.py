"""The returns desk, one parcel at a time, driven by scans and number keys (no Qt: the station page
ui/returns/pages.py and the tests drive it alike).

IDLE → a scan finds the order (the parcel's tracking number or SSCC, the order's ref or external id, or a
return code `RMA-<ref>`) → `ReturnReceived` (or the order's return left half graded, resumed) → ITEMS.
Each item scanned is matched to a line of the order with units left to grade; one that is not in the
order (or more of it than was ordered) is flagged and graded all the same → GRADE: 1 restock ·
2 quarantine · 3 dispose → for quarantine and disposal a reason (REASON: 1–4) → for restock and
quarantine the location, suggested and confirmed by scanning it (LOCATION) → `ReturnItemGraded` →
ITEMS. F10 (`complete`) → `ReturnCompleted` → IDLE.

Suggested locations: a restock goes to the SKU's pick face — where it was last picked from — or else
where it is stocked (most units first); a quarantine to the site's first location in zone QUARANTINE."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.clock import Clock, SystemClock
from terminal.errors import OpRejected
from terminal.ids import new_id
from terminal.inventory.returns_messages import REASONS  # importing it registers the sentences
from terminal.inventory.returns_ops import QUARANTINE_ZONE
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.scanning.types import BadgeScan, CommandScan, ItemScan, LocationScan, OrderScan, ParcelScan, TypedScan
from terminal.sentences import Outcome, Say, op_rejected, say

IDLE, ITEMS, GRADE, REASON, LOCATION = "idle", "items", "grade", "reason", "location"
GRADE_KEYS = {1: "restock", 2: "quarantine", 3: "dispose"}


@dataclass(frozen=True)
class Line:
    line_id: str
    sku_code: str
    name: str
    ordered: int
    graded: int       # in every return of the order so far


@dataclass
class Item:
    sku_code: str
    units: int
    line_id: str | None        # None: not in the order
    grade: str = ""
    reason: str | None = None
    suggested: str | None = None


def find_order(db: sqlite_utils.Database, scan: TypedScan) -> str | None:
    """The order a returned parcel belongs to, from whatever was scanned on or with it."""
    if isinstance(scan, OrderScan) and scan.order_id:
        return scan.order_id
    texts = [t for t in ((scan.tracking_number, scan.sscc) if isinstance(scan, ParcelScan) else ()) if t]
    raw = scan.raw.strip()
    texts.append(raw)
    if raw.upper().startswith("RMA"):       # the shop's return code: RMA-<order ref>
        texts.append(raw[3:].lstrip("-: "))
    for text in texts:
        row = db.execute("SELECT order_id FROM packages WHERE tracking_number = ? OR sscc = ?", (text, text)).fetchone()
        row = row or db.execute("SELECT id FROM orders WHERE ref = ? OR external_id = ? OR id = ?",
                                (text, text, text)).fetchone()
        if row:
            return str(row[0])
    return None


def suggest_restock(db: sqlite_utils.Database, sku: str) -> str | None:
    row = db.execute(
        "SELECT m.location_code FROM stock_movements m JOIN locations l ON l.code = m.location_code"
        " WHERE m.sku_code = ? AND m.kind = 'pick' AND l.active = 1 AND l.zone != ? ORDER BY m.at DESC LIMIT 1",
        (sku, QUARANTINE_ZONE)).fetchone()
    row = row or db.execute(
        "SELECT i.location_code FROM inventory i JOIN locations l ON l.code = i.location_code"
        " WHERE i.sku_code = ? AND l.active = 1 AND l.zone != ? ORDER BY i.qty DESC, i.location_code LIMIT 1",
        (sku, QUARANTINE_ZONE)).fetchone()
    return str(row[0]) if row else None


def quarantine_location(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT code FROM locations WHERE zone = ? AND active = 1 ORDER BY code LIMIT 1",
                     (QUARANTINE_ZONE,)).fetchone()
    return str(row[0]) if row else None


def order_lines(db: sqlite_utils.Database, order_id: str) -> list[Line]:
    return [Line(*r) for r in db.execute(
        "SELECT l.id, l.sku_code, coalesce(s.name, l.sku_code), l.qty,"
        " (SELECT coalesce(sum(i.qty), 0) FROM return_items i WHERE i.line_id = l.id)"
        " FROM order_lines l LEFT JOIN skus s ON s.code = l.sku_code WHERE l.order_id = ? ORDER BY l.line_no",
        (order_id,)).fetchall()]


@dataclass(frozen=True)
class ReturnView:
    """What the screen shows, taken on the worker (the page never reads the session itself)."""

    state: str
    prompt: Say
    order_ref: str
    lines: tuple[Line, ...]
    item: Item | None
    graded_here: int


class ReturnSession:
    def __init__(self, db: sqlite_utils.Database, user: User, *, clock: Clock | None = None) -> None:
        self.db, self.user, self.clock = db, user, clock or SystemClock()
        self._reset()

    def _reset(self) -> None:
        """Ready for the next parcel."""
        self.state = IDLE
        self.return_id: str | None = None
        self.order_id: str | None = None
        self.order_ref = ""
        self.item: Item | None = None
        self.counts: dict[str, int] = {"restock": 0, "quarantine": 0, "dispose": 0}

    # --- what the screen shows ----------------------------------------------------------------------
    def prompt(self) -> Say:
        item = self.item
        if self.state == IDLE:
            return say("ret_scan_parcel")
        if self.state == ITEMS or item is None:
            return say("ret_scan_item", self.order_ref, sum(self.counts.values()))
        if self.state == GRADE:
            return (say("ret_grade", item.sku_code, self._name(item.sku_code)) if item.line_id
                    else say("ret_grade_not_in_order", item.sku_code, self.order_ref))
        if self.state == REASON:
            return say("ret_reason", item.sku_code)
        return (say("ret_put_at", item.sku_code, item.suggested) if item.suggested
                else say("ret_scan_location", item.sku_code))

    def view(self) -> ReturnView:
        lines = tuple(order_lines(self.db, self.order_id)) if self.order_id else ()
        item = Item(**vars(self.item)) if self.item else None
        return ReturnView(self.state, self.prompt(), self.order_ref, lines, item, sum(self.counts.values()))

    def _name(self, sku: str) -> str:
        row = self.db.execute("SELECT name FROM skus WHERE code = ?", (sku,)).fetchone()
        return str(row[0]) if row else sku

    # --- scans and keys -----------------------------------------------------------------------------
    def handle(self, scan: TypedScan) -> Outcome:
        if isinstance(scan, BadgeScan | CommandScan):
            return Outcome.note(self.prompt())
        if self.state == IDLE:
            return self._receive(scan)
        if self.state == ITEMS:
            if not isinstance(scan, ItemScan):
                return Outcome.bad(say("ret_scan_an_item"), self.prompt())
            return self._item(scan)
        if self.state == LOCATION:
            if not isinstance(scan, LocationScan):
                return Outcome.bad(say("ret_scan_a_location"), self.prompt())
            return self._place(scan.code)
        assert self.item is not None
        return Outcome.bad(say("ret_choose_first", self.item.sku_code), self.prompt())

    def choose(self, key: int) -> Outcome:
        """A number key: the grade (GRADE) or the reason (REASON)."""
        item = self.item
        if item is None or self.state not in (GRADE, REASON):
            return Outcome.bad(self.prompt())
        if self.state == GRADE:
            if key not in GRADE_KEYS:
                return Outcome.bad(self.prompt())
            item.grade = GRADE_KEYS[key]
            if item.grade == "restock":
                return self._ask_location(suggest_restock(self.db, item.sku_code))
            self.state = REASON
            return Outcome.note(self.prompt())
        if not 1 <= key <= len(REASONS):
            return Outcome.bad(self.prompt())
        item.reason = REASONS[key - 1]
        if item.grade == "dispose":
            return self._grade(None)
        found = quarantine_location(self.db)
        if found is None:
            return Outcome.bad(say("ret_no_quarantine"), self.prompt())
        return self._ask_location(found)

    def put_aside(self) -> Outcome:
        """Esc: the item being graded goes back on the desk, nothing written."""
        if self.item is None:
            return Outcome.note(self.prompt())
        self.item, self.state = None, ITEMS
        return Outcome.note(say("ret_item_dropped"), self.prompt())

    def complete(self) -> Outcome:
        """F10: the parcel is empty; the return is graded and the shop told."""
        if self.return_id is None:
            return Outcome.bad(say("ret_nothing_open"))
        if self.item is not None:
            return Outcome.bad(say("ret_finish_item", self.item.sku_code), self.prompt())
        try:
            apply_op(self.db, "ReturnCompleted", {"return_id": self.return_id, "user_id": self.user.id},
                     clock=self.clock)
        except OpRejected as exc:
            return Outcome.bad(op_rejected(exc))
        done = say("ret_completed", self.order_ref, self.counts["restock"], self.counts["quarantine"],
                   self.counts["dispose"])
        self._reset()
        return Outcome.good(done, self.prompt())

    # --- steps ---------------------------------------------------------------------------------------
    def _receive(self, scan: TypedScan) -> Outcome:
        order_id = find_order(self.db, scan)
        if order_id is None:
            return Outcome.bad(say("ret_order_unknown", scan.raw[:40]))
        open_one = self.db.execute("SELECT r.id, o.ref FROM returns r JOIN orders o ON o.id = r.order_id"
                                   " WHERE r.order_id = ? AND r.status = 'received' ORDER BY r.received_at DESC"
                                   " LIMIT 1", (order_id,)).fetchone()
        if open_one:     # its return was left half graded (a break, a logout): carry on with it
            self.return_id, self.order_id, self.order_ref, self.state = open_one[0], order_id, str(open_one[1]), ITEMS
            return Outcome.good(say("ret_resumed", self.order_ref), self.prompt())
        return_id = new_id()
        try:
            applied = apply_op(self.db, "ReturnReceived", {"return_id": return_id, "order_id": order_id,
                                                           "scanned": scan.raw[:200], "user_id": self.user.id},
                               clock=self.clock)
        except OpRejected as exc:
            return Outcome.bad(op_rejected(exc))
        self.return_id, self.order_id, self.order_ref = return_id, order_id, str(applied.result["order_ref"])
        self.state = ITEMS
        return Outcome.good(say("ret_received", self.order_ref, applied.at[11:16]), self.prompt())

    def _item(self, scan: ItemScan) -> Outcome:
        assert self.order_id is not None
        sku, units = scan.sku_code, max(1, scan.units)
        line = next((ln for ln in order_lines(self.db, self.order_id)
                     if ln.sku_code == sku and ln.ordered - ln.graded >= units), None)
        self.item = Item(sku, units, line.line_id if line else None)
        self.state = GRADE
        if line is None:
            ordered = any(ln.sku_code == sku for ln in order_lines(self.db, self.order_id))
            flag = (say("ret_line_full", sku, self.order_ref) if ordered
                    else say("ret_not_in_order", sku, self.order_ref))
            return Outcome.bad(flag, self.prompt())
        return Outcome.note(self.prompt())

    def _ask_location(self, suggested: str | None) -> Outcome:
        assert self.item is not None
        self.item.suggested = suggested
        self.state = LOCATION
        return Outcome.note(self.prompt())

    def _place(self, code: str) -> Outcome:
        item = self.item
        assert item is not None
        zone = self.db.execute("SELECT zone FROM locations WHERE code = ?", (code,)).fetchone()
        quarantine = zone is not None and zone[0] == QUARANTINE_ZONE
        if item.grade == "quarantine" and not quarantine:
            return Outcome.bad(say("ret_not_quarantine", code, item.suggested or ""), self.prompt())
        if item.grade == "restock" and quarantine:
            return Outcome.bad(say("ret_is_quarantine", code), self.prompt())
        return self._grade(code)

    def _grade(self, location: str | None) -> Outcome:
        item = self.item
        assert item is not None and self.return_id is not None
        args = {"return_id": self.return_id, "sku_code": item.sku_code, "qty": item.units, "grade": item.grade,
                "line_id": item.line_id, "location_code": location, "reason": item.reason, "user_id": self.user.id}
        try:
            apply_op(self.db, "ReturnItemGraded", args, clock=self.clock)
        except OpRejected as exc:
            return Outcome.bad(op_rejected(exc), self.prompt())
        self.counts[item.grade] += item.units
        self.item, self.state = None, ITEMS
        done = {"restock": say("ret_restocked", item.units, item.sku_code, location or ""),
                "quarantine": say("ret_quarantined", item.units, item.sku_code, location or ""),
                "dispose": say("ret_disposed", item.units, item.sku_code)}[item.grade]
        return Outcome.good(done, self.prompt())
