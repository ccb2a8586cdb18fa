"""The pack station speaks Polish: every packing, scanner and refusal code has a finished Polish
sentence, and the whole flow in the real station window — counting, a wrong item, an over-scan, a
weight mismatch, closing, handover and an unknown barcode — shows Polish (the core keeps English)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from polish_ts import placeholders, polish
from PySide6.QtCore import Qt
from test_packing_in_station import open_station, station, type_weight

from terminal.clock import FixedClock
from terminal.errors import OpRejected
from terminal.packing.messages import MESSAGES as PACKING
from terminal.packing.messages import UNTRANSLATED
from terminal.scanning.classify import classify
from terminal.scanning.messages import MESSAGES as SCANNING
from terminal.scanning.types import Unknown
from ui.app import shutdown
from ui.context import AppContext
from ui.i18n import language_switch
from ui.packing import messages as packing_texts
from ui.packing.handover import HandoverPage
from ui.refusals import error_text, status_texts
from ui.refusals import texts as refusal_texts
from ui.scanning import messages as scanning_texts


@pytest.fixture
def packing_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = station(tmp_path, clock, printer="file:/dev/null")   # labels print: the handover takes the package
    yield ctx
    shutdown(ctx)


def check_table(texts: dict[str, str], english: dict[str, str], context: str) -> None:
    """The UI table covers exactly `english`'s codes with the core's English as source, each has a
    finished Polish sentence with the same placeholders, and the running app uses it."""
    assert sorted(texts) == sorted(english)
    pl = polish(context)
    for code, text in english.items():
        assert texts[code] == text, code
        assert text in pl, f"no Polish for {code}: {text!r}"
        assert placeholders(pl[text]) == placeholders(text), code


def test_every_packing_code_has_a_polish_sentence() -> None:
    translated = {c: t for c, t in PACKING.items() if c not in UNTRANSLATED}
    check_table(packing_texts.texts(), translated, "PackingMessages")
    language_switch().set_language("pl")
    pl = polish("PackingMessages")
    assert all(packing_texts.texts()[c] == pl[t] for c, t in translated.items())


def test_every_scanner_code_has_a_polish_sentence() -> None:
    check_table(scanning_texts.texts(), SCANNING, "ScanMessages")


def test_every_refusal_the_station_translates_has_polish_and_is_a_real_code() -> None:
    english = refusal_texts()
    pl = polish("OpRejected")
    core = "\n".join(p.read_text() for p in Path("terminal").rglob("*.py"))
    for code, text in english.items():
        assert text in pl and placeholders(pl[text]) == placeholders(text), code
        assert re.search(rf'"{code}"', core), f"{code} is not raised by the core"
    statuses = polish("OrderStatus")
    assert all(statuses.get(s) for s in status_texts().values())


def test_a_refusal_in_polish_names_its_details_and_falls_back_to_english() -> None:
    language_switch().set_language("pl")
    exc = OpRejected("tote_in_use", "Tote T-9 still holds order R-1; use an empty tote.", ("T-9", "R-1"))
    assert error_text(exc) == "W pojemniku T-9 jest jeszcze zamówienie R-1; użyj pustego pojemnika."
    status = OpRejected("order_not_packable", "Order R-1 is handed over and cannot be packed now.",
                        ("R-1", "handed_over"))
    assert error_text(status) == "Zamówienie R-1 jest przekazane przewoźnikowi i nie można go teraz pakować."
    # raised the old way (no details) or a code without a table entry: the core's English
    assert error_text(OpRejected("tote_in_use", "Tote T-9 is busy.")) == "Tote T-9 is busy."
    assert error_text(OpRejected("bad_args", "X got arguments that cannot be stored.")) == \
        "X got arguments that cannot be stored."


def test_packer_flow_in_the_station_window_in_polish(qtbot, packing_ctx: AppContext) -> None:
    language_switch().set_language("pl")
    window, page = open_station(qtbot, packing_ctx)
    last = lambda: window.feedback.last  # noqa: E731

    assert page.prompt.text() == "Zeskanuj pojemnik lub zamówienie do spakowania."
    window.deliver_scan("T-001")
    assert last().kind == "ok" and last().text == "Zamówienie R-100. Zeskanuj każdą sztukę: policzono 0 z 3."
    assert page.prompt.text() == "Zeskanuj każdą sztukę: policzono 0 z 3."
    window.deliver_scan("5901234123495")                     # a cup: not in this order
    assert last().kind == "error" and last().text.startswith("Zły towar ")
    assert "nie ma go w tym zamówieniu" in page.message.text()
    window.deliver_scan("SKU-MUG")
    assert re.fullmatch(r".+: 1 z 2\. Policzono 1 z 3\.", last().text)
    window.deliver_scan("SKU-MUG")
    window.deliver_scan("SKU-MUG")                           # a third mug: over-scan
    assert last().kind == "error" and last().text.startswith("Za dużo: wszystkie sztuki ")
    window.deliver_scan("SKU-TEA")
    assert last().text.startswith("Wszystkie sztuki policzone. Użyj kartonu M (")
    assert page.prompt.text() == "Zapakuj do kartonu M i połóż go na wadze (albo wpisz wagę)."
    type_weight(qtbot, page, 2000)
    assert last().kind == "error" and last().text.startswith("Waga 2000 g to nie 820 ± ")
    qtbot.keyClick(page, Qt.Key.Key_F10)
    assert last().text == "Ponowne liczenie: wyjmij wszystko i zeskanuj każdą sztukę jeszcze raz. " \
                          "Zeskanuj każdą sztukę: policzono 0 z 3."
    for code in ("SKU-MUG", "SKU-MUG", "SKU-TEA"):
        window.deliver_scan(code)
    type_weight(qtbot, page, 830)
    tracking = packing_ctx.db.execute("SELECT tracking_number FROM packages").fetchone()[0]
    assert last().text == f"Spakowano: R-100, 830 g, numer przesyłki {tracking}. Zeskanuj następny pojemnik."
    window.deliver_scan("T-001")                              # packed: the tote is free again
    assert last().text == "W pojemniku T-001 nie ma zamówienia; zeskanuj zamiast tego dokument zamówienia."
    assert session_english(page) == "Tote T-001 holds no order; scan the order's paper instead."   # core: English

    # an unknown barcode: what was read, in Polish
    window.deliver_scan("XYZ-4711")
    assert last().kind == "error"
    assert last().text == ('Odczytano "XYZ-4711" — to nie jest znana lokalizacja, towar, pojemnik, zamówienie, '
                           "paczka, identyfikator, skrytka ani karton.")

    # handover
    window.show_page("handover")
    hand = window.current_page()
    assert isinstance(hand, HandoverPage)
    window.deliver_scan(tracking)
    assert last().kind == "ok" and last().text == f"{tracking} (R-100) załadowana dla DPD: 1 w tym samochodzie, " \
                                                  "jeszcze 0 do załadowania."
    window.deliver_scan(tracking)
    assert last().text.startswith(f"Paczka {tracking} została już przekazana o ")
    qtbot.keyClick(hand, Qt.Key.Key_F10)
    assert hand.message.text() == "Następny samochód: zeskanuj pierwszą paczkę."


def session_english(page) -> str:
    return page.last_outcome.message


def test_an_unknown_barcode_at_a_polish_station_before_login(qtbot, packing_ctx: AppContext) -> None:
    from ui.windows import make_window

    language_switch().set_language("pl")
    window = make_window("station", packing_ctx)
    qtbot.addWidget(window)
    window.deliver_scan("5901234123450")                      # an EAN-13 whose check digit is wrong
    assert window.feedback.last.kind == "error"
    assert window.feedback.last.text == ('Odczytano "5901234123450" — wygląda na EAN/GTIN, ale cyfra kontrolna '
                                         "się nie zgadza; zeskanuj jeszcze raz.")
    scan = classify(packing_ctx.db, "5901234123450")
    assert isinstance(scan, Unknown) and scan.message.startswith('Read "5901234123450", which looks like')
