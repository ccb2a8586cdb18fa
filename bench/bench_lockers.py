"""Locker benchmarks through a real pseudo-terminal and pyserial against the CU16 emulator.

1. Last keypad digit → unlock frame on the wire: from the moment the pickup is submitted (phone +
   code complete) until the emulator reads the unlock frame off the pty: code check (HMAC), keypad
   op, door read before firing (a status round trip), journal op, unlock write. Real file database
   with synchronous=FULL. Goal p99 ≤ 100 ms.
2. One status poll cycle over 3 boards, against the wire-time limit at 19200 baud
   (3 × (5 + 9) bytes × 10 bits / 19200). The pty does not pace bytes, so the measured time is the
   software's own overhead; a real line adds the wire time on top."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from bench.table import Row, percentile
from terminal.config import Settings
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.devices.lockboard.protocol import CMD_UNLOCK, REPLY_LENGTH, REQUEST_LENGTH
from terminal.lockers.deposit import deposit
from terminal.lockers.doors import DoorTimings
from terminal.lockers.kiosk import LockerKiosk
from terminal.lockers.pickup import pickup_by_code
from terminal.lockers.site import install_site, store_announced_parcel
from terminal.store import open_db

PICKUPS = 100
CYCLES = 200
BAUD = 19200


def person_at_the_doors(kiosk, emulator):  # type: ignore[no-untyped-def]
    """A person who puts the item in (action["put"]) or takes it out whenever a door opens, then shuts
    it; and when the unlock frames reached the board (`arrived`, `unlock_seen`)."""
    action = {"put": True}

    def person(opening) -> None:  # type: ignore[no-untyped-def]
        comp = opening.compartment
        emulator.wait_open(comp.board_no, comp.lock_no)
        (emulator.put_item if action["put"] else emulator.take_item)(comp.board_no, comp.lock_no)
        emulator.close_door(comp.board_no, comp.lock_no)

    kiosk.doors.opened.connect(person)
    unlock_seen = threading.Event()
    arrived: list[float] = []

    def on_frame(frame: bytes, at: float) -> None:
        if frame[2] == CMD_UNLOCK:
            arrived.append(at)
            unlock_seen.set()

    emulator.frame_received.connect(on_frame)
    return action, unlock_seen, arrived


def _keypad_to_unlock(tmp: Path) -> list[float]:
    db = open_db(tmp / "bench.db", create=True)
    install_site(db, "LCK-B", boards=3)
    db.execute("INSERT INTO users (id, name, roles) VALUES ('c', 'Courier', 'courier')")
    db.conn.commit()
    key = bytes(range(32))
    timings = Timings(reply_timeout=0.3, open_timeout=1.0, poll_interval=0.005)
    samples: list[float] = []
    with LockBoardEmulator(3, open_delay=0.002) as emulator:
        line = LockBoardLine(emulator.path, timings=timings)
        kiosk = LockerKiosk(db, line, settings=Settings(), key=key, site_id="LCK-B",
                            timings=DoorTimings(poll_s=0.005))
        action, unlock_seen, arrived = person_at_the_doors(kiosk, emulator)
        for n in range(PICKUPS):
            code = f"{n:06d}"
            store_announced_parcel(db, key, "LCK-B", f"B{n:05d}", phone="600100200", pickup_code=code)
            action["put"] = True
            deposit(kiosk, "c", f"B{n:05d}")
            action["put"] = False
            unlock_seen.clear()
            arrived.clear()
            started = time.monotonic()           # the last digit was typed: the flow starts
            pickup_by_code(kiosk, "600100200", code)
            assert unlock_seen.wait(2)
            samples.append((arrived[0] - started) * 1000)
        line.close()
    db.close()
    return samples


def _status_cycle(baud: int | None = None) -> list[float]:
    samples = []
    with LockBoardEmulator(3, baud=baud) as emulator:
        line = LockBoardLine(emulator.path)
        line.open()
        for _ in range(CYCLES):
            started = time.perf_counter()
            for board in range(3):
                assert line.status(board).online
            samples.append((time.perf_counter() - started) * 1000)
        line.close()
    return samples


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        keypad = _keypad_to_unlock(Path(tmp))
    cycle = _status_cycle()
    paced = _status_cycle(BAUD)
    wire_ms = 3 * (REQUEST_LENGTH + REPLY_LENGTH) * 10 / BAUD * 1000
    return [
        Row("lockers", "keypad → unlock frame p50", f"{percentile(keypad, 0.5):.1f} ms", "",
            f"{PICKUPS} pickups through the pty, file db synchronous=FULL"),
        Row("lockers", "keypad → unlock frame p99", f"{percentile(keypad, 0.99):.1f} ms", "≤ 100 ms",
            "a real 19200-baud line adds ~10 ms (status + reply + unlock = 19 bytes)"),
        Row("lockers", "status poll, 3 boards p50", f"{percentile(cycle, 0.5):.2f} ms", "",
            f"{CYCLES} cycles through the pty"),
        Row("lockers", "status poll, 3 boards p99", f"{percentile(cycle, 0.99):.2f} ms",
            f"wire limit {wire_ms:.1f} ms", f"software overhead = {percentile(cycle, 0.5) / wire_ms:.0%} of wire time "
            "at p50 (the pty does not pace bytes)"),
        Row("lockers", "status poll, 3 boards, paced line p99", f"{percentile(paced, 0.99):.1f} ms",
            f"wire limit {wire_ms:.1f} ms", f"p50 {percentile(paced, 0.5):.1f} ms = "
            f"{percentile(paced, 0.5) / wire_ms:.2f}× the wire limit; emulator paced at {BAUD} baud"),
    ]
