"""The stocker's count sentences in the reader's language, by the core's codes
(terminal/inventory/count_messages.py), and the names of the reason codes and movement kinds."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from terminal.sentences import Outcome
from ui.coded_text import say_text


def texts() -> dict[str, str]:
    return {
        "count_scan_location": QCoreApplication.translate("CountMessages", "Scan the location to count."),
        "count_location_unknown": QCoreApplication.translate("CountMessages", "Location %1 is not known here."),
        "count_scan_units": QCoreApplication.translate(
            "CountMessages", "Location %1: scan each unit, or scan the SKU and type the quantity. Enter books "
            "it."),
        "count_scan_location_first": QCoreApplication.translate("CountMessages", "Scan the location first."),
        "count_one_sku": QCoreApplication.translate(
            "CountMessages", "Count one SKU at a time: finish %1 first (Enter), or Esc to start again."),
        "count_counted": QCoreApplication.translate("CountMessages", "%1: %2 counted."),
        "count_recount": QCoreApplication.translate(
            "CountMessages", "The count differs from the books. Count %1 at %2 again, from zero."),
        "count_choose_reason": QCoreApplication.translate(
            "CountMessages", "The count differs from the books. Choose a reason (1–7)."),
        "count_supervisor": QCoreApplication.translate(
            "CountMessages", "The difference is large: a supervisor scans their badge to book it."),
        "count_not_supervisor": QCoreApplication.translate(
            "CountMessages", "%1 is not a supervisor; a supervisor must approve this difference."),
        "count_no_sku": QCoreApplication.translate(
            "CountMessages", "Nothing was scanned: scan the SKU first (a location found empty: scan the SKU, "
            "type 0)."),
        "count_booked_same": QCoreApplication.translate("CountMessages", "Booked: %1 × %2 at %3, as the books said."),
        "count_booked_diff": QCoreApplication.translate(
            "CountMessages", "Booked: %1 × %2 at %3; the books were %4, adjusted by %5 (%6)."),
        "count_cancelled": QCoreApplication.translate("CountMessages", "Count cancelled; nothing was booked."),
        "count_badge_unknown": QCoreApplication.translate("CountMessages", "Badge %1 is not known here."),
    }


def reason_names() -> dict[str, str]:
    return {
        "damaged": QCoreApplication.translate("CountMessages", "damaged"),
        "lost": QCoreApplication.translate("CountMessages", "lost"),
        "found": QCoreApplication.translate("CountMessages", "found"),
        "miscounted_earlier": QCoreApplication.translate("CountMessages", "miscounted earlier"),
        "theft": QCoreApplication.translate("CountMessages", "theft"),
        "wrong_location": QCoreApplication.translate("CountMessages", "in the wrong location"),
        "other": QCoreApplication.translate("CountMessages", "other"),
    }


def kind_names() -> dict[str, str]:
    return {
        "opening": QCoreApplication.translate("CountMessages", "opening"),
        "import": QCoreApplication.translate("CountMessages", "import"),
        "receipt": QCoreApplication.translate("CountMessages", "receipt"),
        "putaway": QCoreApplication.translate("CountMessages", "putaway"),
        "pick": QCoreApplication.translate("CountMessages", "pick"),
        "short": QCoreApplication.translate("CountMessages", "short pick"),
        "replenish": QCoreApplication.translate("CountMessages", "replenishment"),
        "count": QCoreApplication.translate("CountMessages", "count"),
        "adjustment": QCoreApplication.translate("CountMessages", "adjustment"),
        "return": QCoreApplication.translate("CountMessages", "return"),
    }


def outcome_text(outcome: Outcome) -> str:
    table, reasons = texts(), reason_names()
    words = []
    for part in outcome.parts:
        args = [reasons.get(a, a) for a in part.args] if part.code == "count_booked_diff" else None
        words.append(say_text(table, part, args))
    return " ".join(words)
