"""The kiosk pages with real widgets (qtbot) against the emulator through a real pty and pyserial."""

from __future__ import annotations

from PySide6.QtCore import Qt

from terminal.lockers.site import store_announced_parcel
from terminal.people.badges import User
from terminal.scanning.types import ParcelScan, PickupTokenScan, Unknown
from tests.ui.lockers.conftest import KEY, SITE
from ui.lockers.courier import CourierPage
from ui.lockers.recipient import PickupPage, ReturnsPage
from ui.lockers.technician import TechnicianPage

COURIER = User("courier-1", "Courier", ("courier",), (), "en")
TECH = User("tech-1", "Tech", ("technician",), (), "en")
TOKEN = "Q" * 22


def announce(db, tracking="PX1", size="A", code="123456"):
    return store_announced_parcel(db, KEY, SITE, tracking, phone="600100200", pickup_code=code, qr_token=TOKEN
                                  if tracking == "PX1" else None, size_class=size)


def run(qtbot, page, name, action, timeout=8000):
    """Do `action` and wait until the page's flow `name` finished or was refused."""
    results: list = []

    def finished(tag, result):
        if page.mine(tag) == name:
            results.append(("ok", result))

    def refused(tag, code, message):
        if page.mine(tag) == name:
            results.append(("refused", code))
    page.adapter.finished.connect(finished)
    page.adapter.refused.connect(refused)
    try:
        action()
        qtbot.waitUntil(lambda: bool(results), timeout=timeout)
    finally:
        page.adapter.finished.disconnect(finished)
        page.adapter.refused.disconnect(refused)
    return results[0]


def status(db, tracking):
    return db.execute("SELECT status FROM parcels WHERE tracking_number = ?", (tracking,)).fetchone()[0]


def outbox(db):
    return db.execute("SELECT count(*) FROM outbox").fetchone()[0]


def deposit_via_courier(qtbot, ctx, tracking="PX1"):
    page = CourierPage(ctx, COURIER)
    qtbot.addWidget(page)
    kind, result = run(qtbot, page, "deposit", lambda: page.handle_scan(ParcelScan(raw=tracking,
                                                                                  tracking_number=tracking)))
    return page, kind, result


def test_courier_deposit(qtbot, ctx, adapter, person, emulator) -> None:
    announce(ctx.db, size="B")
    page, kind, result = deposit_via_courier(qtbot, ctx)
    assert kind == "ok" and result.ok
    assert "compartment 3" in page.message.text()
    assert status(ctx.db, "PX1") == "deposited"
    assert emulator.unlock_count(0, 3) == 1
    assert page.too_small.minimumHeight() >= 80


def test_courier_unknown_parcel_refused(qtbot, ctx, adapter, person, emulator) -> None:
    before = outbox(ctx.db)
    page, kind, code = deposit_via_courier(qtbot, ctx, "NOT-OURS-1")
    assert (kind, code) == ("refused", "unknown_parcel")
    assert "not announced" in page.message.text()
    assert outbox(ctx.db) == before
    assert all(frame[2] != 0x31 for frame in emulator.requests)          # no unlock frame went out


def test_courier_too_small_button_opens_a_bigger_one(qtbot, ctx, adapter, person) -> None:
    announce(ctx.db, size="A")
    pressed: list = []

    def press_too_small(opening):
        if pressed:
            return False
        pressed.append(opening)
        page = pages[0]
        qtbot.waitUntil(lambda: not page.too_small.isHidden(), timeout=3000)
        qtbot.mouseClick(page.too_small, Qt.MouseButton.LeftButton)
        return True                       # close the door with nothing in it
    person.before_close = press_too_small
    pages: list = []
    page = CourierPage(ctx, COURIER)
    qtbot.addWidget(page)
    pages.append(page)
    kind, result = run(qtbot, page, "deposit", lambda: page.handle_scan(ParcelScan(raw="PX1", tracking_number="PX1")))
    assert kind == "ok" and result.compartment.size_class == "B"


def test_courier_door_that_does_not_open(qtbot, ctx, adapter, person, emulator) -> None:
    announce(ctx.db, size="C")
    emulator.set_stuck(0, 1)
    _page, kind, result = deposit_via_courier(qtbot, ctx)
    assert kind == "ok" and result.compartment.lock_no == 2
    assert ctx.db.execute("SELECT state FROM compartments WHERE id = ?", (f"{SITE}-b0-l01",)).fetchone()[0] == "FAULT"


def test_pickup_by_code_on_the_keypad(qtbot, ctx, adapter, person) -> None:
    announce(ctx.db)
    deposit_via_courier(qtbot, ctx)
    person.action = "take"
    page = PickupPage(ctx, None)
    qtbot.addWidget(page)
    for digit in "600100200" + "123456":
        qtbot.mouseClick(page.keypad.buttons[digit], Qt.MouseButton.LeftButton)
    assert page.fields["phone"].text() == "600100200" and page.fields["code"].text() == "123456"
    kind, result = run(qtbot, page, "code", lambda: qtbot.mouseClick(page.keypad.buttons["OK"],
                                                                     Qt.MouseButton.LeftButton))
    assert kind == "ok" and result.ok
    assert status(ctx.db, "PX1") == "picked_up"
    assert page.fields["code"].text() == ""


