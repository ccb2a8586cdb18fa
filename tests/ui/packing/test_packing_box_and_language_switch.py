"""The packer's box override speaks the reader's language, and the pack station follows a language
switch at once (issue 15): the override said "An item of … does not fit into box …" in English inside a
Polish sentence, and after PL → EN the page stayed Polish until the next scan while "Produkt /
Policzono" and "wpisz wagę w gramach" never changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_packing_in_station import open_station, station

from terminal.clock import FixedClock
from ui.app import shutdown
from ui.context import AppContext
from ui.i18n import language_switch


@pytest.fixture
def packing_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = station(tmp_path, clock)
    yield ctx
    shutdown(ctx)


def test_a_box_that_cannot_work_is_refused_in_polish(qtbot, packing_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    language_switch().set_language("pl")
    window, page = open_station(qtbot, packing_ctx)
    window.deliver_scan("T-001")
    for sku in ("SKU-MUG", "SKU-MUG", "SKU-TEA"):
        window.deliver_scan(sku)
    window.deliver_scan("BOX-ENV-S")                       # an envelope: the mugs do not fit
    text = window.feedback.last.text
    assert window.feedback.last.kind == "error"
    assert "nie mieści się w kartonie ENV-S" in text and text.endswith("Zostań przy kartonie M."), text
    assert "does not fit" not in text and "Keep box" not in text
    language_switch().set_language("en")                   # the banner says it again in English
    qtbot.waitUntil(lambda: "does not fit into box ENV-S" in window.banner.label.text())


def test_the_pack_station_changes_language_without_waiting_for_a_scan(qtbot, packing_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    language_switch().set_language("pl")
    window, page = open_station(qtbot, packing_ctx)
    window.deliver_scan("T-001")
    headers = lambda: [page.lines.horizontalHeaderItem(i).text() for i in range(2)]  # noqa: E731
    assert headers() == ["Produkt", "Policzono"]
    assert page.typed.placeholderText() == "wpisz wagę w gramach, Enter"
    assert page.prompt.text() == "Zeskanuj każdą sztukę: policzono 0 z 3."
    language_switch().set_language("en")
    qtbot.waitUntil(lambda: headers() == ["Product", "Counted"])
    assert page.typed.placeholderText() == "type the weight in grams, Enter"
    assert page.prompt.text() == "Scan every unit: 0 of 3 counted."
    assert window.feedback.last.text == "Order R-100. Scan every unit: 0 of 3 counted."
    language_switch().set_language("pl")
    qtbot.waitUntil(lambda: headers() == ["Produkt", "Policzono"])
    assert page.prompt.text() == "Zeskanuj każdą sztukę: policzono 0 z 3."
