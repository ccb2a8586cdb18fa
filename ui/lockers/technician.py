"""Technician page: board status, open any door (two taps: choose, confirm), service state."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QGridLayout, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from terminal.lockers.compartments import compartments
from terminal.lockers.doors import Opening
from terminal.lockers.technician import board_status, open_door, set_in_service
from terminal.people.badges import User
from ui.context import AppContext
from ui.lockers.widgets import KioskPage, tr


class TechnicianPage(KioskPage):
    COLUMNS = (
        QT_TRANSLATE_NOOP("lockers", "No."),
        QT_TRANSLATE_NOOP("lockers", "Size"),
        QT_TRANSLATE_NOOP("lockers", "Row"),
        QT_TRANSLATE_NOOP("lockers", "State"),
        QT_TRANSLATE_NOOP("lockers", "Door"),
        QT_TRANSLATE_NOOP("lockers", "Inside"),
    )
    STATES = (
        QT_TRANSLATE_NOOP("lockers", "FREE"),
        QT_TRANSLATE_NOOP("lockers", "RESERVED"),
        QT_TRANSLATE_NOOP("lockers", "OCCUPIED"),
        QT_TRANSLATE_NOOP("lockers", "OPEN"),
        QT_TRANSLATE_NOOP("lockers", "FAULT"),
        QT_TRANSLATE_NOOP("lockers", "OUT_OF_SERVICE"),
    )
    DOOR_STATES = (
        QT_TRANSLATE_NOOP("lockers", "open"),
        QT_TRANSLATE_NOOP("lockers", "closed"),
        QT_TRANSLATE_NOOP("lockers", "unknown"),
    )

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.translated(self.title.setText, QT_TRANSLATE_NOOP("lockers", "Technician"))
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(60)
        self.table.verticalHeader().setVisible(False)
        # columns as wide as their texts (a state name is not cut), the last ("Inside") takes the rest
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.root.addWidget(self.table)
        row = QGridLayout()
        self.refresh_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Read the boards"))
        self.open_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Open door…"))
        self.confirm_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Confirm: open"))
        self.out_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Out of service"))
        self.in_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Back in service"))
        buttons = (self.refresh_button, self.open_button, self.confirm_button, self.out_button, self.in_button)
        for index, button in enumerate(buttons):
            row.addWidget(button, index // 3, index % 3)
        self.root.addLayout(row)
        self.root.addWidget(self.accessible_button)
        self.confirm_button.setVisible(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.ask_open)
        self.confirm_button.clicked.connect(self.confirm_open)
        self.out_button.clicked.connect(lambda: self._service(False))
        self.in_button.clicked.connect(lambda: self._service(True))
        self.ids: list[str] = []
        self.adapter.door_opened.connect(self._door_opened)

    def _door_opened(self, opening: Opening) -> None:
        if opening.purpose == "technician":
            self.say(
                QCoreApplication.translate("lockers", "Compartment %1 is open; close it when you are done.").replace(
                    "%1", str(opening.compartment.number)
                ),
                "info",
            )

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])

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
            self.say(QCoreApplication.translate("lockers", "Choose a compartment first."), "error")
            return None
        index = rows[0].row()
        return self.ids[index], int(self.table.item(index, 0).text())

    def ask_open(self) -> None:
        chosen = self.selected()
        if chosen:
            self.confirm_button.setText(
                QCoreApplication.translate("lockers", "Confirm: open %1").replace("%1", str(chosen[1]))
            )
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
                inside = (
                    ""
                    if door.occupied is None
                    else (
                        QCoreApplication.translate("lockers", "yes")
                        if door.occupied
                        else QCoreApplication.translate("lockers", "no")
                    )
                )
                values = (
                    str(comp.number),
                    comp.size_class,
                    str(comp.row_no),
                    tr(comp.state),
                    tr(door.state) if status.online else QCoreApplication.translate("lockers", "board offline"),
                    inside,
                )
                for column, value in enumerate(values):
                    self.table.setItem(n, column, QTableWidgetItem(value))
                self.ids.append(comp.id)
            offline = sorted({s.board for _c, s in result if not s.online})
            self.say(
                QCoreApplication.translate("lockers", "Boards not answering: %1").replace(
                    "%1", ", ".join(map(str, offline))
                )
                if offline
                else QCoreApplication.translate("lockers", "All boards answer."),
                "error" if offline else "ok",
            )
            return
        if name == "open":
            outcome = getattr(result, "outcome", "unknown")
            self.say(
                QCoreApplication.translate("lockers", "Door opened.")
                if outcome == "opened"
                else QCoreApplication.translate("lockers", "The door did not open (%1).").replace("%1", str(outcome)),
                "ok" if outcome == "opened" else "error",
            )
        elif name == "service":
            self.say(QCoreApplication.translate("lockers", "Saved."), "ok")
        self.refresh()
