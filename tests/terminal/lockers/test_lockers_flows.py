"""Deposit, pickup, return, expiry and collection against the emulator through a real pty and pyserial."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlite_utils

from terminal.clock import FixedClock, parse_iso
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers.deposit import collect, deposit, to_collect
from terminal.lockers.kiosk import LockerKiosk, LockerRefused
from terminal.lockers.pickup import pickup_by_code, pickup_by_token
from terminal.lockers.returns import drop_return
from terminal.lockers.site import store_announced_parcel
from tests.terminal.lockers.conftest import KEY, SITE, Person, outbox_count

PHONE = "+48 600 100 200"


def announce(db: sqlite_utils.Database, tracking: str = "PX1", size: str = "A", pickup_code: str = "123456", **kw):
    return store_announced_parcel(db, KEY, SITE, tracking, phone=PHONE, size_class=size, pickup_code=pickup_code,
                                  **kw)


def parcel(db: sqlite_utils.Database, parcel_id: str):
    return db.execute("SELECT * FROM parcels WHERE id = ?", (parcel_id,)).fetchone()


def comp_row(db: sqlite_utils.Database, comp_id: str):
    return db.execute("SELECT * FROM compartments WHERE id = ?", (comp_id,)).fetchone()


def test_deposit_opens_the_smallest_fitting_compartment(site_db, kiosk: LockerKiosk, person: Person,
                                                        emulator: LockBoardEmulator, clock: FixedClock) -> None:
    a = announce(site_db, size="B")
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and result.code == "deposited"
    comp = result.compartment
    assert comp is not None and comp.size_class == "B" and (comp.board_no, comp.lock_no) == (0, 3)
    row = parcel(site_db, a.parcel_id)
    assert row["status"] == "deposited" and row["compartment_id"] == comp.id
    assert parse_iso(row["expires_at"]) - clock.now() == timedelta(hours=48)
    assert comp_row(site_db, comp.id)["state"] == "OCCUPIED"
    assert emulator.unlock_count(0, 3) == 1
    journal = site_db.execute("SELECT purpose, outcome FROM door_journal").fetchall()
    assert [tuple(j) for j in journal] == [("deposit", "closed")]
    assert site_db.execute("SELECT count(*) FROM audit_log WHERE action = 'door_unlock'").fetchone()[0] == 1


def test_accessible_mode_prefers_low_rows(site_db, kiosk: LockerKiosk, person: Person) -> None:
    announce(site_db, size="A")
    result = deposit(kiosk, "courier-1", "PX1", accessible=True)
    assert result.compartment is not None and result.compartment.row_no <= 3


def test_unknown_parcel_is_refused_without_a_change(site_db, kiosk: LockerKiosk, emulator) -> None:
    before = outbox_count(site_db)
    with pytest.raises(LockerRefused, match="not announced") as refused:
        deposit(kiosk, "courier-1", "NOPE123")
    assert refused.value.code == "unknown_parcel"
    assert outbox_count(site_db) == before and not emulator.requests


def test_too_small_opens_the_next_size(site_db, kiosk: LockerKiosk, person: Person) -> None:
    announce(site_db, size="A")
    first: list = []

    def too_small_once(opening) -> None:
        if not first:
            first.append(opening)
            kiosk.report_problem(opening, "too_small")
    kiosk.doors.opened.disconnect(person)
    kiosk.doors.opened.connect(too_small_once)
    kiosk.doors.opened.connect(person)
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and result.compartment.size_class == "B"
    assert comp_row(site_db, first[0].compartment.id)["state"] == "FREE"


def test_not_empty_faults_and_opens_another(site_db, kiosk: LockerKiosk, person: Person) -> None:
    announce(site_db, size="A")
    seen: list = []

    def not_empty_once(opening) -> None:
        if not seen:
            seen.append(opening)
            kiosk.report_problem(opening, "not_empty")
    kiosk.doors.opened.disconnect(person)
    kiosk.doors.opened.connect(not_empty_once)
    kiosk.doors.opened.connect(person)
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and result.compartment.size_class == "A"
    assert result.compartment.id != seen[0].compartment.id
    assert comp_row(site_db, seen[0].compartment.id)["state"] == "FAULT"
    assert site_db.execute("SELECT count(*) FROM exceptions WHERE kind = 'door_fault'").fetchone()[0] == 1


def test_door_that_does_not_open_is_faulted_and_never_retried(site_db, kiosk, person, emulator) -> None:
    announce(site_db, size="C")
    emulator.set_stuck(0, 1)
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and (result.compartment.board_no, result.compartment.lock_no) == (0, 2)
    assert emulator.unlock_count(0, 1) == 1
    assert comp_row(site_db, f"{SITE}-b0-l01")["fault_reason"] == "door_did_not_open"


def test_silent_board_is_skipped(site_db, kiosk, person, emulator) -> None:
    announce(site_db, size="C")
    emulator.set_silent(0)
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and result.compartment.board_no == 1
    assert emulator.unlock_count(0, 1) == 0


def test_garbled_board_is_treated_as_silent(site_db, kiosk, person, emulator) -> None:
    announce(site_db, size="C")
    emulator.set_garbled(0)
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and result.compartment.board_no == 1
    assert kiosk.boards.counters.bad_checksum >= 1


def test_door_that_opened_by_itself_is_faulted(site_db, kiosk, person, emulator) -> None:
    announce(site_db, size="C")
    emulator.open_door(0, 1)
    result = deposit(kiosk, "courier-1", "PX1")
    assert result.ok and result.compartment.lock_no == 2
    assert comp_row(site_db, f"{SITE}-b0-l01")["fault_reason"] == "door_open_unexpectedly"
    assert emulator.unlock_count(0, 1) == 0


def test_closed_empty_is_not_a_deposit(site_db, kiosk, person) -> None:
    a = announce(site_db)
    person.action = "nothing"
    result = deposit(kiosk, "courier-1", "PX1")
    assert not result.ok and result.code == "not_inside"
    assert parcel(site_db, a.parcel_id)["status"] == "announced"
    assert comp_row(site_db, result.compartment.id)["state"] == "FREE"


def kiosk_compartment(db, parcel_id):
    from terminal.lockers.compartments import compartment
    return compartment(db, parcel(db, parcel_id)["compartment_id"])


def _deposited(site_db, kiosk, person, **kw):
    a = announce(site_db, **kw)
    assert deposit(kiosk, "courier-1", a.tracking_number).ok
    return a


def test_pickup_by_code(site_db, kiosk, person) -> None:
    a = _deposited(site_db, kiosk, person)
    person.action = "take"
    result = pickup_by_code(kiosk, "600100200", "123456")
    assert result.ok and result.code == "picked_up"
    row = parcel(site_db, a.parcel_id)
    assert row["status"] == "picked_up" and row["compartment_id"] is None
    assert comp_row(site_db, result.compartment.id)["state"] == "FREE"


def test_pickup_closed_with_parcel_inside_keeps_it(site_db, kiosk, person) -> None:
    a = _deposited(site_db, kiosk, person)
    person.action = "nothing"
    result = pickup_by_code(kiosk, "600100200", "123456")
    assert not result.ok and result.code == "still_inside"
    assert parcel(site_db, a.parcel_id)["status"] == "deposited"
    assert comp_row(site_db, result.compartment.id)["state"] == "OCCUPIED"


def test_pickup_door_not_opening_keeps_the_parcel(site_db, kiosk, person, emulator) -> None:
    a = _deposited(site_db, kiosk, person)
    comp = kiosk_compartment(site_db, a.parcel_id)
    emulator.set_stuck(comp.board_no, comp.lock_no)
    with pytest.raises(LockerRefused) as refused:
        pickup_by_code(kiosk, "600100200", "123456")
    assert refused.value.code == "door_did_not_open"
    assert parcel(site_db, a.parcel_id)["status"] == "deposited"


def test_pickup_by_qr_and_foreign_qr(site_db, kiosk, person) -> None:
    a = _deposited(site_db, kiosk, person, qr_token="T" * 22)
    before = outbox_count(site_db)
    with pytest.raises(LockerRefused, match="not a pickup code") as refused:
        pickup_by_token(kiosk, "https://example.com/whatever?x=1")
    assert refused.value.code == "not_ours" and outbox_count(site_db) == before
    person.action = "take"
    assert pickup_by_token(kiosk, "T" * 22).ok
    assert parcel(site_db, a.parcel_id)["status"] == "picked_up"


def test_wrong_length_code_changes_nothing(site_db, kiosk, person) -> None:
    _deposited(site_db, kiosk, person)
    before = outbox_count(site_db)
    for phone, code, expected in (("600100200", "12345", "bad_code"), ("600100200", "1234567", "bad_code"),
                                  ("60010", "123456", "bad_phone"), ("600100200", "12a456", "bad_code")):
        with pytest.raises(LockerRefused) as refused:
            pickup_by_code(kiosk, phone, code)
        assert refused.value.code == expected
    assert outbox_count(site_db) == before


def test_wrong_codes_lock_the_keypad_with_growing_delays(site_db, kiosk, person, clock: FixedClock) -> None:
    _deposited(site_db, kiosk, person)
    for _ in range(3):
        with pytest.raises(LockerRefused) as refused:
            pickup_by_code(kiosk, "600100200", "000000")
        assert refused.value.code == "wrong_code"
    with pytest.raises(LockerRefused, match="30 seconds"):
        pickup_by_code(kiosk, "600100200", "123456")     # even the right code waits
    clock.advance(seconds=31)
    with pytest.raises(LockerRefused):
        pickup_by_code(kiosk, "600100200", "000000")
    with pytest.raises(LockerRefused, match="60 seconds"):
        pickup_by_code(kiosk, "600100200", "123456")
    clock.advance(seconds=61)
    person.action = "take"
    assert pickup_by_code(kiosk, "600100200", "123456").ok


def test_return_drop_and_courier_collection(site_db, kiosk, person, emulator) -> None:
    r = store_announced_parcel(site_db, KEY, SITE, "RET1", kind="return", size_class="B", return_code="654321")
    with pytest.raises(LockerRefused) as refused:
        drop_return(kiosk, "65432")
    assert refused.value.code == "bad_code"
    result = drop_return(kiosk, "654321")
    assert result.ok and result.compartment.size_class == "B"
    assert parcel(site_db, r.parcel_id)["status"] == "deposited"
    listed = to_collect(kiosk)
    assert [p["parcel_id"] for p in listed] == [r.parcel_id]
    person.action = "take"
    assert collect(kiosk, "courier-2", r.parcel_id).ok
    assert parcel(site_db, r.parcel_id)["status"] == "collected"


def test_expiry_collection_and_extension(site_db, kiosk, person, clock: FixedClock) -> None:
    a = _deposited(site_db, kiosk, person, tracking="PX1")
    b = _deposited(site_db, kiosk, person, tracking="PX2", pickup_code="222222")
    clock.advance(hours=49)
    site_db.execute("UPDATE parcels SET expires_at = ? WHERE id = ?",      # an extension pulled from the backend
                    ("2099-01-01T00:00:00.000+00:00", b.parcel_id))
    listed = to_collect(kiosk)
    assert [p["parcel_id"] for p in listed] == [a.parcel_id]
    with pytest.raises(LockerRefused) as refused:
        pickup_by_code(kiosk, "600100200", "123456")
    assert refused.value.code == "expired"
    person.action = "take"
    assert collect(kiosk, "courier-2", a.parcel_id).ok
    assert parcel(site_db, a.parcel_id)["status"] == "collected"
    assert parcel(site_db, b.parcel_id)["status"] == "deposited"


def test_reminder_and_alarm_when_the_door_stays_open(site_db, line, clock, emulator) -> None:
    from terminal.config import Settings
    from terminal.lockers.doors import DoorTimings

    k = LockerKiosk(site_db, line, settings=Settings(), key=KEY, clock=clock, site_id=SITE,
                    timings=DoorTimings(reminder_s=0.05, alarm_s=0.1, poll_s=0.01, give_up_s=20))
    announce(site_db)
    events: list[str] = []

    def close_after_alarm(opening, seconds) -> None:
        events.append("alarm")
        emulator.put_item(opening.compartment.board_no, opening.compartment.lock_no)
        emulator.close_door(opening.compartment.board_no, opening.compartment.lock_no)
    k.doors.reminder.connect(lambda opening, seconds: events.append("reminder"))
    k.doors.alarm.connect(close_after_alarm)
    assert deposit(k, "courier-1", "PX1").ok
    assert events == ["reminder", "alarm"]
    assert site_db.execute("SELECT count(*) FROM exceptions WHERE kind = 'door_left_open'").fetchone()[0] == 1


def test_pickup_after_the_hold_time_is_refused_even_before_the_list_ran(site_db, kiosk, person, clock) -> None:
    a = _deposited(site_db, kiosk, person)
    clock.advance(hours=48, seconds=1)
    with pytest.raises(LockerRefused) as refused:
        pickup_by_code(kiosk, "600100200", "123456")
    assert refused.value.code == "expired"
    assert parcel(site_db, a.parcel_id)["status"] == "expired"
