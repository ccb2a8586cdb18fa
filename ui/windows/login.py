"""The logged-out panel: "Scan your badge", with a field to type it for when the scanner is missing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.widgets.keypad import Keypad


class LoginPanel(QWidget):
    """Emits `sig_badge_entered(text)` on Enter or the Log in button; the window does the rest."""

    sig_badge_entered = Signal(str)
    sig_cancelled = Signal()

    def __init__(self, who: str, *, keypad: bool = False, cancellable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPanel")
        self.who = who   # English source: who may log in here, translated in retranslate_ui
        self.prompt = QLabel(objectName="loginPrompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(objectName="loginHint", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.badge_field = QLineEdit(objectName="badgeField")
        self.badge_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.badge_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge_field.setMaximumWidth(520)
        self.badge_field.returnPressed.connect(self.submit)
        self.login_button = QPushButton(objectName="primary")
        self.login_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(objectName="cancelLogin")
        self.cancel_button.clicked.connect(self.sig_cancelled)
        self.cancel_button.setVisible(cancellable)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.badge_field, 3)
        row.addWidget(self.login_button, 1)
        row.addStretch(1)
        entry = QVBoxLayout()
        entry.addLayout(row)
        entry.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        entry.addStretch(1)
        # with a keypad: beside the field in landscape (a 1280×800 kiosk has no height for both), below
        # it in portrait; resizeEvent picks the direction
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.addLayout(entry, 1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.hint)
        layout.addSpacing(24)
        layout.addLayout(self.body)
        self.keypad: Keypad | None = None
        if keypad:
            self.keypad = Keypad(self.badge_field, self)
            self.keypad.setMaximumWidth(520)
            self.keypad.sig_submitted.connect(lambda _text: self.submit())
            self.body.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate_ui()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.keypad is None:
            return
        wide = self.width() > self.height()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.body.direction() != direction:   # a change re-lays the panel: set it only when it differs
            self.body.setDirection(direction)

    def submit(self) -> None:
        text = self.badge_field.text().strip()
        self.badge_field.clear()
        if text:
            self.sig_badge_entered.emit(text)

    def focus_field(self) -> None:
        self.badge_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate_ui(self) -> None:
        self.prompt.setText(self.tr("Scan your badge"))
        self.hint.setText(self.tr(self.who) + "\n" + self.tr("No scanner? Type the badge number and press Enter."))
        self.badge_field.setPlaceholderText(self.tr("Badge number"))
        self.login_button.setText(self.tr("Log in"))
        self.cancel_button.setText(self.tr("Back"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

