"""Exception sentences in the reader's language, from the code and arguments each row keeps.

The core stores every exception's English sentence and, in its details, `message_code` and
`message_args` (terminal/exception_messages.py). This table words those codes; reasons inside the
arguments (a fault, a short pick's reason) are named by REASONS. A row from before codes existed
shows its stored English (the shared rule of ui/coded_text.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from terminal.exception_messages import WORD_ARGS
from ui.coded_text import sentence
from ui.stats.tiles import word

REASONS = {   # reason codes the core puts inside exception sentences
    "empty": QT_TRANSLATE_NOOP("ExceptionMessages", "location empty"),
    "damaged": QT_TRANSLATE_NOOP("ExceptionMessages", "damaged"),
    "not_found": QT_TRANSLATE_NOOP("ExceptionMessages", "not found"),
    "door_did_not_open": QT_TRANSLATE_NOOP("ExceptionMessages", "the door did not open"),
    "board_did_not_answer": QT_TRANSLATE_NOOP("ExceptionMessages", "the lock board did not answer"),
    "door_open_unexpectedly": QT_TRANSLATE_NOOP("ExceptionMessages", "the door was open before the unlock"),
    "not_empty": QT_TRANSLATE_NOOP("ExceptionMessages", "not empty"),
    "open_after_restart": QT_TRANSLATE_NOOP("ExceptionMessages", "the door was open at start-up"),
    "check_contents": QT_TRANSLATE_NOOP("ExceptionMessages", "the contents need checking"),
    "too_small": QT_TRANSLATE_NOOP("ExceptionMessages", "too small"),
    "dirty": QT_TRANSLATE_NOOP("ExceptionMessages", "dirty"),
    # a dead notification's message (backend/notify_templates.py TEMPLATES) and channel
    "deposited": QT_TRANSLATE_NOOP("ExceptionMessages", "pickup code"),
    "reminder": QT_TRANSLATE_NOOP("ExceptionMessages", "reminder"),
    "expired": QT_TRANSLATE_NOOP("ExceptionMessages", "parcel expired"),
    "returned": QT_TRANSLATE_NOOP("ExceptionMessages", "parcel returned"),
    "return_dropped": QT_TRANSLATE_NOOP("ExceptionMessages", "return dropped off"),
    "email": QT_TRANSLATE_NOOP("ExceptionMessages", "e-mail"),
    "sms": QT_TRANSLATE_NOOP("ExceptionMessages", "SMS"),
    # an order's status when the marketplace cancelled it too late
    "packed": QT_TRANSLATE_NOOP("ExceptionMessages", "packed"),
    "handed_over": QT_TRANSLATE_NOOP("ExceptionMessages", "handed over"),
    # a returned item's grade (terminal/inventory/returns_ops.py)
    "restock": QT_TRANSLATE_NOOP("ExceptionMessages", "restocked"),
    "quarantine": QT_TRANSLATE_NOOP("ExceptionMessages", "quarantined"),
    "dispose": QT_TRANSLATE_NOOP("ExceptionMessages", "disposed of"),
}

KINDS = {   # the kinds of exception the backend raises (GET /v1/exceptions), named on the Fleet tab
    "notification_dead": QT_TRANSLATE_NOOP("ExceptionMessages", "message not delivered"),
    "webhook_dead": QT_TRANSLATE_NOOP("ExceptionMessages", "shop not told"),
    "remote_command_refused": QT_TRANSLATE_NOOP("ExceptionMessages", "remote command refused"),
    "stats_replay_error": QT_TRANSLATE_NOOP("ExceptionMessages", "statistics incomplete"),
    "cancelled_after_pack": QT_TRANSLATE_NOOP("ExceptionMessages", "cancelled after packing"),
    "changed_after_pack": QT_TRANSLATE_NOOP("ExceptionMessages", "changed after packing"),
    "unannounced_parcel": QT_TRANSLATE_NOOP("ExceptionMessages", "parcel never announced"),
}


SENTENCES = {   # the core's English (terminal.exception_messages.MESSAGES), marked for lupdate
    "stock_mismatch": QT_TRANSLATE_NOOP("ExceptionMessages", "%1 × %2 were picked at %3, where the books held %4."),
    "short_pick_follow_up": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Short pick for order %1: %2 × %3 at %4 (%5); follow-up task at %6."),
    "short_pick_no_stock": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Short pick for order %1: %2 × %3 at %4 (%5); no stock elsewhere."),
    "reserve_empty": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Reserve location %2 held no %1 (the books said %3) for pick face %4; count it."),
    "short_pick_stock_elsewhere": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Short pick for order %1: %2 × %3 at %4 (%5); stock exists in another location."),
    "weight_mismatch": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Order %1 weighed %2 g in box %3, expected %4 g ± %5 g (%6 g)."),
    "door_fault_after_unlock": QT_TRANSLATE_NOOP("ExceptionMessages", "Compartment %1: %2 after an unlock."),
    "door_left_open": QT_TRANSLATE_NOOP("ExceptionMessages", "Compartment %1 has been open for %2 s."),
    "compartment_faulted": QT_TRANSLATE_NOOP("ExceptionMessages", "Compartment %1: %2."),
    "door_fault_at_start": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Compartment %1: %2 (found when the kiosk started)."),
    "sync_rejection": QT_TRANSLATE_NOOP("ExceptionMessages", "%1 was refused by the backend: %2"),
    "sync_quarantine": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "A change from the backend to %1 %2 cannot be stored on this terminal (%3); it was set"
        " aside and sync goes on. Compare with the backend's copy."),
    "unlabelled_handover": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Package %1 was handed over although its label never printed; a supervisor let it go."),
    "notification_dead": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "The %1 message for parcel %2 could not be sent by %3 after %4 attempt(s) (%5); tell the"
        " recipient another way."),
    "webhook_dead": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Event %1 (%2) could not be posted to the shop after %3 attempt(s); the shop can still"
        " read it from /v1/events."),
    "remote_command_refused": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "Kiosk %1 refused remote command %2: %3. Check who sent it"
        " (handoff-backend support log)."),
    "stats_replay_error": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "The fleet statistics could not replay op %1 (seq %2 of terminal %3): %4. Its effects are"
        " missing until the stats are rebuilt (handoff-backend stats rebuild)."),
    "cancelled_after_pack": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "The marketplace cancelled order %1, which is already %2; stop or recall the parcel."),
    "changed_after_pack": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "The marketplace changed order %1 after it was packed; check and relabel the parcel."),
    "changed_after_handover": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "The marketplace changed order %1 after it was handed over."),
    "return_not_in_order": QT_TRANSLATE_NOOP(
        "ExceptionMessages", "%1 × %2 came back with order %3 but are not in it (%4); find whose they are."),
}


def texts() -> dict[str, str]:
    """message code → the sentence in the current language."""
    return {code: QCoreApplication.translate("ExceptionMessages", text) for code, text in SENTENCES.items()}


def reason_word(code: str) -> str:
    return QCoreApplication.translate("ExceptionMessages", REASONS[code]) if code in REASONS else code


def kind_word(kind: str) -> str:
    """A backend exception's kind in words; a kind the terminal also raises by the dashboard's word."""
    if kind in KINDS:
        return QCoreApplication.translate("ExceptionMessages", KINDS[kind])
    return word(kind)


def exception_sentence(row: Mapping[str, Any]) -> str:
    """The row's sentence in the reader's language (`message_code`, `message_args` JSON, `message`)."""
    code, english = row.get("message_code"), str(row.get("message") or "")
    if not code:
        return english
    raw = row.get("message_args")
    try:
        args = [str(a) for a in (json.loads(raw) if isinstance(raw, str) else raw or [])]
    except ValueError:
        return english
    words = WORD_ARGS.get(str(code), frozenset())
    args = [reason_word(a) if i + 1 in words else a for i, a in enumerate(args)]
    return sentence(texts(), str(code), english, args)
