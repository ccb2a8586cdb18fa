"""The demo's devices: a lock-board emulator and a label printer, started with `handoff run --demo`.

Out of the box the demo site's boards point at a serial device that does not exist and no printer
listens, so the kiosk could open no door and every packed order showed "printer off". The demo starts
both stand-ins as child processes (`handoff device emulate-lockboard`, `handoff device emulate-printer`),
tied to the window's life (terminal/children.py), and returns the settings that point the terminal at
them. The emulator begins with the compartments the demo database says are full, and a door it opens
closes again after `AUTO_CLOSE_S` with the parcel put in or taken out — the person at the kiosk.

The printer takes port 9100 (the default `packing.printer`) when it is free, so labels queued in an
earlier run print; otherwise any free port, and the override says which. A printer stand-in that dies
is a printer that is off: the station shows it as such."""

from __future__ import annotations

import contextlib
import logging
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

from terminal.children import die_with_parent, port_free
from terminal.errors import HandoffError
from terminal.store import open_db

log = logging.getLogger(__name__)
AUTO_CLOSE_S = 4.0          # long enough to see "compartment 3 is open", short of the 10 s reminder
PRINTER_PORT = 9100
START_TIMEOUT_S = 30.0


def lockers_of(db_path: Path) -> tuple[int, list[tuple[int, int]]]:
    """(number of boards, the (board, lock) places that hold a parcel) of the demo database."""
    db = open_db(db_path)
    try:
        boards = db.execute("SELECT coalesce(max(board_no) + 1, 0) FROM lock_boards").fetchone()[0]
        full = db.execute(
            "SELECT DISTINCT b.board_no, c.lock_no FROM parcels p JOIN compartments c ON c.id = p.compartment_id "
            "JOIN lock_boards b ON b.id = c.board_id WHERE p.status IN ('deposited', 'expired') "
            "ORDER BY 1, 2").fetchall()
    finally:
        db.close()
    return int(boards), [(int(b), int(lock)) for b, lock in full]


class DemoDevices:
    """The two stand-in processes; `start()` returns the settings overrides, `stop()` ends both."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.spool = Path(str(db_path) + ".labels")
        self.processes: list[subprocess.Popen[str]] = []
        self.lockboard_port = ""
        self.printer_uri = ""

    def _spawn(self, *args: str) -> subprocess.Popen[str]:
        # the PyInstaller bundle is the `handoff` command itself; from source it is `python -m terminal`
        command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "terminal"]
        process = subprocess.Popen([*command, "device", *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True, preexec_fn=die_with_parent())
        self.processes.append(process)
        return process

    def start(self) -> dict[str, Any]:
        boards, full = lockers_of(self.db_path)
        overrides: dict[str, Any] = {}
        try:
            printer_port = PRINTER_PORT if port_free(PRINTER_PORT) else 0
            printer = self._spawn("emulate-printer", "--port", str(printer_port), "--spool", str(self.spool))
            lockboard = None
            if boards:
                places = ",".join(f"{b}:{lock}" for b, lock in full)
                occupied = ["--occupied", places] if places else []
                lockboard = self._spawn("emulate-lockboard", "--boards", str(boards),
                                        "--auto-close-s", str(AUTO_CLOSE_S), *occupied)
            self.printer_uri = _first_line(printer, "printer")
            overrides["packing.printer"] = self.printer_uri
            if lockboard is not None:
                self.lockboard_port = _first_line(lockboard, "lock-board emulator")
                overrides["lockers.port"] = self.lockboard_port
        except BaseException:
            self.stop()
            raise
        log.info("demo devices: printer %s, lock boards on %s", self.printer_uri, self.lockboard_port or "-")
        return overrides

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(OSError):
                process.terminate()
        for process in self.processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
            if process.stdout is not None:
                process.stdout.close()
        self.processes = []


def _first_line(process: subprocess.Popen[str], what: str) -> str:
    """The address the stand-in prints first; a sentence if it never comes."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT_S)
    line = process.stdout.readline().strip() if ready else ""
    if not line:
        code = process.poll()
        raise HandoffError(f"The demo's {what} did not start" + (f" (exit {code})." if code is not None else ".")
                           + " The demo runs without it.")
    return line


def start_demo_devices(db_path: Path) -> tuple[DemoDevices | None, dict[str, Any]]:
    """Start the stand-ins; a failure is logged and the demo opens without them (never blocks the window)."""
    devices = DemoDevices(db_path)
    try:
        return devices, devices.start()
    except (HandoffError, OSError) as exc:
        log.warning("demo devices not started: %s", exc)
        return None, {}
