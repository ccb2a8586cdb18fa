"""Label printers reached by a URI: `tcp://HOST[:PORT]` (raw 9100), `cups:QUEUE` (`lp -o raw`), `file:PATH`.

A send either succeeds, fails BEFORE any byte left (`NotSent`: safe to send again), or breaks after
some bytes left (`OutcomeUnknown`: the label may or may not have come out, so it must not be resent
without asking the packer). The spool (terminal/labels/spool.py) builds on exactly that split."""

from __future__ import annotations

from terminal.devices.printers.errors import BadPrinterUri, NotSent, OutcomeUnknown, PrinterError
from terminal.devices.printers.transports import (
    DEFAULT_PORT,
    CupsPrinter,
    FilePrinter,
    Printer,
    TcpPrinter,
    open_printer,
    printer_timeouts,
)

__all__ = [
    "DEFAULT_PORT", "BadPrinterUri", "CupsPrinter", "FilePrinter", "NotSent", "OutcomeUnknown", "Printer",
    "PrinterError", "TcpPrinter", "open_printer", "printer_timeouts",
]
