"""Recipient pickup (phone + 6-digit code on the keypad, or a QR token) and sender returns."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLineEdit, QVBoxLayout, QWidget

from terminal.lockers.doors import Opening
from terminal.lockers.kiosk import FlowResult
from terminal.lockers.pickup import pickup_by_code, pickup_by_token
from terminal.lockers.returns import drop_return
from terminal.people.badges import User
from terminal.scanning.types import PickupTokenScan, TypedScan, Unknown
from ui.context import AppContext
from ui.lockers.messages import for_code
from ui.lockers.widgets import Keypad, KioskPage


class CodeEntryPage(KioskPage):
    """Fields filled from the on-screen keypad; the active field is the one last tapped."""

    fields_spec: tuple[tuple[str, str, int], ...] = ()
    instruction = ""          # said (in the current language) every time the page is shown

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.fields: dict[str, QLineEdit] = {}
        # landscape (the 1280×800 kiosk): fields left, keypad right, so the keypad gets the full
        # height; portrait: fields above the keypad. resizeEvent picks the direction.
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.fields_row = row
        for key, placeholder, length in self.fields_spec:
            edit = QLineEdit(self)
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(length)
            edit.setMinimumHeight(80)
            edit.setReadOnly(True)  # touch keypad only; no OS keyboard at a kiosk
            edit.mousePressEvent = lambda _e, k=key: self.select_field(k)  # type: ignore[method-assign]
            self.fields[key] = edit
            row.addWidget(edit)
        self.keypad = Keypad(self)
        self.keypad.digit.connect(self.type_digit)
        self.keypad.erase.connect(self.erase)
        self.keypad.submit.connect(self.submit)
        self.side = QVBoxLayout()
        self.side.addLayout(row)
        self.side.addStretch(1)
        self.side.addWidget(self.accessible_button)
        self.entry = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.entry.addLayout(self.side, 1)
        self.entry.addWidget(self.keypad, 1)
        self.root.addLayout(self.entry, 1)
        self.active = self.fields_spec[0][0]
        self.busy = False
        self.adapter.door_opened.connect(self._door_opened)
        self.adapter.door_reminder.connect(self._door_reminder)
        self.adapter.door_alarm.connect(self._door_reminder)

    def resizeEvent(self, event: QResizeEvent) -> None:
        landscape = event.size().width() > event.size().height() * 1.3
        wanted = QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        if self.entry.direction() != wanted:   # a change resizes the page: set it only when it differs
            self.entry.setDirection(wanted)
        # the fields one above the other either way: side by side, a long placeholder in the
        # accessible mode's big type does not fit half a portrait screen
        if self.fields_row.direction() != QBoxLayout.Direction.TopToBottom:
            self.fields_row.setDirection(QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def select_field(self, key: str) -> None:
        self.active = key

    def type_digit(self, digit: str) -> None:
        edit = self.fields[self.active]
        if len(edit.text()) < edit.maxLength():
            edit.setText(edit.text() + digit)
        keys = [k for k, _p, _n in self.fields_spec]
        if len(edit.text()) == edit.maxLength() and keys.index(self.active) + 1 < len(keys):
            self.active = keys[keys.index(self.active) + 1]

    def erase(self) -> None:
        edit = self.fields[self.active]
        if edit.text():
            edit.setText(edit.text()[:-1])
        else:
            keys = [k for k, _p, _n in self.fields_spec]
            self.active = keys[max(0, keys.index(self.active) - 1)]

    def clear(self) -> None:
        for edit in self.fields.values():
            edit.clear()
        self.active = self.fields_spec[0][0]

    def on_shown(self) -> None:
        # the person arriving needs to know what to do, not the message the previous page left
        self.clear()
        self.message.clear()
        if self.instruction:
            self.say_instruction()

    def can_leave(self) -> bool:
        return not self.busy

    def start(self, name: str, fn) -> None:  # type: ignore[no-untyped-def]
        if self.busy:
            self.say(QCoreApplication.translate("lockers", "Please wait, a door is being opened."), "info")
            return
        self.busy = True
        self.say(QCoreApplication.translate("lockers", "Opening…"), "info")
        self.adapter.run(self.tag(name), fn)

    def _door_opened(self, opening: Opening) -> None:
        if self.busy:
            self.say(
                QCoreApplication.translate(
                    "lockers", "Compartment %1 is open. Take your parcel and close the door."
                ).replace("%1", str(opening.compartment.number)),
                "ok",
            )

    def _door_reminder(self, opening: Opening, seconds: float) -> None:
        if self.busy:
            self.say(
                QCoreApplication.translate("lockers", "Please close compartment %1.").replace(
                    "%1", str(opening.compartment.number)
                ),
                "error",
            )

    def on_result(self, name: str, result: object) -> None:
        self.busy = False
        self.clear()
        if isinstance(result, FlowResult):
            self.say(for_code(result.code, result.message), "ok" if result.ok else "error")

    def on_refused(self, name: str, code: str, message: str) -> None:
        self.busy = False
        if code in ("bad_code", "bad_phone", "wrong_code"):
            self.fields[self.fields_spec[-1][0]].clear()
            self.active = self.fields_spec[-1][0] if code != "bad_phone" else self.fields_spec[0][0]
        self.say(for_code(code, message), "error")


class PickupPage(CodeEntryPage):
    fields_spec = (("phone", "Phone number", 9), ("code", "Pickup code", 6))
    instruction = QT_TRANSLATE_NOOP(
        "lockers", "Enter your phone number and the 6-digit code, or show the QR code to the camera.")

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.translated(self.title.setText, QT_TRANSLATE_NOOP("lockers", "Collect a parcel"))
        self.translated(self.fields["phone"].setPlaceholderText, QT_TRANSLATE_NOOP("lockers", "Phone number"))
        self.translated(self.fields["code"].setPlaceholderText, QT_TRANSLATE_NOOP("lockers", "Pickup code (6 digits)"))
        self.say_instruction()

    def submit(self) -> None:
        phone, code = self.fields["phone"].text(), self.fields["code"].text()
        self.start("code", lambda k: pickup_by_code(k, phone, code))

    def handle_scan(self, scan: TypedScan) -> bool:
        if isinstance(scan, PickupTokenScan):
            token = scan.token
            self.start("qr", lambda k: pickup_by_token(k, token))
            return True
        if isinstance(scan, Unknown) and self.isVisible():
            self.say(
                QCoreApplication.translate("lockers", "This QR code is not a pickup code for this locker."), "error"
            )
            return True
        return False  # elsewhere (the start screen) the window says what was read


class ReturnsPage(CodeEntryPage):
    fields_spec = (("code", "Return code", 6),)
    instruction = QT_TRANSLATE_NOOP("lockers", "Enter the 6-digit return code from the shop.")

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.translated(self.title.setText, QT_TRANSLATE_NOOP("lockers", "Send a return"))
        self.translated(self.fields["code"].setPlaceholderText, QT_TRANSLATE_NOOP("lockers", "Return code (6 digits)"))
        self.say_instruction()
        self.too_small = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Parcel does not fit"))
        self.too_small.setVisible(False)
        self.root.addWidget(self.too_small)
        self.opening: Opening | None = None
        self.too_small.clicked.connect(self._too_small)
        self.adapter.door_closed.connect(self._door_closed)

    def submit(self) -> None:
        code, accessible = self.fields["code"].text(), self.adapter.accessible
        self.start("return", lambda k: drop_return(k, code, accessible=accessible))

    def _door_opened(self, opening: Opening) -> None:
        if self.busy:
            self.opening = opening
            self.too_small.setVisible(True)
            self.say(
                QCoreApplication.translate(
                    "lockers", "Compartment %1 is open. Put the parcel in and close the door."
                ).replace("%1", str(opening.compartment.number)),
                "ok",
            )

    def _door_closed(self, _opening: Opening) -> None:
        self.too_small.setVisible(False)

    def _too_small(self) -> None:
        if self.opening is not None:
            self.adapter.report_problem(self.opening, "too_small")
            self.say(QCoreApplication.translate("lockers", "Close the door; a bigger compartment will open."), "info")
