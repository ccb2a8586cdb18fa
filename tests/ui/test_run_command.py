"""`handoff run` fails with one sentence, never a traceback, before any window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "ui.main", "run", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)


def test_missing_database(tmp_path: Path) -> None:
    result = run("--role", "station", "--db", str(tmp_path / "missing.db"))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "There is no database" in lines[0] and "Traceback" not in result.stderr


def test_unreadable_database_and_bad_config(tmp_path: Path, site_db_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = run("--role", "kiosk", "--db", str(junk))
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ntheme = 'purple'\n")
    result = run("--role", "kiosk", "--db", str(site_db_path), env={"HANDOFF_CONFIG": str(config)})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "handoff: Setting ui.theme is 'purple'; use one of: light, dark, high-contrast."]


def test_window_shows_and_quits_for_the_benchmark(site_db_path: Path) -> None:
    result = run("--role", "kiosk", "--db", str(site_db_path), "--demo", env={"HANDOFF_EXIT_AFTER_SHOW": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HANDOFF_SHOWN ")
