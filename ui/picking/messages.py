"""The picker's sentences in the reader's language, by the session's stable `Say` codes.

`terminal.picking.session` words every prompt and outcome as a code from its MESSAGES with arguments
(and the English text for the CLI and logs); this table translates each code — the same mechanism as
the lockers' kiosk pages (ui/coded_text.py). Tote colours among the arguments are named in the
reader's language too. Codes worded by another capability (WORDED_ELSEWHERE: the scanner, an
operation's refusal) are translated by that capability's table."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from terminal.picking.session import Colour, Outcome, Say
from ui.coded_text import said
from ui.coded_text import say_text as coded_say_text


def texts() -> dict[str, str]:
    """code → the sentence in the current language (%1, %2, … as in the session's MESSAGES)."""
    return {
        "bind_tote": QCoreApplication.translate("PickingMessages", "Scan an empty tote for slot %1 (%2)."),
        "batch_done": QCoreApplication.translate("PickingMessages", "Batch done: take the cart to packing."),
        "go_to_location": QCoreApplication.translate("PickingMessages", "Go to %1 and scan the location."),
        "pick_item": QCoreApplication.translate("PickingMessages", "Pick %1 × %2 into tote %3 (%4)."),
        "nothing_to_pick": QCoreApplication.translate(
            "PickingMessages", "There is nothing to pick in your zones right now."
        ),
        "batch_resumed": QCoreApplication.translate("PickingMessages", "Batch with %1 orders resumed."),
        "not_a_barcode": QCoreApplication.translate("PickingMessages", "%1 is not a barcode used here."),
        "short_choose_reason": QCoreApplication.translate(
            "PickingMessages", "Short pick: choose the reason — empty, damaged or not found."
        ),
        "no_task_open": QCoreApplication.translate(
            "PickingMessages", "There is no pick task open; ask for the next batch."
        ),
        "wrong_location_go": QCoreApplication.translate("PickingMessages", "Wrong location %1: go to %2."),
        "scan_location_first": QCoreApplication.translate("PickingMessages", "Scan the location %1 first."),
        "wrong_location_pick": QCoreApplication.translate("PickingMessages", "Wrong location %1: pick at %2."),
        "scan_not_used": QCoreApplication.translate("PickingMessages", "That scan is not used here:"),
        "scan_tote_first": QCoreApplication.translate("PickingMessages", "Scan a tote first:"),
        "tote_bound": QCoreApplication.translate("PickingMessages", "Tote %1 is slot %2 (%3)."),
        "wrong_item": QCoreApplication.translate(
            "PickingMessages", "Wrong item %1: this is %2 (%3). Nothing recorded."
        ),
        "too_many": QCoreApplication.translate(
            "PickingMessages", "Too many: only %1 more × %2 for this order. Nothing recorded."
        ),
        "nothing_to_count": QCoreApplication.translate("PickingMessages", "There is no item to count now."),
        "scan_before_typing": QCoreApplication.translate(
            "PickingMessages", "Scan one unit of the item before typing a quantity."
        ),
        "type_quantity_range": QCoreApplication.translate("PickingMessages", "Type a quantity from %1 to %2."),
        "picked_count": QCoreApplication.translate("PickingMessages", "%1 of %2."),
        "task_done": QCoreApplication.translate("PickingMessages", "Task done: %1 × %2 in tote %3."),
        "no_task_to_short": QCoreApplication.translate("PickingMessages", "There is no pick task to short."),
        "choose_reason": QCoreApplication.translate("PickingMessages", "Choose a reason: empty, damaged or not found."),
        "short_recorded": QCoreApplication.translate("PickingMessages", "Short pick recorded for %1."),
        "follow_up_added": QCoreApplication.translate(
            "PickingMessages", "A follow-up task at %1 is added to your route."
        ),
        "no_stock_elsewhere": QCoreApplication.translate(
            "PickingMessages", "There is no stock elsewhere; the supervisor is told."
        ),
        "order_cancelled": QCoreApplication.translate(
            "PickingMessages", "Order %1 was cancelled: take tote %2 (%3) off the cart and put its items back."
        ),
    }


def colour_name(colour: str) -> str:
    return QCoreApplication.translate("PickingPage", colour)


def say_text(part: Say) -> str:
    args = tuple(colour_name(a) if isinstance(a, Colour) else a for a in part.args)
    return coded_say_text(texts(), part, args)


def outcome_text(outcome: Outcome) -> str:
    return said(lambda: " ".join(say_text(part) for part in outcome.parts))
