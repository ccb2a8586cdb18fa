"""The picker's screen speaks Polish: the session's message codes all translated, and the whole flow
in the real station window shows Polish prompts and outcomes (the core keeps its English for logs)."""

from __future__ import annotations

from picking_world import SKUS, ean13
from polish_ts import placeholders, polish
from PySide6.QtCore import Qt, QTimer

from terminal.picking.batching import SLOT_COLOURS
from terminal.picking.session import MESSAGES, WORDED_ELSEWHERE
from ui.context import AppContext
from ui.i18n import language_switch
from ui.picking import messages
from ui.picking.pages import PickingPage, ShortPickDialog

TRANSLATED = sorted(set(MESSAGES) - WORDED_ELSEWHERE)


def test_every_session_message_code_has_a_polish_sentence() -> None:
    # the page's table covers exactly the codes the session can say, with the core's English as source
    assert sorted(messages.texts()) == TRANSLATED
    for code in TRANSLATED:
        assert messages.texts()[code] == MESSAGES[code], code
    pl = polish("PickingMessages")
    for code in TRANSLATED:
        assert MESSAGES[code] in pl, f"no Polish for {code}: {MESSAGES[code]!r}"
        assert placeholders(pl[MESSAGES[code]]) == placeholders(MESSAGES[code]), code
    # and the compiled translation is what the running app uses
    language_switch().set_language("pl")
    for code in TRANSLATED:
        assert messages.texts()[code] == pl[MESSAGES[code]], code


def test_every_tote_colour_has_a_polish_name() -> None:
    pl = polish("PickingPage")
    assert all(pl.get(colour) for colour in SLOT_COLOURS)


def test_picker_flow_in_the_station_window_in_polish(qtbot, picking_ctx: AppContext) -> None:
    from ui.windows import make_window

    language_switch().set_language("pl")
    window = make_window("station", picking_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.deliver_scan("B-ALA")
    window.show_page("picking")
    page = window.current_page()
    assert isinstance(page, PickingPage) and page.session is not None
    last = lambda: window.feedback.last  # noqa: E731

    assert page.prompt.text() == "Zeskanuj pusty pojemnik na miejsce 1 (czerwony)."
    window.deliver_scan("T-001")
    assert last().text.startswith("Pojemnik T-001 to miejsce 1 (czerwony).")
    assert page.prompt.text() == "Zeskanuj pusty pojemnik na miejsce 2 (niebieski)."
    window.deliver_scan("T-002")
    task = page.session.current_task()
    assert page.prompt.text() == f"Idź do {task.location_code} i zeskanuj lokalizację."
    assert page.session.prompt() == f"Go to {task.location_code} and scan the location."   # the core's English

    window.deliver_scan("A-99-99-1L" if task.location_code != "A-99-99-1L" else "A-01-01-1L")
    assert last().kind == "error"
    window.deliver_scan(task.location_code)
    assert page.prompt.text().startswith(f"Pobierz {task.remaining} × {task.sku_name} do pojemnika {task.tote_slot} (")
    wrong = next(s for s in SKUS if s != task.sku_code)
    window.deliver_scan(ean13(wrong))
    assert last().kind == "error"
    assert last().text == f"Zły towar {wrong}: tu jest {task.sku_name} ({task.sku_code}). Nic nie zapisano."
    assert page.message.text() == last().text

    seen_short = False
    while (task := page.session.current_task()) is not None:
        if page.session.state == "location":
            window.deliver_scan(task.location_code)
        if task.sku_code == "SKU-MUG" and not seen_short:
            window.deliver_scan(ean13("SKU-MUG"))
            assert last().text.startswith("1 z 2. Pobierz 1 × ")

            def press_empty() -> None:
                dialog = page.short_dialog
                assert isinstance(dialog, ShortPickDialog)
                qtbot.keyClick(dialog, Qt.Key.Key_1)

            QTimer.singleShot(0, press_empty)
            window.deliver_scan("CMD:SHORT")
            assert last().text.startswith(
                "Zapisano brak towaru: Kubek ceramiczny. Do Twojej trasy dodano zadanie uzupełniające w A-06-10-1L.")
            seen_short = True
            continue
        for _ in range(task.remaining):
            window.deliver_scan(task.sku_code)
    assert seen_short
    assert last().text.endswith("Partia gotowa: zawieź wózek do pakowania.")
    assert "Zadanie wykonane" in last().text
    assert page.prompt.text() == "Partia gotowa: zawieź wózek do pakowania."
    # nothing English in the big prompt or the message line at any point we looked at
    assert "Batch" not in page.prompt.text() + page.message.text()
