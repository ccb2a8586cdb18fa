"""Recipient pickup (phone + 6-digit code on the keypad, or a QR token) and sender returns.

One field is active, and it is the one with the keyboard focus (the frame a person sees is where the
digits go). After repeated wrong codes the keypad pauses: its keys are disabled and grey, and the
page counts the seconds down. Extra taps on OK while a door is being opened say the door once it is
open, not "please wait"."""

from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLineEdit, QVBoxLayout, QWidget

from terminal.lockers.doors import Opening
from terminal.lockers.keypad import lockout_seconds
from terminal.lockers.kiosk import FlowResult, LockerKiosk
from terminal.lockers.pickup import pickup_by_code, pickup_by_token
from terminal.lockers.returns import drop_return
from terminal.people.badges import User
from terminal.scanning.types import PickupTokenScan, TypedScan, Unknown
from ui.coded_text import fill
from ui.context import AppContext
from ui.lockers.messages import for_code, recipient_result
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
        self.door_text = ""                  # what the open door's message said, for extra taps on OK
        self.locked_until = 0.0              # time.monotonic() when the paused keypad works again
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self._tick_lockout)
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
        """The field digits go to — and the one with the focus frame, so what is seen is what is typed."""
        self.active = key
        self.fields[key].setFocus()

    def type_digit(self, digit: str) -> None:
        if self.locked():
            return
        edit = self.fields[self.active]
        if len(edit.text()) < edit.maxLength():
            edit.setText(edit.text() + digit)
        keys = [k for k, _p, _n in self.fields_spec]
        if len(edit.text()) == edit.maxLength() and keys.index(self.active) + 1 < len(keys):
            self.select_field(keys[keys.index(self.active) + 1])

    def erase(self) -> None:
        edit = self.fields[self.active]
        if edit.text():
            edit.setText(edit.text()[:-1])
        else:
            keys = [k for k, _p, _n in self.fields_spec]
            self.select_field(keys[max(0, keys.index(self.active) - 1)])

    def clear(self) -> None:
        for edit in self.fields.values():
            edit.clear()
        self.select_field(self.fields_spec[0][0])

    def on_shown(self) -> None:
        # the person arriving needs to know what to do, not the message the previous page left
        self.clear()
        self.message.clear()
        if self.instruction:
            self.say_instruction()
        self._ask_lockout()                  # a keypad paused for the last person is paused for this one

    def can_leave(self) -> bool:
        return not self.busy

    def start(self, name: str, fn) -> None:  # type: ignore[no-untyped-def]
        if self.busy:
            # the door may be open already: say which one, not "please wait" until the 10 s reminder
            self.say(self.door_text or QCoreApplication.translate("lockers", "Please wait, a door is being opened."),
                     "ok" if self.door_text else "info")
            return
        if self.locked():
            self._tick_lockout()
            return
        self.busy = True
        self.door_text = ""
        self.say(QCoreApplication.translate("lockers", "Opening…"), "info")
        self.adapter.run(self.tag(name), fn)

    def door_sentence(self) -> str:
        return QCoreApplication.translate("lockers", "Compartment %1 is open. Take your parcel and close the door.")

    def _door_opened(self, opening: Opening) -> None:
        if self.busy:
            self.door_text = self.door_sentence().replace("%1", str(opening.compartment.number))
            self.say(self.door_text, "ok")

    # -- keypad lockout ------------------------------------------------------------------------------
    def locked(self) -> bool:
        return self.locked_until > time.monotonic()

    def _ask_lockout(self) -> None:
        def remaining(k: LockerKiosk) -> float:
            return lockout_seconds(k.db, k.site_id, k.clock.now(), k.settings.get("lockers.lockout_after", 3))

        self.adapter.run(self.tag("lockout"), remaining)

    def _lock_keypad(self, seconds: float) -> None:
        self.locked_until = time.monotonic() + seconds if seconds > 0 else 0.0
        self._tick_lockout()

    def _tick_lockout(self) -> None:
        left = int(self.locked_until - time.monotonic() + 0.999)
        locked = left > 0
        self.keypad.setEnabled(not locked)
        if locked:
            if not self.lock_timer.isActive():
                self.lock_timer.start()
            self.say(fill(QCoreApplication.translate("lockers", "Too many wrong codes. Try again in %1 seconds."),
                          (str(left),)), "error")
        elif self.lock_timer.isActive():
            self.lock_timer.stop()
            self.locked_until = 0.0
            if self.instruction:
                self.say(QCoreApplication.translate("lockers", self.instruction))

    def _door_reminder(self, opening: Opening, seconds: float) -> None:
        if self.busy:
            self.say(
                QCoreApplication.translate("lockers", "Please close compartment %1.").replace(
                    "%1", str(opening.compartment.number)
                ),
                "error",
            )

    def on_result(self, name: str, result: object) -> None:
        if name == "lockout":
            self._lock_keypad(float(result) if isinstance(result, int | float) else 0.0)
            return
        self.busy = False
        self.door_text = ""
        self.clear()
        if isinstance(result, FlowResult):
            self.say(recipient_result(result.code, result.message, result.args), "ok" if result.ok else "error")

    def on_refused(self, name: str, code: str, message: str) -> None:
        if name == "lockout":
            return
        self.busy = False
        self.door_text = ""
        if code in ("bad_code", "bad_phone", "wrong_code"):
            self.fields[self.fields_spec[-1][0]].clear()
            self.select_field(self.fields_spec[-1][0] if code != "bad_phone" else self.fields_spec[0][0])
        self.say(for_code(code, message), "error")
        if code in ("locked", "wrong_code"):
            self._ask_lockout()               # paused now? then the keypad greys out and counts down


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

    def door_sentence(self) -> str:
        return QCoreApplication.translate("lockers", "Compartment %1 is open. Put the parcel in and close the door.")

    def _door_opened(self, opening: Opening) -> None:
        if self.busy:
            self.opening = opening
            self.too_small.setVisible(True)
        super()._door_opened(opening)

    def _door_closed(self, _opening: Opening) -> None:
        self.too_small.setVisible(False)

    def _too_small(self) -> None:
        if self.opening is not None:
            self.adapter.report_problem(self.opening, "too_small")
            self.say(QCoreApplication.translate("lockers", "Close the door; a bigger compartment will open."), "info")
