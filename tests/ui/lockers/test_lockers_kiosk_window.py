"""The locker flows inside the real kiosk window: start screen, badge login, scans through deliver_scan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine
from terminal.lockers.doors import DoorTimings
from terminal.lockers.site import store_announced_parcel
from tests.ui.lockers.conftest import FAST, KEY, SITE, Person
from ui.app import make_context, shutdown
from ui.lockers.adapter import adapter_for

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TOKEN = "W" * 24


@pytest.fixture
def window(qtbot, site_db, db_path, clock, emulator) -> Iterator[object]:
    from ui.windows import make_window

    ctx = make_context(db_path, settings=Settings({"ui": {"sound": False, "language": "en"}}), clock=clock,
                       synchronous=True)
    adapter = adapter_for(ctx, line_factory=lambda _c, _d: LockBoardLine(emulator.path, timings=FAST),
                          timings=DoorTimings(poll_s=0.01, give_up_s=20), key=KEY)
    kiosk = make_window("kiosk", ctx)
    qtbot.addWidget(kiosk, before_close_func=lambda w: setattr(w, "_exit_allowed", True))
    kiosk.show()
    qtbot.waitExposed(kiosk)
    kiosk.person = Person(emulator, adapter)
    yield kiosk
    adapter.shutdown()
    shutdown(ctx)


def until_done(qtbot, window, action) -> list:
    adapter = adapter_for(window.ctx)
    seen: list = []
    quiet = (":list", ":lockout")          # the pages' own look-ups, not the flow's outcome
    adapter.finished.connect(lambda tag, result: seen.append(result) if not tag.endswith(quiet) else None)
    adapter.refused.connect(lambda tag, code, message: seen.append(code))
    action()
    qtbot.waitUntil(lambda: bool(seen), timeout=8000)
    return seen


def test_courier_badge_then_parcel_scan_deposits(qtbot, window, site_db, emulator) -> None:
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456", size_class="A")
    window.deliver_scan("B-courier-1")
    assert window.user is not None and "lockers.courier" in window.action_buttons
    qtbot.mouseClick(window.action_buttons["lockers.courier"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "lockers.courier"
    seen = until_done(qtbot, window, lambda: window.deliver_scan("PX1"))
    assert seen[0].ok and seen[0].code == "deposited"
    assert site_db.execute("SELECT status FROM parcels").fetchone()[0] == "deposited"


def test_qr_at_the_start_screen_opens_pickup(qtbot, window, site_db, emulator) -> None:
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456", qr_token=TOKEN)
    window.deliver_scan("B-courier-1")
    window.show_page("lockers.courier")
    assert until_done(qtbot, window, lambda: window.deliver_scan("PX1"))[0].ok
    window.logout(force=True)
    assert window.is_home()
    window.person.action = "take"
    seen = until_done(qtbot, window, lambda: window.deliver_scan("HQR:" + TOKEN))
    assert window.current_key() == "lockers.pickup"
    assert seen[0].code == "picked_up"
    assert site_db.execute("SELECT status FROM parcels").fetchone()[0] == "picked_up"


def test_foreign_qr_on_the_pickup_page_is_refused_without_change(qtbot, window, site_db) -> None:
    before = site_db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    qtbot.mouseClick(window.action_buttons["lockers.pickup"], Qt.MouseButton.LeftButton)
    page = window.current_page()
    window.deliver_scan("https://evil.example/parcel?id=1")
    assert "not a pickup code" in page.message.text()
    assert site_db.execute("SELECT count(*) FROM outbox").fetchone()[0] == before


def test_page_with_an_open_door_cannot_be_left_by_idle_reset(qtbot, window, site_db, emulator) -> None:
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456", size_class="A")
    window.deliver_scan("B-courier-1")
    window.show_page("lockers.courier")
    page = window.current_page()
    window.person.action = "keep_open"
    opened: list = []
    adapter_for(window.ctx).door_opened.connect(opened.append)
    window.deliver_scan("PX1")
    qtbot.waitUntil(lambda: bool(opened), timeout=8000)
    assert not page.can_leave()
    assert window.idle_reset() is False and window.current_key() == "lockers.courier"
    comp = opened[0].compartment
    emulator.put_item(comp.board_no, comp.lock_no)
    emulator.close_door(comp.board_no, comp.lock_no)
    qtbot.waitUntil(page.can_leave, timeout=8000)
    assert window.idle_reset() is True


def through_the_kiosk(qtbot, window, fn) -> None:
    """Run a locker flow on the kiosk's own worker (the person at the door answers on the GUI thread)."""
    future = adapter_for(window.ctx).run("setup", fn)
    qtbot.waitUntil(future.done, timeout=8000)
    future.result()


