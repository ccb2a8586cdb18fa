"""The stocker's replenishment sentences in the reader's language, by the session's stable `Say` codes
(terminal/inventory/replenish_session.py MESSAGES); refusals and scanner sentences by their own tables."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from terminal.sentences import Outcome, Say
from ui.coded_text import said
from ui.coded_text import say_text as coded_say_text


def texts() -> dict[str, str]:
    """code → the sentence in the current language (%1, %2, … as in the session's MESSAGES)."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("ReplenishMessages", text)

    return {
        "rp_nothing": tr("No pick face needs replenishing now."),
        "rp_go_reserve": tr("Go to reserve %1 and scan it: %2 × %3 for pick face %4."),
        "rp_scan_sku": tr("Scan %1 (%2) at %3."),
        "rp_type_qty": tr("Type how many you took (1 to %1) and press Enter."),
        "rp_scan_face": tr("Take %1 × %2 to pick face %3 and scan it."),
        "rp_done": tr("Pick face %1 refilled with %2 × %3."),
        "rp_partial": tr("Still below min: a new task is open for %1."),
        "rp_wrong_reserve": tr("%1 holds no %2 by the books: take it from reserve %3."),
        "rp_face_is_not_reserve": tr("%1 is the pick face: scan the reserve location %2 first."),
        "rp_wrong_sku": tr("Wrong item %1: this task is %2 (%3)."),
        "rp_wrong_face": tr("Wrong location %1: the pick face is %2."),
        "rp_qty_range": tr("Type a quantity from 1 to %1."),
        "rp_reserve_empty": tr("Reserve %1 booked empty; the supervisor is told."),
        "rp_scan_not_used": tr("That scan is not used here:"),
        "rp_nothing_to_empty": tr("There is no reserve location to book empty now."),
    }


def say_text(part: Say) -> str:
    return coded_say_text(texts(), part)


def outcome_text(outcome: Outcome) -> str:
    return said(lambda: " ".join(say_text(part) for part in outcome.parts))
