"""Work round a PySide6 reference-count bug that aborts the app on Python 3.11.

PySide6 6.12.0 (at least) drops one reference to `None` on every call of a method that returns
nothing (`QTimer.start()`, `QWidget.update()`, `QLineEdit.setText()`, …) and one to `True` on every
`signal.emit(...)`. On Python ≥ 3.12 these singletons are immortal and nothing happens; on 3.11 a
count reaches zero after a few thousand such calls and the interpreter aborts with "Fatal Python
error: none_dealloc" / "bool_dealloc" (often only at exit, sometimes mid-shift).

`apply()` measures whether the running binding has the bug and, only then, gives None, True and
False the huge reference count that Python 3.12 gives immortal objects (PEP 683), so they can never
reach zero.
Call it once, right after importing PySide6, before any window is made. Remove it when the project
moves to Python ≥ 3.12 or a PySide6 without the bug."""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 40
_applied = False


def binding_drops_none_refs() -> bool:
    """True when void PySide6 calls decrement None's reference count (measured, not guessed)."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(100):
        timer.stop()
    return sys.getrefcount(None) <= before - 50


def apply() -> bool:
    """Make None, True and False effectively immortal when needed; True when the workaround is in place."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or not binding_drops_none_refs():
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _IMMORTAL
    _applied = True
    return True
