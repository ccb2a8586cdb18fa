"""Crash safety: SIGKILL the kiosk process between "unlock sent" and "door closed", restart, reconcile.

The child kiosk runs on a FixedClock at the parent's instant (a child on the wall clock once found the
parent's parcel past its hold time as soon as the calendar moved on), with a reply timeout generous
enough for a loaded machine: what is proved is the kill between the unlock and the close, not speed."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import sqlite_utils

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.site import store_announced_parcel
from terminal.store import open_db
from tests.terminal.lockers.conftest import FAST_DOORS, KEY, SITE

NOW = FixedClock().now()           # the `clock` fixture's instant: parent and child share one time
CHILD_WAIT_S = 60.0                # start-up, imports and the unlock on a loaded machine

KIOSK_PROCESS = textwrap.dedent("""
    import sys
    from datetime import datetime
    from terminal.clock import FixedClock
    from terminal.config import Settings
    from terminal.devices.lockboard.driver import LockBoardLine, Timings
    from terminal.lockers.deposit import deposit
    from terminal.lockers.doors import DoorTimings
    from terminal.lockers.kiosk import LockerKiosk
    from terminal.lockers.pickup import pickup_by_code
    from terminal.store import open_db

    db_path, port, flow, now = sys.argv[1:5]
    line = LockBoardLine(port, timings=Timings(reply_timeout=2.0, open_timeout=5.0, poll_interval=0.01))
    kiosk = LockerKiosk(open_db(db_path), line, settings=Settings(), key=bytes(range(32)), site_id="LCK-1",
                        clock=FixedClock(datetime.fromisoformat(now)), timings=DoorTimings(poll_s=0.01))
    kiosk.doors.opened.connect(lambda opening: print("OPENED", opening.compartment.id, flush=True))
    if flow == "deposit":
        deposit(kiosk, "courier-1", "PX1")
    else:
        pickup_by_code(kiosk, "600100200", "123456")
    print("FINISHED", flush=True)
