"""Courier page: badge in, scan parcels one by one; the list of expired parcels and returns to take."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.lockers.deposit import collect, deposit, to_collect
from terminal.lockers.doors import Opening
from terminal.lockers.kiosk import FlowResult
from terminal.people.badges import User
from terminal.scanning.types import ParcelScan, TypedScan, Unknown
from ui.context import AppContext
from ui.lockers.messages import result_text
from ui.lockers.widgets import KioskPage, tr
from ui.scanning.messages import unknown_text

ROW_PX = 120   # one row of the collection list: a gloved finger in the rain hits it first time


class CourierPage(KioskPage):
    sig_list_loaded = Signal(int)   # the collection list was (re)filled; how many parcels it shows
    instruction = QT_TRANSLATE_NOOP("lockers", "Scan a parcel to deposit it.")

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.translated(self.title.setText, QT_TRANSLATE_NOOP("lockers", "Courier"))
        self.door = QLabel(self)
        self.door.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.root.addWidget(self.door)
        problems = QHBoxLayout()
        self.too_small = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Too small"))
        self.not_empty = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Not empty"))
        problems.addWidget(self.too_small)
        problems.addWidget(self.not_empty)
        self.root.addLayout(problems)
        self.collect_list = QListWidget(self)
        self.collect_list.setObjectName("collectList")
        self.collect_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.collect_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.collect_list.setWordWrap(True)
        heading = self.translated_label(QT_TRANSLATE_NOOP("lockers", "To take away (expired parcels and returns):"))
        heading.setObjectName("listHeading")
        # landscape: the list on the left, its actions in a column on the right (a 1280×800 kiosk has no
        # height for the list and two rows of big buttons); portrait: the actions under the list
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        listing = QVBoxLayout()
        listing.addWidget(heading)
        listing.addWidget(self.collect_list, 1)
        self.body.addLayout(listing, 1)
        self.side = QVBoxLayout()
        self.body.addLayout(self.side)      # as wide as its longest button; the list takes the rest
        self.root.addLayout(self.body, 1)
        self.collect_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Open the selected compartment"))
        self.refresh_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Refresh the list"))
        for button in (self.collect_button, self.refresh_button):
            button.setObjectName("bigAction")
        self.collect_button.setEnabled(False)          # until a parcel in the list is chosen
        self.collect_list.currentItemChanged.connect(self._chosen)
        self.actions_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.actions_row.addWidget(self.collect_button)
        self.actions_row.addWidget(self.refresh_button)
        self.side.addLayout(self.actions_row)
        self.side.addStretch(1)
        self.side.addWidget(self.accessible_button)
        self.too_small.clicked.connect(lambda: self._problem("too_small"))
        self.not_empty.clicked.connect(lambda: self._problem("not_empty"))
        self.collect_button.clicked.connect(self.collect_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.adapter.door_opened.connect(self._door_opened)
        self.adapter.door_closed.connect(self._door_closed)
        self.adapter.door_reminder.connect(self._reminder)
        self.adapter.door_alarm.connect(self._reminder)
        self.opening: Opening | None = None
        self.busy = False
        self.list_loading = False
        self._show_problems(False)
        self.say_instruction()

    def _arrange(self) -> None:
        """Landscape: the actions in a column beside the list. Portrait: under it, side by side while
        their text fits, else one above the other (accessible mode, long English labels)."""
        landscape = self.width() > self.height() * 1.3
        body = QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        if self.body.direction() != body:       # a change resizes the page: set it only when it differs
            self.body.setDirection(body)
        buttons = (self.collect_button, self.refresh_button)
        need = sum(b.sizeHint().width() for b in buttons) + self.actions_row.spacing()
        margins = self.root.contentsMargins()
        room = self.contentsRect().width() - margins.left() - margins.right()
        fits = not landscape and need <= room
        direction = QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        if self.actions_row.direction() != direction:
            self.actions_row.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def set_accessible(self, on: bool) -> None:
        super().set_accessible(on)
        if hasattr(self, "actions_row"):   # the base class sets the mode before the buttons exist
            self._arrange()

    @property
    def user_id(self) -> str:
        return self.user.id if self.user else ""

    def on_shown(self) -> None:
        # the banner is shared by every kiosk page: say what to do here, not what the last page asked
        if not self.busy:
            self.message.clear()
            self.say_instruction()
        self.refresh()

    def can_leave(self) -> bool:
        return not self.busy

    def refresh(self) -> None:
        if self.collect_list.count() == 0:
            self._note(QCoreApplication.translate("lockers", "Loading the parcels to take away…"))
        self.list_loading = True
        self.adapter.run(self.tag("list"), to_collect)

    def _note(self, text: str) -> None:
        """A row that is only a sentence (loading, nothing to take): it cannot be chosen."""
        self.collect_list.clear()
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setSizeHint(QSize(0, ROW_PX))
        self.collect_list.addItem(item)

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self.collect_button.setEnabled(item is not None and item.data(256) is not None)

    def _fill(self, entries: list[dict[str, object]]) -> None:
        self.collect_list.clear()
        for entry in entries:
            why = (QCoreApplication.translate("lockers", "return") if entry["kind"] == "return"
                   else QCoreApplication.translate("lockers", "expired"))
            where = QCoreApplication.translate("lockers", "Compartment %1").replace("%1", str(entry["number"]))
            item = QListWidgetItem(f"{where}  ·  {why}\n{entry['tracking_number']}")
            item.setData(256, entry["parcel_id"])
            item.setSizeHint(QSize(0, ROW_PX))
            self.collect_list.addItem(item)
        if not entries:
            self._note(QCoreApplication.translate("lockers", "Nothing to take away from this locker."))
        self._chosen(None)

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, ParcelScan):
            if self.busy:
                self.say(QCoreApplication.translate("lockers", "Finish the open compartment first."), "error")
                return True
            self.busy = True
            tracking, user_id, accessible = scan.tracking_number, self.user_id, self.adapter.accessible
            self.say(QCoreApplication.translate("lockers", "Finding a compartment for %1…").replace("%1", tracking))
            self.adapter.run(self.tag("deposit"), lambda k: deposit(k, user_id, tracking, accessible=accessible))
            return True
        if isinstance(scan, Unknown) and self.isVisible():
            self.say(unknown_text(scan) or tr(scan.message), "error")
            return True
        return False

    def collect_selected(self) -> None:
        item = self.collect_list.currentItem()
        if item is None or item.data(256) is None or self.busy:
            return
        parcel_id, user_id = item.data(256), self.user_id
        self.busy = True
        self.adapter.run(self.tag("collect"), lambda k: collect(k, user_id, parcel_id))

    def _show_problems(self, on: bool) -> None:
        self.too_small.setVisible(on)
        self.not_empty.setVisible(on)
        # every door change passes here: an empty door line gives its height to the collection list
        self.door.setVisible(bool(self.door.text()))

    def _door_opened(self, opening: Opening) -> None:
        if not self.busy:
            return
        self.opening = opening
        self.door.setText(
            QCoreApplication.translate("lockers", "Compartment %1 is open").replace(
                "%1", str(opening.compartment.number)
            )
        )
        self._show_problems(opening.purpose == "deposit")
        self.say(
            QCoreApplication.translate("lockers", "Put the parcel in and close the door.")
            if opening.purpose == "deposit"
            else QCoreApplication.translate("lockers", "Take the parcel out and close the door."),
            "ok",
        )

    def _door_closed(self, opening: Opening) -> None:
        if opening is self.opening:
            self.door.clear()
            self._show_problems(False)

    def _reminder(self, opening: Opening, seconds: float) -> None:
        if self.busy:
            self.say(
                QCoreApplication.translate("lockers", "Please close compartment %1.").replace(
                    "%1", str(opening.compartment.number)
                ),
                "error",
            )

    def _problem(self, problem: str) -> None:
        if self.opening is not None:
            self.adapter.report_problem(self.opening, problem)
            self.say(QCoreApplication.translate("lockers", "Close the door; another compartment will open."), "info")

    def on_result(self, name: str, result: object) -> None:
        if name == "list" and isinstance(result, list):
            self.list_loading = False
            self._fill(result)
            self.sig_list_loaded.emit(len(result))
            return
        self.busy = False
        self.opening = None
        self.door.clear()
        self._show_problems(False)
        if isinstance(result, FlowResult):
            self.say(result_text(result.code, result.message, result.args), "ok" if result.ok else "error")
        if name == "collect":
            self.refresh()

    def on_refused(self, name: str, code: str, message: str) -> None:
        if name == "list":
            self.list_loading = False
            self.collect_list.clear()
            self.sig_list_loaded.emit(0)
        else:
            self.busy = False
            self.opening = None
            self._show_problems(False)
        super().on_refused(name, code, message)
