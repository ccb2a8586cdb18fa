"""Drive every demo flow as a person would: real X (Xvfb), scans typed by xdotool, clicks, screenshots.

`python -m tools.demo_drive [--out DIR]` makes a fresh demo database, then opens the windows exactly as
`make run` does (`handoff run --demo`, which starts the backend, the lock-board emulator and the
printer stand-in) — the station, the kiosk, the supervisor — and works through picker, packer,
handover, courier deposit, recipient pickup by code and by QR, return, and the supervisor's screen.
A scan is `xdotool type --delay 4` plus Enter (a wedge scanner's speed); a weight is typed slowly, as
a person does. Every step waits for its outcome in the terminal's database (the door's closing, the
label's sending, …) and fails with a sentence naming the step; screenshots go to DIR (`import`).
The kiosk is touched at the coordinates of its 1280×800 layout (KIOSK_* below).

Needs Xvfb, xdotool and ImageMagick's import (Debian: xvfb xdotool imagemagick)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("Xvfb", "xdotool", "import")
SIZE = (1280, 800)
# the kiosk at 1280×800 (see docs/screenshots): start-screen services, the header's Start, the keypad
KIOSK_PICKUP, KIOSK_RETURN, KIOSK_START = (342, 302), (937, 302), (462, 45)
KEYPAD_X, KEYPAD_Y = (751, 957, 1162), (219, 340, 460, 580)
KEYS = {str(n): (KEYPAD_X[(n - 1) % 3], KEYPAD_Y[(n - 1) // 3]) for n in range(1, 10)}
KEYS.update({"0": (KEYPAD_X[1], KEYPAD_Y[3]), "OK": (KEYPAD_X[2], KEYPAD_Y[3])})
PICKER, PACKER, COURIER, SUPERVISOR = "B-1001", "B-1101", "B-1201", "B-1401"


class DriveFailed(AssertionError):
    pass


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class Screen:
    """One Xvfb display and the xdotool/import calls a person's hands and eyes stand for."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.display = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.shots: list[Path] = []

    def start(self) -> Screen:
        for number in range(90, 140):
            if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
                continue
            self.display = f":{number}"
            self.process = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24",
                                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if self.x("xdotool", "getdisplaygeometry", check=False).returncode == 0:
                    return self
                time.sleep(0.1)
            self.stop()
        raise DriveFailed("No X display could be started with Xvfb.")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def x(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), env=self.env(), capture_output=True, text=True, timeout=60, check=check)

    def scan(self, text: str) -> None:
        """A keyboard-wedge scanner: the characters fast, then Enter."""
        self.x("xdotool", "type", "--delay", "4", text)
        self.x("xdotool", "key", "Return")

    def type_slowly(self, text: str) -> None:
        """A person at the keyboard (the wedge filter hands these keys to the focused field)."""
        self.x("xdotool", "type", "--delay", "120", text)
        time.sleep(0.3)       # a person looks at what they typed before Enter; a key at once reads as a burst
        self.x("xdotool", "key", "Return")

    def key(self, name: str) -> None:
        self.x("xdotool", "key", name)

    def click(self, at: tuple[int, int]) -> None:
        self.x("xdotool", "mousemove", str(at[0]), str(at[1]), "click", "1")
        time.sleep(0.15)

    def shot(self, name: str) -> Path:
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        self.x("import", "-window", "root", str(path))
        self.shots.append(path)
        return path


