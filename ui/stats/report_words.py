"""The shift report's words in the reader's language (terminal/stats/export.py writes the PDF).

The same readings as the dashboard: KPI titles and values from ui/stats/tiles.py, roles, services,
stored codes and exception sentences by their tables, and spans beyond a day as "2 d 6 h"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from terminal.stats.export import ReportWords
from ui.order_words import service_name
from ui.stats.exception_texts import exception_sentence
from ui.stats.tiles import TILE_TITLES, duration, kpi_text, number, word
from ui.widgets.statusbar import role_name

WORDS = {   # looked up by key, marked for lupdate
    "title": QT_TRANSLATE_NOOP("ShiftReport", "Shift report"),
    "window": QT_TRANSLATE_NOOP("ShiftReport", "Shift %1, %2–%3 (site time)"),
    "figure": QT_TRANSLATE_NOOP("ShiftReport", "Figure"),
    "this": QT_TRANSLATE_NOOP("ShiftReport", "This shift"),
    "previous": QT_TRANSLATE_NOOP("ShiftReport", "Previous shift"),
    "people": QT_TRANSLATE_NOOP("ShiftReport", "People"),
    "name": QT_TRANSLATE_NOOP("ShiftReport", "Name"),
    "role": QT_TRANSLATE_NOOP("ShiftReport", "Role"),
    "logged": QT_TRANSLATE_NOOP("ShiftReport", "Time logged in"),
    "count": QT_TRANSLATE_NOOP("ShiftReport", "Count"),
    "rate": QT_TRANSLATE_NOOP("ShiftReport", "Rate /h"),
    "risks": QT_TRANSLATE_NOOP("ShiftReport", "Late and at-risk orders"),
    "order": QT_TRANSLATE_NOOP("ShiftReport", "Order"),
    "state": QT_TRANSLATE_NOOP("ShiftReport", "State"),
    "service": QT_TRANSLATE_NOOP("ShiftReport", "Service"),
    "ship_by": QT_TRANSLATE_NOOP("ShiftReport", "Ship by"),
    "left": QT_TRANSLATE_NOOP("ShiftReport", "Time left"),
    "exceptions": QT_TRANSLATE_NOOP("ShiftReport", "Open exceptions"),
    "raised": QT_TRANSLATE_NOOP("ShiftReport", "Raised"),
    "kind": QT_TRANSLATE_NOOP("ShiftReport", "Kind"),
    "status": QT_TRANSLATE_NOOP("ShiftReport", "Status"),
    "message": QT_TRANSLATE_NOOP("ShiftReport", "Message"),
    "late": QT_TRANSLATE_NOOP("ShiftReport", "late"),
    "at_risk": QT_TRANSLATE_NOOP("ShiftReport", "at risk"),
    "days": QT_TRANSLATE_NOOP("ShiftReport", "%1 d %2 h"),
    "late_by": QT_TRANSLATE_NOOP("ShiftReport", "%1 late"),
}


def _t(key: str) -> str:
    return QCoreApplication.translate("ShiftReport", WORDS[key])


def long_duration(seconds: float) -> str:
    """A span on paper: "45 min", "2 h 14 min", beyond a day "2 d 6 h" (never minutes in the thousands)."""
    minutes = int(round(abs(seconds) / 60))
    days, rest = divmod(minutes, 24 * 60)
    if not days:
        return duration(abs(seconds))
    return _t("days").replace("%1", str(days)).replace("%2", str(rest // 60))


def late_by(seconds: float) -> str:
    return long_duration(seconds) if seconds >= 0 else _t("late_by").replace("%1", long_duration(-seconds))


def report_value(key: str, value: Any) -> str:
    if key.endswith("_s") and value is not None and not isinstance(value, dict):
        return long_duration(float(value))
    return kpi_text(key, value)


def report_words() -> ReportWords:
    """The report's words as the current language says them."""
    return ReportWords(
        title=_t("title"), window=_t("window"),
        kpi_header=(_t("figure"), _t("this"), _t("previous")),
        people=_t("people"), people_header=(_t("name"), _t("role"), _t("logged"), _t("count"), _t("rate")),
        risks=_t("risks"), risks_header=(_t("order"), _t("state"), _t("service"), _t("ship_by"), _t("left")),
        exceptions=_t("exceptions"), exceptions_header=(_t("raised"), _t("kind"), _t("status"), _t("message")),
        kpi_titles={k: QCoreApplication.translate("StatsPage", v) for k, v in TILE_TITLES.items()},
        value=report_value, duration=long_duration, left=late_by,
        word=lambda code: _t(code) if code in ("late", "at_risk") else word(code),
        role=role_name, service=service_name, exception=exception_sentence, number=number,
    )
