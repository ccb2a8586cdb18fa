"""An application-wide key filter that turns keyboard-wedge scanner bursts into `deliver_scan` calls.

Installed once per role window (`install_wedge_filter(window)`). It sees every key press aimed at a
widget of that window (or of a dialog opened over it), asks the core's timing classifier
(terminal/scanning/wedge.py) what it is, and:

* buffers characters while they come quickly (they are swallowed for now);
* on a scan, calls `window.deliver_scan(text, "wedge")` — the keys never reach a text field;
* on typing, sends the buffered keys back to the focused widget, in order, so typed text stays
  typed; a timer flushes the buffer as soon as the gap since the last key exceeds the limit, so a
  person's keys are delayed by at most `scanning.wedge_max_gap_ms`.

Key times come from the event's timestamp (the windowing system's), so a GUI thread that is
briefly busy does not make a scanner look like a person. Key events without a timestamp were made
by software (QTest, an on-screen keypad) and pass straight through."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from terminal.config import Settings
from terminal.scanning.wedge import Fed, Output, Replay, WedgeClassifier, WedgeScan, WedgeSettings

_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr,
                  Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}
_TERMINATOR_NAMES = {Qt.Key.Key_Return: "Enter", Qt.Key.Key_Enter: "Enter", Qt.Key.Key_Tab: "Tab"}
GS = "\x1d"


class WedgeFilter(QObject):
    """Watches the key presses of one window; see the module docstring."""

    def __init__(self, window: QWidget, settings: Settings | WedgeSettings | None = None,
                 deliver: Callable[[str, str], object] | None = None) -> None:
        super().__init__(window)
        self.window = window
        wedge_settings = settings if isinstance(settings, WedgeSettings) else WedgeSettings.from_settings(settings)
        self.classifier = WedgeClassifier(wedge_settings)
        self._deliver = deliver or window.deliver_scan  # type: ignore[attr-defined]
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(math.ceil(wedge_settings.max_gap_ms))
        self._timer.timeout.connect(self._on_gap)

    def install(self) -> WedgeFilter:
        app = QApplication.instance()
        assert app is not None, "a QApplication must exist before the wedge filter is installed"
        app.installEventFilter(self)
        return self

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    # -- the filter ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._replaying or event.type() != QEvent.Type.KeyPress or not self._is_ours(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if event.timestamp() == 0:
            # Made by software (QTest, an on-screen keypad, a replay), not by a keyboard device: it
            # cannot be a scanner, so it passes at once, after whatever is buffered.
            if self.classifier.pending:
                self.flush()
            return False
        key = Qt.Key(event.key())
        if key in _MODIFIER_KEYS:
            return False        # scanners press Shift for capitals: that is not a gap in the burst
        at = float(event.timestamp())
        name = _TERMINATOR_NAMES.get(key)
        text = event.text()
        if name is not None and self.classifier.is_terminator(name):
            fed = self.classifier.feed_terminator(at)
        elif text and not event.isAutoRepeat() and _is_typed_char(text, event.modifiers()):
            payload = (int(event.key()), event.modifiers(), text)
            fed = self.classifier.feed_char(text, at, payload)
        else:
            fed = self.classifier.feed_other(at)
        self._act(fed.outputs)
        if self.classifier.pending:
            self._timer.start()
        else:
            self._timer.stop()
        return fed.swallow

    def flush(self) -> None:
        """Hand back whatever is buffered now (tests, and the window before it changes page)."""
        self._timer.stop()
        self._act(self.classifier.flush())

    # -- helpers ------------------------------------------------------------------------------
    def _is_ours(self, watched: QObject) -> bool:
        """Only the first delivery of a key press (to the focus widget, or to our window when nothing
        has focus) counts: a press that propagates to parent widgets is seen again here."""
        if not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and watched is not focus:
            return False
        if focus is None and not watched.isWindow():
            return False
        top: QWidget | None = watched.window()
        while top is not None:
            if top is self.window:
                return True
            parent = top.parentWidget()
            top = parent.window() if parent is not None else None
        return False

    def _on_gap(self) -> None:
        self._act(self.classifier.flush())

    def _act(self, outputs: list[Output]) -> None:
        for output in outputs:
            if isinstance(output, WedgeScan):
                self._deliver(output.text, "wedge")
            elif isinstance(output, Replay):
                self._replay(output)

    def _replay(self, replay: Replay) -> None:
        target = QApplication.focusWidget() or self.window
        self._replaying = True
        try:
            for char, payload in replay.keys:
                key, modifiers, text = payload if payload is not None else (0, Qt.KeyboardModifier.NoModifier, char)
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))
        finally:
            self._replaying = False


def _is_typed_char(text: str, modifiers: Any) -> bool:
    """A key that types one printable character (or GS, which scanners send as Ctrl+])."""
    if text == GS:
        return True
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                    | Qt.KeyboardModifier.MetaModifier):
        return False     # a shortcut, not text
    return len(text) == 1 and text.isprintable()


def install_wedge_filter(window: QWidget, settings: Settings | WedgeSettings | None = None) -> WedgeFilter:
    """Make `window` (which has `deliver_scan(raw, source)`) receive keyboard-wedge scans."""
    return WedgeFilter(window, settings).install()


__all__ = ["Fed", "WedgeFilter", "install_wedge_filter"]
