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


def run_in_process(capsys, *args: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """The same CLI entry without a new interpreter (these failures happen before any window)."""
    from terminal.cli import discover
    from terminal.cli import run as cli_run

    code = cli_run(["run", *args], extra=discover("ui.commands"))
    return code, capsys.readouterr().err.strip().splitlines()


def test_unreadable_database_and_bad_config(capsys, monkeypatch, tmp_path: Path, site_db_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    code, lines = run_in_process(capsys, "--role", "kiosk", "--db", str(junk))
    assert code != 0 and len(lines) == 1 and "cannot be opened as a Handoff database" in lines[0]
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ntheme = 'purple'\n")
    monkeypatch.setenv("HANDOFF_CONFIG", str(config))
    code, lines = run_in_process(capsys, "--role", "kiosk", "--db", str(site_db_path))
    assert code != 0 and lines == ["handoff: Setting ui.theme is 'purple'; use one of: light, dark, high-contrast."]
    config.write_text("[ui\n")
    code, lines = run_in_process(capsys, "--role", "kiosk", "--db", str(site_db_path))
    assert code != 0 and len(lines) == 1 and "has an error" in lines[0]


def test_window_shows_and_quits_for_the_benchmark(site_db_path: Path) -> None:
    result = run("--role", "kiosk", "--db", str(site_db_path), "--demo", env={"HANDOFF_EXIT_AFTER_SHOW": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HANDOFF_SHOWN ")


def test_a_database_from_a_newer_schema_or_damaged_is_one_sentence(capsys, tmp_path: Path, site_db_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    newer = tmp_path / "newer.db"
    newer.write_bytes(site_db_path.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')")
    for role in ("station", "kiosk", "supervisor"):
        code, lines = run_in_process(capsys, "--role", role, "--db", str(newer))
        assert code == 2 and len(lines) == 1 and "9999" in lines[0] and "newer" in lines[0], lines
    damaged = tmp_path / "damaged.db"
    data = bytearray(site_db_path.read_bytes())
    data[4096:8192] = bytes(4096)       # the second page (the schema's first table) zeroed
    damaged.write_bytes(bytes(data))
    code, lines = run_in_process(capsys, "--db", str(damaged))
    assert code == 2 and len(lines) == 1 and lines[0].startswith("handoff: ") and "db check" in lines[0], lines