class Demo:
    """The demo database and the windows opened on it, one at a time, as `make run` opens them."""

    def __init__(self, screen: Screen, folder: Path) -> None:
        self.screen = screen
        self.db_path = folder / "handoff-demo.db"
        self.config = folder / "none.toml"   # the demo's own settings, not the machine's
        self.window: subprocess.Popen[bytes] | None = None
        self.log = folder / "window.log"

    def make(self) -> None:
        done = subprocess.run([sys.executable, "-m", "terminal", "demo", "--db", str(self.db_path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise DriveFailed(f"`handoff demo` failed: {done.stderr.strip()}")

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def codes(self) -> dict[str, Any]:
        return dict(json.loads(Path(str(self.db_path) + ".demo-codes.json").read_text(encoding="utf-8")))

    @contextmanager
    def open(self, role: str) -> Iterator[None]:
        env = {**self.screen.env(), "HANDOFF_CONFIG": str(self.config),
               "HANDOFF_LOGGING__DIR": str(self.db_path.parent / "logs")}
        with self.log.open("ab") as log:
            self.window = subprocess.Popen([sys.executable, "-m", "ui.main", "run", "--db", str(self.db_path),
                                            "--demo", "--role", role], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            found = self.screen.x("xdotool", "search", "--sync", "--onlyvisible", "--pid", str(self.window.pid),
                                  check=False)
            if found.returncode != 0 or not found.stdout.split():
                raise DriveFailed(f"The {role} window did not appear (see {self.log}).")
            window_id = found.stdout.split()[0]
            self.screen.x("xdotool", "windowactivate", "--sync", window_id, check=False)
            self.screen.x("xdotool", "windowfocus", "--sync", window_id, check=False)
            time.sleep(2.0)      # the demo backend and the device stand-ins come up with the window
            yield
        finally:
            self.window.terminate()
            try:
                self.window.wait(20)
            except subprocess.TimeoutExpired:
                self.window.kill()
                self.window.wait(10)
            self.window = None

    def wait(self, what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(0.2)
        shot = self.screen.shot("failed")
        raise DriveFailed(f"{what}: not seen within {timeout:g} s (screenshot {shot}).")


# -- the flows -------------------------------------------------------------------------------------------
def picker(demo: Demo, screen: Screen) -> None:
    screen.scan(PICKER)
    batch = demo.wait("the picker's batch", lambda: demo.read(
        "SELECT id FROM pick_batches WHERE picker_id = 'user-picker-1' AND status != 'done' ORDER BY created_at DESC"))
    batch_id = batch[0][0]
    screen.shot("picker-batch")
    slots = demo.read("SELECT tote_slot FROM pick_batch_orders WHERE batch_id = ? ORDER BY tote_slot", (batch_id,))
    free = [row[0] for row in demo.read("SELECT code FROM totes WHERE order_id IS NULL ORDER BY code LIMIT ?",
                                        (len(slots),))]
    for tote in free:
        screen.scan(tote)
    demo.wait("the totes bound", lambda: demo.read(
        "SELECT count(*) FROM pick_batch_orders WHERE batch_id = ? AND tote_code IS NOT NULL",
        (batch_id,))[0][0] == len(slots))
    tasks = demo.read("SELECT id, location_code, sku_code, qty FROM pick_tasks WHERE batch_id = ? ORDER BY sequence",
                      (batch_id,))
    first = True
    for task_id, location, sku, qty in tasks:
        if first:
            screen.type_slowly(location)           # a location label the scanner cannot read: typed by hand
            first = False
        else:
            screen.scan(location)
        for _ in range(qty):
            screen.scan(sku)
        demo.wait(f"task at {location} picked", lambda t=task_id: demo.read(
            "SELECT status = 'done' FROM pick_tasks WHERE id = ?", (t,))[0][0])
    screen.shot("picker-done")
    screen.scan("CMD:LOGOUT")


def packer_and_handover(demo: Demo, screen: Screen) -> None:
    screen.scan(PACKER)
    time.sleep(1.0)
    tote, order_id = demo.read("SELECT t.code, o.id FROM totes t JOIN orders o ON o.id = t.order_id"
                               " WHERE o.status = 'picked' ORDER BY o.ship_by LIMIT 1")[0]
    screen.scan(tote)
    time.sleep(0.5)
    for sku, qty in demo.read("SELECT sku_code, qty FROM order_lines WHERE order_id = ?", (order_id,)):
        for _ in range(qty):
            screen.scan(sku)
    time.sleep(0.5)
    screen.type_slowly("1")                        # the wrong weight first: the mismatch says what it expects
    expected = demo.wait("the weight mismatch", lambda: demo.read(
        "SELECT json_extract(details, '$.expected_weight_g') FROM exceptions WHERE kind = 'weight_mismatch'"
        " AND ref_id = ?", (order_id,)))[0][0]
    time.sleep(0.5)
    screen.shot("packer-mismatch")
    screen.type_slowly(str(expected))              # weighed again: it matches
    tracking = demo.wait("the package closed", lambda: demo.read(
        "SELECT tracking_number FROM packages WHERE order_id = ?", (order_id,)))[0][0]
    demo.wait("the label printed (the printer stand-in)", lambda: demo.read(
        "SELECT 1 FROM label_jobs j JOIN packages p ON p.id = j.package_id WHERE p.order_id = ? AND"
        " j.status = 'sent'", (order_id,)))
    screen.shot("packer-packed")
    screen.key("F2")                               # the handover page (packer: F1 packing, F2 handover)
    time.sleep(0.5)
    screen.scan(tracking)
    demo.wait("the package handed over", lambda: demo.read(
        "SELECT handed_over_at IS NOT NULL FROM packages WHERE tracking_number = ?", (tracking,))[0][0])
    screen.shot("handover")
    screen.scan("CMD:LOGOUT")


def kiosk(demo: Demo, screen: Screen) -> None:
    codes = demo.codes()
    usable = [p for p in codes["parcels"] if p["status"] == "deposited" and p["expires_at"] > codes["now"]]
    by_code, by_qr = usable[0], usable[1]
    screen.shot("kiosk-start")

    screen.click(KIOSK_PICKUP)
    for digit in by_code["phone"] + by_code["code"]:
        screen.click(KEYS[digit])
    for _ in range(3):
        screen.click(KEYS["OK"])                   # impatient taps: one door
    time.sleep(1.0)
    screen.shot("pickup-door-open")
    demo.wait("pickup by code", lambda: demo.read(
        "SELECT status = 'picked_up' FROM parcels WHERE tracking_number = ?", (by_code["tracking_number"],))[0][0])
    screen.shot("pickup-done")
    screen.click(KIOSK_START)

    screen.scan("HQR:" + by_qr["qr_token"])
    demo.wait("pickup by QR", lambda: demo.read(
        "SELECT status = 'picked_up' FROM parcels WHERE tracking_number = ?", (by_qr["tracking_number"],))[0][0])
    screen.shot("pickup-qr-done")
    screen.click(KIOSK_START)

    ret = next(r for r in codes["returns"] if r["status"] == "announced")
    screen.click(KIOSK_RETURN)
    for digit in ret["return_code"]:
        screen.click(KEYS[digit])
    screen.click(KEYS["OK"])
    demo.wait("the return dropped", lambda: demo.read(
        "SELECT status = 'deposited' FROM parcels WHERE tracking_number = ?", (ret["tracking_number"],))[0][0])
    screen.shot("return-done")
    screen.click(KIOSK_START)

    parcel = demo.read("SELECT tracking_number FROM parcels WHERE status = 'announced' AND kind = 'delivery'"
                       " ORDER BY tracking_number LIMIT 1")[0][0]
    screen.scan(COURIER)
    time.sleep(1.0)
    screen.shot("courier-home")
    screen.scan(parcel)
    demo.wait("the courier's deposit", lambda: demo.read(
        "SELECT status = 'deposited' FROM parcels WHERE tracking_number = ?", (parcel,))[0][0])
    screen.shot("courier-deposited")
    screen.scan("CMD:LOGOUT")


def supervisor(demo: Demo, screen: Screen) -> None:
    screen.scan(SUPERVISOR)
    time.sleep(3.0)
    screen.shot("supervisor")


FLOWS: dict[str, tuple[str, Callable[[Demo, Screen], None]]] = {
    "picker": ("station", picker), "packer": ("station", packer_and_handover),
    "kiosk": ("kiosk", kiosk), "supervisor": ("supervisor", supervisor),
}


def drive(out: Path, flows: list[str] | None = None) -> list[Path]:
    """Run the flows on a fresh demo; the screenshots taken, in order. Raises DriveFailed."""
    if missing := missing_tools():
        raise DriveFailed(f"Driving the demo needs {', '.join(missing)} (Debian: xvfb xdotool imagemagick).")
    out.mkdir(parents=True, exist_ok=True)
    screen = Screen(out).start()
    try:
        with tempfile.TemporaryDirectory(prefix="handoff-drive-") as folder:
            demo = Demo(screen, Path(folder))
            demo.make()
            for name in flows or list(FLOWS):
                role, flow = FLOWS[name]
                with demo.open(role):
                    flow(demo, screen)
    finally:
        screen.stop()
    return screen.shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "demo-drive", help="folder for screenshots")
    parser.add_argument("flows", nargs="*", help=f"which flows: {', '.join(FLOWS)} (default: all)")
    args = parser.parse_args(argv)
    if unknown := [f for f in args.flows if f not in FLOWS]:
        parser.error(f"unknown flow {unknown[0]!r}; choose from {', '.join(FLOWS)}")
    try:
        shots = drive(args.out, args.flows or None)
    except DriveFailed as exc:
        print(f"demo drive: {exc}", file=sys.stderr)
        return 1
    print(f"every flow worked; {len(shots)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
