"""An on-screen keypad for touch kiosks: digits, delete and OK, typing into a QLineEdit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget


class Keypad(QWidget):
    """3×4 keypad; keys never take focus, so a scanner's keystrokes still reach the window."""

    sig_submitted = Signal(str)   # the field's text when OK is pressed

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(10)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "DEL", "0", "OK"]
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(keys):
            button = QPushButton(key, self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            if key == "OK":
                button.setObjectName("primary")
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button
        self.retranslate_ui()

    def press(self, key: str) -> None:
        if key == "DEL":
            self.target.backspace()
        elif key == "OK":
            self.sig_submitted.emit(self.target.text())
        else:
            self.target.insert(key)

    def retranslate_ui(self) -> None:
        self.buttons["DEL"].setText(self.tr("Delete"))
        self.buttons["OK"].setText(self.tr("OK"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
