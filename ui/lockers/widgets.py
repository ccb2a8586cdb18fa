"""Touch widgets for the kiosk: big buttons (≥ 80 px), an on-screen keypad, the shared page frame."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from terminal.people.badges import User
from ui.coded_text import fill, said
from ui.context import AppContext
from ui.lockers.adapter import LockerAdapter, adapter_for
from ui.pages import Page

TOUCH_PX = 80
# keypad keys and the code fields carry big digits: read at arm's length, in rain or glare
STYLE = ("QWidget { font-size: 22px; } QPushButton { min-height: %dpx; min-width: %dpx; font-size: 26px; }"
         " QPushButton#keypadKey { font-size: 56px; font-weight: bold; }"
         " QLineEdit { font-size: 40px; font-weight: bold; }"
         # the courier's collection list and its two buttons: read and hit at arm's length, with gloves
         " QListWidget { font-size: 30px; } QListWidget::item { padding: 8px 16px; border-bottom: 1px solid #b8c0c8; }"
         " QListWidget::item:selected { background: #1f6feb; color: white; }"
         " QPushButton#bigAction { min-height: 120px; font-size: 32px; font-weight: bold; }"
         " QPushButton#bigAction:disabled { color: #8a949e; }"
         " QLabel#listHeading { font-size: 28px; font-weight: bold; }"
         # a paused keypad (too many wrong codes) must look it
         " QPushButton#keypadKey:disabled { color: #a0a8b0; background: #e3e6ea; border: 1px solid #c8ced4; }")
ACCESSIBLE_STYLE = (
    "QWidget { font-size: 32px; background: black; color: yellow; }"
    " QPushButton { min-height: 110px; min-width: 110px; font-size: 36px; background: #202020;"
    " color: yellow; border: 3px solid yellow; } QLineEdit { background: black; color: yellow; font-size: 46px;"
    " font-weight: bold; } QPushButton#keypadKey { font-size: 72px; font-weight: bold; min-height: 92px; }"
    " QListWidget { font-size: 32px; } QListWidget::item { padding: 8px 16px; border-bottom: 2px solid yellow; }"
    " QListWidget::item:selected { background: yellow; color: black; }"
    " QPushButton#bigAction { min-height: 140px; font-size: 36px; font-weight: bold; }"
    " QPushButton#bigAction:disabled { color: #807000; border-color: #807000; }"
    " QLabel#listHeading { font-size: 36px; font-weight: bold; }"
    " QPushButton#keypadKey:disabled { color: #605000; border-color: #605000; background: #101010; }"
)


def tr(text: str) -> str:
    return QCoreApplication.translate("lockers", text)


def big_button(text: str, parent: QWidget | None = None, *, grow: bool = False) -> QPushButton:
    """A touch button at least TOUCH_PX square; `grow` lets it take spare height too (keypad keys)."""
    button = QPushButton(text, parent)
    button.setMinimumSize(TOUCH_PX, TOUCH_PX)
    vertical = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Fixed
    button.setSizePolicy(QSizePolicy.Policy.Expanding, vertical)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class Keypad(QWidget):
    """0–9, erase, OK. Emits `digit`, `erase`, `submit`."""

    digit = Signal(str)
    erase = Signal()
    submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        for n, key in enumerate("123456789"):
            self._add(key, n // 3, n % 3)
        self._add("⌫", 3, 0)
        self._add("0", 3, 1)
        self._add("OK", 3, 2)

    def _add(self, key: str, row: int, column: int) -> None:
        text = QCoreApplication.translate("lockers", "OK") if key == "OK" else key
        button = big_button(text, self, grow=True)
        button.setObjectName("keypadKey")
        self.buttons[key] = button
        if key == "⌫":
            button.clicked.connect(self.erase.emit)
        elif key == "OK":
            button.clicked.connect(self.submit.emit)
        else:
            button.clicked.connect(lambda _=False, k=key: self.digit.emit(k))
        self.grid.addWidget(button, row, column)


class KioskPage(Page):
    """Common frame: title, message line, accessible-mode toggle; one adapter for the board I/O."""

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self._translations: list[tuple[Callable[[str], None], str]] = []
        self.adapter: LockerAdapter = adapter_for(ctx)
        self.adapter.finished.connect(self._on_finished)
        self.adapter.refused.connect(self._on_refused)
        self.adapter.remote_open.connect(self._on_remote_open)
        self.root = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 34px; font-weight: bold;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("message")
        self.message.setVisible(ctx.feedback is None)   # in a window the big banner says it (see say)
        self.accessible_button = self.translated_button(QT_TRANSLATE_NOOP("lockers", "Accessible mode"))
        self.accessible_button.setCheckable(True)
        self.accessible_button.toggled.connect(self.set_accessible)
        self.root.addWidget(self.title)
        self.root.addWidget(self.message)
        self.set_accessible(self.adapter.accessible)

    # -- translation: static texts are kept as (setter, source) and set again on LanguageChange --
    def translated(self, setter: Callable[[str], None], source: str) -> None:
        self._translations.append((setter, source))
        setter(QCoreApplication.translate("lockers", source))

    def translated_button(self, source: str) -> QPushButton:
        button = big_button("", self)
        self.translated(button.setText, source)
        return button

    def translated_label(self, source: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        self.translated(label.setText, source)
        return label

    def retranslate(self) -> None:
        for setter, source in getattr(self, "_translations", ()):   # (Page.changeEvent calls this)
            setter(QCoreApplication.translate("lockers", source))

    def set_accessible(self, on: bool) -> None:
        self.adapter.accessible = on
        self.accessible_button.blockSignals(True)
        self.accessible_button.setChecked(on)
        self.accessible_button.blockSignals(False)
        self.setStyleSheet(ACCESSIBLE_STYLE if on else STYLE % (TOUCH_PX, TOUCH_PX))

    def tag(self, name: str) -> str:
        return f"{id(self)}:{name}"

    def mine(self, tag: str) -> str | None:
        prefix = f"{id(self)}:"
        return tag[len(prefix) :] if tag.startswith(prefix) else None

    def say_instruction(self) -> None:
        """The page's instruction, worded again if the language changes while it is on the banner."""
        source = getattr(self, "instruction", "")
        self.say(said(lambda: QCoreApplication.translate("lockers", source)))

    def say(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        feedback = self.ctx.feedback
        # inside a window the big banner says it; the page's own line would show the same words twice
        self.message.setVisible(feedback is None)
        # only the page on screen speaks: pages built at a technician's login said their instructions
        # ("enter the 6-digit return code") into the banner of the start screen
        if feedback is not None and self.on_screen():
            getattr(feedback, kind)(text)

    def on_screen(self) -> bool:
        return self.parentWidget() is not None and self.isVisibleTo(self.window())

    def _on_finished(self, tag: str, result: object) -> None:
        name = self.mine(tag)
        if name is not None:
            self.on_result(name, result)

    def _on_refused(self, tag: str, code: str, message: str) -> None:
        name = self.mine(tag)
        if name is not None:
            self.on_refused(name, code, message)

    def _on_remote_open(self, number: int) -> None:
        """Support opens a door from afar (terminal/lockers/remote.py): a short notice, nothing else."""
        if self.on_screen():
            self.say(said(lambda: fill(QCoreApplication.translate(
                "lockers", "Support is opening compartment %1 remotely."), (str(number),))))

    def on_result(self, name: str, result: object) -> None: ...

    def on_refused(self, name: str, code: str, message: str) -> None:
        self.say(tr(message), "error")
