"""The packer's page at the station window: one order at a time in big type, keyboard only.

Shows the order (ref, carrier, service, delivery), its lines with counted / to-pack, the box to
use, the weight — live from the scale when `packing.scale_port` is set, otherwise typed into the
weight field (Enter) — and the label: queued / printed / printer off (kept, retried by itself every
`packing.label_retry_s` and on F11) and, when a send broke midway, the question "did the label come
out?" (Y / N; N prints it again, recorded as a reprint), with a preview of the label. Scans drive
`terminal.packing.session.PackSession`; every write, label send and preview render runs on
`ctx.tasks` (the one database worker), never on the GUI thread, and each task brings back an
immutable `PackView` of the session — the only thing the GUI reads. F10 recounts after a weight
mismatch, a supervisor's badge accepts the weight, Esc puts the order aside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtGui import QIntValidator, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from terminal.devices.scales.protocol import Reading
from terminal.errors import HandoffError
from terminal.labels.content import label_for_package
from terminal.labels.image import render_png
from terminal.labels.spool import JobOutcome, confirm_outcome, queue_label, send_pending
from terminal.packing.session import IDLE, MISMATCH, WEIGH, PackSession
from terminal.packing.settings import printer_uri
from terminal.packing.view import PackView, snapshot
from terminal.packing.weighing import ScaleGate
from terminal.people.badges import User
from terminal.scanning.recording import record_scan
from terminal.scanning.types import BadgeScan, TypedScan
from terminal.sentences import Outcome, failure, say
from ui.context import AppContext
from ui.feedback import glance_text
from ui.order_words import service_name
from ui.packing.messages import outcome_text, say_text
from ui.packing.scale_adapter import ScaleAdapter
from ui.packing.widgets import LabelPanel, LabelPreview, LinesTable, big_label, restyle
from ui.pages import Page, PageSpec, register_page


@dataclass
class Done:
    """What one worker task brings back to the GUI thread."""

    outcome: Outcome | None
    labels: list[JobOutcome] = field(default_factory=list)
    preview: bytes | None = None
    package_id: str | None = None
    view: PackView | None = None          # the session after the task, taken on the worker


class PackingPage(Page):
    records_own_scans = True      # ScanRecorded carries the order, so a wrong scan spoils that order's record

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.printer = printer_uri(ctx.settings)
        self.session: PackSession | None = None
        if user is not None and user.has_role("packer"):
            self.session = PackSession(ctx.db, user, clock=ctx.clock, settings=ctx.settings,
                                       print_label=self._queue_label)
        # the GUI reads only this snapshot; the session itself is driven on the database worker
        self.view: PackView | None = snapshot(self.session) if self.session is not None else None
        self.last_outcome: Outcome | None = None
        self.label_package: str | None = None        # the package whose label the panel shows
        self.label_state = ""                        # queued / sent / unknown / error
        self.unknown: list[JobOutcome] = []          # jobs to ask about, oldest first
        self.gate = ScaleGate(ctx.settings.get("packing.scale_min_g", 10))
        self.reading: Reading | None = None
        self.scale_status = ""
        self._build()
        self.scale = ScaleAdapter.from_settings(ctx.settings, self)
        if self.scale is not None:
            self.scale.sig_reading.connect(self._on_reading)
            self.scale.sig_status.connect(self._on_scale_status)
            self.scale.start()
            self.destroyed.connect(self.scale.stop)
        self._retry_timer = QTimer(self)
        self._retry_timer.timeout.connect(self._auto_retry)
        self._retry_timer.start(int(ctx.settings.get("packing.label_retry_s", 10.0) * 1000))
        self._render()

    # --- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        # the box and weight beside the lines in landscape, below them in portrait (see _arrange)
        self.outer = outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        left = QVBoxLayout()
        self.prompt = big_label(20)
        self.order = big_label(40)
        self.order.setObjectName("orderRef")
        self.details = big_label(16, bold=False)
        self.lines = LinesTable()
        self.preview = LabelPreview()           # in the lines' place between orders
        self.message = big_label(16, bold=False)
        left.addWidget(self.prompt)
        left.addWidget(self.order)
        left.addWidget(self.details)
        left.addWidget(self.lines, 1)
        left.addWidget(self.preview, 1)
        left.addWidget(self.message)
        right = QGridLayout()
        self.box = big_label(40)
        self.box.setObjectName("boxCode")
        self.weight = big_label(44)
        self.weight.setObjectName("weight")
        self.expected = big_label(16, bold=False)
        self.scale_line = big_label(16, bold=False)
        self.typed = QLineEdit()
        self.typed.setValidator(QIntValidator(1, 100_000, self))
        self.typed.setStyleSheet("font-size: 16pt;")
        self.typed.returnPressed.connect(self._typed_weight)
        self.mismatch = big_label(18)
        restyle(self.mismatch, "color: white; background: #c62828; padding: 8px;")
        self.label_panel = LabelPanel()
        for row, widget in enumerate((self.box, self.weight, self.expected, self.typed, self.scale_line,
                                      self.mismatch, self.label_panel)):
            right.addWidget(widget, row, 0)
        right.setRowStretch(6, 1)
        frame = QFrame()
        frame.setLayout(right)
        outer.addLayout(left, 3)
        outer.addWidget(frame, 2)
        for key, slot in (("F10", self.recount), ("F11", self.retry_labels), ("Esc", self.put_aside)):
            QShortcut(QKeySequence(key), self, activated=slot)
        self.yes_key = QShortcut(QKeySequence("Y"), self, activated=lambda: self.answer_label(True))
        self.no_key = QShortcut(QKeySequence("N"), self, activated=lambda: self.answer_label(False))
        self.retranslate_ui()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.outer.direction() != direction:     # a change re-lays the page: set it only when it differs
            self.outer.setDirection(direction)

    def retranslate_ui(self) -> None:
        self.typed.setPlaceholderText(self.tr("type the weight in grams, Enter"))
        self.lines.retranslate_ui()

    def retranslate(self) -> None:
        self.retranslate_ui()
        self._render()

    # --- running work -------------------------------------------------------------------------------------
    def _run(self, fn: Callable[[], Done]) -> None:
        session = self.session

        def work() -> Done:
            done = fn()
            if session is not None:
                done.view = snapshot(session)
            return done

        def failed(exc: BaseException) -> None:
            text = self.tr("Something went wrong: %1").replace("%1", str(exc))
            self._show(Done(Outcome.bad(failure(exc) if isinstance(exc, HandoffError) else say("failed", text))))

        self.run_task(work, self._show, failed, "packing")

    # worker side: these run on the database worker, never on the GUI thread --------------------------------
    def _queue_label(self, package_id: str) -> None:
        queue_label(self.ctx.db, package_id, self.printer, clock=self.ctx.clock,
                    user_id=self.user.id if self.user else None)

    def _send(self, package_id: str | None) -> Done:
        labels = send_pending(self.ctx.db, clock=self.ctx.clock, printer=self.printer)
        preview = None
        if package_id is not None:
            try:
                preview = render_png(label_for_package(self.ctx.db, package_id))
            except HandoffError:
                preview = None
        return Done(None, labels, preview, package_id)

    def _after(self, outcome: Outcome, before: str | None) -> Done:
        """Record the scan's outcome and, when it closed a package, send its label and draw the preview."""
        session = self.session
        assert session is not None
        package = session.last_package
        if package is not None and package.package_id != before:
            done = self._send(package.package_id)
            done.outcome = outcome
            return done
        return Done(outcome)

    def _record(self, scan: TypedScan, outcome: Outcome, order_id: str | None) -> None:
        record_scan(self.ctx.db, scan, user_id=self.user.id if self.user else None, context="packing",
                    accepted=outcome.ok, reason=outcome.message, order_id=order_id, clock=self.ctx.clock)

    # --- input (GUI thread) -------------------------------------------------------------------------------
    def claims_badge(self, scan: TypedScan) -> bool:
        return self.view is not None and self.view.state == MISMATCH

    def handle_scan(self, scan: TypedScan) -> bool:
        session, view = self.session, self.view
        if session is None or view is None:
            return False
        if isinstance(scan, BadgeScan) and view.state != MISMATCH:
            return False

        def work() -> Done:
            before = session.last_package.package_id if session.last_package else None
            order_before = session.order_id
            outcome = session.handle(scan)
            self._record(scan, outcome, session.order_id or order_before)
            return self._after(outcome, before)

        self._run(work)
        return True

    def _typed_weight(self) -> None:
        text = self.typed.text().strip()
        self.typed.clear()
        if text and self.session is not None:
            self.weigh(int(text), "typed")

    def weigh(self, grams: int, source: str) -> None:
        session = self.session
        if session is None:
            return

        def work() -> Done:
            before = session.last_package.package_id if session.last_package else None
            return self._after(session.weigh(grams, source), before)

        self._run(work)

    def recount(self) -> None:
        session = self.session
        if session is not None:
            self.gate.rearm()
            self._run(lambda: Done(session.recount()))

    def put_aside(self) -> None:
        session, view = self.session, self.view
        if session is not None and view is not None and view.state != IDLE:
            self._run(lambda: Done(session.put_aside()))

    def retry_labels(self) -> None:
        self._run(lambda: self._send(self.label_package))

    def _auto_retry(self) -> None:
        if self.label_state == "queued":
            self._run(lambda: self._send(None))

    def answer_label(self, came_out: bool) -> None:
        """The packer's answer to "did the label come out?" for the oldest job in doubt."""
        if not self.unknown:
            return
        job = self.unknown.pop(0)
        user_id = self.user.id if self.user else None

        def work() -> Done:
            confirm_outcome(self.ctx.db, job.job_id, came_out, user_id=user_id, clock=self.ctx.clock)
            done = self._send(None)
            done.outcome = (Outcome.good(say("pack_label_marked_printed")) if came_out
                            else Outcome.note(say("pack_label_printed_again")))
            return done

        self._run(work)

    def _on_reading(self, reading: Reading) -> None:
        self.reading = reading
        view = self.view
        if view is not None and view.state in (WEIGH, MISMATCH) and not reading.overload:
            grams = self.gate.offer(reading.grams, reading.stable)
            if grams is not None:
                self.weigh(grams, "scale")
        elif not reading.stable or reading.grams < self.gate.min_g:
            self.gate.offer(reading.grams, reading.stable)       # see the platform cleared between orders
        self._render_weight()

    def _on_scale_status(self, status: str) -> None:
        self.scale_status = status
        if status != "connected":
            self.reading = None
        self._render_weight()

    def can_leave(self) -> bool:
        # every count is already an operation and scanning the tote again resumes the order; only a
        # label whose outcome the packer has not told us holds the page
        return not self.unknown

    # --- showing ------------------------------------------------------------------------------------------
    def _show(self, done: Done) -> None:
        if done.view is not None:
            self.view = done.view
        if done.labels:
            self._take_labels(done)
        if done.outcome is not None:
            self.last_outcome = done.outcome
            feedback = self.ctx.feedback
            if feedback is not None:
                {"ok": feedback.ok, "error": feedback.error}.get(done.outcome.kind, feedback.info)(
                    outcome_text(done.outcome))
        self._render()

    def _take_labels(self, done: Done) -> None:
        if done.package_id is not None:
            self.label_package = done.package_id
            self.preview.set_png(done.preview)
        known = {job.job_id for job in self.unknown}
        self.unknown += [o for o in done.labels if o.status == "unknown" and o.job_id not in known]
        mine = [o for o in done.labels if o.package_id == self.label_package]
        if mine:
            self.label_state = mine[-1].status
        elif any(o.status == "queued" for o in done.labels):
            self.label_state = "queued"
        elif done.labels:
            self.label_state = "sent" if self.label_package else ""

    def _render(self) -> None:
        view = self.view
        outcome = self.last_outcome
        # The window's banner shows every outcome: the page's own red line is for a page outside a window
        # only — in a window the same sentence showed twice (a weight mismatch four times with the prompt
        # and the mismatch line), so each message is said once on one screen.
        error = outcome is not None and outcome.kind == "error"
        self.message.setText(glance_text(outcome_text(outcome)) if outcome and error else "")
        # in a window the big banner says it; the lines keep the room the same words would take twice
        self.message.setVisible(error and self.ctx.feedback is None)
        restyle(self.message, "color: white; background: #c62828; padding: 8px;" if error else "")
        if view is None:
            self.prompt.setText(self.tr("Log in as a packer to pack."))
            self.prompt.setVisible(True)
            return
        # in a mismatch the banner says the weights and the mismatch line what to do: no third copy
        self.prompt.setText("" if view.state == MISMATCH else say_text(view.prompt))
        self.prompt.setVisible(view.state != MISMATCH)
        order = view.order
        if order is None:
            last = view.last_package
            self.order.setText(self.tr("Next order") if last is None else last.order_ref)
            self.details.setText("" if last is None else self.tr("Packed: %1 g, box %2, tracking %3").replace(
                "%1", str(last.weight_g)).replace("%2", last.box_code).replace("%3", last.tracking_number))
            self.lines.show_lines([])
            self.box.setText("")
        else:
            self.order.setText(order.ref)
            where = order.destination_locker if order.delivery_method == "locker" else order.recipient_name
            self.details.setText(f"{order.carrier_code} · {service_name(order.service)} · {where or ''}")
            self.lines.show_lines(list(view.lines))
            size = view.locker_size
            self.box.setText((self.tr("Box %1").replace("%1", view.box.code) if view.box else "")
                             + (f" ({size})" if size else ""))
        self.lines.setVisible(order is not None or self.preview.png is None)
        self.preview.setVisible(order is None and self.preview.png is not None)
        weighing = view.state in (WEIGH, MISMATCH)
        for widget in (self.weight, self.typed):
            widget.setVisible(order is not None or self.scale is not None)
        self.expected.setVisible(weighing)
        self.mismatch.setVisible(view.state == MISMATCH)
        self.mismatch.setText(self.tr("Weight does not match: F10 recount, weigh again, or a supervisor scans "
                                      "their badge."))
        self.typed.setEnabled(weighing)
        if weighing and not self.typed.hasFocus():
            self.typed.setFocus()
        self._render_weight()
        self._render_label()

    def _render_weight(self) -> None:
        view = self.view
        expected = view.expected_weight_g if view else None
        if expected is not None and view is not None and view.state in (WEIGH, MISMATCH):
            self.expected.setText(self.tr("Expected %1 g ± %2 g").replace("%1", str(expected)).replace(
                "%2", str(view.tolerance_g)))
        else:
            self.expected.setText("")
        reading = self.reading
        if self.scale is None:
            self.weight.setText(f"{view.check.weight_g} g" if view and view.check else "— g")
            restyle(self.weight, "")
            self.scale_line.setText(self.tr("No scale: type the weight."))
        elif reading is None:
            self.weight.setText("— g")
            self.scale_line.setText(self.tr("Scale: %1 — type the weight.").replace("%1", self.scale_status or "…"))
        else:
            self.weight.setText(("" if reading.stable else "~ ") + f"{reading.grams} g")
            restyle(self.weight, "" if reading.stable else "color: #9e9e9e;")
            self.scale_line.setText(self.tr("Scale: stable") if reading.stable else self.tr("Scale: settling…"))

    def _render_label(self) -> None:
        active = bool(self.unknown)
        self.yes_key.setEnabled(active)
        self.no_key.setEnabled(active)
        panel = self.label_panel
        panel.question.setVisible(active)
        if active:
            panel.question.setText(self.tr("Did the label come out of the printer? Y = yes, N = no (print it "
                                           "again)"))
        state = self.label_state
        if state == "sent":
            panel.set_status(self.tr("Label printed."), "ok")
        elif state == "queued":
            panel.set_status(self.tr("Printer is off — the label is kept and prints when it is back; press F11 "
                                     "to retry."), "error")
        elif state == "unknown":
            panel.set_status(self.tr("The printer connection broke while sending: check the printer."), "wait")
        elif self.label_package:
            panel.set_status(self.tr("Label queued."), "wait")
        else:
            panel.set_status("", "")


def _handover_page(ctx: AppContext, user: User | None) -> Page:
    from ui.packing.handover import HandoverPage

    return HandoverPage(ctx, user)


register_page(PageSpec(window="station", key="packing", title=QT_TRANSLATE_NOOP("pages", "Packing"),
                       factory=PackingPage, roles=("packer",), order=20))
register_page(PageSpec(window="station", key="handover", title=QT_TRANSLATE_NOOP("pages", "Handover"),
                       factory=_handover_page, roles=("packer", "supervisor"), order=25))
