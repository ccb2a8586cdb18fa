"""Technician page: board status, open any door (two taps: choose, confirm), service state."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QTableWidget, QTableWidgetItem, QWidget

from terminal.lockers.compartments import compartments
from terminal.lockers.technician import board_status, open_door, set_in_service
from terminal.people.badges import User
from ui.context import AppContext
from ui.lockers.widgets import KioskPage, big_button, tr


class TechnicianPage(KioskPage):
    COLUMNS = ("No.", "Size", "Row", "State", "Door", "Inside")

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.title.setText(tr("Technician"))
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(60)
        self.root.addWidget(self.table)
        row = QHBoxLayout()
        self.refresh_button = big_button(tr("Read the boards"), self)
        self.open_button = big_button(tr("Open door…"), self)
        self.confirm_button = big_button(tr("Confirm: open"), self)
        self.out_button = big_button(tr("Out of service"), self)
        self.in_button = big_button(tr("Back in service"), self)
        for button in (self.refresh_button, self.open_button, self.confirm_button, self.out_button, self.in_button):
            row.addWidget(button)
        self.root.addLayout(row)
        self.root.addWidget(self.accessible_button)
        self.confirm_button.setVisible(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.ask_open)
        self.confirm_button.clicked.connect(self.confirm_open)
        self.out_button.clicked.connect(lambda: self._service(False))
        self.in_button.clicked.connect(lambda: self._service(True))
        self.ids: list[str] = []

    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        def read(k):  # type: ignore[no-untyped-def]
            statuses = {s.board: s for s in board_status(k)}
            return [(c, statuses[c.board_no]) for c in compartments(k.db, k.site_id)]
        self.adapter.run(self.tag("status"), read)

    def selected(self) -> tuple[str, int] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            self.say(tr("Choose a compartment first."), "error")
            return None
        index = rows[0].row()
        return self.ids[index], int(self.table.item(index, 0).text())

    def ask_open(self) -> None:
        chosen = self.selected()
        if chosen:
            self.confirm_button.setText(tr("Confirm: open %1").replace("%1", str(chosen[1])))
            self.confirm_button.setVisible(True)

    def confirm_open(self) -> None:
        chosen = self.selected()
        self.confirm_button.setVisible(False)
        if chosen and self.user:
            comp_id, user_id = chosen[0], self.user.id
            self.adapter.run(self.tag("open"), lambda k: open_door(k, user_id, comp_id))

    def _service(self, in_service: bool) -> None:
        chosen = self.selected()
        if chosen and self.user:
            comp_id, user_id = chosen[0], self.user.id
            self.adapter.run(self.tag("service"), lambda k: set_in_service(k, user_id, comp_id, in_service))

    def on_result(self, name: str, result: object) -> None:
        if name == "status" and isinstance(result, list):
            self.table.setRowCount(len(result))
            self.ids = []
            for n, (comp, status) in enumerate(result):
                door = status.door(comp.lock_no)
                inside = "" if door.occupied is None else (tr("yes") if door.occupied else tr("no"))
                values = (str(comp.number), comp.size_class, str(comp.row_no), comp.state,
                          tr(door.state) if status.online else tr("board offline"), inside)
                for column, value in enumerate(values):
                    self.table.setItem(n, column, QTableWidgetItem(value))
                self.ids.append(comp.id)
            offline = sorted({s.board for _c, s in result if not s.online})
            self.say(tr("Boards not answering: %1").replace("%1", ", ".join(map(str, offline))) if offline
                     else tr("All boards answer."), "error" if offline else "ok")
            return
        if name == "open":
            outcome = getattr(result, "outcome", "unknown")
            self.say(tr("Door opened.") if outcome == "opened" else tr("The door did not open (%1).")
                     .replace("%1", str(outcome)), "ok" if outcome == "opened" else "error")
        elif name == "service":
            self.say(tr("Saved."), "ok")
        self.refresh()