def courier_page(qtbot, window):
    window.deliver_scan("B-courier-1")
    qtbot.mouseClick(window.action_buttons["lockers.courier"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "lockers.courier"
    return window.current_page()


def test_courier_page_says_its_own_instruction_after_the_returns_page(qtbot, window) -> None:
    window.deliver_scan("B-courier-1")
    assert window.show_page("lockers.returns")
    assert window.banner.label.text() == "Enter the 6-digit return code from the shop."
    assert window.show_page("lockers.courier")
    assert window.banner.label.text() == "Scan a parcel to deposit it."
    assert window.current_page().message.text() == "Scan a parcel to deposit it."


def test_courier_sees_expired_parcels_and_returns_as_soon_as_the_page_shows(qtbot, window, site_db, clock) -> None:
    from terminal.lockers.deposit import deposit
    from terminal.lockers.returns import drop_return

    for tracking in ("PX1", "PX2", "PX3"):
        store_announced_parcel(site_db, KEY, SITE, tracking, phone="600100200", pickup_code="123456",
                               size_class="A")
        through_the_kiosk(qtbot, window, lambda k, t=tracking: deposit(k, "courier-1", t))
    clock.advance(hours=30)
    store_announced_parcel(site_db, KEY, SITE, "RET1", kind="return", size_class="B", return_code="654321")
    through_the_kiosk(qtbot, window, lambda k: drop_return(k, "654321"))
    clock.advance(hours=19)          # PX1..PX3 are past their 48 h; nothing has swept them yet
    assert site_db.execute("SELECT count(*) FROM parcels WHERE status = 'expired'").fetchone()[0] == 0

    page = courier_page(qtbot, window)
    qtbot.waitUntil(lambda: not page.list_loading, timeout=8000)
    rows = [page.collect_list.item(i) for i in range(page.collect_list.count())]
    by_tracking = {row.text().splitlines()[1]: row.text().splitlines()[0] for row in rows}
    assert set(by_tracking) == {"PX1", "PX2", "PX3", "RET1"}
    assert all(by_tracking[t].endswith("expired") for t in ("PX1", "PX2", "PX3"))
    assert by_tracking["RET1"].endswith("return")
    number = site_db.execute("SELECT b.board_no * 16 + c.lock_no FROM parcels p JOIN compartments c"
                             " ON c.id = p.compartment_id JOIN lock_boards b ON b.id = c.board_id"
                             " WHERE p.tracking_number = 'RET1'").fetchone()[0]
    assert by_tracking["RET1"].startswith(f"Compartment {number} ")
    # big enough to read and hit with a wet glove: ≥ 28 px type, rows and buttons a finger tall
    assert page.collect_list.font().pixelSize() >= 28
    assert all(page.collect_list.visualItemRect(row).height() >= 100 for row in rows)
    assert page.collect_button.height() >= 110 and page.refresh_button.height() >= 110
    assert not page.collect_button.isEnabled()       # nothing chosen yet
    page.collect_list.setCurrentItem(rows[0])
    assert page.collect_button.isEnabled()
