"""The technician CLI (in-process, real argparse) and the emulator CLI (a real process) over a real pty."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from terminal.devices.lockboard.emulator import LockBoardEmulator

PY = [sys.executable, "-m", "terminal"]
ENV = {"HANDOFF_LOCKBOARD__OPEN_TIMEOUT_MS": "400", "HANDOFF_LOCKERS__BOARDS": "2"}


def handoff(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process (real argparse, real port), capturing like a subprocess would."""
    import contextlib
    import io
    from unittest import mock

    from terminal.cli import run

    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, ENV), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_lock_status_json_shape(emulator: LockBoardEmulator) -> None:
    emulator.put_item(0, 2)
    emulator.open_door(1, 16)
    done = handoff("device", "lock", "status", "--port", emulator.path, "--json")
    assert done.returncode == 0, done.stderr
    boards = json.loads(done.stdout)["boards"]
    assert [b["board"] for b in boards] == [0, 1]          # lockers.boards = 2
    assert boards[0]["online"] is True
    assert boards[0]["doors"][1] == {"lock": 2, "closed": True, "occupied": True}
    assert boards[1]["doors"][15] == {"lock": 16, "closed": False, "occupied": False}
    one = json.loads(handoff("device", "lock", "status", "--port", emulator.path, "--board", "2", "--json").stdout)
    assert [b["board"] for b in one["boards"]] == [2]


def test_lock_open_json(emulator: LockBoardEmulator) -> None:
    done = handoff("device", "lock", "open", "4", "--port", emulator.path, "--board", "1", "--json")
    assert json.loads(done.stdout) == {"lock": 4, "opened": True, "state": "open"}
    emulator.set_stuck(0, 1)
    done = handoff("device", "lock", "open", "1", "--port", emulator.path, "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout) == {"lock": 1, "opened": False, "state": "closed"}
    assert emulator.unlock_count(0, 1) == 1


def test_missing_port_is_one_sentence(tmp_path: Path) -> None:
    done = handoff("device", "lock", "status", "--port", str(tmp_path / "ttyNONE"), "--json")
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "does not exist" in done.stderr


def test_emulator_cli_link_control_and_sigterm(tmp_path: Path) -> None:
    link, control = tmp_path / "lockline", tmp_path / "ctl.sock"
    proc = subprocess.Popen([*PY, "device", "emulate-lockboard", "--boards", "2", "--link", str(link),
                             "--control", str(control)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **ENV})
    try:
        path = proc.stdout.readline().strip()
        assert path.startswith("/dev/") and os.path.realpath(link) == path
        for _ in range(200):
            if control.exists():
                break
            subprocess.run(["sleep", "0.02"])
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(control))
            stream = sock.makefile("rw")
            stream.write("put 1 5\n")
            stream.flush()
            assert stream.readline().strip() == "ok"
        status = json.loads(handoff("device", "lock", "status", "--port", str(link), "--board", "1", "--json").stdout)
        assert status["boards"][0]["doors"][4]["occupied"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert not link.exists()