""")


def run_until_open_then_kill(db_path: Path, emulator: LockBoardEmulator, flow: str) -> str:
    """Start the kiosk process, wait for its door to open, SIGKILL it with the door still open."""
    proc = subprocess.Popen([sys.executable, "-c", KIOSK_PROCESS, str(db_path), emulator.path, flow, NOW.isoformat()],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert proc.stdout is not None and proc.stderr is not None
    line: list[str] = []
    ready, _, _ = select.select([proc.stdout], [], [], CHILD_WAIT_S)
    if ready:
        line = proc.stdout.readline().split()
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    if line[:1] != ["OPENED"]:
        state = "was still running" if alive else f"had exited with {proc.returncode}"
        raise AssertionError(f"the kiosk process printed {line!r} instead of OPENED within {CHILD_WAIT_S} s"
                             f" and {state}; its stderr:\n{proc.stderr.read()}")
    return line[1]


def parcel_row(db: sqlite_utils.Database, tracking: str):
    return db.execute("SELECT * FROM parcels WHERE tracking_number = ?", (tracking,)).fetchone()


def restart(db_path: Path, line) -> tuple[LockerKiosk, list]:
    db = open_db(db_path)
    kiosk = LockerKiosk(db, line, settings=Settings(), key=KEY, clock=FixedClock(NOW), site_id=SITE,
                        timings=FAST_DOORS)
    return kiosk, kiosk.start_up()


def test_kill_during_deposit_then_restart_records_the_parcel(site_db, db_path, emulator, line) -> None:
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456")
    comp_id = run_until_open_then_kill(db_path, emulator, "deposit")
    board, lock = int(comp_id.split("-b")[1][0]), int(comp_id[-2:])
    journal = site_db.execute("SELECT outcome FROM door_journal").fetchall()
    assert [j[0] for j in journal] == ["opened"]               # written before the frame, outcome recorded
    assert emulator.unlock_count(board, lock) == 1
    emulator.put_item(board, lock)                             # the courier finished while the app was dead
    emulator.close_door(board, lock)
    kiosk, decided = restart(db_path, line)
    assert [d["note"] for d in decided] == ["parcel found inside: recorded"]
    row = parcel_row(kiosk.db, "PX1")
    assert row["status"] == "deposited" and row["compartment_id"] == comp_id
    assert kiosk.db.execute("SELECT state FROM compartments WHERE id = ?", (comp_id,)).fetchone()[0] == "OCCUPIED"
    assert kiosk.db.execute("SELECT outcome FROM door_journal").fetchone()[0] == "reconciled"
    assert emulator.unlock_count(board, lock) == 1                 # reconciliation never re-unlocks
    assert kiosk.start_up() == []                                  # nothing left to reconcile


def test_kill_during_pickup_then_restart(site_db, db_path, emulator, line, kiosk, person) -> None:
    from terminal.lockers.deposit import deposit

    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456")
    comp = deposit(kiosk, "courier-1", "PX1").compartment
    comp_id = run_until_open_then_kill(db_path, emulator, "pickup")
    assert comp_id == comp.id
    emulator.take_item(comp.board_no, comp.lock_no)
    emulator.close_door(comp.board_no, comp.lock_no)
    restarted, decided = restart(db_path, line)
    assert [d["purpose"] for d in decided] == ["pickup"]
    assert parcel_row(restarted.db, "PX1")["status"] == "picked_up"


def test_restart_with_the_door_still_open_faults_it(site_db, db_path, emulator, line) -> None:
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456")
    comp_id = run_until_open_then_kill(db_path, emulator, "deposit")
    kiosk, decided = restart(db_path, line)
    assert decided and "open" in decided[0]["note"]
    assert parcel_row(kiosk.db, "PX1")["status"] == "announced"
    state, reason = kiosk.db.execute("SELECT state, fault_reason FROM compartments WHERE id = ?",
                                     (comp_id,)).fetchone()
    assert (state, reason) == ("FAULT", "open_after_restart")


def test_silent_board_at_restart_leaves_the_row_for_later(site_db, db_path, emulator, line) -> None:
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456")
    comp_id = run_until_open_then_kill(db_path, emulator, "deposit")
    board = int(comp_id.split("-b")[1][0])
    emulator.set_silent(board)
    kiosk, decided = restart(db_path, line)
    assert decided == []
    assert kiosk.db.execute("SELECT outcome FROM door_journal").fetchone()[0] == "opened"


class Crash(Exception):
    pass


def _crash_on_open(kiosk, emulator, action: str):
    """The process 'dies' right after the door opened; the person finishes the job anyway."""
    def person(opening):
        comp = opening.compartment
        assert emulator.wait_open(comp.board_no, comp.lock_no)
        if action == "put":
            emulator.put_item(comp.board_no, comp.lock_no)
        emulator.close_door(comp.board_no, comp.lock_no)
        raise Crash()
    kiosk.doors.opened.connect(person)


def test_return_interrupted_then_reconciled(site_db, db_path, emulator, line, kiosk) -> None:
    import pytest

    from terminal.lockers.returns import drop_return

    store_announced_parcel(site_db, KEY, SITE, "RET1", kind="return", size_class="B", return_code="654321")
    _crash_on_open(kiosk, emulator, "put")
    with pytest.raises(Crash):
        drop_return(kiosk, "654321")
    restarted, decided = restart(db_path, line)
    assert [d["purpose"] for d in decided] == ["return"]
    assert parcel_row(restarted.db, "RET1")["status"] == "deposited"


def test_records_that_moved_on_meanwhile_fault_instead_of_crashing(site_db, db_path, emulator, line, kiosk) -> None:
    import pytest

    from terminal.lockers.deposit import deposit
    from terminal.ops import apply_op

    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456")
    _crash_on_open(kiosk, emulator, "put")
    with pytest.raises(Crash):
        deposit(kiosk, "courier-1", "PX1")
    first = site_db.execute("SELECT compartment_id FROM door_journal").fetchone()[0]
    # Meanwhile the parcel was recorded elsewhere (say, by another terminal's op pulled in).
    apply_op(site_db, "ParcelDeposited", {"parcel_id": parcel_row(site_db, "PX1")["id"],
                                          "compartment_id": f"{SITE}-b2-l16", "courier_id": "courier-1"})
    restarted, decided = restart(db_path, line)
    assert "check the compartment" in decided[0]["note"]
    state, reason = restarted.db.execute("SELECT state, fault_reason FROM compartments WHERE id = ?",
                                         (first,)).fetchone()
    assert (state, reason) == ("FAULT", "check_contents")
    assert parcel_row(restarted.db, "PX1")["compartment_id"] == f"{SITE}-b2-l16"
