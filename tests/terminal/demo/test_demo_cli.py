"""`handoff demo` as a person runs it: a real subprocess, one sentence on failure, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def handoff(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "terminal", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handoff: ") and lines[0].endswith("."), result.stderr
    return lines[0]


def test_demo_makes_a_database_and_refuses_to_overwrite_it(tmp_path: Path):
    db = tmp_path / "site.db"
    made = handoff("demo", "--db", str(db), "--orders", "40", "--now", "2026-11-24T07:10", "--json")
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    assert summary["orders"] == 40 and summary["now"] == "2026-11-24T06:10:00.000+00:00"
    assert summary["codes_path"] == f"{db}.demo-codes.json" and Path(summary["codes_path"]).exists()
    assert Path(summary["site_key_path"]).exists()
    refused = handoff("demo", "--db", str(db))
    assert "--force" in one_sentence(refused)
    forced = handoff("demo", "--db", str(db), "--orders", "30", "--now", "2026-11-24T06:30", "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout)["orders"] == 30
    check = handoff("db", "check", "--db", str(db), "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True


def test_the_sheet_is_printed_for_an_existing_demo(tmp_path: Path):
    db = tmp_path / "site.db"
    assert handoff("demo", "--db", str(db), "--orders", "20", "--now", "2026-11-24T06:30").returncode == 0
    sheet = tmp_path / "out" / "sheet.pdf"
    printed = handoff("demo", "--sheet", str(sheet), "--db", str(db))
    assert printed.returncode == 0, printed.stderr
    assert sheet.read_bytes().startswith(b"%PDF")


def test_a_bad_now_is_one_sentence(tmp_path: Path):
    assert "ISO 8601" in one_sentence(handoff("demo", "--db", str(tmp_path / "x.db"), "--now", "tomorrow"))
    assert not (tmp_path / "x.db").exists()


def test_a_broken_config_file_is_one_sentence(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text("[lockboard\nport = '/dev/ttyUSB0'\n", encoding="utf-8")
    message = one_sentence(handoff("demo", "--db", str(tmp_path / "x.db"), env={"HANDOFF_CONFIG": str(config)}))
    assert str(config) in message
