"""`handoff diagnose --json -o FILE`: versions, modules, config with secrets redacted, devices, sync,
and the last errors of the real log, in one file for support."""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
from pathlib import Path

from terminal.store import LATEST_VERSION, open_db

ROOT = Path(__file__).resolve().parents[2]


def test_diagnose_collects_everything_and_leaks_no_secret(tmp_path: Path) -> None:
    open_db(tmp_path / "t.db", create=True).close()
    leader, follower = pty.openpty()          # a real serial-like device that is present
    printer = socket.socket()                 # a printer that answers on its port
    printer.bind(("127.0.0.1", 0))
    printer.listen(1)
    port = printer.getsockname()[1]
    config = tmp_path / "config.toml"
    config.write_text(f"""
[sync]
backend_url = "http://127.0.0.1:9"
enrollment_password = "hunter2-not-for-support"
[lockers]
port = "{os.ttyname(follower)}"
site_key_file = "/etc/handoff/site.key"
[scanning]
serial_ports = ["{tmp_path / 'gone'}"]
[packing]
printer = "tcp://127.0.0.1:{port}"
""", encoding="utf-8")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "handoff.log").write_text(
        json.dumps({"at": "2026-12-01T10:00:00", "level": "INFO", "logger": "x", "message": "started"}) + "\n"
        + json.dumps({"at": "2026-12-01T10:01:00", "level": "ERROR", "logger": "terminal.sync",
                      "message": "push failed: token=abc123secret"}) + "\n", encoding="utf-8")
    env = {**os.environ, "HANDOFF_CONFIG": str(config), "HANDOFF_LOGGING__DIR": str(logs)}
    out = tmp_path / "diag.json"
    try:
        result = subprocess.run([sys.executable, "-m", "terminal", "diagnose", "--db", str(tmp_path / "t.db"),
                                 "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    finally:
        printer.close()
        os.close(leader)
        os.close(follower)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    text = out.read_text(encoding="utf-8")
    report = json.loads(text)
    assert "hunter2" not in text and "abc123secret" not in text
    assert report["versions"]["handoff"] and report["versions"]["PySide6"] != "not installed"
    assert report["modules"]["zxing-cpp"] == "ok" and report["modules"]["opencv"] == "ok"
    values = report["config"]["values"]
    assert values["sync"]["enrollment_password"] == "***" and values["sync"]["backend_url"] == "http://127.0.0.1:9"
    assert values["lockers"]["site_key_file"] == "/etc/handoff/site.key"   # a path is not a secret
    devices = {d["setting"]: d for d in report["devices"]}
    assert devices["lockers.port"]["present"] is True
    assert devices["scanning.serial_ports"]["present"] is False
    assert devices["packing.printer"]["reachable"] is True
    assert report["database"]["schema_version"] == LATEST_VERSION and report["database"]["integrity"] == ["ok"]
    assert "state" in report["sync"] or "error" in report["sync"]
    assert len(report["last_errors"]) == 1 and "token=***" in report["last_errors"][0]
