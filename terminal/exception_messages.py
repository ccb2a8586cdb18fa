"""The sentences of exceptions raised for a supervisor, as stable codes with arguments.

An exception row keeps the English sentence in `message` (CLI, CSV, logs) and, in its `details`,
`message_code` and `message_args`, so a screen words it in the reader's language whenever it is read
(ui/stats/exception_texts.py) — a Polish supervisor and an English one see the same row each in
their own words. Arguments that are themselves codes (a fault or short reason) stay codes; the
screen names them."""

from __future__ import annotations

from typing import Any

from terminal.sentences import fill

MESSAGES: dict[str, str] = {
    "stock_mismatch": "%1 × %2 were picked at %3, where the books held %4.",
    "short_pick_follow_up": "Short pick for order %1: %2 × %3 at %4 (%5); follow-up task at %6.",
    "short_pick_no_stock": "Short pick for order %1: %2 × %3 at %4 (%5); no stock elsewhere.",
    "reserve_empty": "Reserve location %2 held no %1 (the books said %3) for pick face %4; count it.",
    "short_pick_stock_elsewhere": "Short pick for order %1: %2 × %3 at %4 (%5); stock exists in another location.",
    "weight_mismatch": "Order %1 weighed %2 g in box %3, expected %4 g ± %5 g (%6 g).",
    "door_fault_after_unlock": "Compartment %1: %2 after an unlock.",
    "door_left_open": "Compartment %1 has been open for %2 s.",
    "compartment_faulted": "Compartment %1: %2.",
    "door_fault_at_start": "Compartment %1: %2 (found when the kiosk started).",
    "sync_rejection": "%1 was refused by the backend: %2",
    "sync_quarantine": "A change from the backend to %1 %2 cannot be stored on this terminal (%3); it was set aside"
                       " and sync goes on. Compare with the backend's copy.",
    "unlabelled_handover": "Package %1 was handed over although its label never printed; a supervisor let it go.",
    # raised on the backend (backend/exceptions_api.py words its rows with these codes)
    "notification_dead": "The %1 message for parcel %2 could not be sent by %3 after %4 attempt(s) (%5); tell the"
                         " recipient another way.",
    "webhook_dead": "Event %1 (%2) could not be posted to the shop after %3 attempt(s); the shop can still read it"
                    " from /v1/events.",
    "remote_command_refused": "Kiosk %1 refused remote command %2: %3. Check who sent it"
                              " (handoff-backend support log).",
    "stats_replay_error": "The fleet statistics could not replay op %1 (seq %2 of terminal %3): %4. Its effects are"
                          " missing until the stats are rebuilt (handoff-backend stats rebuild).",
    "cancelled_after_pack": "The marketplace cancelled order %1, which is already %2; stop or recall the parcel.",
    "changed_after_pack": "The marketplace changed order %1 after it was packed; check and relabel the parcel.",
    "changed_after_handover": "The marketplace changed order %1 after it was handed over.",
    "return_not_in_order": "%1 × %2 came back with order %3 but are not in it (%4); find whose they are.",
}

#: which arguments (1-based) are codes the screen names in words (reasons), per message code
WORD_ARGS: dict[str, frozenset[int]] = {
    "short_pick_follow_up": frozenset({5}),
    "short_pick_no_stock": frozenset({5}),
    "short_pick_stock_elsewhere": frozenset({5}),
    "door_fault_after_unlock": frozenset({2}),
    "compartment_faulted": frozenset({2}),
    "door_fault_at_start": frozenset({2}),
    "notification_dead": frozenset({1, 3}),      # the message (template) and the channel
    "cancelled_after_pack": frozenset({2}),      # the order's status
    "return_not_in_order": frozenset({4}),       # the grade
}


def exception_text(code: str, *args: object) -> tuple[str, dict[str, Any]]:
    """(the English sentence, the details keys that let a screen word it in its own language)."""
    if code not in MESSAGES:
        raise ValueError(f"unknown exception message code {code!r}")
    words = tuple(str(a) for a in args)
    shown = tuple(w.replace("_", " ") if i + 1 in WORD_ARGS.get(code, ()) else w for i, w in enumerate(words))
    return fill(MESSAGES[code], shown), {"message_code": code, "message_args": list(words)}
