"""Why an imported row was refused, in the reader's language, by the core's stable codes.

`terminal.imports.messages` words each bad row of `handoff import` as a code with arguments (and the
English for the CLI); this table translates each code, as for picking and packing (ui/coded_text.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def texts() -> dict[str, str]:
    """code → the sentence in the current language (%1, %2, … as in terminal/imports/messages.py)."""
    return {
        "import_unreadable": QCoreApplication.translate(
            "ImportMessages", "The file cannot be read: %1."),
        "import_not_utf8": QCoreApplication.translate(
            "ImportMessages", "The file is not UTF-8 text from this line on; save it as “CSV UTF-8” and import it "
            "again."),
        "import_not_json": QCoreApplication.translate(
            "ImportMessages", "This is not JSON: %1."),
        "import_not_object": QCoreApplication.translate(
            "ImportMessages", "Each row must be a JSON object with named fields."),
        "import_no_header": QCoreApplication.translate(
            "ImportMessages", "The CSV file has no header line naming its columns."),
        "import_missing": QCoreApplication.translate(
            "ImportMessages", "Column %1 is empty; it is required."),
        "import_unknown_column": QCoreApplication.translate(
            "ImportMessages", "Column %1 is not one of this kind's columns (%2)."),
        "import_not_whole_number": QCoreApplication.translate(
            "ImportMessages", "Column %1 must be a whole number, not “%2”."),
        "import_out_of_range": QCoreApplication.translate(
            "ImportMessages", "Column %1 must be from %2 to %3, not %4."),
        "import_too_long": QCoreApplication.translate(
            "ImportMessages", "Column %1 holds more than %2 characters."),
        "import_too_short": QCoreApplication.translate(
            "ImportMessages", "Column %1 is empty; it is required."),
        "import_not_one_of": QCoreApplication.translate(
            "ImportMessages", "Column %1 must be one of %2, not “%3”."),
        "import_bad_text": QCoreApplication.translate(
            "ImportMessages", "Column %1 holds characters that cannot be stored."),
        "import_bad_day": QCoreApplication.translate(
            "ImportMessages", "Column %1 must be a date written YYYY-MM-DD, not “%2”."),
        "import_bad_moment": QCoreApplication.translate(
            "ImportMessages", "Column %1 must be a moment written YYYY-MM-DDTHH:MM:SS+00:00, not “%2”."),
        "import_not_yes_no": QCoreApplication.translate(
            "ImportMessages", "Column %1 must be 1 or 0 (true or false), not “%2”."),
        "import_bad_value": QCoreApplication.translate(
            "ImportMessages", "Column %1 cannot be “%2”."),
        "import_duplicate": QCoreApplication.translate(
            "ImportMessages", "%1 appears again; it was first on line %2."),
        "import_unknown_sku": QCoreApplication.translate(
            "ImportMessages", "SKU %1 is not known here; import the SKUs first."),
        "import_unknown_location": QCoreApplication.translate(
            "ImportMessages", "Location %1 is not known here; import the locations first."),
        "import_unknown_carrier": QCoreApplication.translate(
            "ImportMessages", "Carrier %1 is not known here."),
        "import_unknown_layout": QCoreApplication.translate(
            "ImportMessages", "Layout %1 is not known here."),
        "import_no_layout": QCoreApplication.translate(
            "ImportMessages", "There is no warehouse layout here to put locations in; name one in column layout."),
        "import_unknown_role": QCoreApplication.translate(
            "ImportMessages", "Role %1 is not a role; use %2."),
        "import_no_departure": QCoreApplication.translate(
            "ImportMessages", "Carrier %1 has no %2 departure that meets the promise; check its departures."),
        "import_order_started": QCoreApplication.translate(
            "ImportMessages", "Order %1 is %2 already; an import cannot change it."),
        "import_ref_taken": QCoreApplication.translate(
            "ImportMessages", "Order number %1 belongs to another order (%2)."),
        "import_order_mixed": QCoreApplication.translate(
            "ImportMessages", "Line of order %1 gives another %2 than its first line (line %3)."),
        "import_badge_taken": QCoreApplication.translate(
            "ImportMessages", "That badge belongs to another person (%1)."),
        "import_min_over_max": QCoreApplication.translate(
            "ImportMessages", "Min %1 is more than max %2."),
        "import_enrolled": QCoreApplication.translate(
            "ImportMessages", "This terminal is enrolled with a backend, which sends its orders and master "
            "data; import them on the backend instead."),
    }
