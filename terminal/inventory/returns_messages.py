"""The returns desk's sentences, as stable codes with arguments (%1, %2, … in order).

The return session (returns_session.py) words everything from this table (terminal/sentences.py); the
station translates each code (ui/returns/messages.py)."""

from __future__ import annotations

from terminal.sentences import register

MESSAGES: dict[str, str] = {
    "ret_scan_parcel": "Scan the returned parcel: its label, the order's ref or the return code.",
    "ret_scan_item": "Return of order %1: scan each item out of the parcel (%2 graded). F10 when it is empty.",
    "ret_grade": "%1 (%2): 1 restock · 2 quarantine · 3 dispose.",
    "ret_grade_not_in_order": "%1 is NOT IN ORDER %2. Grade it: 1 restock · 2 quarantine · 3 dispose.",
    "ret_reason": "Why is %1 not restocked? 1 damaged · 2 opened or used · 3 incomplete · 4 other.",
    "ret_put_at": "Put %1 at %2 and scan the location.",
    "ret_scan_location": "Scan the location %1 goes to.",
    "ret_order_unknown": "%1 finds no order here: scan the parcel's label, the order's ref or the return code.",
    "ret_received": "Order %1 received back at %2.",
    "ret_resumed": "The return of order %1 was not complete: carry on grading it.",
    "ret_restocked": "%1 × %2 restocked at %3.",
    "ret_quarantined": "%1 × %2 quarantined at %3.",
    "ret_disposed": "%1 × %2 disposed of.",
    "ret_not_in_order": "%1 is not in order %2: grade it; the supervisor is told.",
    "ret_line_full": "Every %1 of order %2 is graded already: this one is not in the order.",
    "ret_scan_an_item": "Scan an item of the parcel (a product barcode).",
    "ret_choose_first": "Press 1, 2 or 3 to grade %1 first.",
    "ret_no_quarantine": "There is no quarantine location here: import one (zone QUARANTINE).",
    "ret_not_quarantine": "%1 is not a quarantine location: scan %2.",
    "ret_is_quarantine": "%1 is a quarantine location: restock to a shelf.",
    "ret_scan_a_location": "Scan a location barcode.",
    "ret_completed": "Return of order %1 complete: %2 restocked, %3 quarantined, %4 disposed.",
    "ret_nothing_open": "No return is open.",
    "ret_item_dropped": "Item put aside; scan the next one.",
    "ret_finish_item": "Finish grading %1 first (Esc puts it aside).",
}

#: the reason codes a person chooses (keys 1–4) for a quarantine or a disposal, stored on the movement
REASONS = ("damaged", "opened", "incomplete", "other")

register(MESSAGES)
