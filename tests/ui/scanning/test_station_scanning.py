"""The real station window with its scanners attached: wedge scans at ≈5 ms/char log in and never
land in the badge field; a person typing at ≈120 ms/char still types; unknown scans say what was read."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtWidgets import QApplication
from scanning_harness import type_keys

from terminal.config import Settings
from terminal.people.badges import register_badge
from terminal.store import transaction
from ui.app import make_context
from ui.windows import make_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


SETTINGS = Settings({"scanning": {"patterns": {"command": "#(?P<value>[A-Z]+)"}}})


@pytest.fixture
def station(qtbot, fresh_db: sqlite_utils.Database, db_path: Path):  # type: ignore[no-untyped-def]
    with transaction(fresh_db):
        fresh_db.execute("INSERT INTO users (id, name, roles) VALUES ('u1', 'Ala', 'picker')")
        register_badge(fresh_db, "B0001", "u1")
    ctx = make_context(db_path, settings=SETTINGS, synchronous=True)
    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    field = window.login_panel.badge_field
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    yield window
    window.scanners.stop()
    window.close()
    ctx.db.close()


def test_badge_scan_logs_in_without_touching_the_field(station) -> None:  # type: ignore[no-untyped-def]
    field = station.login_panel.badge_field
    edits: list[str] = []
    field.textEdited.connect(edits.append)
    field.textChanged.connect(edits.append)
    routed: list[tuple[object, str]] = []
    station.sig_scan_routed.connect(lambda scan, used: routed.append((type(scan).__name__, used)))
    type_keys("B0001\n", 1000, 5)
    assert routed == [("BadgeScan", "login")]
    assert station.user is not None and station.user.id == "u1"
    assert edits == []          # not one character went into the badge field


def test_unknown_scan_in_focused_field_is_reported_not_typed(station) -> None:  # type: ignore[no-untyped-def]
    field = station.login_panel.badge_field
    type_keys("]C0NOT-A-CODE\n", 1000, 4)
    assert field.text() == ""
    last = station.feedback.last
    assert last is not None and last.kind == "error" and '"NOT-A-CODE"' in last.text and "Code 128" in last.text
    assert station.user is None


def test_person_typing_the_badge_still_works(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    field = station.login_panel.badge_field
    wedge = station.scanners.wedge
    type_keys("B0001", 1000, 120, between=lambda: qtbot.waitUntil(lambda: not wedge.classifier.pending))
    assert field.text() == "B0001"          # typed text stays typed
    type_keys("\n", 1600, 0)
    assert station.user is not None and station.user.id == "u1"


def test_scanning_settings_reach_the_window(station) -> None:  # type: ignore[no-untyped-def]
    type_keys("B0001\n", 1000, 5)
    assert station.user is not None
    type_keys("#LOGOUT\n", 2000, 5)     # the configured command pattern, not the default CMD:
    assert station.user is None


@pytest.mark.parametrize("fnc1", ["gs", "separator"])
def test_gs1_scan_in_the_station_window_parses_into_its_ais(station, fnc1: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from scanning_harness import press

    from terminal.scanning.types import ItemScan

    with transaction(station.ctx.db):
        station.ctx.db.execute("INSERT INTO skus (code, name, length_mm, width_mm, height_mm, weight_g)"
                               " VALUES ('SKU-0001', 'Mug', 100, 100, 100, 300)")
        station.ctx.db.execute("INSERT INTO sku_barcodes (barcode, sku_code, kind, units)"
                               " VALUES ('05901234123457', 'SKU-0001', 'gtin', 1)")
    routed: list[object] = []
    station.sig_scan_routed.connect(lambda scan, used: routed.append(scan))
    at = type_keys("]C10105901234123457", 1000, 5)
    if fnc1 == "gs":     # a scanner sends FNC1 as GS, which a keyboard types as Ctrl+]
        press("\x1d", at, Qt.KeyboardModifier.ControlModifier)
    else:                # or as the configured visible separator (default "|")
        press("|", at)
    type_keys("10LOT-7|1727063021SN123\n", at + 5, 5)   # variable-length AI 10 ends at the separator
    field = station.login_panel.badge_field
    assert field.text() == ""
    assert len(routed) == 1 and isinstance(routed[0], ItemScan), routed
    item = routed[0]
    assert item.sku_code == "SKU-0001" and (item.batch, item.serial) == ("LOT-7", "SN123")
    assert item.ais == {"01": "05901234123457", "10": "LOT-7", "17": "270630", "21": "SN123"}
