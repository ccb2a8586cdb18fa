"""The stocker's Replenish page at the station window: one task at a time in big type.

Shows the pick face (to), the reserve location (from), the SKU, the quantity, why the task exists
(below min / a picker found it short) and which orders wait for the SKU with their ship-by. Scans drive
`terminal.inventory.replenish_session.ReplenishSession` on the database worker; the page shows the
immutable `ReplenishView` each step returns. The quantity taken is typed into the count box (Enter);
F10 (or CMD:EMPTY) books the reserve empty; F11 looks for the next task. A replenishment pulled from
another terminal shows without a timer: the page re-reads when the core says the tasks changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from terminal.errors import HandoffError
from terminal.inventory.replenish_session import FACE, IDLE, QTY, ReplenishSession, ReplenishView
from terminal.ops import ChangeSet
from terminal.people.badges import User
from terminal.scanning.types import BadgeScan, CommandScan, TypedScan
from terminal.sentences import Outcome
from ui.coded_text import said, say_again
from ui.context import AppContext
from ui.pages import Page, PageSpec, register_page
from ui.refusals import error_text
from ui.replenish.messages import outcome_text, say_text
from ui.scanning.manual_entry import ManualEntry

#: what the task list depends on: a pulled task, a pick elsewhere, new stock
TASK_TABLES = ("replenishments", "pick_faces", "inventory")
BIG_TYPE = {"rpPrompt": (20, True), "rpFace": (56, True), "rpFrom": (30, True), "rpSku": (26, True),
            "rpQuantity": (44, True), "rpWhy": (16, False), "rpWaiting": (16, False)}
PAGE_STYLE = " ".join(f"QLabel#{name} {{ font-size: {size}pt; font-weight: {'bold' if bold else 'normal'}; }}"
                      for name, (size, bold) in BIG_TYPE.items())
REASONS = {"below_min": QT_TRANSLATE_NOOP("ReplenishPage", "Below min after a pick"),
           "short": QT_TRANSLATE_NOOP("ReplenishPage", "A picker found it short")}


class ReplenishPage(Page):
    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.session: ReplenishSession | None = None     # driven on the database worker only
        self.view: ReplenishView | None = None
        self.last: Outcome | None = None
        self.last_text = ""
        self._build()
        ctx.change_events().sig_changed.connect(self._on_changes)

    def _big(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _build(self) -> None:
        self.setStyleSheet(PAGE_STYLE)
        box = QVBoxLayout(self)
        self.prompt = self._big("rpPrompt")
        self.face = self._big("rpFace")
        self.source = self._big("rpFrom")
        self.sku = self._big("rpSku")
        self.quantity = self._big("rpQuantity")
        self.why = self._big("rpWhy")
        self.waiting = self._big("rpWaiting")
        grid = QGridLayout()
        grid.addWidget(self.source, 0, 0)
        grid.addWidget(self.face, 0, 1)
        grid.addWidget(self.sku, 1, 0, 1, 2)
        grid.addWidget(self.quantity, 2, 0)
        grid.addWidget(self.why, 2, 1)
        grid.setColumnStretch(1, 1)
        box.addWidget(self.prompt)
        box.addLayout(grid)
        box.addWidget(self.waiting)
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-size: 16pt;")
        self.count = QLineEdit()
        self.count.setValidator(QIntValidator(0, 999999, self))
        self.count.setStyleSheet("font-size: 16pt;")
        self.count.returnPressed.connect(self._typed)
        self.empty_button = QPushButton()
        self.empty_button.setMinimumHeight(56)
        self.empty_button.setStyleSheet("font-size: 16pt;")
        self.empty_button.clicked.connect(self.reserve_empty)
        QShortcut(QKeySequence("F10"), self, activated=self.reserve_empty)
        self.next_button = QPushButton()
        self.next_button.setMinimumHeight(56)
        self.next_button.setStyleSheet("font-size: 16pt;")
        self.next_button.clicked.connect(self.next_task)
        QShortcut(QKeySequence("F11"), self, activated=self.next_task)
        row.addWidget(self.count_label)
        row.addWidget(self.count, 1)
        row.addWidget(self.empty_button)
        row.addWidget(self.next_button)
        box.addLayout(row)
        self.manual = ManualEntry(self)
        self.manual.catch_typing(self)
        box.addWidget(self.manual)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.count_label.setText(self.tr("Taken:"))
        self.count.setPlaceholderText(self.tr("type the quantity and press Enter"))
        self.empty_button.setText(self.tr("Reserve empty (F10)"))
        self.next_button.setText(self.tr("Next task (F11)"))
        self.last_text = say_again(self.last_text)
        self._render()

    # --- running work -------------------------------------------------------------------------------------
    def _step(self, act: Callable[[ReplenishSession], Outcome | None]) -> None:
        """`act(session)` on the worker (the session made there the first time), then show the outcome."""
        user = self.user
        if user is None:
            return

        def work() -> tuple[ReplenishSession, Outcome | None, ReplenishView]:
            session = self.session or ReplenishSession(self.ctx.db, user, clock=self.ctx.clock)
            outcome = act(session)
            return session, outcome, session.view()

        def done(result: tuple[ReplenishSession, Outcome | None, ReplenishView]) -> None:
            self.session, outcome, self.view = result
            if outcome is not None:
                self._show(outcome)
            else:
                self._render()

        def failed(exc: BaseException) -> None:
            text = error_text(exc) if isinstance(exc, HandoffError) else said(
                lambda: self.tr("Something went wrong: %1").replace("%1", str(exc)))
            self._announce("error", text)

        self.run_task(work, done, failed, "replenish")

    def on_shown(self) -> None:
        if self.view is None or self.view.state == IDLE:
            self.next_task()
        else:
            self._render()

    def next_task(self) -> None:
        view = self.view
        if view is not None and view.state not in (IDLE,) and view.state != "from":
            self._show(Outcome.note(view.prompt))      # a task under way is finished first
            return
        self._step(lambda session: session.start())

    def reserve_empty(self) -> None:
        self._step(lambda session: session.reserve_empty())

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, BadgeScan):
            return False
        if isinstance(scan, CommandScan) and scan.command.upper() == "NEXT":
            self.next_task()
            return True
        self._step(lambda session: session.handle(scan))
        return True

    def _typed(self) -> None:
        text = self.count.text().strip()
        if not text:
            return
        self.count.clear()
        qty = int(text)
        self._step(lambda session: session.type_quantity(qty))

    def _on_changes(self, changes: ChangeSet) -> None:
        """A task pulled from another terminal (or stock that arrived) shows while the page is idle."""
        if self.ctx.tasks.closed:     # the window is closing: nothing more runs on the worker
            return
        if self.user is not None and changes.touches(*TASK_TABLES) and (self.view is None or self.view.state == IDLE):
            self._step(lambda session: session.start() if session.state == IDLE else None)

    # --- showing ------------------------------------------------------------------------------------------
    def _show(self, outcome: Outcome) -> None:
        self.last = outcome
        self._announce(outcome.kind, outcome_text(outcome))

    def _announce(self, kind: str, text: str) -> None:
        self.last_text = text
        feedback = self.ctx.feedback
        if feedback is not None:
            {"ok": feedback.ok, "error": feedback.error}.get(kind, feedback.info)(text)
        self._render()

    def _render(self) -> None:
        view = self.view
        if view is None:
            self.prompt.setText(self.tr("Press F11 for the next replenishment task."))
            for label in (self.face, self.source, self.sku, self.quantity, self.why, self.waiting):
                label.setText("")
            return
        self.prompt.setText(say_text(view.prompt))
        task = view.task
        self.count.setEnabled(view.state == QTY)
        self.empty_button.setEnabled(task is not None and view.state not in (IDLE, FACE))
        if task is None:
            self.face.setText(self.tr("Nothing to do"))
            for label in (self.source, self.sku, self.quantity, self.why, self.waiting):
                label.setText("")
            return
        self.face.setText(self.tr("To: %1").replace("%1", task.location))
        self.source.setText(self.tr("From: %1").replace("%1", view.source or "—"))
        self.sku.setText(f"{task.sku_name}  ({task.sku})")
        amount = view.taken if view.state == FACE else task.qty
        self.quantity.setText(f"{amount} / {task.room}")
        why = QCoreApplication.translate("ReplenishPage", REASONS.get(task.reason, task.reason))
        self.why.setText(self.tr("%1 · on the face %2 (min %3, max %4)").replace("%1", why)
                         .replace("%2", str(task.on_hand)).replace("%3", str(task.min_qty))
                         .replace("%4", str(task.max_qty)))
        if task.waiting:
            shown = ", ".join(f"{ref} ({self.ctx.local_time(ship_by, dated=True) if ship_by else '—'})"
                              for ref, ship_by in task.waiting[:4])
            more = len(task.waiting) - 4
            self.waiting.setText(self.tr("Orders waiting: %1").replace("%1", shown)
                                 + (self.tr(" and %1 more").replace("%1", str(more)) if more > 0 else ""))
        else:
            self.waiting.setText(self.tr("No order waits for it now."))

    def can_leave(self) -> bool:
        # nothing is lost: a refill is one op at the face scan; a task half way is simply started again
        return True

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.count.clear()
        super().keyPressEvent(event)


register_page(PageSpec(window="station", key="replenish", title=QT_TRANSLATE_NOOP("pages", "Replenish"),
                       factory=ReplenishPage,
                       roles=("stocker", "supervisor"), order=30))
