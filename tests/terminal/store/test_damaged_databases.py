"""Damaged, empty and foreign database files are refused with one sentence by every command that opens
them — `run`, `sync now|status`, `db backup|migrate|check` — and are left exactly as they were."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.errors import StoreError
from terminal.store import open_db
from terminal.store.backup import backup_to, integrity_check
from terminal.store.health import APPLICATION_ID
from tests.terminal.store.conftest import PAGE, damage_a_middle_page, handoff, one_sentence

COMMANDS = {
    "run": (("run", "--role", "station", "--quit-after", "0"), "ui.main"),
    "run (role chooser)": (("run", "--quit-after", "0"), "ui.main"),
    "sync now": (("sync", "now"), "terminal"),
    "sync status": (("sync", "status"), "terminal"),
    "db backup": (("db", "backup"), "terminal"),
}


@pytest.fixture(scope="module")
def damaged_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return damage_a_middle_page(demo_db, tmp_path_factory.mktemp("damaged") / "damaged.db")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_page_damaged_mid_file_is_refused_by(command: str, damaged_db: Path, tmp_path: Path) -> None:
    before = damaged_db.read_bytes()
    args, module = COMMANDS[command]
    target = tmp_path / "out" / "copy.db"
    extra = ("-o", str(target)) if command == "db backup" else ()
    message = one_sentence(handoff(*args, "--db", str(damaged_db), *extra, module=module))
    assert str(damaged_db) in message and "damaged" in message and "backup" in message, message
    assert damaged_db.read_bytes() == before
    assert not target.exists() and not (target.parent.exists() and any(target.parent.iterdir()))


def test_a_damaged_backup_never_replaces_a_good_older_one(demo_db: Path, damaged_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "nightly.db"
    assert handoff("db", "backup", "--db", str(demo_db), "-o", str(target)).returncode == 0
    good = target.read_bytes()
    one_sentence(handoff("db", "backup", "--db", str(damaged_db), "-o", str(target)))
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nightly.db"]


def test_db_check_names_a_row_that_points_at_a_missing_row(demo_db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "orphans.db"
    broken.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(broken) as conn:   # damage as a crashed tool with foreign keys off would leave it
        order_id = conn.execute("SELECT order_id FROM order_lines LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))
    message = one_sentence(handoff("db", "check", "--db", str(broken)))
    assert "damaged" in message and "order_lines row" in message and "missing orders row" in message, message
    as_json = handoff("db", "check", "--db", str(broken), "--json")
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and report["ok"] is False
    assert any("missing orders row" in finding for finding in report["integrity"])


def test_db_check_says_what_is_wrong_with_a_damaged_page(damaged_db: Path) -> None:
    message = one_sentence(handoff("db", "check", "--db", str(damaged_db)))
    assert "damaged" in message and "SQLite's check found" in message and "restore it from a backup" in message


def _foreign(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('pierogi', 90)")
    conn.close()
    return path


FOREIGN_COMMANDS = {"db migrate": ("db", "migrate"), "db check": ("db", "check"), "db backup": ("db", "backup"),
                    "sync status": ("sync", "status"), "sync now": ("sync", "now"), "enroll": (
                        "enroll", "--backend", "http://127.0.0.1:9", "--code", "X")}


@pytest.mark.parametrize("kind", ["empty", "foreign"])
@pytest.mark.parametrize("command", sorted(FOREIGN_COMMANDS))
def test_an_empty_or_foreign_file_is_refused_not_converted_by(command: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    if kind == "empty":
        path.write_bytes(b"")
    else:
        _foreign(path)
    before = path.read_bytes()
    message = one_sentence(handoff(*FOREIGN_COMMANDS[command], "--db", str(path)))
    assert str(path) in message and "cannot be opened as a Handoff database" in message, message
    assert ("empty file" if kind == "empty" else "another program's SQLite file (it holds recipes)") in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["terminal.db"]


def test_a_path_that_does_not_exist_is_still_made_fresh_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "new" / "terminal.db"
    assert handoff("db", "migrate", "--db", str(path)).returncode == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["terminal.db"]   # no temporary left behind


# In-process properties (no subprocess per example, so they stay fast).

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=600), st.binary(max_size=600).map(lambda b: b"SQLite format 3\x00" + b)))
def test_open_never_turns_an_existing_non_handoff_file_into_a_database(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "any.db"
    path.write_bytes(content)
    with pytest.raises(StoreError):
        open_db(path, create=True).close()
    assert path.read_bytes() == content
    path.unlink()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "site.db"
    made = handoff("demo", "--db", str(path), "--orders", "10", "--now", "2026-11-23T07:00")
    assert made.returncode == 0, made.stderr
    return path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.integers(min_value=1), seed=st.integers(min_value=0, max_value=255))
def test_a_backup_is_sound_or_not_written_whatever_page_is_damaged(page: int, seed: int, small_db: Path,
                                                                     tmp_path: Path) -> None:
    data = bytearray(small_db.read_bytes())
    start = (page % (len(data) // PAGE)) * PAGE or PAGE   # page 1 holds the header: damage any other
    data[start:start + PAGE] = bytes((i * 151 + seed) % 256 for i in range(PAGE))
    source, target = tmp_path / "damaged.db", tmp_path / "out" / "copy.db"
    source.write_bytes(bytes(data))
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir()
    try:
        db = open_db(source, migrate=False, verify=False, readonly=True)
        try:
            backup_to(db, target, source=source)
        finally:
            db.close()
    except StoreError as refused:
        assert "damaged" in str(refused) and not target.exists()
    else:
        with sqlite3.connect(target) as copy:
            assert integrity_check(copy) == []
        copy.close()
    assert sorted(p.name for p in target.parent.iterdir()) == (["copy.db"] if target.exists() else [])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.integers(min_value=1), seed=st.integers(min_value=0, max_value=255))
def test_opening_refuses_a_damaged_page_or_finds_the_file_sound_and_never_writes_it(
        page: int, seed: int, small_db: Path, tmp_path: Path) -> None:
    data = bytearray(small_db.read_bytes())
    start = (page % (len(data) // PAGE)) * PAGE or PAGE
    data[start:start + PAGE] = bytes((i * 151 + seed) % 256 for i in range(PAGE))
    source = tmp_path / "damaged.db"
    source.write_bytes(bytes(data))
    try:
        open_db(source).close()
    except StoreError as refused:
        assert "is damaged" in str(refused) and source.read_bytes() == bytes(data), refused
    else:   # the garbage landed where SQLite never looks (a free page): the full check agrees
        with sqlite3.connect(source) as conn:
            assert integrity_check(conn) == []
        conn.close()
    source.unlink()
