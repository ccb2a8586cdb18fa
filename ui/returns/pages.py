"""The returns desk at the station window: one returned parcel at a time, big type, scans and number keys.

Scan the parcel (label, order ref or return code) → the order's lines with what came back so far →
scan each item → 1 restock · 2 quarantine · 3 dispose → a reason (1–4) for quarantine and disposal →
scan the location (the suggested one is shown) → … → F10 when the parcel is empty; Esc puts the item
being graded aside. An item that is not in the order is flagged in red. The session
(terminal/inventory/returns_session.py) is driven on the database worker (`ctx.tasks`); the page reads
only the `ReturnView` each step brings back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QTableWidgetItem, QVBoxLayout, QWidget

from terminal.errors import HandoffError
from terminal.inventory.returns_session import ReturnSession, ReturnView
from terminal.people.badges import User
from terminal.scanning.types import BadgeScan, TypedScan
from terminal.sentences import Outcome, Say, failure
from ui.context import AppContext
from ui.packing.widgets import LinesTable, big_label, restyle
from ui.pages import Page, PageSpec, register_page
from ui.returns.messages import outcome_text, say_text

FLAG = "color: white; background: #c62828; padding: 8px;"
DONE = "#c8e6c9"


class ReturnLines(LinesTable):
    """Product, returned so far / ordered; a line fully back turns green."""

    def retranslate_ui(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Returned")])

    def show_view(self, view: ReturnView) -> None:
        self.setRowCount(len(view.lines))
        for row, line in enumerate(view.lines):
            name = QTableWidgetItem(f"{line.name}  ·  {line.sku_code}")
            count = QTableWidgetItem(f"{line.graded} / {line.ordered}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            for item in (name, count):
                if line.graded >= line.ordered:
                    item.setBackground(QColor(DONE))
            self.setItem(row, 0, name)
            self.setItem(row, 1, count)


class ReturnsPage(Page):
    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.session = ReturnSession(ctx.db, user, clock=ctx.clock) if user is not None else None
        self.view: ReturnView | None = self.session.view() if self.session else None
        self.last: Outcome | None = None
        layout = QVBoxLayout(self)
        self.prompt = big_label(22)
        self.prompt.setObjectName("returnPrompt")
        self.order = big_label(36)
        self.order.setObjectName("returnOrder")
        self.flag = big_label(22)
        self.flag.setObjectName("returnFlag")
        self.lines = ReturnLines()
        self.message = big_label(16, bold=False)
        self.keys = big_label(14, bold=False)
        for widget in (self.prompt, self.order, self.flag):
            layout.addWidget(widget)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.keys)
        for number in range(1, 5):
            QShortcut(QKeySequence(str(number)), self, activated=lambda n=number: self.choose(n))
        QShortcut(QKeySequence("F10"), self, activated=self.complete)
        QShortcut(QKeySequence("Esc"), self, activated=self.put_aside)
        self.retranslate()

    def retranslate(self) -> None:
        self.lines.retranslate_ui()
        self.keys.setText(self.tr("1–4 choose · F10 parcel empty, return complete · Esc put the item aside"))
        self._render()

    # --- work on the database worker -------------------------------------------------------------------
    def _step(self, act: Callable[[ReturnSession], Outcome]) -> None:
        session = self.session
        if session is None:
            return

        def work() -> tuple[Outcome, ReturnView]:
            return act(session), session.view()

        def done(result: tuple[Outcome, ReturnView]) -> None:
            outcome, self.view = result
            self._show(outcome)

        def failed(exc: BaseException) -> None:
            self._show(Outcome.bad(failure(exc) if isinstance(exc, HandoffError) else Say("failed", (str(exc),))))

        self.run_task(work, done, failed, "returns")

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, BadgeScan) or self.session is None:
            return False
        self._step(lambda s: s.handle(scan))
        return True

    def choose(self, number: int) -> None:
        self._step(lambda s: s.choose(number))

    def complete(self) -> None:
        self._step(lambda s: s.complete())

    def put_aside(self) -> None:
        self._step(lambda s: s.put_aside())

    def on_shown(self) -> None:
        self._render()

    def can_leave(self) -> bool:
        # every grade is already an op; an open return carries on at the next parcel scan of the order
        return True

    # --- showing ---------------------------------------------------------------------------------------
    def _show(self, outcome: Outcome) -> None:
        self.last = outcome
        feedback = self.ctx.feedback
        if feedback is not None:
            {"ok": feedback.ok, "error": feedback.error}.get(outcome.kind, feedback.info)(outcome_text(outcome))
        self._render()

    def _render(self) -> None:
        view = self.view
        if view is None:
            self.prompt.setText(self.tr("Log in with a stocker's badge to take returns."))
            return
        self.prompt.setText(say_text(view.prompt))
        self.order.setText(view.order_ref)
        item = view.item
        flagged = item is not None and item.line_id is None
        self.flag.setText(self.tr("NOT IN THIS ORDER: %1").replace("%1", item.sku_code) if flagged and item else "")
        self.flag.setVisible(flagged)
        restyle(self.flag, FLAG if flagged else "")
        self.lines.show_view(view)
        last = self.last
        news = outcome_text(last) if last is not None and self.ctx.feedback is None else ""
        self.message.setText(news)
        self.message.setVisible(bool(news))


register_page(PageSpec(window="station", key="returns", title=QT_TRANSLATE_NOOP("pages", "Returns"),
                       factory=ReturnsPage, roles=("stocker", "supervisor"), order=40))
