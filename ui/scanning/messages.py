"""Why a scan cannot be used, in the reader's language, by the classifier's stable codes.

`terminal.scanning.messages` words every `Unknown` from a code and its arguments (what was read,
the symbology, the reason); this table translates each code (the shared mechanism:
ui/coded_text.py). A scan without a code shows its English sentence."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from terminal.scanning.types import Unknown
from ui.coded_text import sentence


def texts() -> dict[str, str]:
    """code → the sentence in the current language (%1, %2, … as in terminal/scanning/messages.py)."""
    return {
        "scan_settings_broken": QCoreApplication.translate("ScanMessages", "Scanning settings cannot be used: %1"),
        "scan_db_unreadable": QCoreApplication.translate(
            "ScanMessages", "Read %1 but the database could not be read (%2); scan it again."),
        "scan_failed": QCoreApplication.translate("ScanMessages", "Read %1 but could not work out what it is (%2)."),
        "scan_not_text": QCoreApplication.translate("ScanMessages", "The scanner sent something that is not text."),
        "scan_empty": QCoreApplication.translate("ScanMessages", "The scan%1 was empty; scan the barcode again."),
        "scan_too_long": QCoreApplication.translate(
            "ScanMessages", "The scan%1 is %2 characters long, too long to be a Handoff barcode."),
        "scan_control_chars": QCoreApplication.translate(
            "ScanMessages", "Read %1%2, which has control characters in it; check the scanner's settings."),
        "scan_gs1_unparsable": QCoreApplication.translate(
            "ScanMessages", "Read GS1 data %1%2 but it cannot be parsed: %3."),
        "scan_web_address": QCoreApplication.translate(
            "ScanMessages", "Read the web address %1%2, which is not a Handoff barcode."),
        "scan_gtin_unknown": QCoreApplication.translate(
            "ScanMessages", "Read GTIN %1%2, but no product in the catalogue has it."),
        "scan_bad_check_digit": QCoreApplication.translate(
            "ScanMessages", "Read %1%2, which looks like an EAN/GTIN but its check digit is wrong; scan it again."),
        "scan_not_known": QCoreApplication.translate(
            "ScanMessages",
            "Read %1%2, which is not a known location, item, tote, order, parcel, badge, compartment or box."),
        "scan_gs1_gtin_unknown": QCoreApplication.translate(
            "ScanMessages", "Read GTIN %1 in a GS1 barcode, but no product in the catalogue has it."),
        "scan_gs1_no_gtin": QCoreApplication.translate(
            "ScanMessages", "Read GS1 data with AIs %1 but no GTIN or SSCC, so it is neither an item nor a parcel."),
    }


def scan_text(code: str, english: str, args: Sequence[str] = ()) -> str:
    return sentence(texts(), code, english, args)


def unknown_text(scan: Unknown) -> str:
    """The sentence for an unusable scan; "" when the classifier gave none."""
    return scan_text(scan.code, scan.message, scan.args) if scan.message else ""
