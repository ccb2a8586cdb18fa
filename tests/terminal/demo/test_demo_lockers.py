"""The demo locker works end to end with the lockers capability: the codes on the sheet open the
right doors on an emulated board line, announced parcels can be deposited, returns dropped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.clock import FixedClock, parse_iso
from terminal.config import Settings
from terminal.demo import read_codes
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.pickup import pickup_by_code, pickup_by_token
from terminal.lockers.returns import drop_return

FAST = Timings(reply_timeout=0.15, open_timeout=0.6, poll_interval=0.01)
FAST_DOORS = DoorTimings(reminder_s=30.0, alarm_s=60.0, poll_s=0.01, give_up_s=20.0)


@pytest.fixture
def kiosk(tmp_path: Path, make_demo) -> Iterator[tuple[LockerKiosk, LockBoardEmulator, dict]]:
    path = tmp_path / "kiosk.db"
    db, summary = make_demo(path, orders=20)
    with LockBoardEmulator(3, open_delay=0.02) as emulator:
        # The physical locker matches the database: parcels inside the occupied compartments.
        for board_no, lock_no in db.execute("SELECT b.board_no, c.lock_no FROM compartments c JOIN lock_boards b"
                                            " ON b.id = c.board_id WHERE c.state = 'OCCUPIED'"):
            emulator.put_item(board_no, lock_no)
        line = LockBoardLine(emulator.path, timings=FAST)
        clock = FixedClock(parse_iso(summary.now))
        k = LockerKiosk.for_database(db, path, line, Settings(), clock=clock, timings=FAST_DOORS)

        def person(opening) -> None:     # whoever stands there takes or puts the parcel and closes the door
            comp = opening.compartment
            assert emulator.wait_open(comp.board_no, comp.lock_no)
            if opening.purpose in ("pickup", "collect"):
                emulator.take_item(comp.board_no, comp.lock_no)
            else:
                emulator.put_item(comp.board_no, comp.lock_no)
            emulator.close_door(comp.board_no, comp.lock_no)

        k.doors.opened.connect(person)
        try:
            yield k, emulator, read_codes(path)
        finally:
            k.stop()
            line.close()


def test_sheet_codes_pick_up_deposit_and_return_on_the_demo_locker(kiosk):
    k, _emulator, codes = kiosk
    db = k.db
    assert k.start_up() == []          # every door in the journal was closed: nothing to reconcile
    assert db.execute("SELECT count(*) FROM parcels WHERE status = 'deposited' AND expires_at <= ?",
                      (db.execute("SELECT value FROM settings WHERE key = 'demo.now'").fetchone()[0],)
                      ).fetchone()[0] == 0    # the parcel past its hold time was swept to expired
    waiting = [p for p in codes["parcels"] if p["status"] == "deposited"
               and parse_iso(p["expires_at"]) > k.clock.now()]
    by_code = pickup_by_code(k, waiting[0]["phone"], waiting[0]["code"])
    assert by_code.ok and by_code.compartment.id == waiting[0]["compartment"]
    by_qr = pickup_by_token(k, waiting[1]["qr_token"])
    assert by_qr.ok and by_qr.compartment.id == waiting[1]["compartment"]
    for parcel in waiting[:2]:
        assert db.execute("SELECT status FROM parcels WHERE tracking_number = ?",
                          (parcel["tracking_number"],)).fetchone()[0] == "picked_up"
    announced = next(p for p in codes["parcels"] if p["status"] == "announced")
    dropped = deposit(k, "user-courier-1", announced["tracking_number"])
    assert dropped.ok and dropped.code == "deposited"
    assert pickup_by_code(k, announced["phone"], announced["code"]).ok
    ret = next(r for r in codes["returns"] if r["status"] == "announced")
    assert drop_return(k, ret["return_code"]).ok
