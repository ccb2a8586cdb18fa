"""Why an imported row was refused, as stable codes with arguments (%1, %2, … in order).

The CLI prints the English; a screen translates the code (ui/imports/messages.py), as for picking
and packing (terminal/sentences.py)."""

from __future__ import annotations

from terminal.sentences import register

MESSAGES: dict[str, str] = {
    # the file
    "import_unreadable": "The file cannot be read: %1.",
    "import_not_utf8": "The file is not UTF-8 text from this line on; save it as “CSV UTF-8” and import it again.",
    "import_not_json": "This is not JSON: %1.",
    "import_not_object": "Each row must be a JSON object with named fields.",
    "import_no_header": "The CSV file has no header line naming its columns.",
    # one value
    "import_missing": "Column %1 is empty; it is required.",
    "import_unknown_column": "Column %1 is not one of this kind's columns (%2).",
    "import_not_whole_number": "Column %1 must be a whole number, not “%2”.",
    "import_out_of_range": "Column %1 must be from %2 to %3, not %4.",
    "import_too_long": "Column %1 holds more than %2 characters.",
    "import_too_short": "Column %1 is empty; it is required.",
    "import_not_one_of": "Column %1 must be one of %2, not “%3”.",
    "import_bad_text": "Column %1 holds characters that cannot be stored.",
    "import_bad_day": "Column %1 must be a date written YYYY-MM-DD, not “%2”.",
    "import_bad_moment": "Column %1 must be a moment written YYYY-MM-DDTHH:MM:SS+00:00, not “%2”.",
    "import_not_yes_no": "Column %1 must be 1 or 0 (true or false), not “%2”.",
    "import_bad_value": "Column %1 cannot be “%2”.",
    # against the file and the database
    "import_duplicate": "%1 appears again; it was first on line %2.",
    "import_unknown_sku": "SKU %1 is not known here; import the SKUs first.",
    "import_unknown_location": "Location %1 is not known here; import the locations first.",
    "import_unknown_carrier": "Carrier %1 is not known here.",
    "import_unknown_layout": "Layout %1 is not known here.",
    "import_no_layout": "There is no warehouse layout here to put locations in; name one in column layout.",
    "import_unknown_role": "Role %1 is not a role; use %2.",
    "import_no_departure": "Carrier %1 has no %2 departure that meets the promise; check its departures.",
    "import_order_started": "Order %1 is %2 already; an import cannot change it.",
    "import_ref_taken": "Order number %1 belongs to another order (%2).",
    "import_order_mixed": "Line of order %1 gives another %2 than its first line (line %3).",
    "import_min_over_max": "Min %1 is more than max %2.",
    "import_badge_taken": "That badge belongs to another person (%1).",
    # the whole import
    "import_enrolled": "This terminal is enrolled with a backend, which sends its orders and master data; "
                       "import them on the backend instead.",
}

register(MESSAGES)
