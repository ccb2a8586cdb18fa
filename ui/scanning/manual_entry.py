"""Typing a code by hand when the scanner cannot read it: a field, Enter submits, the result is said.

A keyboard-wedge scanner types fast; a person typing the same code is slower, so the wedge filter
hands their keys back to the focused widget — and on a page with no text field (the picker's) they
went nowhere, silently. `ManualEntry` is that field: F9 (or any key typed while the page itself has
the focus) puts the cursor in it, Enter hands the code to the window exactly as a scan
(`deliver_scan(text, "manual")`), and the window's banner and scan log say what became of it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

SOURCE = "manual"


class ManualEntry(QWidget):
    """A labelled line edit with an Enter button; `catch_typing(page)` sends stray keys into it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualEntry")
        # label above, field and a short OK below: it sits under the route map, a narrow column
        row = QGridLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.field = QLineEdit(self)
        self.field.setObjectName("manualEntryField")
        self.field.setMaxLength(600)                 # a GS1 element string fits; a runaway paste does not
        self.field.returnPressed.connect(self.submit)
        self.button = QPushButton(self)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.submit)
        self.label.setWordWrap(True)
        row.addWidget(self.label, 0, 0, 1, 2)
        row.addWidget(self.field, 1, 0)
        row.addWidget(self.button, 1, 1)
        row.setColumnStretch(0, 1)
        self.last = ""                                # the last code handed on (tests, the history)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Code by hand (F9):"))
        self.field.setToolTip(self.tr("code, then Enter"))   # the label says it; a placeholder would not fit here
        self.button.setText(self.tr("OK"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def submit(self) -> None:
        text = self.field.text().strip()
        window = self.window()
        if not text:
            feedback = getattr(getattr(window, "ctx", None), "feedback", None)
            if feedback is not None:
                feedback.error(self.tr("Type a code first, then press Enter."))
            return
        self.field.clear()
        self.last = text
        deliver = getattr(window, "deliver_scan", None)
        if deliver is not None:
            deliver(text, SOURCE)

    def catch_typing(self, page: QWidget) -> None:
        """F9 on the page focuses the field; a character typed while the page itself has the focus
        starts the field with it, so slow typing is never lost."""
        QShortcut(QKeySequence("F9"), page, activated=self.focus)
        page.installEventFilter(_StrayKeys(self, page))


class _StrayKeys(QObject):
    def __init__(self, entry: ManualEntry, page: QWidget) -> None:
        super().__init__(page)
        self.entry = entry
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        page = getattr(self, "page", None)       # None while Qt tears the page down
        if page is not None and watched is page and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            text = event.text()
            plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if plain and text and text.isprintable() and self.entry.field.isEnabled():
                if not self.entry.field.hasFocus():
                    self.entry.field.clear()
                    self.entry.focus()
                self.entry.field.insert(text)
                return True
        return False
