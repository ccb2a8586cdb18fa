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
}

#: which arguments (1-based) are codes the screen names in words (reasons), per message code
WORD_ARGS: dict[str, frozenset[int]] = {
    "short_pick_follow_up": frozenset({5}),
    "short_pick_no_stock": frozenset({5}),
    "short_pick_stock_elsewhere": frozenset({5}),
    "door_fault_after_unlock": frozenset({2}),
    "compartment_faulted": frozenset({2}),
    "door_fault_at_start": frozenset({2}),
}


def exception_text(code: str, *args: object) -> tuple[str, dict[str, Any]]:
    """(the English sentence, the details keys that let a screen word it in its own language)."""
    if code not in MESSAGES:
        raise ValueError(f"unknown exception message code {code!r}")
    words = tuple(str(a) for a in args)
    shown = tuple(w.replace("_", " ") if i + 1 in WORD_ARGS.get(code, ()) else w for i, w in enumerate(words))
    return fill(MESSAGES[code], shown), {"message_code": code, "message_args": list(words)}
