"""A blind cycle count at the station, without Qt: scan the location, scan each unit (or the SKU and
type a quantity), Enter books it.

Blind: nothing this session returns before the count is booked names the book quantity or the size of
the difference — only that there is one. A difference above the threshold is counted again from zero
first (the recount); if it still differs it needs a reason code, and above the threshold a supervisor's
badge scanned there and then. Writes go through the CountBooked operation."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from terminal.clock import Clock
from terminal.inventory import count_messages  # noqa: F401 - registers the sentences
from terminal.inventory.counts import REASONS, SUPERVISOR_ABOVE_UNITS
from terminal.inventory.ledger import on_hand
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.sentences import Outcome, say

LOCATION, UNITS, REASON, SUPERVISOR = "location", "units", "reason", "supervisor"


@dataclass
class CountSession:
    db: sqlite_utils.Database
    user_id: str
    clock: Clock | None = None
    supervisor_above: int = SUPERVISOR_ABOVE_UNITS
    state: str = LOCATION
    location: str = ""
    sku: str = ""
    counted: int = 0
    recounted: bool = False
    reason: str | None = None
    last_reason: str = ""                                # the reason of the count just booked
    booked: list[str] = field(default_factory=list)     # count ids booked in this session

    def prompt(self) -> Outcome:
        if self.state == LOCATION:
            return Outcome.note(say("count_scan_location"))
        if self.state == UNITS:
            return Outcome.note(say("count_scan_units", self.location))
        if self.state == REASON:
            return Outcome.note(say("count_choose_reason"))
        return Outcome.note(say("count_supervisor"))

    def open_tasks(self) -> list[tuple[str, str, str]]:
        """(task id, location, SKU) of the open count tasks, oldest first — what to count next."""
        return [tuple(r) for r in self.db.execute(
            "SELECT id, location_code, sku_code FROM count_tasks WHERE status = 'open' ORDER BY created_at, id"
            " LIMIT 200").fetchall()]

    def scan_location(self, code: str) -> Outcome:
        if self.state in (REASON, SUPERVISOR) or (self.state == UNITS and self.sku):
            return Outcome.bad(say("count_one_sku", self.sku or self.location))
        if self.db.execute("SELECT 1 FROM locations WHERE code = ?", (code,)).fetchone() is None:
            return Outcome.bad(say("count_location_unknown", code))
        self._reset()
        self.location, self.state = code, UNITS
        return Outcome.good(say("count_scan_units", code))

    def scan_item(self, sku: str, units: int = 1) -> Outcome:
        if self.state == LOCATION:
            return Outcome.bad(say("count_scan_location_first"))
        if self.state != UNITS:
            return self.prompt()
        if self.sku and sku != self.sku:
            return Outcome.bad(say("count_one_sku", self.sku))
        self.sku = sku
        self.counted += units
        return Outcome.good(say("count_counted", sku, self.counted))

    def type_quantity(self, qty: int) -> Outcome:
        """The quantity of the scanned SKU typed instead of scanning each unit (it replaces the tally)."""
        if self.state != UNITS or not self.sku:
            return Outcome.bad(say("count_no_sku"))
        self.counted = max(0, int(qty))
        return Outcome.good(say("count_counted", self.sku, self.counted))

    def finish(self) -> Outcome:
        """Enter: book the count, or — when it differs — ask for a recount, a reason or a supervisor."""
        if self.state != UNITS:
            return self.prompt()
        if not self.sku:
            return Outcome.bad(say("count_no_sku"))
        difference = self.counted - on_hand(self.db, self.location, self.sku)
        if difference == 0:
            return self._book(None)
        if abs(difference) > self.supervisor_above and not self.recounted:
            self.recounted, self.counted = True, 0
            return Outcome.bad(say("count_recount", self.sku, self.location))
        self.state = REASON
        return Outcome.bad(say("count_choose_reason"))

    def recount(self) -> Outcome:
        """F10: count again from zero (offered at any difference, required before a big one is booked)."""
        if self.state not in (UNITS, REASON, SUPERVISOR) or not self.sku:
            return self.prompt()
        self.state, self.counted, self.recounted, self.reason = UNITS, 0, True, None
        return Outcome.note(say("count_recount", self.sku, self.location))

    def choose_reason(self, reason: str) -> Outcome:
        if self.state != REASON or reason not in REASONS:
            return self.prompt()
        self.reason = reason
        if abs(self.counted - on_hand(self.db, self.location, self.sku)) > self.supervisor_above:
            self.state = SUPERVISOR
            return Outcome.note(say("count_supervisor"))
        return self._book(None)

    def supervisor_badge(self, user: User) -> Outcome:
        if self.state != SUPERVISOR:
            return self.prompt()
        if not user.has_role("supervisor"):
            return Outcome.bad(say("count_not_supervisor", user.name))
        return self._book(user.id)

    def cancel(self) -> Outcome:
        self._reset()
        return Outcome.note(say("count_cancelled"))

    def _book(self, supervisor_id: str | None) -> Outcome:
        tasks = [r[0] for r in self.db.execute(
            "SELECT id FROM count_tasks WHERE status = 'open' AND location_code = ? AND sku_code = ? ORDER BY id",
            (self.location, self.sku)).fetchall()][:100]
        applied = apply_op(self.db, "CountBooked", {
            "location_code": self.location, "sku_code": self.sku, "counted": self.counted, "user_id": self.user_id,
            "task_ids": tasks, "reason": self.reason, "supervisor_id": supervisor_id,
            "supervisor_above": self.supervisor_above, "recounted": self.recounted}, clock=self.clock)
        self.booked.append(applied.result["count_id"])
        book, difference = applied.result["book"], applied.result["difference"]
        location, sku, counted = self.location, self.sku, self.counted
        self._reset()
        if difference == 0:
            return Outcome.good(say("count_booked_same", counted, sku, location))
        return Outcome.good(say("count_booked_diff", counted, sku, location, book, f"{difference:+d}",
                                self.last_reason))

    def _reset(self) -> None:
        self.last_reason = self.reason or ""
        self.state, self.location, self.sku, self.counted = LOCATION, "", "", 0
        self.recounted, self.reason = False, None
