"""`handoff db migrate|check|backup` and bad databases: one clear sentence, non-zero exit, no traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from terminal.store import LATEST_VERSION

ROOT = Path(__file__).resolve().parents[3]


def handoff(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "terminal", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handoff: ") and lines[0].endswith("."), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """A real demo database file (closed, WAL checkpointed into the main file)."""
    path = tmp_path_factory.mktemp("db") / "site.db"
    made = handoff("demo", "--db", str(path), "--orders", "40", "--now", "2026-11-23T07:00")
    assert made.returncode == 0, made.stderr
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def test_migrate_twice_from_an_empty_file(tmp_path):
    db = tmp_path / "new.db"
    first = handoff("db", "migrate", "--db", str(db), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["schema_version"] == LATEST_VERSION and json.loads(first.stdout)["applied"]
    second = handoff("db", "migrate", "--db", str(db))
    assert second.returncode == 0 and "already up to date" in second.stdout


def test_check_passes_on_a_sound_demo_database(demo_file):
    result = handoff("db", "check", "--db", str(demo_file), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"db": str(demo_file), "ok": True, "integrity": ["ok"],
                                         "schema_version": LATEST_VERSION, "latest_schema_version": LATEST_VERSION}


def test_backup_produces_a_file_that_passes_check(demo_file, tmp_path):
    target = tmp_path / "copy.db"
    made = handoff("db", "backup", "--db", str(demo_file), "-o", str(target))
    assert made.returncode == 0, made.stderr
    check = handoff("db", "check", "--db", str(target), "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True
    with sqlite3.connect(target) as copy, sqlite3.connect(demo_file) as original:
        for table in ("orders", "order_lines", "parcels", "skus"):
            query = f"SELECT count(*) FROM {table}"
            assert copy.execute(query).fetchone() == original.execute(query).fetchone()


def test_check_reports_a_damaged_file_clearly(demo_file, tmp_path):
    damaged = tmp_path / "damaged.db"
    data = bytearray(demo_file.read_bytes())
    page = 4096
    middle = (len(data) // 2) // page * page
    data[middle:middle + page] = bytes((i * 151 + 7) % 256 for i in range(page))   # garbage over one page
    damaged.write_bytes(bytes(data))
    result = handoff("db", "check", "--db", str(damaged))
    message = one_sentence(result)
    assert "damaged" in message and "backup" in message and str(damaged) in message
    as_json = handoff("db", "check", "--db", str(damaged), "--json")
    assert as_json.returncode != 0 and json.loads(as_json.stdout)["ok"] is False


def test_a_database_from_a_newer_schema_is_one_sentence(demo_file, tmp_path):
    newer = tmp_path / "newer.db"
    newer.write_bytes(demo_file.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')")
    for args in (("db", "migrate"), ("db", "check"), ("demo", "--sheet", str(tmp_path / "s.pdf"))):
        message = one_sentence(handoff(*args, "--db", str(newer)))
        assert "9999" in message and "newer" in message, args


def test_a_missing_database_is_one_sentence(tmp_path):
    missing = tmp_path / "nowhere.db"
    for args in (("db", "check"), ("db", "backup")):
        message = one_sentence(handoff(*args, "--db", str(missing)))
        assert str(missing) in message
    assert not missing.exists()


def test_an_unreadable_database_is_one_sentence(tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is a shopping list, not a database\n" * 200, encoding="utf-8")
    assert str(not_a_db) in one_sentence(handoff("db", "check", "--db", str(not_a_db)))
    assert "folder" in one_sentence(handoff("db", "check", "--db", str(tmp_path)))


def test_a_config_file_with_an_error_is_one_sentence(tmp_path, demo_file):
    config = tmp_path / "config.toml"
    config.write_text("[logging]\nlevel = \n", encoding="utf-8")
    env = {"HANDOFF_CONFIG": str(config)}
    message = one_sentence(handoff("demo", "--db", str(tmp_path / "new.db"), env=env))
    assert str(config) in message and "error" in message
