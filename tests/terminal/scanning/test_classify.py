"""classify() on a real catalogue: every kind of scan, GS1 with GS and with the separator, odd input."""

from __future__ import annotations

from datetime import date

import pytest
import sqlite_utils

from terminal.config import Settings
from terminal.scanning.classify import classify
from terminal.scanning.types import (
    BadgeScan,
    BoxTypeScan,
    CommandScan,
    CompartmentScan,
    ItemScan,
    LocationScan,
    OrderScan,
    ParcelScan,
    PickupTokenScan,
    ToteScan,
    Unknown,
)

GS = "\x1d"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("B0001", BadgeScan(raw="B0001", badge="B0001", user_id="u1")),
        ("T-0042", ToteScan(raw="T-0042", code="T-0042")),
        ("A01-03-2L", LocationScan(raw="A01-03-2L", code="A01-03-2L")),
        ("LK1-A01", CompartmentScan(raw="LK1-A01", compartment_id="LK1-A01")),
        ("BOX-S", BoxTypeScan(raw="BOX-S", box_code="S")),
        ("ORD-000123", OrderScan(raw="ORD-000123", order_id="o1", ref="ORD-000123")),
        ("DPD0000000001", ParcelScan(raw="DPD0000000001", tracking_number="DPD0000000001", sscc="376130321109103420")),
        ("INP123456789", ParcelScan(raw="INP123456789", tracking_number="INP123456789")),
        ("INT-MOUSE", ItemScan(raw="INT-MOUSE", sku_code="SKU-0002")),
        ("SKU-0003", ItemScan(raw="SKU-0003", sku_code="SKU-0003")),
        ("CMD:SHORT", CommandScan(raw="CMD:SHORT", command="SHORT")),
        ("CMD:LOGOUT\r\n", CommandScan(raw="CMD:LOGOUT", command="LOGOUT")),
        ("HQR:AbCdEfGhIjKlMnOpQrSt_-",
         PickupTokenScan(raw="HQR:AbCdEfGhIjKlMnOpQrSt_-", token="AbCdEfGhIjKlMnOpQrSt_-")),
    ],
)
def test_each_kind_of_scan(scan_db: sqlite_utils.Database, raw: str, expected: object) -> None:
    assert classify(scan_db, raw) == expected


@pytest.mark.parametrize(
    ("raw", "sku", "gtin", "symbology"),
    [
        ("5901234123457", "SKU-0001", "05901234123457", ""),       # EAN-13 matches the 14-digit GTIN
        ("]E05901234123457", "SKU-0001", "05901234123457", "]E0"),
        ("05901234123457", "SKU-0001", "05901234123457", ""),
        ("96385074", "SKU-0002", "00000096385074", ""),             # EAN-8
        ("]E496385074", "SKU-0002", "00000096385074", "]E4"),
        ("036000291452", "SKU-0003", "00036000291452", ""),         # UPC-A / GTIN-12
    ],
)
def test_gtins_normalised_to_14_digits(scan_db: sqlite_utils.Database, raw: str, sku: str, gtin: str,
                                       symbology: str) -> None:
    scan = classify(scan_db, raw)
    assert isinstance(scan, ItemScan)
    assert (scan.sku_code, scan.gtin, scan.units, scan.symbology) == (sku, gtin, 1, symbology)


def test_case_gtin_carries_its_pack_size(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "15901234123454")
    assert isinstance(scan, ItemScan) and scan.units == 6 and scan.sku_code == "SKU-0001"


def test_wrong_check_digit_is_refused_with_a_reason(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "5901234123458")
    assert isinstance(scan, Unknown) and "check digit" in scan.message


def test_valid_gtin_not_in_catalogue(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "4006381333931")
    assert isinstance(scan, Unknown)
    assert "04006381333931" in scan.message and "catalogue" in scan.message


@pytest.mark.parametrize(
    "raw",
    [
        f"]C10105901234123457{GS}10LOT-7{GS}1727063021SN123",
        "]C10105901234123457|10LOT-7|1727063021SN123",
        f"{GS}0105901234123457{GS}10LOT-7{GS}1727063021SN123",          # leading FNC1, no AIM identifier
        "]d20105901234123457|10LOT-7|1727063021SN123",
        "]Q30105901234123457|10LOT-7|1727063021SN123",
        "0105901234123457|10LOT-7|1727063021SN123",
    ],
)
def test_gs1_element_string_with_gs_or_separator(scan_db: sqlite_utils.Database, raw: str) -> None:
    scan = classify(scan_db, raw)
    assert isinstance(scan, ItemScan), scan
    assert scan.sku_code == "SKU-0001" and scan.gtin == "05901234123457"
    assert (scan.batch, scan.expiry, scan.serial) == ("LOT-7", date(2027, 6, 30), "SN123")
    assert scan.ais == {"01": "05901234123457", "10": "LOT-7", "17": "270630", "21": "SN123"}


