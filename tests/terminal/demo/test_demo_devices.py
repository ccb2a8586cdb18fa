"""`handoff run --demo` starts a lock-board emulator and a printer stand-in (terminal/demo/devices.py).

Defects covered: the demo kiosk could open no door (its boards pointed at a device that does not exist
and no emulator ran), and every packed order showed "printer off" (nothing listened on the printer's
port). Here the stand-ins run as real child processes on a real demo database; the kiosk core opens a
real door over the pty and a pickup by the demo's own code completes; a label reaches the stand-in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.clock import ShiftedClock
from terminal.config import load_settings
from terminal.demo import codes_path_for, demo_clock_start
from terminal.demo.devices import DemoDevices, lockers_of
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.devices.printers import NotSent, open_printer
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.pickup import pickup_by_code
from terminal.store import open_db


@pytest.fixture
def demo_path(tmp_path: Path, make_demo) -> Path:
    path = tmp_path / "demo.db"
    db, _ = make_demo(path)
    db.close()
    return path


def test_demo_kiosk_opens_a_door_and_a_pickup_completes_with_the_demo_devices(demo_path: Path):
    devices = DemoDevices(demo_path)
    overrides = devices.start()
    try:
        assert set(overrides) == {"packing.printer", "lockers.port"}
        settings = load_settings().with_overrides(overrides)
        sheet = json.loads(codes_path_for(demo_path).read_text())
        parcel = next(p for p in sheet["parcels"] if p["status"] == "deposited" and p["expires_at"] > sheet["now"])
        db = open_db(demo_path)
        from terminal.devices.lockboard.driver import line_from_settings

        line = line_from_settings(settings.with_overrides({"lockers.boards": lockers_of(demo_path)[0]}))
        kiosk = LockerKiosk.for_database(db, demo_path, line, settings, clock=ShiftedClock(demo_clock_start(db)),
                                         timings=DoorTimings.from_settings(settings))
        try:
            assert kiosk.start_up() == []
            result = pickup_by_code(kiosk, parcel["phone"], parcel["code"])   # waits for the door to close
        finally:
            kiosk.stop()
            line.close()
        assert result.ok and result.code == "picked_up", result
        status = db.execute("SELECT status FROM parcels WHERE tracking_number = ?",
                            [parcel["tracking_number"]]).fetchone()[0]
        db.close()
        assert status == "picked_up"

        open_printer(overrides["packing.printer"]).send(b"^XA^FDdemo^FS^XZ")
        # the stand-in listens on 9100 when it is free, so another demo on this machine may print there too
        assert b"^XA^FDdemo^FS^XZ" in [p.read_bytes() for p in devices.spool.glob("*.zpl")]
    finally:
        devices.stop()
    # stopped with the window: the printer is off again, so the station says so
    with pytest.raises(NotSent):
        open_printer(overrides["packing.printer"], connect_timeout_s=1, send_timeout_s=1).send(b"^XA^XZ")


def test_demo_devices_begin_with_the_compartments_the_database_says_are_full(demo_path: Path):
    boards, full = lockers_of(demo_path)
    db = open_db(demo_path)
    held = db.execute("SELECT count(*) FROM parcels WHERE status IN ('deposited', 'expired')").fetchone()[0]
    db.close()
    assert boards == 3 and len(full) == held > 0


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(1, 16)), max_size=6, unique=True))
def test_a_door_the_demo_person_shuts_always_changes_hands(places: list[tuple[int, int]]):
    """The emulator's person at the kiosk: each opened door closes again with its content flipped —
    a full compartment is emptied, an empty one filled — whatever the doors and their order."""
    with LockBoardEmulator(2, open_delay=0.0, auto_close_s=0.05) as emulator:
        before = {(b, lock): emulator.is_occupied(b, lock) for b, lock in places}
        for board, lock in places:
            emulator.open_door(board, lock)         # as if unlocked …
            emulator._closing.append((0.0, board, lock))   # … and the person is done with it
        emulator._open_due_doors()
        for board, lock in places:
            assert emulator.is_closed(board, lock)
            assert emulator.is_occupied(board, lock) is not before[(board, lock)]


def test_emulate_lockboard_cli_refuses_an_occupied_place_beyond_its_boards():
    done = subprocess.run([sys.executable, "-m", "terminal", "device", "emulate-lockboard", "--boards", "1",
                           "--occupied", "2:3"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--occupied names a board beyond" in done.stderr
