"""The PySide6 singleton reference-count workaround: thousands of void calls and emits stay alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal

from ui.pyside_none_fix import apply


class _Emitter(QObject):
    sig = Signal(str)


def test_many_void_calls_and_emits_do_not_kill_the_singletons() -> None:
    apply()
    timer = QTimer()
    emitter = _Emitter()
    emitter.sig.connect(lambda _text: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20_000):     # more than the ~5,000 references None has at start-up
        timer.stop()
        emitter.sig.emit("x")
    assert sys.getrefcount(None) > 1000 and sys.getrefcount(True) > 1000
    assert before[0] > 1000
