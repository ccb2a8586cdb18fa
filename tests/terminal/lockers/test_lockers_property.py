"""Random deposits, pickups, faults and crash-restarts: no compartment ever holds two parcels, and the
database always agrees with where each parcel physically is (none lost, none in two places)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk, LockerRefused
from terminal.lockers.pickup import pickup_by_code
from terminal.lockers.site import install_site, store_announced_parcel
from terminal.lockers.technician import set_in_service
from terminal.store import open_db

SITE, KEY = "LCK-P", bytes(range(32))
COURIER = "courier-p"


class Crash(Exception):
    """The app dies right after the unlock outcome was recorded."""


class LockerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.db_path = Path(self.tmp.name) / "t.db"
        self.db = open_db(self.db_path, create=True)
        install_site(self.db, SITE, boards=2)
        self.db.execute("INSERT INTO users (id, name, roles) VALUES (?, 'P', 'courier')", (COURIER,))
        self.db.conn.commit()
        self.emulator = LockBoardEmulator(2, open_delay=0.0).start()
        self.line = LockBoardLine(self.emulator.path,
                                  timings=Timings(reply_timeout=0.05, open_timeout=0.15, poll_interval=0.005))
        self.clock = FixedClock()
        self.where: dict[str, object] = {}      # tracking -> "courier" | "recipient" | (board, lock)
        self.codes: dict[str, str] = {}
        self.action = "put"
        self.crash = False
        self.kiosk = self._new_kiosk()

    def _new_kiosk(self) -> LockerKiosk:
        k = LockerKiosk(self.db, self.line, settings=Settings(), key=KEY, clock=self.clock, site_id=SITE,
                        timings=DoorTimings(poll_s=0.005, give_up_s=5))
        k.doors.opened.connect(self._person)
        return k

    def _person(self, opening) -> None:
        comp = opening.compartment
        place = (comp.board_no, comp.lock_no)
        tracking = self.db.execute("SELECT tracking_number FROM parcels WHERE id = ?",
                                   (opening.parcel_id,)).fetchone()[0]
        if self.action == "put" and self.where[tracking] == "courier":
            self.emulator.put_item(*place)
            self.where[tracking] = place
        elif self.action == "put" and self.where[tracking] == place:      # a recipient takes it
            self.emulator.take_item(*place)
            self.where[tracking] = "recipient"
        self.emulator.close_door(*place)
        if self.crash:
            raise Crash()

    def teardown(self) -> None:
        self.kiosk.stop()
        self.line.close()
        self.emulator.stop()
        self.db.close()
        self.tmp.cleanup()

    @rule(size=st.sampled_from("ABC"))
    def announce(self, size: str) -> None:
        n = len(self.where) + 1
        tracking, code = f"P{n:04d}", f"{n:06d}"
        store_announced_parcel(self.db, KEY, SITE, tracking, phone="600100200", pickup_code=code, size_class=size)
        self.where[tracking] = "courier"
        self.codes[tracking] = code

    def _run(self, flow, action: str, crash: bool) -> None:
        self.action, self.crash = action, crash
        try:
            flow()
        except LockerRefused:
            pass
        except Crash:
            self.kiosk.stop()
            self.kiosk = self._new_kiosk()          # restart: a new kiosk on the same file
            self.kiosk.start_up()
        finally:
            self.crash = False

    @precondition(lambda self: "courier" in self.where.values())
    @rule(data=st.data(), action=st.sampled_from(["put", "put", "nothing"]), crash=st.booleans())
    def deposit(self, data, action: str, crash: bool) -> None:
        tracking = data.draw(st.sampled_from(sorted(t for t, w in self.where.items() if w == "courier")))
        self._run(lambda: deposit(self.kiosk, COURIER, tracking), action, crash)

    @precondition(lambda self: any(isinstance(w, tuple) for w in self.where.values()))
    @rule(data=st.data(), action=st.sampled_from(["put", "put", "nothing"]), crash=st.booleans())
    def pickup(self, data, action: str, crash: bool) -> None:
        tracking = data.draw(st.sampled_from(sorted(t for t, w in self.where.items() if isinstance(w, tuple))))
        self._run(lambda: pickup_by_code(self.kiosk, "600100200", self.codes[tracking]), action, crash)

    @rule(board=st.integers(0, 1), lock=st.integers(1, 16))
    def door_jams(self, board: int, lock: int) -> None:
        self.emulator.set_stuck(board, lock)

    @rule(board=st.integers(0, 1), silent=st.booleans())
    def board_goes_quiet(self, board: int, silent: bool) -> None:
        self.emulator.set_silent(board, silent)

    @rule()
    def technician_repairs(self) -> None:
        for board in self.emulator.boards.values():
            board.stuck.clear()
            board.silent = False
        for (comp_id,) in self.db.execute("SELECT id FROM compartments WHERE state = 'FAULT'").fetchall():
            set_in_service(self.kiosk, "user-tech", comp_id, True)   # a technician is logged in: ops name who

    @invariant()
    def database_agrees_with_the_physical_world(self) -> None:
        per_compartment = self.db.execute(
            "SELECT compartment_id, count(*) FROM parcels WHERE status IN ('deposited', 'expired')"
            " GROUP BY compartment_id HAVING count(*) > 1").fetchall()
        assert per_compartment == []
        rows = self.db.execute("SELECT p.tracking_number, p.status, b.board_no, c.lock_no FROM parcels p"
                               " LEFT JOIN compartments c ON c.id = p.compartment_id"
                               " LEFT JOIN lock_boards b ON b.id = c.board_id").fetchall()
        for tracking, status, board, lock in rows:
            where = self.where[tracking]
            if where == "courier":
                assert status == "announced" and board is None, tracking
            elif where == "recipient":
                assert status == "picked_up" and board is None, tracking
            else:
                assert status == "deposited" and (board, lock) == where, tracking


LockerMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=12, deadline=None,
                                           suppress_health_check=[HealthCheck.too_slow])
TestLockerProperties = LockerMachine.TestCase
