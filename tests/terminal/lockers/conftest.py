"""Lockers fixtures: a real pseudo-terminal emulator, a driver on it, a locker site in a real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator

FAST = Timings(reply_timeout=0.1, open_timeout=0.3, poll_interval=0.01)


@pytest.fixture
def emulator() -> Iterator[LockBoardEmulator]:
    with LockBoardEmulator(3, open_delay=0.02) as emu:
        yield emu


@pytest.fixture
def line(emulator: LockBoardEmulator) -> Iterator[LockBoardLine]:
    board_line = LockBoardLine(emulator.path, timings=FAST)
    yield board_line
    board_line.close()


# -- a locker site on a real database, a kiosk on the emulator ------------------------------------------
import sqlite_utils  # noqa: E402

from terminal.clock import FixedClock  # noqa: E402
from terminal.config import Settings  # noqa: E402
from terminal.lockers.doors import DoorTimings  # noqa: E402
from terminal.lockers.kiosk import LockerKiosk  # noqa: E402
from terminal.lockers.site import install_site  # noqa: E402
from terminal.people.badges import register_badge  # noqa: E402

SITE = "LCK-1"
KEY = bytes(range(32))
FAST_DOORS = DoorTimings(reminder_s=30.0, alarm_s=60.0, poll_s=0.01, give_up_s=20.0)


def outbox_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])


class Person:
    """Whoever stands at the kiosk: does something with each door that opens, then closes it."""

    def __init__(self, emulator: LockBoardEmulator) -> None:
        self.emulator = emulator
        self.action = "put"            # put | take | nothing | keep_open
        self.opened: list[int] = []

    def __call__(self, opening) -> None:    # a Doors.opened callback
        comp = opening.compartment
        self.opened.append(comp.number)
        assert self.emulator.wait_open(comp.board_no, comp.lock_no)
        if self.action == "put":
            self.emulator.put_item(comp.board_no, comp.lock_no)
        elif self.action == "take":
            self.emulator.take_item(comp.board_no, comp.lock_no)
        if self.action != "keep_open":
            self.emulator.close_door(comp.board_no, comp.lock_no)


@pytest.fixture
def site_db(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    install_site(fresh_db, SITE, boards=3)
    for user_id, roles in (("courier-1", "courier"), ("courier-2", "courier"), ("tech-1", "technician")):
        fresh_db.execute("INSERT INTO users (id, name, roles) VALUES (?, ?, ?)", (user_id, user_id.title(), roles))
        register_badge(fresh_db, f"B-{user_id}", user_id)
    fresh_db.conn.commit()
    return fresh_db


@pytest.fixture
def kiosk(site_db: sqlite_utils.Database, line: LockBoardLine, clock: FixedClock) -> Iterator[LockerKiosk]:
    k = LockerKiosk(site_db, line, settings=Settings(), key=KEY, clock=clock, site_id=SITE, timings=FAST_DOORS)
    yield k
    k.stop()


@pytest.fixture
def person(kiosk: LockerKiosk, emulator: LockBoardEmulator) -> Person:
    p = Person(emulator)
    kiosk.doors.opened.connect(p)
    return p
