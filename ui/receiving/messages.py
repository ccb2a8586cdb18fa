"""The receiving ops' refusals (terminal/inventory/receiving_ops.py) in the stocker's language, by code;
any other refusal goes to ui/refusals.py."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from terminal.errors import HandoffError, OpRejected
from ui.refusals import error_text


def texts() -> dict[str, str]:
    return {
        "no_reference": QCoreApplication.translate(
            "ReceivingRefusal", "A delivery needs its delivery note number or the supplier's name."),
        "unknown_inbound": QCoreApplication.translate(
            "ReceivingRefusal", "That delivery is not known here."),
        "lpn_exists": QCoreApplication.translate(
            "ReceivingRefusal", "Licence plate %1 is in use already."),
        "unknown_lpn": QCoreApplication.translate(
            "ReceivingRefusal", "Licence plate %1 does not belong to this delivery."),
        "no_layout": QCoreApplication.translate(
            "ReceivingRefusal", "This site has no warehouse layout yet; sync before receiving."),
        "unknown_line": QCoreApplication.translate(
            "ReceivingRefusal", "That receipt line is not known here."),
        "already_put_away": QCoreApplication.translate(
            "ReceivingRefusal", "Those units have been put away already."),
        "not_a_shelf": QCoreApplication.translate(
            "ReceivingRefusal", "%1 is not a location goods can be put away to."),
        "inbound_closed": QCoreApplication.translate(
            "ReceivingRefusal", "That delivery has been closed already."),
    }


def refusal(exc: BaseException) -> str:
    """The sentence for a failed receiving step: this flow's refusals here, the rest as everywhere."""
    if isinstance(exc, OpRejected):
        template = texts().get(exc.code)
        if template is not None and template.count("%") <= len(exc.details):
            for n, value in enumerate(exc.details, start=1):
                template = template.replace(f"%{n}", value)
            return template
    return error_text(exc) if isinstance(exc, HandoffError) else repr(exc)
