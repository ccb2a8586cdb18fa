"""What can go wrong when a label is sent, split by whether it is safe to send it again."""

from __future__ import annotations

from terminal.errors import HandoffError


class BadPrinterUri(HandoffError):
    """The printer address cannot be understood."""


class PrinterError(HandoffError):
    """A send that did not complete; `uri` names the printer."""

    def __init__(self, uri: str, message: str) -> None:
        super().__init__(message)
        self.uri = uri


class NotSent(PrinterError):
    """Nothing reached the printer (refused, unreachable, no `lp`): the label can be sent again."""


class OutcomeUnknown(PrinterError):
    """The connection broke after some bytes left: the label may have printed; ask before resending."""
