"""Kiosk page fixtures: the emulator on a real pty, a locker site, an AppContext and the Qt adapter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import QTimer

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers.doors import DoorTimings
from terminal.lockers.site import install_site
from terminal.people.badges import register_badge
from ui.context import AppContext
from ui.lockers.adapter import LockerAdapter, adapter_for
from ui.taskman import TaskManager

SITE = "LCK-UI"
KEY = bytes(range(32))
FAST = Timings(reply_timeout=0.1, open_timeout=0.3, poll_interval=0.01)


@pytest.fixture
def emulator() -> Iterator[LockBoardEmulator]:
    with LockBoardEmulator(3, open_delay=0.02) as emu:
        yield emu


@pytest.fixture
def site_db(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    install_site(fresh_db, SITE, boards=3)
    for user_id, roles in (("courier-1", "courier"), ("tech-1", "technician")):
        fresh_db.execute("INSERT INTO users (id, name, roles) VALUES (?, ?, ?)", (user_id, user_id, roles))
        register_badge(fresh_db, f"B-{user_id}", user_id)
    fresh_db.conn.commit()
    return fresh_db


@pytest.fixture
def ctx(site_db, db_path, clock: FixedClock) -> AppContext:
    return AppContext(db_path=db_path, db=site_db, settings=Settings(), clock=clock,
                      tasks=TaskManager(synchronous=True))


@pytest.fixture
def adapter(ctx: AppContext, emulator: LockBoardEmulator) -> Iterator[LockerAdapter]:
    made = adapter_for(ctx, line_factory=lambda _ctx, _db: LockBoardLine(emulator.path, timings=FAST),
                       timings=DoorTimings(poll_s=0.01, give_up_s=20), key=KEY)
    made.run("warm", lambda k: None).result(timeout=10)
    yield made
    made.shutdown()


class Person:
    """Stands at the kiosk: when the screen says a door is open, puts/takes the parcel and closes it."""

    def __init__(self, emulator: LockBoardEmulator, adapter: LockerAdapter) -> None:
        self.emulator = emulator
        self.action = "put"
        self.before_close = None            # called with the Opening before closing (to press buttons)
        adapter.door_opened.connect(self.on_open)

    def on_open(self, opening) -> None:
        QTimer.singleShot(0, lambda: self.act(opening))      # after the page has shown "door open"

    def act(self, opening) -> None:
        comp = opening.compartment
        if self.action == "keep_open":
            return                          # the test itself decides when the door closes
        assert self.emulator.wait_open(comp.board_no, comp.lock_no)
        if self.before_close is not None and self.before_close(opening):
            self.emulator.close_door(comp.board_no, comp.lock_no)
            return
        if self.action == "put":
            self.emulator.put_item(comp.board_no, comp.lock_no)
        elif self.action == "take":
            self.emulator.take_item(comp.board_no, comp.lock_no)
        self.emulator.close_door(comp.board_no, comp.lock_no)


@pytest.fixture
def person(emulator, adapter) -> Person:
    return Person(emulator, adapter)
