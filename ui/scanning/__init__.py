"""Qt adapters for the scanners: the keyboard-wedge event filter, serial and camera delivery."""

from ui.pyside_none_fix import apply as _guard_none

_guard_none()   # PySide6 6.12 on Python 3.11 drops a None reference per void call; see ui/pyside_none_fix.py
