"""The returns desk's sentences in the reader's language, by the core's stable `Say` codes
(terminal/inventory/returns_messages.py), the same mechanism as picking and packing (ui/coded_text.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from terminal.sentences import Outcome, Say
from ui.coded_text import said
from ui.coded_text import say_text as coded_say_text


def texts() -> dict[str, str]:
    """code → the sentence in the current language (%1, %2, … as in the core's table)."""
    return {
        "ret_scan_parcel": QCoreApplication.translate(
            "ReturnsMessages", "Scan the returned parcel: its label, the order's ref or the return code."),
        "ret_scan_item": QCoreApplication.translate(
            "ReturnsMessages", "Return of order %1: scan each item out of the parcel (%2 graded). F10 when it is "
            "empty."),
        "ret_grade": QCoreApplication.translate("ReturnsMessages", "%1 (%2): 1 restock · 2 quarantine · 3 dispose."),
        "ret_grade_not_in_order": QCoreApplication.translate(
            "ReturnsMessages", "%1 is NOT IN ORDER %2. Grade it: 1 restock · 2 quarantine · 3 dispose."),
        "ret_reason": QCoreApplication.translate(
            "ReturnsMessages", "Why is %1 not restocked? 1 damaged · 2 opened or used · 3 incomplete · 4 other."),
        "ret_put_at": QCoreApplication.translate("ReturnsMessages", "Put %1 at %2 and scan the location."),
        "ret_scan_location": QCoreApplication.translate("ReturnsMessages", "Scan the location %1 goes to."),
        "ret_order_unknown": QCoreApplication.translate(
            "ReturnsMessages", "%1 finds no order here: scan the parcel's label, the order's ref or the return "
            "code."),
        "ret_received": QCoreApplication.translate("ReturnsMessages", "Order %1 received back at %2."),
        "ret_resumed": QCoreApplication.translate(
            "ReturnsMessages", "The return of order %1 was not complete: carry on grading it."),
        "ret_restocked": QCoreApplication.translate("ReturnsMessages", "%1 × %2 restocked at %3."),
        "ret_quarantined": QCoreApplication.translate("ReturnsMessages", "%1 × %2 quarantined at %3."),
        "ret_disposed": QCoreApplication.translate("ReturnsMessages", "%1 × %2 disposed of."),
        "ret_not_in_order": QCoreApplication.translate(
            "ReturnsMessages", "%1 is not in order %2: grade it; the supervisor is told."),
        "ret_line_full": QCoreApplication.translate(
            "ReturnsMessages", "Every %1 of order %2 is graded already: this one is not in the order."),
        "ret_scan_an_item": QCoreApplication.translate(
            "ReturnsMessages", "Scan an item of the parcel (a product barcode)."),
        "ret_choose_first": QCoreApplication.translate("ReturnsMessages", "Press 1, 2 or 3 to grade %1 first."),
        "ret_no_quarantine": QCoreApplication.translate(
            "ReturnsMessages", "There is no quarantine location here: import one (zone QUARANTINE)."),
        "ret_not_quarantine": QCoreApplication.translate(
            "ReturnsMessages", "%1 is not a quarantine location: scan %2."),
        "ret_is_quarantine": QCoreApplication.translate(
            "ReturnsMessages", "%1 is a quarantine location: restock to a shelf."),
        "ret_scan_a_location": QCoreApplication.translate("ReturnsMessages", "Scan a location barcode."),
        "ret_completed": QCoreApplication.translate(
            "ReturnsMessages", "Return of order %1 complete: %2 restocked, %3 quarantined, %4 disposed."),
        "ret_nothing_open": QCoreApplication.translate("ReturnsMessages", "No return is open."),
        "ret_item_dropped": QCoreApplication.translate("ReturnsMessages", "Item put aside; scan the next one."),
        "ret_finish_item": QCoreApplication.translate(
            "ReturnsMessages", "Finish grading %1 first (Esc puts it aside)."),
    }


def say_text(part: Say) -> str:
    return coded_say_text(texts(), part)


def outcome_text(outcome: Outcome) -> str:
    return said(lambda: " ".join(say_text(part) for part in outcome.parts))
