"""`handoff run --demo` starts the lock-board emulator and the printer stand-in with the window and they
end with it — also when the window is killed with SIGKILL (nothing runs its clean-up then)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_demo_window_starts_its_device_stand_ins_and_they_die_with_a_killed_window(tmp_path: Path):
    db = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "terminal", "demo", "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HANDOFF_CONFIG": str(tmp_path / "none.toml"),
           "HANDOFF_LOGGING__DIR": str(tmp_path / "logs"), "HANDOFF_SYNC__DEMO_PORT": "0"}
    window = subprocess.Popen([sys.executable, "-m", "ui.main", "run", "--role", "kiosk", "--db", str(db), "--demo"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        devices: set[int] = set()
        while time.monotonic() < deadline and len(devices) < 2:
            devices = {p for p in _children(window.pid) if "emulate-" in _cmdline(p)}
            time.sleep(0.2)
        kinds = sorted(_cmdline(p).split("emulate-")[1].split()[0] for p in devices)
        assert kinds == ["lockboard", "printer"]
        window.send_signal(signal.SIGKILL)
        window.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in devices):
            time.sleep(0.1)
        assert not any(_alive(p) for p in devices)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(10)
