"""The dashboard in Polish: every message of its contexts (and the camera's) is translated in
resources/translations/handoff_pl.ts, the names looked up by key were extracted, and the figures
read as a Polish supervisor reads them (decimal comma, h and min, percentages)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from terminal.stats.kpis import KPI_KEYS
from ui.i18n import language_switch
from ui.stats.tiles import TILE_TITLES, WORDS, KpiTile, duration, kpi_text

TS = Path(__file__).resolve().parents[3] / "resources" / "translations" / "handoff_pl.ts"
CONTEXTS = ("StatsPage", "ChartsTab", "FleetTab", "CameraAdapter")


def _messages() -> dict[str, dict[str, ET.Element]]:
    found: dict[str, dict[str, ET.Element]] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.setdefault(name, {})[message.findtext("source") or ""] = message.find("translation")  # type: ignore[assignment]
    return found


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_message_of_the_context_is_translated(context: str) -> None:
    messages = _messages()[context]
    assert messages, f"no {context} messages in {TS.name}"
    unfinished = [source for source, translation in messages.items()
                  if translation.get("type") == "unfinished" or not (translation.text or "").strip()]
    assert unfinished == []


def test_names_looked_up_by_key_are_extracted() -> None:
    stats = _messages()["StatsPage"]
    assert set(TILE_TITLES) == set(KPI_KEYS)
    assert set(TILE_TITLES.values()) | set(WORDS.values()) <= set(stats)


def test_figures_in_polish(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert duration(2 * 3600 + 14 * 60) == "2 h 14 min" and duration(45 * 60) == "45 min"
    language_switch().set_language("pl")
    tile = KpiTile("on_time_rate")
    qtbot.addWidget(tile)
    assert tile.title.text() == "Przekazane na czas"
    tile.show_values(0.935, 0.9)
    assert tile.value_label.text() == "93,5 %"
    assert tile.change_label.text() == "▲ 3,5 pp"
    assert kpi_text("dwell_median_s", 8040.0) == "2 h 14 min"
    assert kpi_text("pick_rate_lph", 62.04) == "62,0 /h"
    tile.show_values(None, None)
    assert tile.change_label.text() == "brak danych"
