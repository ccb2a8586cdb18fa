"""The locker kiosk core: one object per kiosk, plain Python, blocking calls (run it off the GUI thread).

The flows themselves live in deposit.py (courier), pickup.py (recipient), returns.py (sender) and
technician.py; this module holds what they share and the start-up (reconcile, expire)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from terminal.clock import Clock, SystemClock
from terminal.config import Settings
from terminal.devices.health import DEFAULT_BOARD_CHECK_S, BoardCheck
from terminal.errors import HandoffError
from terminal.lockers import codes
from terminal.lockers.compartments import Compartment
from terminal.lockers.doors import Boards, Doors, DoorTimings, Opening, reconcile
from terminal.lockers.expiry import expire_due
from terminal.ops import apply_op


class LockerRefused(HandoffError):
    """A request the kiosk turns down, with a stable code and a sentence for the person at the screen."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FlowResult:
    ok: bool
    code: str                       # deposited, picked_up, returned, collected, still_inside, not_inside, …
    message: str
    compartment: Compartment | None = None
    parcel_id: str | None = None
    args: tuple[str, ...] = ()      # the details `message` names, in order, for a screen to word (ui/lockers)


def site_for(db: sqlite_utils.Database, settings: Settings) -> str:
    configured = settings.get("lockers.site_id", "")
    if configured:
        return configured
    row = db.execute("SELECT id FROM sites WHERE kind = 'locker' ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise HandoffError("This database has no locker site; sync the terminal or set lockers.site_id.")
    return str(row[0])


class LockerKiosk:
    def __init__(self, db: sqlite_utils.Database, boards: Boards, *, settings: Settings, key: bytes,
                 clock: Clock | None = None, site_id: str | None = None, timings: DoorTimings | None = None) -> None:
        self.db = db
        self.boards = boards
        self.settings = settings
        self.key = key
        self.clock = clock or SystemClock()
        self.site_id = site_id or site_for(db, settings)
        self.doors = Doors(db, boards, self.clock, timings or DoorTimings.from_settings(settings))
        self.max_attempts = settings.get("lockers.max_open_attempts", 6)
        self.board_check: BoardCheck | None = None

    @classmethod
    def for_database(cls, db: sqlite_utils.Database, db_path: Path, boards: Boards, settings: Settings,
                     **kwargs: Any) -> LockerKiosk:
        key = codes.load_site_key(codes.key_path(settings, db_path), create=False)
        return cls(db, boards, settings=settings, key=key, **kwargs)

    def start_up(self) -> list[dict[str, str]]:
        """After a start (maybe after a crash): reconcile the door journal, then expire what is due."""
        decided = reconcile(self.db, self.boards, self.clock, self.settings)
        expire_due(self.db, self.site_id, self.clock)
        return decided

    def apply(self, name: str, args: dict[str, Any]) -> None:
        apply_op(self.db, name, args, clock=self.clock)

    def report_problem(self, opening: Opening, problem: str) -> None:
        """The courier says the open compartment is too small or not empty (checked once it closes)."""
        if problem not in ("too_small", "not_empty"):
            raise LockerRefused("bad_problem", f"{problem} is not a problem the kiosk knows.")
        opening.problem = problem

    def start_board_check(self) -> BoardCheck:
        """Ask every board of this site for its status every `lockers.board_check_s` seconds (0: never),
        so the heartbeat tells the fleet which boards answer (terminal/devices/health.py)."""
        if self.board_check is None:
            boards = [row[0] for row in self.db.execute(
                "SELECT board_no FROM lock_boards WHERE site_id = ? ORDER BY board_no", (self.site_id,))]
            interval = float(self.settings.get("lockers.board_check_s", DEFAULT_BOARD_CHECK_S))
            self.board_check = BoardCheck(self.doors.read_board, boards, interval).start()
        return self.board_check

    def stop(self) -> None:
        self.doors.stop.set()
        if self.board_check is not None:
            self.board_check.stop()
