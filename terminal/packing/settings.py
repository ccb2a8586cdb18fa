"""The pack station's device settings (section `packing`), read in one place.

Weight tolerances live in weighing.py, box fill and numbering in session.py; `handoff diagnose`
reads `packing.printer` and `packing.scale_port` too."""

from __future__ import annotations

from terminal.config import Settings

DEFAULT_PRINTER = "tcp://127.0.0.1:9100"


def printer_uri(settings: Settings) -> str:
    """Where labels go: tcp://HOST:PORT (raw 9100), cups:QUEUE or file:PATH."""
    # the default written out, not DEFAULT_PRINTER: tools.reference lists the literal in OPERATIONS.md
    return settings.get("packing.printer", "tcp://127.0.0.1:9100") or DEFAULT_PRINTER


def scale_port(settings: Settings) -> str:
    """The scale's serial port; empty: no scale, the packer types the weight."""
    return settings.get("packing.scale_port", "")
