"""Each misbehaviour of the emulated board, met in the kiosk pages (qtbot, real pty, pyserial):
no reply, a garbled reply, a door that does not open, a door that opens by itself. The person at the
screen gets a clear message, nothing is recorded that did not happen, and no frame is sent twice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.lockers.conftest import SITE
from tests.ui.lockers.test_lockers_pages import announce, deposit_via_courier, run, status
from ui.lockers.recipient import PickupPage


def comp_state(db, board: int, lock: int) -> tuple[str, str | None]:
    row = db.execute("SELECT state, fault_reason FROM compartments WHERE id = ?",
                     (f"{SITE}-b{board}-l{lock:02d}",)).fetchone()
    return row[0], row[1]


@pytest.mark.parametrize("misbehaviour", ["silent", "garbled"])
def test_deposit_skips_a_board_that_does_not_answer_properly(qtbot, ctx, adapter, person, emulator,
                                                              misbehaviour) -> None:
    announce(ctx.db, size="C")
    (emulator.set_silent if misbehaviour == "silent" else emulator.set_garbled)(0)
    page, kind, result = deposit_via_courier(qtbot, ctx)
    assert kind == "ok" and result.ok and result.compartment.board_no != 0
    assert emulator.unlock_count(0, 1) == 0                   # nothing was fired at a board we cannot hear
    assert comp_state(ctx.db, 0, 1) == ("FREE", None)         # silence is not a fault of the compartment
    assert status(ctx.db, "PX1") == "deposited"
    assert f"{result.compartment.number}" in page.message.text()


def test_deposit_when_a_door_opened_by_itself_faults_it_and_uses_another(qtbot, ctx, adapter, person,
                                                                       emulator) -> None:
    announce(ctx.db, size="C")
    emulator.open_door(0, 1)
    _page, kind, result = deposit_via_courier(qtbot, ctx)
    assert kind == "ok" and result.compartment.id != f"{SITE}-b0-l01"
    assert emulator.unlock_count(0, 1) == 0
    assert comp_state(ctx.db, 0, 1) == ("FAULT", "door_open_unexpectedly")


@pytest.mark.parametrize("misbehaviour", ["silent", "garbled", "stuck", "opens_by_itself"])
def test_pickup_on_a_misbehaving_board_keeps_the_parcel_and_says_so(qtbot, ctx, adapter, person, emulator,
                                                                   misbehaviour) -> None:
    announce(ctx.db)
    _courier, _kind, deposited = deposit_via_courier(qtbot, ctx)
    comp = deposited.compartment
    {"silent": lambda: emulator.set_silent(comp.board_no),
     "garbled": lambda: emulator.set_garbled(comp.board_no),
     "stuck": lambda: emulator.set_stuck(comp.board_no, comp.lock_no),
     "opens_by_itself": lambda: emulator.open_door(comp.board_no, comp.lock_no)}[misbehaviour]()
    unlocks = emulator.unlock_count(comp.board_no, comp.lock_no)
    page = PickupPage(ctx, None)
    qtbot.addWidget(page)
    for digit in "600100200" + "123456":
        qtbot.mouseClick(page.keypad.buttons[digit], Qt.MouseButton.LeftButton)
    kind, code = run(qtbot, page, "code", lambda: qtbot.mouseClick(page.keypad.buttons["OK"],
                                                                   Qt.MouseButton.LeftButton))
    expected = {"silent": "board_offline", "garbled": "board_offline", "stuck": "door_did_not_open",
                "opens_by_itself": "door_fault"}[misbehaviour]
    assert (kind, code) == ("refused", expected)
    assert status(ctx.db, "PX1") == "deposited"               # the parcel is still the recipient's, inside
    sent = emulator.unlock_count(comp.board_no, comp.lock_no) - unlocks
    assert sent == (1 if misbehaviour == "stuck" else 0)      # one frame at most, never a second
    assert page.message.text() and page.message.property("kind") == "error"


def test_a_code_page_shown_again_tells_the_person_what_to_do(qtbot, ctx, adapter) -> None:
    page = PickupPage(ctx, None)
    qtbot.addWidget(page)
    page.say("Parcel PX9 is in compartment 3.", "ok")          # what the last person saw
    page.on_shown()
    assert "6-digit code" in page.message.text() and "QR" in page.message.text()
    assert page.keypad.buttons["5"].objectName() == "keypadKey"   # styled with the big digits
