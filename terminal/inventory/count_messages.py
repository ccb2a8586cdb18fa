"""The stocker's count sentences, as stable codes with arguments (terminal/sentences.py); the station
translates them (ui/counts/messages.py). None of them carries the book quantity before the count is booked."""

from __future__ import annotations

from terminal.sentences import register

MESSAGES: dict[str, str] = {
    "count_scan_location": "Scan the location to count.",
    "count_location_unknown": "Location %1 is not known here.",
    "count_scan_units": "Location %1: scan each unit, or scan the SKU and type the quantity. Enter books it.",
    "count_scan_location_first": "Scan the location first.",
    "count_one_sku": "Count one SKU at a time: finish %1 first (Enter), or Esc to start again.",
    "count_counted": "%1: %2 counted.",
    "count_recount": "The count differs from the books. Count %1 at %2 again, from zero.",
    "count_choose_reason": "The count differs from the books. Choose a reason (1–7).",
    "count_supervisor": "The difference is large: a supervisor scans their badge to book it.",
    "count_not_supervisor": "%1 is not a supervisor; a supervisor must approve this difference.",
    "count_no_sku": "Nothing was scanned: scan the SKU first (a location found empty: scan the SKU, type 0).",
    "count_booked_same": "Booked: %1 × %2 at %3, as the books said.",
    "count_booked_diff": "Booked: %1 × %2 at %3; the books were %4, adjusted by %5 (%6).",
    "count_cancelled": "Count cancelled; nothing was booked.",
    "count_badge_unknown": "Badge %1 is not known here.",
}
register(MESSAGES)
