"""The picker's page at the station (cart) window: one task at a time in big type.

Shows the location, the SKU name, the quantity, the tote slot in its colour and the order's ship-by
countdown; progress; a small map of the aisles with the route and the picker's position. Scans drive
`terminal.picking.session.PickSession`; writes run through `ctx.tasks` (the one database worker) and
their outcomes come back here on the GUI thread with an immutable `PickView` of the session — the GUI
never reads the live session, which only the worker drives. A pulled cancellation shows without a
timer: the page re-checks its batch when the core's change events say orders changed. A short pick
opens a dialog with the three reasons (keys 1, 2, 3; Esc cancels); a quantity of many is typed into
the count box after one scan. A code typed by hand goes into the manual-entry field (F9; or just type)
and Enter hands it on as a scan (ui/scanning/manual_entry.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QIntValidator, QKeySequence, QPainter, QPen, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from terminal.catalog.layout import Layout
from terminal.clock import parse_iso
from terminal.errors import HandoffError
from terminal.ops import ChangeSet
from terminal.people.badges import User
from terminal.picking.session import BIND, DONE, IDLE, ITEM, Outcome, PickSession
from terminal.picking.view import PickView, snapshot
from terminal.scanning.types import BadgeScan, CommandScan, TypedScan
from ui.coded_text import said, say_again
from ui.context import AppContext
from ui.pages import Page, PageSpec, register_page
from ui.picking.messages import colour_name, outcome_text, say_text
from ui.refusals import error_text
from ui.scanning.manual_entry import ManualEntry

COLOURS = {"red": "#d32f2f", "blue": "#1976d2", "green": "#388e3c", "yellow": "#fbc02d", "orange": "#f57c00",
           "purple": "#7b1fa2", "white": "#fafafa", "black": "#212121", "pink": "#ec407a", "brown": "#6d4c41",
           "grey": "#9e9e9e", "cyan": "#00acc1"}
DARK_TEXT = {"yellow", "white", "grey", "cyan"}
# the colour names as the picker reads them on the tote label (marked so lupdate extracts them)
COLOUR_NAMES = (QT_TRANSLATE_NOOP("PickingPage", "red"), QT_TRANSLATE_NOOP("PickingPage", "blue"),
                QT_TRANSLATE_NOOP("PickingPage", "green"), QT_TRANSLATE_NOOP("PickingPage", "yellow"),
                QT_TRANSLATE_NOOP("PickingPage", "orange"), QT_TRANSLATE_NOOP("PickingPage", "purple"),
                QT_TRANSLATE_NOOP("PickingPage", "white"), QT_TRANSLATE_NOOP("PickingPage", "black"),
                QT_TRANSLATE_NOOP("PickingPage", "pink"), QT_TRANSLATE_NOOP("PickingPage", "brown"),
                QT_TRANSLATE_NOOP("PickingPage", "grey"), QT_TRANSLATE_NOOP("PickingPage", "cyan"))
# what a batch on the cart depends on: a change to any of these (a pulled cancellation) re-checks it
BATCH_TABLES = ("orders", "pick_batches", "pick_batch_orders", "pick_tasks")
# Big type through the page's style sheet: the theme sets `#pageHost QWidget { font-size }`, which beats
# QLabel.setFont, and the labels' own style sheets (tote colour, late red) carry no font so these stay.
BIG_TYPE = {"pickPrompt": (20, True), "pickMessage": (16, False), "pickLocation": (64, True),
            "pickSku": (30, True), "pickQuantity": (48, True), "pickTote": (34, True), "pickShipBy": (22, True)}
PAGE_STYLE = " ".join(f"QLabel#{name} {{ font-size: {size}pt; font-weight: {'bold' if bold else 'normal'}; }}"
                      for name, (size, bold) in BIG_TYPE.items())


def tr(text: str) -> str:
    return QCoreApplication.translate("PickingPage", text)


class AisleMap(QWidget):
    """A small plan of the aisles with the batch's route, the stops done and where the picker stands."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_model: Layout | None = None
        self.route: list[str] = []
        self.done: set[int] = set()
        self.current: int | None = None
        self.position: str | None = None
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_route(self, layout: Layout | None, route: list[str], done: set[int], current: int | None,
                   position: str | None) -> None:
        self.layout_model, self.route, self.done, self.current, self.position = layout, route, done, current, position
        self.update()

    def _mapper(self) -> Callable[[float, float], QPointF]:
        lay = self.layout_model
        assert lay is not None
        width = max(lay.aisle_x(lay.aisles), lay.aisle_pitch_m)
        height = lay.cross_aisle_y(lay.blocks)
        margin = 14.0
        sx = (self.width() - 2 * margin) / width
        sy = (self.height() - 2 * margin) / height

        def to_screen(x: float, y: float) -> QPointF:
            return QPointF(margin + (x + lay.aisle_pitch_m / 2) * sx, self.height() - margin - y * sy)

        return to_screen

    def _xy(self, code: str | None) -> tuple[float, float]:
        lay = self.layout_model
        assert lay is not None
        if code is None:
            return lay.depot
        return lay.point(lay.parse_location(code))

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#f4f4f4"))
        lay = self.layout_model
        if lay is None:
            painter.end()
            return
        to_screen = self._mapper()
        painter.setPen(QPen(QColor("#b0b0b0"), 5))
        for aisle in range(1, lay.aisles + 1):           # racks run along the aisles, broken by cross aisles
            x = lay.aisle_x(aisle)
            for block in range(lay.blocks):
                y0 = lay.cross_aisle_y(block) + lay.cross_aisle_m / 2
                y1 = lay.cross_aisle_y(block + 1) - lay.cross_aisle_m / 2
                painter.drawLine(to_screen(x, y0), to_screen(x, y1))
        try:
            stops = [lay.depot, *(self._xy(code) for code in self.route), lay.depot]
        except HandoffError:
            painter.end()
            return
        # the walk between stops, along aisles and cross aisles as layout-v1 measures it
        for index in range(len(stops) - 1):
            # leg i leads to task i (the last leg back to the depot): grey once walked
            walked = index in self.done if index < len(self.route) else len(self.done) == len(self.route)
            painter.setPen(QPen(QColor("#9e9e9e" if walked else "#1565c0"), 2))
            for a, b in _legs(lay, stops[index], stops[index + 1]):
                painter.drawLine(to_screen(*a), to_screen(*b))
        for index, (x, y) in enumerate(stops[1:-1]):
            colour = "#9e9e9e" if index in self.done else ("#d32f2f" if index == self.current else "#1565c0")
            painter.setBrush(QColor(colour))
            painter.setPen(Qt.PenStyle.NoPen)
            radius = 6.0 if index == self.current else 4.0
            painter.drawEllipse(to_screen(x, y), radius, radius)
        depot = to_screen(*lay.depot)
        painter.setBrush(QColor("#424242"))
        painter.drawRect(QRectF(depot.x() - 6, depot.y() - 6, 12, 12))
        try:
            px, py = self._xy(self.position)
        except HandoffError:
            px, py = lay.depot
        painter.setBrush(QColor("#2e7d32"))
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawEllipse(to_screen(px, py), 8.0, 8.0)
        painter.end()


