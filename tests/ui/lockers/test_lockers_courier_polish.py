"""The courier's deposit result in the reader's language (issue 15): a Polish kiosk said "Parcel PX1
is in compartment 3." — the core's English — because the result carried no arguments to word."""

from __future__ import annotations

from tests.ui.lockers.test_lockers_pages import announce, deposit_via_courier, status
from ui.i18n import language_switch


def test_courier_deposit_is_said_in_polish_and_follows_a_language_switch(qtbot, ctx, adapter, person,  # type: ignore[no-untyped-def]
                                                                          emulator) -> None:
    language_switch().set_language("pl")
    announce(ctx.db, size="B")
    page, kind, result = deposit_via_courier(qtbot, ctx)
    assert kind == "ok" and result.code == "deposited" and result.args == ("PX1", "3")
    assert page.message.text() == "Paczka PX1 jest w skrytce 3."
    assert result.message == "Parcel PX1 is in compartment 3."          # the core (CLI, logs) keeps English
    assert status(ctx.db, "PX1") == "deposited"
