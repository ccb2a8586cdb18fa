"""How the dashboard says its figures to a person: translated KPI names, human durations
("2 h 14 min"), rates as percentages with the language's decimal separator, and the KPI tile.

The CSV and the PDF keep terminal/stats/export.py's raw numbers and English; this module is the
screen's reading of the same values. Titles and state names are looked up by key at run time, so
they are marked with QT_TRANSLATE_NOOP for tools/update_translations to extract."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from terminal.stats.export import kpi_unit

CONTEXT = "StatsPage"

TILE_TITLES = {
    "otst_median_s": QT_TRANSLATE_NOOP("StatsPage", "Order-to-ship time, median"),
    "otst_p90_s": QT_TRANSLATE_NOOP("StatsPage", "Order-to-ship time, p90"),
    "on_time_rate": QT_TRANSLATE_NOOP("StatsPage", "On-time handover"),
    "pick_rate_lph": QT_TRANSLATE_NOOP("StatsPage", "Pick rate, lines/h"),
    "pack_rate_oph": QT_TRANSLATE_NOOP("StatsPage", "Pack rate, orders/h"),
    "perfect_order_rate": QT_TRANSLATE_NOOP("StatsPage", "Perfect orders"),
    "scan_error_per_1000": QT_TRANSLATE_NOOP("StatsPage", "Scan errors per 1000 scans"),
    "fill_rate": QT_TRANSLATE_NOOP("StatsPage", "Fill rate"),
    "at_risk": QT_TRANSLATE_NOOP("StatsPage", "Orders at risk"),
    "late": QT_TRANSLATE_NOOP("StatsPage", "Orders late"),
    "locker_utilisation": QT_TRANSLATE_NOOP("StatsPage", "Lockers in use now"),
    "locker_utilisation_tw": QT_TRANSLATE_NOOP("StatsPage", "Lockers in use, shift average"),
    "dwell_median_s": QT_TRANSLATE_NOOP("StatsPage", "Parcel dwell, median"),
    "dwell_p90_s": QT_TRANSLATE_NOOP("StatsPage", "Parcel dwell, p90"),
    "first_attempt_pickup_rate": QT_TRANSLATE_NOOP("StatsPage", "Picked up in time"),
    "door_faults": QT_TRANSLATE_NOOP("StatsPage", "Door faults"),
    "inventory_accuracy_rate": QT_TRANSLATE_NOOP("StatsPage", "Inventory record accuracy"),
    "dock_to_stock_median_s": QT_TRANSLATE_NOOP("StatsPage", "Dock to stock, median"),
    "dock_to_stock_p90_s": QT_TRANSLATE_NOOP("StatsPage", "Dock to stock, p90"),
    "return_processing_median_s": QT_TRANSLATE_NOOP("StatsPage", "Return handling, median"),
    "return_rate": QT_TRANSLATE_NOOP("StatsPage", "Return rate"),
    "time_to_restock_median_s": QT_TRANSLATE_NOOP("StatsPage", "Time to restock, median"),
}

WORDS = {   # states, statuses and exception kinds the database stores as codes
    "FREE": QT_TRANSLATE_NOOP("StatsPage", "free"),
    "RESERVED": QT_TRANSLATE_NOOP("StatsPage", "reserved"),
    "OCCUPIED": QT_TRANSLATE_NOOP("StatsPage", "occupied"),
    "OPEN": QT_TRANSLATE_NOOP("StatsPage", "door open"),
    "FAULT": QT_TRANSLATE_NOOP("StatsPage", "fault"),
    "OUT_OF_SERVICE": QT_TRANSLATE_NOOP("StatsPage", "out of service"),
    "open": QT_TRANSLATE_NOOP("StatsPage", "open"),
    "acknowledged": QT_TRANSLATE_NOOP("StatsPage", "acknowledged"),
    "short_pick": QT_TRANSLATE_NOOP("StatsPage", "short pick"),
    "weight_mismatch": QT_TRANSLATE_NOOP("StatsPage", "weight mismatch"),
    "unlabelled_handover": QT_TRANSLATE_NOOP("StatsPage", "handed over without a label"),
    "door_fault": QT_TRANSLATE_NOOP("StatsPage", "door fault"),
    "sync_rejection": QT_TRANSLATE_NOOP("StatsPage", "rejected by the backend"),
    "conflict": QT_TRANSLATE_NOOP("StatsPage", "sync conflict"),
    "return_not_in_order": QT_TRANSLATE_NOOP("StatsPage", "returned item not in the order"),
}

# The warehouse stock's figures (issue 19), on the dashboard's Stock tab rather than in the top rows.
STOCK_KPIS = ("inventory_accuracy_rate", "dock_to_stock_median_s", "dock_to_stock_p90_s")

# Lower is better for these; the change arrow turns red when they go up.
LOWER_IS_BETTER = {"otst_median_s", "otst_p90_s", "scan_error_per_1000", "at_risk", "late", "dwell_median_s",
                   "dwell_p90_s", "door_faults", "dock_to_stock_median_s", "dock_to_stock_p90_s",
                   "return_processing_median_s", "return_rate", "time_to_restock_median_s"}
COUNTS = {"at_risk", "late", "door_faults"}


def _t(text: str) -> str:
    return QCoreApplication.translate("StatsPage", text)


def word(code: str) -> str:
    """The translated name of a stored code (compartment state, exception status or kind)."""
    return _t(WORDS[code]) if code in WORDS else code.replace("_", " ")


def number(value: float, decimals: int = 1) -> str:
    """A number with the current language's decimal separator (QLocale follows the language switch)."""
    return QLocale().toString(float(value), "f", decimals)


