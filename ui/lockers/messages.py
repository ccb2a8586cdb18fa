"""Translated sentences for the public kiosk pages, by the core's stable refusal/result codes.

The core speaks English with details filled in; a recipient reads Polish or English. Codes not
listed here fall back to the core's sentence (the shared mechanism: ui/coded_text.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ui.coded_text import fill, sentence
from ui.refusals import refusal_text


def _t(text: str) -> str:
    return QCoreApplication.translate("lockers", text)


def for_code(code: str, message: str, number: int | None = None) -> str:
    """The person's sentence for a refusal or result code; `message` when there is no translation."""
    seconds = re.search(r"(\d+) seconds", message)
    texts = {
        "bad_code": QCoreApplication.translate("lockers", "The code has exactly 6 digits."),
        "bad_phone": QCoreApplication.translate("lockers", "Enter the 9-digit phone number the parcel was sent to."),
        "wrong_code": QCoreApplication.translate("lockers", "That phone number and code do not match a parcel here."),
        "not_ours": QCoreApplication.translate("lockers", "This QR code is not a pickup code for this locker."),
        "expired": QCoreApplication.translate(
            "lockers", "This parcel waited too long and goes back to the sender; contact the shop."
        ),
        "door_did_not_open": QCoreApplication.translate(
            "lockers", "The door did not open; support has been told and your parcel stays safe."
        ),
        "board_offline": QCoreApplication.translate(
            "lockers", "The compartment cannot be opened right now; try again in a minute or call support."
        ),
        "board_unreachable": QCoreApplication.translate("lockers", "The lock boards cannot be reached; call support."),
        "compartment_fault": QCoreApplication.translate(
            "lockers", "The compartment is out of order; support has been told."
        ),
        "door_fault": QCoreApplication.translate(
            "lockers", "The compartment is not closed as it should be; support has been told."
        ),
        "used": QCoreApplication.translate("lockers", "This return code has already been used."),
        "no_compartment": QCoreApplication.translate(
            "lockers", "No free compartment fits this parcel right now; please try again later."
        ),
        "picked_up": QCoreApplication.translate("lockers", "Enjoy your parcel!"),
        "still_inside": QCoreApplication.translate(
            "lockers", "The parcel is still in the compartment; enter your code again to open it."
        ),
        "returned": QCoreApplication.translate("lockers", "Your return is in the compartment. Thank you."),
        "not_inside": QCoreApplication.translate("lockers", "The compartment was closed empty; please try again."),
    }
    ended = re.search(r"pickup time ended (\d{4}-\d\d-\d\d \d\d:\d\d)", message)
    if code == "expired" and ended:        # the recipient learns when the pickup time ended
        return fill(QCoreApplication.translate(
            "lockers", "This parcel's pickup time ended on %1; it goes back to the sender. Contact the shop."),
            (ended.group(1),))
    if code == "locked" and seconds:
        return fill(QCoreApplication.translate("lockers", "Too many wrong codes. Try again in %1 seconds."),
                    (seconds.group(1),))
    if code == "wrong_code" and "pauses" in message:
        return texts[code] + " " + QCoreApplication.translate("lockers", "The keypad now pauses for a while.")
    if code == "wrong_code":
        left = re.search(r"(\d+) more tries", message)
        if left:
            return (
                texts[code]
                + " "
                + fill(QCoreApplication.translate("lockers", "%1 more tries before a pause."), (left.group(1),))
            )
    if code not in texts:                 # an operation's refusal (compartment taken, parcel gone, …)
        refused = refusal_text(code, "")
        if refused:
            return refused
    return sentence(texts, code, _t(message))


def recipient_result(code: str, message: str, args: tuple[str, ...]) -> str:
    """A recipient's pickup result; a parcel left inside says until when it waits (its deadline)."""
    if code == "still_inside" and args:
        return fill(QCoreApplication.translate(
            "lockers", "The parcel is still in the compartment; enter your code again to open it. "
                       "It waits for you until %1."), args)
    return for_code(code, message)


def result_text(code: str, message: str, args: tuple[str, ...]) -> str:
    """A courier's result (deposited, collected, closed empty) with its details, in the reader's language."""
    texts = {
        "deposited": QCoreApplication.translate("lockers", "Parcel %1 is in compartment %2."),
        "collected": QCoreApplication.translate("lockers", "Parcel %1 collected from compartment %2."),
        "not_inside": QCoreApplication.translate(
            "lockers", "Compartment %1 was closed empty; scan the parcel again."),
        "stopped": QCoreApplication.translate("lockers", "The kiosk stopped while the door was open."),
    }
    if code in texts and (args or "%1" not in texts[code]):
        return fill(texts[code], args)
    return for_code(code, message)
