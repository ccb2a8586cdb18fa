"""Kiosk behaviour a person sees (issue 15): extra taps on OK, stale messages, one focus, the lockout.

Each test is a defect found driving the demo: taps on OK after the door opened left "please wait" on
screen until the 10 s reminder; the start screen kept the last customer's "your return is in the
compartment"; a technician's login showed the returns page's "enter the 6-digit return code"; after a
pickup the focus frame sat on the code field while digits went to the phone field; the lockout said
nothing of how long and the keypad looked usable."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_lockers_kiosk_window import until_done, window  # noqa: F401

from terminal.lockers.site import store_announced_parcel
from tests.ui.lockers.conftest import KEY, SITE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def tap(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_code(qtbot, page, digits: str) -> None:
    for digit in digits:
        tap(qtbot, page.keypad.buttons[digit])


def test_taps_on_ok_after_the_door_opened_name_the_door(qtbot, window, site_db, emulator) -> None:  # noqa: F811
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456", size_class="A")
    window.deliver_scan("B-courier-1")
    window.show_page("lockers.courier")
    assert until_done(qtbot, window, lambda: window.deliver_scan("PX1"))[0].ok
    window.logout(force=True)
    window.person.action = "keep_open"
    tap(qtbot, window.action_buttons["lockers.pickup"])
    page = window.current_page()
    type_code(qtbot, page, "600100200123456")
    for _ in range(3):
        tap(qtbot, page.keypad.buttons["OK"])                 # impatient taps, one door
    qtbot.waitUntil(lambda: "is open" in window.feedback.last.text, timeout=5000)
    door = window.feedback.last.text
    tap(qtbot, page.keypad.buttons["OK"])                     # and one more once it is open
    assert window.feedback.last.text == door
    comp = site_db.execute("SELECT b.board_no, c.lock_no FROM parcels p JOIN compartments c ON c.id = "
                           "p.compartment_id JOIN lock_boards b ON b.id = c.board_id").fetchone()
    assert emulator.unlock_count(comp[0], comp[1]) == 2        # the deposit's and the pickup's: no extra unlock
    emulator.take_item(*comp)
    emulator.close_door(*comp)
    qtbot.waitUntil(lambda: not page.busy, timeout=5000)


def test_the_start_screen_forgets_the_last_customers_message(qtbot, window) -> None:  # noqa: F811
    tap(qtbot, window.action_buttons["lockers.returns"])
    page = window.current_page()
    page.say("Your return is in compartment 5. Thank you.", "ok")   # what the last customer read
    assert window.banner.label.text() == "Your return is in compartment 5. Thank you."
    tap(qtbot, window.home_button)
    assert window.is_home() and window.banner.label.text() == ""
    assert "compartment 5" not in " ".join(label_texts(window))


def test_a_technician_login_does_not_show_the_return_instruction(qtbot, window) -> None:  # noqa: F811
    window.deliver_scan("B-tech-1")
    assert window.user is not None and window.is_home()
    shown = " ".join(label_texts(window))
    assert "return code" not in shown and "phone number" not in shown.lower()


def test_after_a_pickup_the_focused_field_is_the_one_digits_go_to(qtbot, window, site_db) -> None:  # noqa: F811
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456", size_class="A")
    window.deliver_scan("B-courier-1")
    window.show_page("lockers.courier")
    assert until_done(qtbot, window, lambda: window.deliver_scan("PX1"))[0].ok
    window.logout(force=True)
    window.person.action = "take"
    tap(qtbot, window.action_buttons["lockers.pickup"])
    page = window.current_page()
    type_code(qtbot, page, "600100200123456")
    assert QApplication.focusWidget() is page.fields["code"]
    seen = until_done(qtbot, window, lambda: tap(qtbot, page.keypad.buttons["OK"]))
    assert seen[0].code == "picked_up"
    focused = QApplication.focusWidget()
    assert focused is page.fields[page.active] is page.fields["phone"]
    tap(qtbot, page.keypad.buttons["7"])
    assert page.fields["phone"].text() == "7" and page.fields["code"].text() == ""
    tap(qtbot, page.fields["code"])                           # tapping a field moves both together
    assert QApplication.focusWidget() is page.fields["code"] and page.active == "code"


def test_the_lockout_counts_down_and_greys_the_keypad(qtbot, window, site_db) -> None:  # noqa: F811
    tap(qtbot, window.action_buttons["lockers.pickup"])
    page = window.current_page()
    for _ in range(3):                                        # lockers.lockout_after = 3 wrong codes
        type_code(qtbot, page, "600100200999999")
        until_done(qtbot, window, lambda: tap(qtbot, page.keypad.buttons["OK"]))
        page.select_field("phone")
        page.fields["phone"].clear()
    qtbot.waitUntil(lambda: not page.keypad.isEnabled(), timeout=5000)
    assert not page.keypad.buttons["5"].isEnabled()
    said = window.feedback.last.text
    assert said.startswith("Too many wrong codes. Try again in ") and said.endswith(" seconds.")
    seconds = countdown(said)
    assert 25 <= seconds <= 30
    tap(qtbot, page.keypad.buttons["5"])
    assert page.fields["phone"].text() == ""                  # a disabled key types nothing
    qtbot.waitUntil(lambda: countdown(window.feedback.last.text) < seconds, timeout=3000)
    page._lock_keypad(0)                                      # the pause is over
    assert page.keypad.isEnabled()


def countdown(text: str) -> int:
    found = re.search(r"Try again in (\d+) seconds", text)
    assert found, text
    return int(found.group(1))


def label_texts(kiosk) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [w.text() for w in kiosk.findChildren(QLabel) if w.isVisible() and w.text()]