def test_gs1_count_ai_sets_units(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "]C10205901234123457|3712")
    assert isinstance(scan, ItemScan) and scan.units == 12 and scan.ais["37"] == "12"


def test_gs1_without_fnc1_when_fixed_length_ais_only(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "010590123412345717270630")
    assert isinstance(scan, ItemScan) and scan.expiry == date(2027, 6, 30)


def test_sscc_is_a_parcel(scan_db: sqlite_utils.Database) -> None:
    for raw in ("376130321109103420", "]C100376130321109103420", "00376130321109103420"):
        scan = classify(scan_db, raw)
        assert isinstance(scan, ParcelScan), raw
        assert scan.sscc == "376130321109103420"


def test_broken_gs1_says_what_was_read(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "]C10105901234123458|10X")     # wrong GTIN check digit
    assert isinstance(scan, Unknown) and scan.message.startswith("Read GS1 data")
    assert scan.symbology == "]C1"


def test_gs1_digital_link(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "https://id.gs1.org/01/05901234123457/10/ABC")
    assert isinstance(scan, ItemScan) and scan.batch == "ABC"


def test_unknown_text_says_what_was_read(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "]C0HELLO-42")
    assert isinstance(scan, Unknown)
    assert scan.raw == "HELLO-42" and scan.symbology == "]C0"
    assert '"HELLO-42"' in scan.message and "Code 128" in scan.message


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", "]C1", "x" * 100_000, "A\x07B", b"\xff\xfe\x00", "\ud800abc"])
def test_unusable_input_is_unknown(scan_db: sqlite_utils.Database, raw: str | bytes) -> None:
    scan = classify(scan_db, raw)
    assert isinstance(scan, Unknown) and scan.message.endswith(".")


def test_bytes_are_decoded(scan_db: sqlite_utils.Database) -> None:
    assert classify(scan_db, b"T-0042\r") == ToteScan(raw="T-0042", code="T-0042")


def test_without_a_database_structure_still_counts() -> None:
    assert classify(None, "CMD:NEXT") == CommandScan(raw="CMD:NEXT", command="NEXT")
    assert isinstance(classify(None, "376130321109103420"), ParcelScan)
    assert isinstance(classify(None, "T-0042"), Unknown)


def test_patterns_from_settings(scan_db: sqlite_utils.Database) -> None:
    settings = Settings({"scanning": {"gs1_separator": "~", "patterns": {
        "command": "#(?P<value>[A-Z]+)", "pickup_token": "QR-(?P<value>.{8,})", "tote": "T-\\d{4}",
        "parcel": "JJD\\d{10}"}}})
    assert classify(scan_db, "#UNDO", settings=settings) == CommandScan(raw="#UNDO", command="UNDO")
    assert classify(scan_db, "QR-12345678", settings=settings) == PickupTokenScan(raw="QR-12345678", token="12345678")
    item = classify(scan_db, "0105901234123457~10AB", settings=settings)
    assert isinstance(item, ItemScan) and item.batch == "AB"
    # a parcel pattern makes an unannounced tracking number a ParcelScan the flow can refuse by name
    assert classify(scan_db, "JJD0000000001", settings=settings) == ParcelScan(raw="JJD0000000001",
                                                                             tracking_number="JJD0000000001")
    narrowed = Settings({"scanning": {"patterns": {"tote": "TOTE\\d+"}}})
    assert isinstance(classify(scan_db, "T-0042", settings=narrowed), Unknown)


def test_bad_pattern_setting_is_reported_not_raised(scan_db: sqlite_utils.Database) -> None:
    scan = classify(scan_db, "T-0042", settings=Settings({"scanning": {"patterns": {"tote": "("}}}))
    assert isinstance(scan, Unknown) and "scanning.patterns.tote" in scan.message


def test_database_trouble_is_unknown(tmp_path: object) -> None:
    db = sqlite_utils.Database(memory=True)   # no schema: every lookup fails
    scan = classify(db, "T-0042")
    assert isinstance(scan, Unknown) and "database" in scan.message