def duration(seconds: float | None) -> str:
    """"2 h 14 min", "45 min", "52 h" — rounded to the minute; minus sign for the past."""
    if seconds is None:
        return "—"
    sign = "−" if seconds < 0 else ""
    minutes = int(round(abs(seconds) / 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        text = QCoreApplication.translate("StatsPage", "%1 min").replace("%1", str(minutes))
    elif not minutes or hours >= 24:
        text = QCoreApplication.translate("StatsPage", "%1 h").replace("%1", str(hours))
    else:
        text = QCoreApplication.translate("StatsPage", "%1 h %2 min")
        text = text.replace("%1", str(hours)).replace("%2", str(minutes))
    return sign + text


def kpi_text(key: str, value: Any) -> str:
    """How a person reads one KPI: durations in h and min, rates in %, counts as whole numbers."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        value = value.get("total", 0)
    unit = kpi_unit(key)
    if unit == "duration":
        return duration(float(value))
    if unit == "percent":
        return f"{number(100 * float(value))} %"
    if unit == "per_hour":
        return f"{number(value)} /h"
    if unit == "per_mille":
        return f"{number(value)} ‰"
    return str(int(value))


def _flat(value: Any) -> float | None:
    if isinstance(value, dict):
        return float(value.get("total", 0))
    return None if value is None else float(value)


def change_text(key: str, now: float, before: float) -> str:
    """The change against the previous shift, in the KPI's own unit (percentage points for rates)."""
    delta = now - before
    arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
    if key in COUNTS:
        shown = str(int(abs(delta)))
    elif key.endswith("_rate") or key.startswith("locker_utilisation"):
        shown = QCoreApplication.translate("StatsPage", "%1 pp").replace("%1", number(100 * abs(delta)))
    else:
        shown = kpi_text(key, abs(delta))
    return f"{arrow} {shown}"


class KpiTile(QFrame):
    """One KPI: its name, this shift's value and the change against the previous shift."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.value: Any = None
        self.previous: Any = None
        self.compare = True
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"kpi_{key}")
        # Every tile as wide as the next (the grid's columns share the width), never wider for a long title.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        self.title = QLabel(_t(TILE_TITLES[key]))
        self.title.setWordWrap(True)
        self.value_label = QLabel("—")
        self.change_label = QLabel("")
        self.value_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        # Fixed heights from the fonts the theme's style sheet gives (hence ensurePolished): a
        # word-wrapped label in a grid may otherwise get one line's height and be cut. Two lines for
        # the title; the change is one short line, the page says what it is compared with.
        for label, lines in ((self.title, 2), (self.value_label, 1), (self.change_label, 1)):
            label.ensurePolished()
            label.setFixedHeight(lines * label.fontMetrics().lineSpacing() + 4)
        for w in (self.title, self.value_label, self.change_label):
            layout.addWidget(w)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.title.setText(_t(TILE_TITLES[self.key]))
            self.show_values(self.value, self.previous, compare=self.compare)
        super().changeEvent(event)

    def show_values(self, value: Any, previous: Any, *, compare: bool = True) -> None:
        self.value, self.previous, self.compare = value, previous, compare
        self.value_label.setText(kpi_text(self.key, value))
        now, before = _flat(value), _flat(previous)
        self.setToolTip("")
        if not compare:
            self.change_label.setText("")
            return
        if now is None or before is None:
            self.change_label.setText(QCoreApplication.translate("StatsPage", "no data yet") if now is None
                                      else QCoreApplication.translate("StatsPage", "no previous shift"))
            self.change_label.setStyleSheet("color: #616161;")
            return
        delta = now - before
        better = (delta < 0) if self.key in LOWER_IS_BETTER else (delta > 0)
        self.change_label.setText(change_text(self.key, now, before))
        tip = QCoreApplication.translate("StatsPage", "Previous shift: %1")
        self.setToolTip(tip.replace("%1", kpi_text(self.key, previous)))
        colour = "#2e7d32" if better else "#c62828" if delta else "#616161"
        self.change_label.setStyleSheet(f"color: {colour};")


TILE_MIN_PX = 150   # "19 h 39 min" in the value's 15 pt bold, and two lines of a Polish title


class TileGrid(QWidget):
    """The tiles in equal columns, as many per row as keep each tile TILE_MIN_PX wide (8 on a 1920 px
    screen and at 1280, 6 on a portrait 1080): a fixed 8 cut the values on narrow screens."""

    def __init__(self, tiles: dict[str, KpiTile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = list(tiles.values())
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.per_row = 0
        self._flow(8)

    def _flow(self, per_row: int) -> None:
        if per_row == self.per_row:
            return
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for column in range(max(self.per_row, per_row, 8)):
            self.grid.setColumnStretch(column, 1 if column < per_row else 0)
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // per_row, i % per_row)
        self.per_row = per_row

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        spacing = max(self.grid.horizontalSpacing(), 0)
        self._flow(max(2, min(8, (event.size().width() + spacing) // (TILE_MIN_PX + spacing))))