def _legs(lay: Layout, a: tuple[float, float], b: tuple[float, float]) -> list[tuple[tuple[float, float], ...]]:
    """Straight pieces of the shortest walk from a to b (in the aisle, or via the best cross aisle)."""
    (x1, y1), (x2, y2) = a, b
    if abs(x1 - x2) < 1e-9:
        return [(a, b)]
    yk = min((lay.cross_aisle_y(k) for k in range(lay.blocks + 1)), key=lambda y: abs(y1 - y) + abs(y2 - y))
    return [(a, (x1, yk)), ((x1, yk), (x2, yk)), ((x2, yk), b)]


class ShortPickDialog(QDialog):
    """Why the rest of the task cannot be picked: 1 empty, 2 damaged, 3 not found; Esc cancels."""

    REASONS = (("empty", "1", QT_TRANSLATE_NOOP("ShortPickDialog", "Location empty")),
               ("damaged", "2", QT_TRANSLATE_NOOP("ShortPickDialog", "Item damaged")),
               ("not_found", "3", QT_TRANSLATE_NOOP("ShortPickDialog", "Not found")))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Short pick"))
        self.reason: str | None = None
        box = QVBoxLayout(self)
        title = QLabel(self.tr("Why can the rest not be picked?"))
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        box.addWidget(title)
        self.buttons: dict[str, QPushButton] = {}
        for reason, key, text in self.REASONS:
            button = QPushButton(f"{key}  {self.tr(text)}")
            button.setMinimumHeight(64)
            button.setStyleSheet("font-size: 20pt;")
            button.clicked.connect(lambda _=False, r=reason: self.choose(r))
            box.addWidget(button)
            self.buttons[reason] = button
        cancel = QPushButton(self.tr("Esc  Cancel"))
        cancel.clicked.connect(self.reject)
        box.addWidget(cancel)

    def choose(self, reason: str) -> None:
        self.reason = reason
        self.accept()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        keys = {Qt.Key.Key_1: "empty", Qt.Key.Key_2: "damaged", Qt.Key.Key_3: "not_found"}
        reason = keys.get(event.key())
        if reason:
            self.choose(reason)
        else:
            super().keyPressEvent(event)          # Esc rejects


