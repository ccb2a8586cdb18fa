"""Why a scan cannot be used, as stable codes with arguments (%1, %2, … in order).

The classifier words every `Unknown` from this table, so the CLI and logs read English and a screen
translates the code (ui/scanning/messages.py). %2 in most sentences is the symbology in brackets
(" (EAN-13)") or nothing."""

from __future__ import annotations

from terminal.scanning.types import Unknown
from terminal.sentences import fill

MESSAGES: dict[str, str] = {
    "scan_settings_broken": "Scanning settings cannot be used: %1",
    "scan_db_unreadable": "Read %1 but the database could not be read (%2); scan it again.",
    "scan_failed": "Read %1 but could not work out what it is (%2).",
    "scan_not_text": "The scanner sent something that is not text.",
    "scan_empty": "The scan%1 was empty; scan the barcode again.",
    "scan_too_long": "The scan%1 is %2 characters long, too long to be a Handoff barcode.",
    "scan_control_chars": "Read %1%2, which has control characters in it; check the scanner's settings.",
    "scan_gs1_unparsable": "Read GS1 data %1%2 but it cannot be parsed: %3.",
    "scan_web_address": "Read the web address %1%2, which is not a Handoff barcode.",
    "scan_gtin_unknown": "Read GTIN %1%2, but no product in the catalogue has it.",
    "scan_bad_check_digit": "Read %1%2, which looks like an EAN/GTIN but its check digit is wrong; scan it again.",
    "scan_not_known": "Read %1%2, which is not a known location, item, tote, order, parcel, badge, compartment or box.",
    "scan_gs1_gtin_unknown": "Read GTIN %1 in a GS1 barcode, but no product in the catalogue has it.",
    "scan_gs1_no_gtin": "Read GS1 data with AIs %1 but no GTIN or SSCC, so it is neither an item nor a parcel.",
}


def unknown(raw: str, code: str, *args: object, symbology: str = "") -> Unknown:
    """An unusable scan with its sentence in English and its code and arguments for a screen."""
    shown = tuple(str(a) for a in args)
    return Unknown(raw=raw, symbology=symbology, message=fill(MESSAGES[code], shown), code=code, args=shown)
