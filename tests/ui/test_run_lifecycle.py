"""`handoff run` under systemd: READY=1 once the window shows, WATCHDOG=1 pings from the GUI loop,
and `--quit-after` leaves cleanly by itself (what the bundle smoke test relies on)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kiosk_notifies_systemd_pings_the_watchdog_and_quits_after(tmp_path: Path, site_db_path: Path) -> None:
    address = tmp_path / "notify.sock"
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(str(address))
    receiver.settimeout(30)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NOTIFY_SOCKET": str(address),
           "WATCHDOG_USEC": "400000", "HANDOFF_LOGGING__DIR": str(tmp_path / "logs"),
           "HANDOFF_CONFIG": str(tmp_path / "none.toml")}
    try:
        process = subprocess.Popen([sys.executable, "-m", "ui.main", "run", "--role", "kiosk", "--db",
                                    str(site_db_path), "--quit-after", "1.5"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        messages = [receiver.recv(64).decode() for _ in range(4)]
        _, stderr = process.communicate(timeout=60)
    finally:
        receiver.close()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "READY=1" in messages and messages.count("WATCHDOG=1") >= 2
    log = [json.loads(line) for line in (tmp_path / "logs" / "handoff.log").read_text().splitlines()]
    said = [entry["message"] for entry in log]
    assert "kiosk window shown" in said and any("--quit-after" in m for m in said)


def test_a_negative_quit_after_is_one_sentence(site_db_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ui.main", "run", "--role", "station", "--db",
                             str(site_db_path), "--quit-after", "-1"], cwd=ROOT,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    said = "handoff: --quit-after needs a number of seconds, 0 or more, not -1.0."
    assert result.stderr.strip().splitlines() == [said]


def test_start_up_backs_up_then_migrates_a_previous_schema_database(tmp_path: Path) -> None:
    import sqlite3

    from terminal.store import LATEST_VERSION, schema_version
    from terminal.store.db import connect
    from terminal.store.migrate import _apply, _ensure_table, available_migrations

    path = tmp_path / "old.db"
    old = connect(path)
    _ensure_table(old)
    for migration in available_migrations()[:-1]:   # what the previous release left on disk
        _apply(old, migration)
    previous = schema_version(old)
    old.close()
    result = subprocess.run([sys.executable, "-m", "ui.main", "run", "--role", "station", "--db", str(path),
                             "--quit-after", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "HANDOFF_CONFIG": str(tmp_path / "none.toml")})
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == LATEST_VERSION
    with sqlite3.connect(path.with_name(f"old.db.schema{previous}.bak")) as backup:
        assert backup.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == previous