class PickingPage(Page):
    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.session: PickSession | None = None        # driven on the database worker only
        self.view: PickView | None = None              # what the GUI shows: the worker's last snapshot
        self.last_outcome: Outcome | None = None      # the session's last word (translated when shown)
        self.last_text = ""                           # or the page's own, already translated
        self.last_kind = ""
        self.dialog_factory: Callable[[QWidget], ShortPickDialog] = ShortPickDialog
        self.short_dialog: ShortPickDialog | None = None
        self._build()
        self._clock_timer = QTimer(self)            # the ship-by countdown only; nothing is read
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        ctx.change_events().sig_changed.connect(self._on_changes)

    # --- building ------------------------------------------------------------------------------------------
    def _big(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)             # sized by PAGE_STYLE
        label.setWordWrap(True)
        return label

    def _build(self) -> None:
        self.setStyleSheet(PAGE_STYLE)
        # Landscape: the task left, the route right; portrait (a cart screen turned upright): the route
        # below. resizeEvent picks the direction.
        self.outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        left = QVBoxLayout()
        self.prompt = self._big("pickPrompt")
        self.message = self._big("pickMessage")
        # inside a window the big banner says it; the page's own line would show the same words twice
        self.message.setVisible(self.ctx.feedback is None)
        self.location = self._big("pickLocation")
        self.sku = self._big("pickSku")
        self.quantity = self._big("pickQuantity")
        self.tote = self._big("pickTote")
        self.tote.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tote.setMinimumWidth(220)
        self.ship_by = self._big("pickShipBy")
        for label in (self.location, self.sku, self.quantity, self.ship_by, self.tote):
            # a label as tall as its wrapped text, never squeezed below it
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        # the tote beside the location, so the product name has the whole width for its lines
        grid = QGridLayout()
        grid.addWidget(self.location, 0, 0)
        grid.addWidget(self.tote, 0, 1)
        grid.addWidget(self.sku, 1, 0, 1, 2)
        grid.addWidget(self.quantity, 2, 0)
        grid.addWidget(self.ship_by, 2, 1)
        grid.setColumnStretch(0, 1)
        left.addWidget(self.prompt)
        left.addLayout(grid)
        count_row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-size: 16pt;")
        self.count = QLineEdit()
        self.count.setValidator(QIntValidator(0, 99999, self))
        self.count.setStyleSheet("font-size: 16pt;")
        self.count.setMinimumWidth(200)
        self.count.returnPressed.connect(self._typed)
        self.short_button = QPushButton()
        self.short_button.setStyleSheet("font-size: 16pt;")
        self.short_button.setMinimumHeight(56)
        self.short_button.clicked.connect(self.ask_short)
        QShortcut(QKeySequence("F10"), self, activated=self.ask_short)
        self.next_button = QPushButton()
        self.next_button.setStyleSheet("font-size: 16pt;")
        self.next_button.setMinimumHeight(56)
        self.next_button.clicked.connect(self.start_batch)
        QShortcut(QKeySequence("F11"), self, activated=self.start_batch)
        count_row.addWidget(self.count_label)
        count_row.addWidget(self.count, 1)
        count_row.addWidget(self.short_button)
        count_row.addWidget(self.next_button)
        left.addLayout(count_row)
        left.addWidget(self.message)
        left.addStretch(1)
        right = QVBoxLayout()
        self.progress = QProgressBar()
        self.progress.setMinimumHeight(36)
        self.distance = QLabel()
        self.distance.setStyleSheet("font-size: 14pt;")
        self.distance.setWordWrap(True)
        self.map = AisleMap()
        right.addWidget(self.progress)
        right.addWidget(self.distance)
        right.addWidget(self.map, 1)
        # a code typed by hand (the scanner cannot read it): under the map, where a row beside the count
        # would take the height the tote badge needs
        self.manual = ManualEntry(self)
        self.manual.catch_typing(self)
        right.addWidget(self.manual)
        frame = QFrame()
        frame.setLayout(right)
        self.route_frame = frame
        self.outer.addLayout(left, 4)
        self.outer.addWidget(frame, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.count_label.setText(self.tr("Count:"))
        self.count.setPlaceholderText(self.tr("type the total and press Enter"))
        self.short_button.setText(self.tr("Short pick (F10)"))
        self.next_button.setText(self.tr("Next batch (F11)"))
        self.progress.setFormat(self.tr("%v of %m tasks"))
        self.last_text = say_again(self.last_text)
        self._render()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The route beside the task in landscape, below it in portrait."""
        portrait = self.height() > self.width()
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.outer.direction() != direction:     # a change re-lays the page: set it only when it differs
            self.outer.setDirection(direction)
            # upright, the task keeps its natural height and the map below takes the rest
            self.outer.setStretch(0, 0 if portrait else 4)

    # --- running work -------------------------------------------------------------------------------------
    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def failed(exc: BaseException) -> None:
            text = error_text(exc) if isinstance(exc, HandoffError) else self.tr("Something went wrong: %1").replace(
                "%1", str(exc))
            self._tell("error", text)

        self.run_task(fn, done, failed, "picking")

    def _step(self, session: PickSession, act: Callable[[], Outcome | None]) -> None:
        """`act()` on the worker, then the page shows its outcome and a fresh snapshot of the session."""
        def work() -> tuple[Outcome | None, PickView]:
            return act(), snapshot(session)

        def done(result: tuple[Outcome | None, PickView]) -> None:
            outcome, self.view = result
            if outcome is not None:
                self._show(outcome)
            else:
                self._render()

        self._run(work, done)

    def on_shown(self) -> None:
        if self.session is None and self.user is not None:
            self.start_batch()
        else:
            self._render()

    def start_batch(self) -> None:
        if self.user is None:
            return
        view = self.view
        if view is not None and view.state not in (DONE, IDLE):
            self._show(Outcome.note(view.prompt))
            return
        user = self.user

        def work() -> tuple[PickSession, Outcome, PickView]:
            session = PickSession(self.ctx.db, user, clock=self.ctx.clock, settings=self.ctx.settings)
            outcome = session.start()
            return session, outcome, snapshot(session)      # the layout is parsed here, not while painting

        def done(result: tuple[PickSession, Outcome, PickView]) -> None:
            self.session, outcome, self.view = result
            self._show(outcome)

        self._run(work, done)

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, BadgeScan):
            return False
        session = self.session
        if session is None:
            self._tell("error", said(lambda: self.tr("Press F11 for the next batch first.")))
            return True
        if isinstance(scan, CommandScan) and scan.command.upper() == "SHORT":
            self.ask_short()
            return True
        if isinstance(scan, CommandScan) and scan.command.upper() == "NEXT":
            self.start_batch()
            return True
        self._step(session, lambda: session.handle(scan))
        return True

    def _typed(self) -> None:
        session = self.session
        text = self.count.text().strip()
        if session is None or not text:
            return
        self.count.clear()
        self._step(session, lambda: session.type_quantity(int(text)))

    def ask_short(self) -> None:
        session, view = self.session, self.view
        if session is None or view is None or view.current_task() is None or view.state in (BIND, DONE, IDLE):
            self._tell("error", said(lambda: self.tr("There is no pick task to short.")))
            return
        dialog = self.dialog_factory(self)
        self.short_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reason:
            reason = dialog.reason
            self._step(session, lambda: session.short(reason))
        self.short_dialog = None

    def _on_changes(self, changes: ChangeSet) -> None:
        """The core wrote something: re-check the batch when it may concern it (an order cancelled)."""
        session, view = self.session, self.view
        if session is None or view is None or view.state in (DONE, IDLE) or not changes.touches(*BATCH_TABLES):
            return
        self._step(session, session.refresh)

    def can_leave(self) -> bool:
        # every pick is already an operation in the database and the batch resumes at the next login,
        # so leaving (a break, logout) loses nothing — only an open short-pick dialog holds the page
        return getattr(self, "short_dialog", None) is None

    # --- showing ------------------------------------------------------------------------------------------
    def _show(self, outcome: Outcome) -> None:
        """A session outcome: its codes in the reader's language on the banner and the message line."""
        self.last_outcome = outcome
        self._announce(outcome.kind, outcome_text(outcome))

    def _tell(self, kind: str, text: str) -> None:
        """The page's own sentence (already translated)."""
        self.last_outcome = None
        self.last_text, self.last_kind = text, kind
        self._announce(kind, text)

    def _announce(self, kind: str, text: str) -> None:
        self.last_kind = kind
        feedback = self.ctx.feedback
        if feedback is not None:
            {"ok": feedback.ok, "error": feedback.error}.get(kind, feedback.info)(text)
        self._render()

    def _tick(self) -> None:
        view = self.view
        if view is not None and view.current_task() is not None:
            self._render_countdown()

    def _render_countdown(self) -> None:
        task = self.view.current_task() if self.view else None
        seconds = ((parse_iso(task.ship_by) - self.ctx.clock.now()).total_seconds()
                   if task is not None and task.ship_by else None)
        text = self._countdown(seconds)
        self.ship_by.setText(self.tr("Ship by: %1").replace("%1", text) if text else "")
        late = seconds is not None and seconds < 0
        self.ship_by.setStyleSheet("color: #c62828;" if late else "")

    def _countdown(self, seconds: float | None) -> str:
        """'1:05 h', '12 min', 'LATE 7 min' for a ship-by countdown, in the reader's language."""
        if seconds is None:
            return ""
        minutes = int(abs(seconds) // 60)
        text = (f"{minutes // 60}:{minutes % 60:02d} h" if minutes >= 60
                else self.tr("%1 min").replace("%1", str(minutes)))
        return self.tr("LATE %1").replace("%1", text) if seconds < 0 else text

    def _render(self) -> None:
        view = self.view
        outcome = self.last_outcome
        # the prompt is already on screen (and in the banner): the message line only adds news
        if outcome is not None:
            prompt_only = view is not None and outcome.parts == (view.prompt,)
            news = "" if prompt_only else outcome_text(outcome)
        else:
            news = self.last_text
        kind = self.last_kind
        self.message.setText(news)
        # in a window the banner says it already: the same sentence twice on one screen was a defect
        self.message.setVisible(bool(news) and self.ctx.feedback is None)
        self.message.setStyleSheet(
            "color: white; background: #c62828; padding: 8px;" if news and kind == "error"
            else "color: #1b5e20;" if news and kind == "ok" else "")
        if view is None:
            self.prompt.setText(self.tr("Press F11 to get the next batch."))
            for label in (self.location, self.sku, self.quantity, self.tote, self.ship_by, self.distance):
                label.setText("")
            self.tote.setStyleSheet("")
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.map.show_route(None, [], set(), None, None)
            return
        self.prompt.setText(say_text(view.prompt))
        task = view.current_task()
        finished, total = view.progress()
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(finished)
        if view.distance_m is not None:
            metres = f"{view.distance_m:.0f}"
            # the number and its unit stay on one line when the narrow route column wraps the sentence
            self.distance.setText(self.tr("Planned route: %1 m").replace("%1", metres)
                                  .replace(f"{metres} m", f"{metres}\u00a0m"))
        self.count.setEnabled(view.state == ITEM)
        self.short_button.setEnabled(task is not None and view.state not in (BIND, DONE, IDLE))
        if view.state == BIND:
            slot = view.unbound_slot()
            self.location.setText(slot.order_ref if slot else "")      # one short line fits the big type
            self.sku.setText(self.tr("Bind totes"))
            self.quantity.setText("")
            self._paint_tote(slot.slot if slot else 0, slot.colour if slot else "")
            self.ship_by.setText("")
        elif task is None:
            self.location.setText(self.tr("Done"))
            self.sku.setText(self.tr("Take the cart to packing.") if view.state == DONE else "")
            self.quantity.setText("")
            self._paint_tote(0, "")
            self.ship_by.setText("")
        else:
            self.location.setText(task.location_code)
            self.sku.setText(f"{task.sku_name}  ({task.sku_code})")
            self.quantity.setText(f"{task.picked_qty} / {task.qty}")
            self._paint_tote(task.tote_slot, task.tote_colour)
            self._render_countdown()
        route = view.route()
        done = {i for i, t in enumerate(view.tasks) if t.status != "open"}
        current = next((i for i, t in enumerate(view.tasks) if task and t.task_id == task.task_id), None)
        self.map.show_route(view.layout, route, done, current, view.position)

    def _paint_tote(self, slot: int, colour: str) -> None:
        if not slot:
            self.tote.setText("")
            self.tote.setStyleSheet("")
            return
        self.tote.setText(self.tr("Tote %1").replace("%1", str(slot)) + f"\n{colour_name(colour)}")
        fg = "#212121" if colour in DARK_TEXT else "white"
        # a light tote (white, yellow) would melt into the light page: a dark edge keeps the badge seen
        edge = "#212121" if colour in DARK_TEXT else COLOURS.get(colour, "#9e9e9e")
        self.tote.setStyleSheet(f"background: {COLOURS.get(colour, '#9e9e9e')}; color: {fg};"
                                f" border: 4px solid {edge}; border-radius: 12px; padding: 8px;")


register_page(PageSpec(window="station", key="picking", title="Picking", factory=PickingPage, roles=("picker",),
                       order=10))
