"""The stocker's cycle count page and the stock card page at the station (issue 19 §3).

Count: scan the location, scan each unit (or the SKU, then type the quantity), Enter books it. Blind:
no widget shows the book quantity (or the size of a difference) before the count is booked — the page
only ever hears from `CountSession` that a count differs. A big difference is counted again first
(F10 recounts at any time); a difference needs a reason (type its number, Enter) and, above the
threshold (setting `counts.supervisor_above_units`), a supervisor's badge scanned here. Esc starts
again. The open count tasks (short picks, the ABC schedule) are listed by location and SKU only.

Stock card (supervisors: a stocker who saw the books could not count blind): scan a SKU (or type its
code, Enter): every movement, with the running balance per location; scan a location, type the change
and the reason's number: a supervisor's adjustment."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.errors import HandoffError
from terminal.inventory.count_session import REASON, SUPERVISOR, UNITS, CountSession
from terminal.inventory.counts import REASONS, SUPERVISOR_ABOVE_UNITS
from terminal.inventory.stock_card import CardLine, stock_card
from terminal.ops import apply_op
from terminal.people.badges import UnknownBadge, User, user_for_badge
from terminal.scanning.types import BadgeScan, ItemScan, LocationScan, TypedScan
from terminal.sentences import Outcome, failure, say
from ui.coded_text import said
from ui.context import AppContext
from ui.counts.messages import kind_names, outcome_text, reason_names
from ui.packing.widgets import big_label, restyle
from ui.pages import Page, PageSpec, register_page

View = tuple[Outcome, str, str, str, int, list[tuple[str, str, str]]]   # outcome, state, location, sku, counted, tasks


class CountPage(Page):
    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        above = int(ctx.settings.get("counts.supervisor_above_units", SUPERVISOR_ABOVE_UNITS))
        self.session = CountSession(ctx.db, user.id if user else "", clock=ctx.clock, supervisor_above=above)
        box = QVBoxLayout(self)
        self.prompt = big_label(20)
        self.location = big_label(48)
        self.sku = big_label(30)
        self.counted = big_label(40)
        self.message = big_label(16, bold=False)
        self.reasons = big_label(16, bold=False)
        self.typed = QLineEdit()
        self.typed.setStyleSheet("font-size: 16pt;")
        self.typed.returnPressed.connect(self._entered)
        self.tasks = QListWidget()
        self.tasks.setStyleSheet("font-size: 16pt;")
        self.tasks.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for widget in (self.prompt, self.location, self.sku, self.counted, self.message, self.reasons, self.typed):
            box.addWidget(widget)
        box.addWidget(self.tasks, 1)
        QShortcut(QKeySequence("F10"), self, activated=self.recount)
        QShortcut(QKeySequence("Esc"), self, activated=self.cancel)
        self.view: View = (self.session.prompt(), self.session.state, "", "", 0, [])
        self.last: Outcome | None = None
        self._render()

    # -- the worker does the session's work; the page renders what came back ----------------------
    def _run(self, step: Any, description: str) -> None:
        session = self.session

        def work() -> View:
            outcome = step()
            return (outcome, session.state, session.location, session.sku, session.counted, session.open_tasks())

        def failed(exc: BaseException) -> None:
            bad = Outcome.bad(failure(exc) if isinstance(exc, HandoffError) else say("failed", repr(exc)))
            self._done((bad, *self.view[1:]))  # type: ignore[arg-type]

        self.run_task(work, self._done, failed, description)

    def _done(self, view: View) -> None:
        self.view, self.last = view, view[0]
        feedback = self.ctx.feedback
        if feedback is not None:
            outcome = view[0]
            text = said(lambda: outcome_text(outcome))
            (feedback.error if not outcome.ok else feedback.ok if outcome.kind == "ok" else feedback.info)(text)
        self._render()

    def on_shown(self) -> None:
        self._run(self.session.prompt, "count tasks")
        self.typed.setFocus()

    def can_leave(self) -> bool:
        return not self.session.sku

    def claims_badge(self, scan: TypedScan) -> bool:
        return self.view[1] == SUPERVISOR

    def handle_scan(self, scan: TypedScan) -> bool:
        session = self.session
        if isinstance(scan, BadgeScan):
            if self.view[1] != SUPERVISOR:
                return False
            db, badge = self.ctx.db, scan.badge or scan.raw

            def approve() -> Outcome:
                try:
                    return session.supervisor_badge(user_for_badge(db, badge))
                except UnknownBadge:
                    return Outcome.bad(say("count_badge_unknown", badge.strip()))
            self._run(approve, "count supervisor")
        elif isinstance(scan, LocationScan):
            self._run(lambda: session.scan_location(scan.code), "count location")
        elif isinstance(scan, ItemScan):
            self._run(lambda: session.scan_item(scan.sku_code, scan.units), "count unit")
        else:       # an unknown barcode: the window says the scanner's own sentence
            return False
        return True

    def _entered(self) -> None:
        """Enter: a number typed in the units state is the quantity (then booked); in the reason state it
        picks the reason; an empty Enter books what was scanned."""
        text = self.typed.text().strip()
        self.typed.clear()
        session, state = self.session, self.view[1]
        if state == REASON:
            if text.isdigit() and 1 <= int(text) <= len(REASONS):
                reason = REASONS[int(text) - 1]
                self._run(lambda: session.choose_reason(reason), "count reason")
            return
        if state == UNITS and text.isdigit():
            qty = int(text)

            def typed_and_booked() -> Outcome:
                typed = session.type_quantity(qty)
                return session.finish() if typed.ok else typed
            self._run(typed_and_booked, "count quantity")
            return
        self._run(session.finish, "count finish")

    def recount(self) -> None:
        self._run(self.session.recount, "count again")

    def cancel(self) -> None:
        self._run(self.session.cancel, "count cancel")

    def retranslate(self) -> None:
        self._render()

    def _render(self) -> None:
        outcome, state, location, sku, counted, tasks = self.view
        self.prompt.setText(self.tr("Blind count: scan the location, then each unit (or the SKU and type the "
                                    "quantity). Enter books it · F10 count again · Esc start again."))
        self.location.setText(location or self.tr("Location: scan it"))
        self.sku.setText(sku)
        self.counted.setText(self.tr("Counted: %1").replace("%1", str(counted)) if sku else "")
        self.message.setText(outcome_text(self.last) if self.last else "")
        self.message.setVisible(self.ctx.feedback is None)   # in a window the banner says it, once
        restyle(self.message, "color: white; background: #c62828; padding: 8px;"
                if self.last and not self.last.ok else "")
        names = reason_names()
        self.reasons.setText("   ".join(f"{i}: {names[r]}" for i, r in enumerate(REASONS, 1))
                             if state == REASON else "")
        self.typed.setPlaceholderText(self.tr("reason number, Enter") if state == REASON
                                      else self.tr("quantity, Enter"))
        self.tasks.clear()
        for _task_id, task_location, task_sku in tasks:
            self.tasks.addItem(self.tr("Count %1 at %2").replace("%1", task_sku).replace("%2", task_location))


CARD_COLUMNS = (QT_TRANSLATE_NOOP("StockCardPage", "Time"), QT_TRANSLATE_NOOP("StockCardPage", "Kind"),
                QT_TRANSLATE_NOOP("StockCardPage", "Location"), QT_TRANSLATE_NOOP("StockCardPage", "Change"),
                QT_TRANSLATE_NOOP("StockCardPage", "Balance"), QT_TRANSLATE_NOOP("StockCardPage", "Who"),
                QT_TRANSLATE_NOOP("StockCardPage", "Reason"), QT_TRANSLATE_NOOP("StockCardPage", "Reference"))


class StockCardPage(Page):
    """A supervisor's page (a stocker who saw the books could not count blind): the card of the SKU
    scanned or typed; scanning a location then lets the supervisor adjust the books there — type the
    change and the reason's number ("-2 1"), Enter: the StockAdjusted operation."""

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        box = QVBoxLayout(self)
        self.prompt = big_label(20)
        self.sku = big_label(30)
        self.reasons = big_label(16, bold=False)
        self.typed = QLineEdit()
        self.typed.setStyleSheet("font-size: 16pt;")
        self.typed.returnPressed.connect(self._entered)
        self.table = QTableWidget(0, len(CARD_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for widget in (self.prompt, self.sku, self.reasons, self.typed):
            box.addWidget(widget)
        box.addWidget(self.table, 1)
        self.code = ""
        self.location = ""
        self.lines: list[CardLine] = []
        self._render()

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, ItemScan):
            self.location = ""
            self.show_sku(scan.sku_code)
            return True
        if isinstance(scan, LocationScan) and self.code:
            self.location = scan.code
            self._render()
            return True
        return False

    def on_shown(self) -> None:
        if self.code:
            self.show_sku(self.code)
        self.typed.setFocus()

    def _entered(self) -> None:
        text = self.typed.text().strip()
        self.typed.clear()
        adjust = re.fullmatch(r"([+-]?\d+)\s+(\d)", text)
        if adjust and self.location and self.code:
            self._adjust(int(adjust[1]), int(adjust[2]))
        else:
            self.location = ""
            self.show_sku(text)

    def _adjust(self, delta: int, reason_no: int) -> None:
        feedback = self.ctx.feedback
        if not 1 <= reason_no <= len(REASONS) or delta == 0 or self.user is None:
            if feedback is not None:
                feedback.error(self.tr("Type the change and the reason's number, e.g. -2 1."))
            return
        db, clock, code, location = self.ctx.db, self.ctx.clock, self.code, self.location
        args = {"location_code": location, "sku_code": code, "delta": delta, "reason": REASONS[reason_no - 1],
                "supervisor_id": self.user.id}

        def done(_: object) -> None:
            if feedback is not None:
                feedback.ok(self.tr("Adjusted %1 at %2 by %3.").replace("%1", code).replace("%2", location)
                            .replace("%3", f"{delta:+d}"))
            self.location = ""
            self.show_sku(code)

        def failed(exc: BaseException) -> None:
            if feedback is not None:
                feedback.error(said(lambda: outcome_text(Outcome.bad(
                    failure(exc) if isinstance(exc, HandoffError) else say("failed", repr(exc))))))

        self.run_task(lambda: apply_op(db, "StockAdjusted", args, clock=clock), done, failed, "stock adjustment")

    def show_sku(self, code: str) -> None:
        self.typed.clear()
        if not code:
            return
        db = self.ctx.db
        self.run_task(lambda: stock_card(db, code, limit=500), lambda lines: self._loaded(code, lines),
                      lambda exc: None, "stock card")

    def _loaded(self, code: str, lines: list[CardLine]) -> None:
        self.code, self.lines = code, lines
        self._render()

    def retranslate(self) -> None:
        self._render()

    def _render(self) -> None:
        if self.location:
            self.prompt.setText(self.tr("Adjust %1 at %2: type the change and the reason's number (e.g. -2 1), "
                                        "Enter.").replace("%1", self.code).replace("%2", self.location))
            names = reason_names()
            self.reasons.setText("   ".join(f"{i}: {names[r]}" for i, r in enumerate(REASONS, 1)))
        else:
            self.prompt.setText(self.tr("Stock card: scan a SKU or type its code, Enter. Scan a location to "
                                        "adjust it."))
            self.reasons.setText("")
        self.sku.setText(self.code)
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("StockCardPage", c) for c in CARD_COLUMNS])
        kinds, reasons = kind_names(), reason_names()
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(reversed(self.lines)):      # the newest first
            cells = (self.ctx.local_time(line.at, dated=True),
                     kinds.get(line.kind, line.kind), line.location_code, f"{line.delta:+d}", str(line.balance),
                     line.user_name or line.user_id or "", reasons.get(line.reason or "", line.reason or ""),
                     f"{line.ref_type} {line.ref_id}".strip())
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(str(text)))


register_page(PageSpec(window="station", key="counts", title=QT_TRANSLATE_NOOP("pages", "Counts"), factory=CountPage,
                       roles=("stocker", "supervisor"), order=40))
register_page(PageSpec(window="station", key="stock_card", title=QT_TRANSLATE_NOOP("pages", "Stock card"),
                       factory=StockCardPage, roles=("supervisor",), order=41))
