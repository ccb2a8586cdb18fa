"""The handover page at the station: scan each package onto the carrier's vehicle.

The first package scanned sets the carrier being loaded (shown large); a package of another
carrier, an unknown one or one already handed over is refused in one sentence and nothing changes.
F10 starts the next vehicle. A package whose label never printed is held until a supervisor scans
their badge here (the page claims badges while one is held). Writes run on the database worker."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from terminal.errors import HandoffError
from terminal.packing.handover import Handover
from terminal.people.badges import UnknownBadge, User, user_for_badge
from terminal.scanning.types import BadgeScan, ParcelScan, TypedScan, Unknown
from terminal.sentences import Outcome, failure, say
from ui.context import AppContext
from ui.packing.messages import outcome_text
from ui.packing.widgets import big_label, restyle
from ui.pages import Page


class HandoverPage(Page):
    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.handover = self._new()
        box = QVBoxLayout(self)
        self.prompt = big_label(20)
        self.carrier = big_label(44)
        self.carrier.setObjectName("carrier")
        self.count = big_label(24)
        self.message = big_label(16, bold=False)
        self.loaded = QListWidget()
        self.loaded.setStyleSheet("font-size: 18pt;")
        for widget in (self.prompt, self.carrier, self.count, self.message):
            box.addWidget(widget)
        box.addWidget(self.loaded, 1)
        QShortcut(QKeySequence("F10"), self, activated=self.next_vehicle)
        self.waiting = 0
        self.last: Outcome | None = None
        self._render()

    def _new(self) -> Handover:
        return Handover(self.ctx.db, user_id=self.user.id if self.user else None, clock=self.ctx.clock)

    def on_shown(self) -> None:
        handover = self.handover
        self.ctx.tasks.run(handover.waiting, self._set_waiting, None, owner=self, description="handover count")

    def _set_waiting(self, waiting: int) -> None:
        self.waiting = waiting
        self._render()

    def next_vehicle(self) -> None:
        self.handover = self._new()
        self.loaded.clear()
        self.last = Outcome.note(say("handover_next_vehicle"))
        self.on_shown()
        self._render()

    def claims_badge(self, scan: TypedScan) -> bool:
        return self.handover.held is not None

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, BadgeScan):
            return self._supervisor_badge(scan.badge or scan.raw) if self.handover.held is not None else False
        if isinstance(scan, Unknown) and scan.raw.strip():
            code = scan.raw.strip()          # an SSCC or tracking number the classifier did not know
        elif isinstance(scan, ParcelScan):
            code = scan.sscc or scan.tracking_number
        else:
            return False
        handover = self.handover

        def work() -> tuple[Outcome, int]:
            outcome = handover.scan(code)
            return outcome, handover.waiting()

        def failed(exc: BaseException) -> None:
            self._done((Outcome.bad(failure(exc) if isinstance(exc, HandoffError) else say("failed", repr(exc))),
                        self.waiting))

        self.run_task(work, self._done, failed, "handover")
        return True

    def _supervisor_badge(self, badge: str) -> bool:
        handover, db = self.handover, self.ctx.db

        def work() -> tuple[Outcome, int]:
            try:
                supervisor = user_for_badge(db, badge)
            except UnknownBadge:
                return Outcome.bad(say("pack_badge_unknown", repr(badge.strip()))), handover.waiting()
            return handover.accept(supervisor), handover.waiting()

        self.run_task(work, self._done, lambda exc: self._done((Outcome.bad(say("failed", repr(exc))), self.waiting)),
                      "handover")
        return True

    def _done(self, result: tuple[Outcome, int]) -> None:
        outcome, self.waiting = result
        self.last = outcome
        feedback = self.ctx.feedback
        if feedback is not None:
            (feedback.ok if outcome.ok else feedback.error)(outcome_text(outcome))
        if outcome.ok and self.handover.loaded:
            package = self.handover.loaded[-1]
            self.loaded.insertItem(0, f"{package.tracking_number}   {package.order_ref}")
        self._render()

    def retranslate(self) -> None:
        self._render()

    def _render(self) -> None:
        carrier = self.handover.carrier_code
        self.prompt.setText(self.tr("Scan each package as it goes onto the vehicle. F10: next vehicle."))
        self.carrier.setText(carrier or self.tr("Vehicle: scan the first package"))
        self.count.setText(self.tr("%1 loaded · %2 still to load").replace("%1", str(len(self.handover.loaded)))
                           .replace("%2", str(self.waiting)))
        self.message.setText(outcome_text(self.last) if self.last else "")
        self.message.setVisible(self.ctx.feedback is None)   # in a window the banner says it, once
        restyle(self.message, "color: white; background: #c62828; padding: 8px;"
                                   if self.last and not self.last.ok else "")
