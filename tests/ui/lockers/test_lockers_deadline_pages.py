"""The recipient's pickup page says the parcel's deadline, in the reader's language: until when a
parcel left in its compartment waits, and when an expired parcel's pickup time ended."""

from __future__ import annotations

from PySide6.QtCore import Qt

from terminal.clock import local_date_time, site_timezone
from tests.ui.lockers.test_lockers_pages import announce, deposit_via_courier, run
from ui.i18n import language_switch
from ui.lockers.recipient import PickupPage


def _enter_code(qtbot, page) -> tuple:  # type: ignore[no-untyped-def]
    for digit in "600100200" + "123456":
        qtbot.mouseClick(page.keypad.buttons[digit], Qt.MouseButton.LeftButton)
    return run(qtbot, page, "code", lambda: qtbot.mouseClick(page.keypad.buttons["OK"], Qt.MouseButton.LeftButton))


def test_the_pickup_page_says_the_deadline_in_polish(qtbot, ctx, adapter, person, clock) -> None:  # type: ignore[no-untyped-def]
    language_switch().set_language("pl")
    announce(ctx.db)
    deposit_via_courier(qtbot, ctx)
    expires = ctx.db.execute("SELECT expires_at FROM parcels WHERE tracking_number = 'PX1'").fetchone()[0]
    deadline = local_date_time(expires, site_timezone(ctx.db))
    page = PickupPage(ctx, None)
    qtbot.addWidget(page)
    person.action = "nothing"
    kind, result = _enter_code(qtbot, page)
    assert kind == "ok" and result.code == "still_inside"
    assert page.message.text() == (f"Paczka jest nadal w skrytce; wpisz kod ponownie, aby ją otworzyć. "
                                   f"Czeka na Ciebie do {deadline}.")
    clock.advance(hours=49)
    kind, code = _enter_code(qtbot, page)
    assert (kind, code) == ("refused", "expired")
    assert page.message.text() == (f"Czas odbioru tej paczki minął {deadline}; wraca do nadawcy. "
                                   "Skontaktuj się ze sklepem.")
