"""The tests' label printer is the one the demo runs (terminal/devices/printers/emulator.py)."""

from terminal.devices.printers.emulator import PrinterServer, free_port

__all__ = ["PrinterServer", "free_port"]
