"""A tiny window with two text fields and `deliver_scan`, standing in for a role window; key helpers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget


class ScanHarness(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.scans: list[tuple[str, str]] = []
        self.field = QLineEdit(self)
        self.other = QLineEdit(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.other)

    def deliver_scan(self, raw: str, source: str) -> None:
        self.scans.append((raw, source))


def key_for(char: str) -> int:
    if char == "\n":
        return int(Qt.Key.Key_Return)
    if char == "\t":
        return int(Qt.Key.Key_Tab)
    if char.isascii() and char.isalnum():
        return ord(char.upper())
    return 0


def press(char: str, at_ms: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press and release with the windowing system's timestamp, to whatever has focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    text = "" if char == "\n" else char
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key_for(char), modifiers, text)
        event.setTimestamp(at_ms)
        QApplication.sendEvent(target, event)


def type_keys(text: str, start_ms: int, per_char_ms: int, between: Callable[[], None] | None = None) -> int:
    """Press each character of `text` `per_char_ms` apart; `between` runs after each key."""
    at = start_ms
    for char in text:
        press(char, at)
        if between is not None:
            between()
        at += per_char_ms
    return at


