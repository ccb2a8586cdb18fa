"""Refused operations in the reader's language, by the core's stable `OpRejected` codes.

The core refuses in English with the details filled in and, for the refusals a picker, packer or
courier can meet at a station or kiosk, the same details as arguments; this table words those
codes (%1, %2, … for the arguments in order). Any other code — and a refusal raised without the
arguments its sentence needs — shows the core's English (the shared mechanism: ui/coded_text.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from terminal.errors import HandoffError, OpRejected
from ui.coded_text import sentence


def texts() -> dict[str, str]:
    """code → the sentence in the current language."""
    return {
        # picking
        "order_not_open": QCoreApplication.translate(
            "OpRejected", "Order %1 is %2 and cannot be picked; ask for the next batch again."),
        "tote_in_use": QCoreApplication.translate("OpRejected", "Tote %1 still holds order %2; use an empty tote."),
        "tasks_left": QCoreApplication.translate(
            "OpRejected", "%1 pick tasks are still open; pick or short them first."),
        "nothing_short": QCoreApplication.translate("OpRejected", "That task is already complete."),
        "batch_not_active": QCoreApplication.translate("OpRejected", "That batch is not being picked."),
        "not_in_batch": QCoreApplication.translate("OpRejected", "That order is not in this batch."),
        "bad_qty": QCoreApplication.translate("OpRejected", "The quantity must be at least one."),
        # packing
        "order_not_packable": QCoreApplication.translate("OpRejected", "Order %1 is %2 and cannot be packed now."),
        "not_verified": QCoreApplication.translate(
            "OpRejected", "Order %1 still has %2 line(s) not verified; scan every unit first."),
        "unknown_box": QCoreApplication.translate("OpRejected", "Box type %1 is not known here."),
        "number_in_use": QCoreApplication.translate(
            "OpRejected", "SSCC %1 or tracking number %2 is already on a package."),
        # labels
        "already_labelled": QCoreApplication.translate(
            "OpRejected", "Package %1 already has a label; a reprint needs a reason."),
        "reprint_needs_reason": QCoreApplication.translate(
            "OpRejected", "A reprint needs a reason (for example: damaged, smudged, lost)."),
        "not_labelled": QCoreApplication.translate(
            "OpRejected", "Package %1 has no label yet, so there is nothing to reprint."),
        # lockers (the courier's and the recipient's kiosk)
        "unknown_parcel": QCoreApplication.translate("OpRejected", "This parcel is not known at this locker."),
        "compartment_taken": QCoreApplication.translate(
            "OpRejected", "That compartment is no longer free; another one will be chosen."),
        "not_announced": QCoreApplication.translate("OpRejected", "This parcel is not waiting to be deposited."),
        "not_in_locker": QCoreApplication.translate("OpRejected", "This parcel is not in the locker any more."),
        # returns at the warehouse (terminal/inventory/returns_ops.py)
        "return_exists": QCoreApplication.translate("OpRejected", "That return has been received already."),
        "return_closed": QCoreApplication.translate("OpRejected", "That return is complete already."),
        "more_than_ordered": QCoreApplication.translate(
            "OpRejected", "Only %1 × %2 of this order can still come back; grade the rest as not in the order."),
        "wrong_sku": QCoreApplication.translate("OpRejected", "That line is for %1, not %2."),
        "reason_needed": QCoreApplication.translate("OpRejected", "Quarantine and disposal need a reason."),
        "location_needed": QCoreApplication.translate("OpRejected", "Scan the location the item goes to."),
        "restock_in_quarantine": QCoreApplication.translate(
            "OpRejected", "%1 is a quarantine location; restock to a shelf."),
        "not_quarantine": QCoreApplication.translate("OpRejected", "%1 is not a quarantine location."),
    }


def status_texts() -> dict[str, str]:
    """An order's status, as a refusal names it."""
    return {
        "open": QCoreApplication.translate("OrderStatus", "open"),
        "picking": QCoreApplication.translate("OrderStatus", "being picked"),
        "picked": QCoreApplication.translate("OrderStatus", "picked"),
        "packing": QCoreApplication.translate("OrderStatus", "being packed"),
        "packed": QCoreApplication.translate("OrderStatus", "packed"),
        "handed_over": QCoreApplication.translate("OrderStatus", "handed over"),
        "cancelled": QCoreApplication.translate("OrderStatus", "cancelled"),
    }


# codes whose second argument is an order status
_STATUS_AT = {"order_not_open": 1, "order_not_packable": 1}


def refusal_text(code: str, english: str, args: Sequence[str] = ()) -> str:
    """The refusal in the reader's language; `english` for a code without a translation."""
    table = texts()
    template = table.get(code)
    if template is None or max(map(int, re.findall(r"%(\d+)", template)), default=0) > len(args):
        return english            # no translation, or raised without the details its sentence names
    shown = list(args)
    at = _STATUS_AT.get(code)
    if at is not None:
        shown[at] = status_texts().get(shown[at], shown[at])
    return sentence(table, code, english, shown)


def error_text(exc: BaseException) -> str:
    """What a person reads for a failure the core explains: a refusal translated, another error as it is."""
    if isinstance(exc, OpRejected):
        return refusal_text(exc.code, exc.message, exc.details)
    return str(exc) if isinstance(exc, HandoffError) else repr(exc)