def test_wrong_length_code_changes_nothing(qtbot, ctx, adapter, person) -> None:
    announce(ctx.db)
    deposit_via_courier(qtbot, ctx)
    before = outbox(ctx.db)
    page = PickupPage(ctx, None)
    qtbot.addWidget(page)
    for digit in "600100200" + "12345":
        qtbot.mouseClick(page.keypad.buttons[digit], Qt.MouseButton.LeftButton)
    kind, code = run(qtbot, page, "code", page.submit)
    assert (kind, code) == ("refused", "bad_code")
    assert "6 digits" in page.message.text()
    assert outbox(ctx.db) == before and status(ctx.db, "PX1") == "deposited"


def test_pickup_by_qr_and_a_qr_that_is_not_ours(qtbot, ctx, adapter, person) -> None:
    announce(ctx.db)
    deposit_via_courier(qtbot, ctx)
    page = PickupPage(ctx, None)
    qtbot.addWidget(page)
    before = outbox(ctx.db)
    assert not page.handle_scan(Unknown(raw="https://evil.example/x", message="Read something else."))
    kind, code = run(qtbot, page, "qr", lambda: page.handle_scan(PickupTokenScan(raw="x", token="short")))
    assert (kind, code) == ("refused", "not_ours") and outbox(ctx.db) == before
    person.action = "take"
    kind, result = run(qtbot, page, "qr", lambda: page.handle_scan(PickupTokenScan(raw="HQR:" + TOKEN, token=TOKEN)))
    assert kind == "ok" and status(ctx.db, "PX1") == "picked_up"


def test_return_on_the_keypad(qtbot, ctx, adapter, person) -> None:
    store_announced_parcel(ctx.db, KEY, SITE, "RET1", kind="return", size_class="B", return_code="654321")
    page = ReturnsPage(ctx, None)
    qtbot.addWidget(page)
    for digit in "654321":
        qtbot.mouseClick(page.keypad.buttons[digit], Qt.MouseButton.LeftButton)
    kind, result = run(qtbot, page, "return", page.submit)
    assert kind == "ok" and result.code == "returned"
    assert status(ctx.db, "RET1") == "deposited"


def test_expired_parcel_collection(qtbot, ctx, adapter, person, clock) -> None:
    announce(ctx.db)
    page, _kind, _result = deposit_via_courier(qtbot, ctx)
    clock.advance(hours=49)
    run(qtbot, page, "list", page.refresh)
    assert page.collect_list.count() == 1
    page.collect_list.setCurrentRow(0)
    person.action = "take"
    kind, result = run(qtbot, page, "collect", lambda: qtbot.mouseClick(page.collect_button,
                                                                        Qt.MouseButton.LeftButton))
    assert kind == "ok" and result.code == "collected"
    assert status(ctx.db, "PX1") == "collected"
    qtbot.waitUntil(lambda: not page.list_loading and page.collect_list.count() == 1)
    assert page.collect_list.item(0).text() == "Nothing to take away from this locker."
    assert not page.collect_list.item(0).flags() & Qt.ItemFlag.ItemIsSelectable   # a sentence, not a parcel


def test_accessible_mode_prefers_low_compartments(qtbot, ctx, adapter, person) -> None:
    announce(ctx.db, size="A")
    page = CourierPage(ctx, COURIER)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.accessible_button, Qt.MouseButton.LeftButton)
    assert adapter.accessible and "yellow" in page.styleSheet()
    kind, result = run(qtbot, page, "deposit", lambda: page.handle_scan(ParcelScan(raw="PX1", tracking_number="PX1")))
    assert kind == "ok" and result.compartment.row_no <= 3


def test_technician_reads_boards_opens_and_takes_out_of_service(qtbot, ctx, adapter, emulator, person) -> None:
    person.action = "nothing"
    emulator.set_silent(2)
    page = TechnicianPage(ctx, TECH)
    qtbot.addWidget(page)
    run(qtbot, page, "status", page.refresh)
    assert page.table.rowCount() == 48
    assert "2" in page.message.text() and page.table.item(40, 4).text() == "board offline"
    page.table.selectRow(4)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert emulator.unlock_count(0, 5) == 0                 # nothing before the confirmation
    kind, opening = run(qtbot, page, "open", lambda: qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton))
    assert opening.outcome == "opened" and emulator.unlock_count(0, 5) == 1
    page.table.selectRow(4)
    run(qtbot, page, "service", lambda: qtbot.mouseClick(page.out_button, Qt.MouseButton.LeftButton))
    assert ctx.db.execute("SELECT state FROM compartments WHERE id = ?",
                          (f"{SITE}-b0-l05",)).fetchone()[0] == "OUT_OF_SERVICE"
    assert ctx.db.execute("SELECT count(*) FROM audit_log WHERE action = 'door_unlock'").fetchone()[0] == 1
    assert ctx.db.execute("SELECT purpose, outcome FROM door_journal").fetchall()[0][:] == ("technician", "closed")


def test_pages_speak_polish_and_english(qtbot, ctx, adapter) -> None:
    from ui.i18n import language_switch

    page = PickupPage(ctx, None)
    tech = TechnicianPage(ctx, TECH)
    qtbot.addWidget(page)
    qtbot.addWidget(tech)
    try:
        language_switch().set_language("pl")
        qtbot.waitUntil(lambda: page.title.text() == "Odbierz paczkę")
        assert page.accessible_button.text() == "Tryb ułatwień"
        assert tech.table.horizontalHeaderItem(3).text() == "Stan"
    finally:
        language_switch().set_language("en")
    qtbot.waitUntil(lambda: page.title.text() == "Collect a parcel")
