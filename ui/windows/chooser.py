"""The role chooser `handoff run` shows without --role: three big buttons, keys 1, 2 and 3."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import language_switch
from ui.windows import ROLES


class RoleChooser(QWidget):
    """Emits `sig_role_chosen(role)`; the caller opens that window and closes this one."""

    sig_role_chosen = Signal(str)

    def __init__(self, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roleChooser")
        self.demo = demo
        self.title = QLabel(objectName="chooserTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(objectName="chooserHint", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 40)
        layout.setSpacing(20)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        for number, role in enumerate(ROLES, start=1):
            button = QPushButton(objectName=f"choose_{role}")
            button.clicked.connect(lambda _c=False, r=role: self.choose(r))
            layout.addWidget(button)
            self.buttons[role] = button
            QShortcut(QKeySequence(str(number)), self, activated=lambda r=role: self.choose(r))
        self.language_button = QPushButton(objectName="languageButton")
        self.language_button.clicked.connect(language_switch().toggle)
        layout.addStretch(1)
        layout.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate_ui()

    def choose(self, role: str) -> None:
        self.sig_role_chosen.emit(role)

    def retranslate_ui(self) -> None:
        title = self.tr("Which screen is this?")
        self.title.setText(title)
        self.setWindowTitle("Handoff" + (f" — {self.tr('DEMO')}" if self.demo else ""))
        self.hint.setText(self.tr("Press 1, 2 or 3, or touch a button."))
        self.buttons["station"].setText(self.tr("1   Pack station / picker cart"))
        self.buttons["kiosk"].setText(self.tr("2   Parcel locker kiosk"))
        self.buttons["supervisor"].setText(self.tr("3   Supervisor"))
        self.language_button.setText(self.tr("Polski / English"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
