"""The stocker's receiving and putaway page at the station window: scan-driven, big type, PL/EN.

Receiving: scan the delivery note (an ASN the backend announced opens with its lines; any other text
starts an unannounced receipt under that reference), then scan items — a GS1-128/DataMatrix code
brings its lot (10) and expiry (17) — each scan counting the typed quantity (or 1, or the case's
units) onto the current licence plate. The first item opens a plate; F10 opens the next one (a new
pallet or tote); each plate's label goes to the station's label printer, and F11 prints it again
(a printer that is off is said; the plate is kept). The table shows every SKU expected against
received, over and under in colour. Scanning the delivery note again finishes the delivery.

Putaway: scan a licence plate; the page shows its next line and the suggested location
(terminal/inventory/putaway.py). Scanning that location puts the line away; another shelf is taken
when scanned twice (the first scan asks); anything that is not a shelf is refused with the reason.
Every write runs on the database worker (`run_task`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.inventory.lpn_label import print_plate_label
from terminal.inventory.putaway import suggest_location
from terminal.inventory.receiving import (
    DOCK,
    ExpectedLine,
    Inbound,
    ReceiptLine,
    expected_lines,
    inbound,
    lines_on_plate,
    plate_inbound,
)
from terminal.inventory.receiving_flow import close_delivery, open_delivery, open_plate, put_away, receive
from terminal.packing.settings import printer_uri
from terminal.people.badges import User
from terminal.scanning.types import CommandScan, ItemScan, LocationScan, ParcelScan, PickupTokenScan, TypedScan
from ui.coded_text import said
from ui.context import AppContext
from ui.packing.widgets import big_label
from ui.pages import Page, PageSpec, register_page
from ui.receiving.messages import refusal

OVER, UNDER, MATCHED = QColor("#ffe0b2"), QColor("#ffcdd2"), QColor("#c8e6c9")


@dataclass
class State:
    """What the page shows, made on the worker after each step (the GUI never queries)."""

    mode: str = "idle"                       # idle | receive | putaway
    delivery: Inbound | None = None
    lpn: str | None = None                   # the plate being filled (receive) or put away (putaway)
    expected: list[ExpectedLine] = field(default_factory=list)
    line: ReceiptLine | None = None          # putaway: the plate's next line on the dock
    left: int = 0                            # putaway: lines of the plate still on the dock
    suggested: str | None = None


@dataclass
class Step:
    kind: str                                # ok | error | info
    text: str
    state: State | None = None


class ReceivingPage(Page):
    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.state = State()
        self.confirm: str | None = None      # a shelf other than the suggestion, scanned once
        self.last: Step | None = None
        layout = QVBoxLayout(self)
        self.prompt = big_label(20)
        self.title = big_label(40)
        self.title.setObjectName("receivingTitle")
        self.details = big_label(16, bold=False)
        self.where = big_label(64)
        self.where.setObjectName("putawayLocation")
        self.qty = QLineEdit()
        self.qty.setValidator(QIntValidator(1, 100_000, self))
        self.qty.setStyleSheet("font-size: 16pt;")
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for widget in (self.prompt, self.title, self.details, self.where, self.qty):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        for key, slot in (("F10", self.new_plate), ("F11", self.print_again), ("Esc", self.leave)):
            QShortcut(QKeySequence(key), self, activated=slot)
        self.retranslate()

    # -- worker -------------------------------------------------------------------------------------------
    def _user_id(self) -> str | None:
        return self.user.id if self.user is not None else None

    def _run(self, work: Callable[[], Step], description: str) -> None:
        def failed(exc: BaseException) -> None:
            self._show(Step("error", said(lambda: refusal(exc))))

        self.run_task(work, self._show, failed, description)

    def _state(self, mode: str, delivery_id: str | None, lpn: str | None) -> State:
        """The page's state read on the worker: the delivery's lines, or the plate's next line."""
        db = self.ctx.db
        delivery = inbound(db, delivery_id) if delivery_id else None
        if mode == "putaway" and lpn:
            waiting = [line for line in lines_on_plate(db, lpn) if line.put_away_at is None]
            line = waiting[0] if waiting else None
            return State("putaway", delivery, lpn, [], line, len(waiting),
                         suggest_location(db, line.sku_code) if line else None)
        if delivery is None:
            return State()
        return State("receive", delivery, lpn, expected_lines(db, delivery.id))

    def _print(self, lpn: str) -> str | None:
        return print_plate_label(self.ctx.db, lpn, printer_uri(self.ctx.settings))

    def _printed(self, lpn: str, problem: str | None, then: str) -> Step:
        if problem is None:
            return Step("ok", said(lambda: self.tr("Licence plate %1 printed. %2").replace("%1", lpn)
                                   .replace("%2", then)))
        return Step("error", said(lambda: self.tr(
            "The printer did not print the label of licence plate %1 (%2). The plate is kept: press F11 to "
            "print it again.").replace("%1", lpn).replace("%2", problem)))

    # -- scans --------------------------------------------------------------------------------------------
    def handle_scan(self, scan: TypedScan) -> bool:
        if self.user is None or isinstance(scan, CommandScan | PickupTokenScan):
            return False        # a command or a locker's pickup code is not a delivery note
        state, user_id, db, clock = self.state, self._user_id(), self.ctx.db, self.ctx.clock
        multiplier = int(self.qty.text()) if self.qty.text().isdigit() else 1
        plate = (scan.sscc or scan.tracking_number) if isinstance(scan, ParcelScan) else ""

        def work() -> Step:
            if plate and plate_inbound(db, plate) is not None:
                return self._plate_scanned(plate)
            if state.mode == "putaway":
                return self._location_scanned(scan)
            if state.mode == "receive" and state.delivery is not None:
                if isinstance(scan, ItemScan):
                    return self._item_scanned(scan, multiplier)
                if scan.raw.strip() in (state.delivery.ref, state.delivery.id):
                    close_delivery(db, state.delivery.id, user_id, clock=clock)
                    ref = state.delivery.ref
                    return Step("ok", said(lambda: self.tr("Delivery %1 is received.").replace("%1", ref)), State())
                return Step("error", said(lambda: self.tr(
                    "%1 is not an item. Scan an item, or the delivery note again to finish.").replace("%1", scan.raw)))
            if isinstance(scan, ItemScan | LocationScan):
                return Step("error", said(lambda: self.tr(
                    "Scan the delivery note first, or a licence plate to put away.")))
            delivery = open_delivery(db, scan.raw, user_id, clock=clock)
            new = self._state("receive", delivery.id, None)
            if delivery.source == "asn":
                return Step("ok", said(lambda: self.tr("Delivery %1: scan the items.").replace("%1", delivery.ref)),
                            new)
            return Step("info", said(lambda: self.tr(
                "No delivery %1 was announced: receiving it as unannounced. Scan the items.")
                .replace("%1", delivery.ref)), new)

        self._run(work, "receiving scan")
        return True

    def _plate_scanned(self, lpn: str) -> Step:
        new = self._state("putaway", plate_inbound(self.ctx.db, lpn), lpn)
        if new.line is None:
            return Step("info", said(lambda: self.tr("Everything on licence plate %1 is put away.").replace("%1", lpn)),
                        State())
        return Step("ok", said(lambda: self.tr("Licence plate %1: take it to the location shown.").replace("%1", lpn)),
                    new)

    def _item_scanned(self, scan: ItemScan, multiplier: int) -> Step:
        state, db, clock, user_id = self.state, self.ctx.db, self.ctx.clock, self._user_id()
        assert state.delivery is not None
        printed = None
        lpn = state.lpn
        if lpn is None:
            lpn = open_plate(db, state.delivery.id, user_id, terminal_no=self._terminal_no(), clock=clock)
            printed = self._print(lpn)
        units = scan.units * multiplier
        receive(db, state.delivery.id, lpn, scan.sku_code, units, user_id, lot=scan.batch or None,
                expiry=scan.expiry, clock=clock)
        new = self._state("receive", state.delivery.id, lpn)
        if printed is not None:
            return Step("error", self._printed(lpn, printed, "").text, new)
        lot = f" · {scan.batch}" if scan.batch else ""
        return Step("ok", said(lambda: self.tr("%1 × %2 on licence plate %3.").replace("%1", str(units))
                               .replace("%2", scan.sku_code + lot).replace("%3", lpn)), new)

    def _location_scanned(self, scan: TypedScan) -> Step:
        state = self.state
        line = state.line
        if line is None:
            return Step("error", said(lambda: self.tr("Scan a licence plate first.")))
        if not isinstance(scan, LocationScan) or scan.code == DOCK:
            return Step("error", said(lambda: self.tr(
                "%1 is not a location. Scan the shelf's label: %2.").replace("%1", scan.raw)
                .replace("%2", state.suggested or "—")))
        if scan.code != state.suggested and self.confirm != scan.code:
            self.confirm = scan.code
            return Step("info", said(lambda: self.tr(
                "%1 is not the suggested location %2. Scan %1 again to put the units there.")
                .replace("%1", scan.code).replace("%2", state.suggested or "—")))
        put_away(self.ctx.db, line.id, scan.code, state.suggested, self._user_id(), clock=self.ctx.clock)
        self.confirm = None
        new = self._state("putaway", line.inbound_id, state.lpn)
        done = said(lambda: self.tr("%1 × %2 put away at %3.").replace("%1", str(line.qty))
                    .replace("%2", line.sku_code).replace("%3", scan.code))
        if new.line is None:
            return Step("ok", done, State())
        return Step("ok", done, new)

    def _terminal_no(self) -> int:
        return int(self.ctx.settings.get("packing.terminal_no", 0))

    # -- keys ---------------------------------------------------------------------------------------------
    def new_plate(self) -> None:
        state, db, clock, user_id = self.state, self.ctx.db, self.ctx.clock, self._user_id()
        if state.mode != "receive" or state.delivery is None:
            self._show(Step("error", said(lambda: self.tr("Scan the delivery note first."))))
            return
        delivery = state.delivery

        def work() -> Step:
            lpn = open_plate(db, delivery.id, user_id, terminal_no=self._terminal_no(), clock=clock)
            step = self._printed(lpn, self._print(lpn), said(lambda: self.tr("Scan the items.")))
            step.state = self._state("receive", delivery.id, lpn)
            return step

        self._run(work, "new licence plate")

    def print_again(self) -> None:
        lpn = self.state.lpn
        if lpn is None:
            self._show(Step("error", said(lambda: self.tr("There is no licence plate to print."))))
            return
        self._run(lambda: self._printed(lpn, self._print(lpn), ""), "licence plate label")

    def leave(self) -> None:
        self.confirm = None
        self._show(Step("info", said(lambda: self.tr("Scan a delivery note or a licence plate.")), State()))

    # -- showing ------------------------------------------------------------------------------------------
    def _show(self, step: Step) -> None:
        self.last = step
        if step.state is not None:
            if step.state.mode != self.state.mode or step.state.line != self.state.line:
                self.confirm = None if step.kind != "info" else self.confirm
            self.state = step.state
            self.qty.clear()
        feedback = self.ctx.feedback
        if feedback is not None:
            {"ok": feedback.ok, "error": feedback.error}.get(step.kind, feedback.info)(step.text)
        self._render()

    def _render(self) -> None:
        state = self.state
        self.where.setVisible(state.mode == "putaway")
        self.qty.setVisible(state.mode == "receive")
        self.table.setVisible(state.mode == "receive")
        if state.mode == "idle":
            self.prompt.setText(self.tr("Scan the delivery note (or type the supplier), or a licence plate to "
                                        "put away."))
            self.title.setText(self.tr("Receiving"))
            self.details.setText("")
        elif state.mode == "receive" and state.delivery is not None:
            self.prompt.setText(self.tr("Scan the items (type a quantity first for many). F10: new licence plate, "
                                        "F11: print its label again. Scan the note again to finish."))
            self.title.setText(state.delivery.ref)
            plate = (self.tr("licence plate %1").replace("%1", state.lpn) if state.lpn
                     else self.tr("no licence plate yet"))
            source = self.tr("announced") if state.delivery.source == "asn" else self.tr("unannounced")
            self.details.setText(" · ".join(p for p in (state.delivery.supplier, source, plate) if p))
        elif state.line is not None:
            line = state.line
            self.prompt.setText(self.tr("Take the units to this location and scan its label."))
            self.title.setText(f"{line.qty} × {line.name}")
            lot = " · ".join(p for p in (line.lot and self.tr("lot %1").replace("%1", line.lot),
                                         line.expiry and self.tr("best before %1").replace("%1", line.expiry)) if p)
            left = self.tr("%1 line(s) left on licence plate %2").replace("%1", str(state.left)).replace(
                "%2", state.lpn or "")
            self.details.setText(" · ".join(p for p in (lot, left) if p))
            self.where.setText(state.suggested or self.tr("no free location: choose one"))
        self._fill_table(state.expected)

    def _fill_table(self, lines: list[ExpectedLine]) -> None:
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            difference = f"{line.difference:+d}" if line.difference else "0"
            colour = OVER if line.difference > 0 else UNDER if line.difference < 0 else MATCHED
            for column, text in enumerate((f"{line.sku_code} · {line.name}", str(line.expected), str(line.received),
                                           difference)):
                item = QTableWidgetItem(text)
                if column == 3 and line.expected:
                    item.setBackground(colour)
                self.table.setItem(row, column, item)

    def retranslate(self) -> None:
        self.qty.setPlaceholderText(self.tr("quantity (Enter not needed: scan the item)"))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Expected"), self.tr("Received"),
                                              self.tr("Over / under")])
        self._render()

    def can_leave(self) -> bool:
        return True

    def difference_of(self, sku: str) -> int | None:
        """Received minus expected of one SKU as the table shows it (tests and screenshots read it)."""
        found = [line.difference for line in self.state.expected if line.sku_code == sku]
        return found[0] if found else None


def _page(ctx: AppContext, user: User | None) -> Page:
    return ReceivingPage(ctx, user)


register_page(PageSpec(window="station", key="receiving", title=QT_TRANSLATE_NOOP("pages", "Receiving"),
                       factory=_page, roles=("stocker", "supervisor"), order=30))

