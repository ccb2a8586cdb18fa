"""`handoff db migrate` keeps the previous version in `<db>.schemaN.bak`, as OPERATIONS promises, written
atomically: with no room for the copy nothing is left under that name and nothing is migrated."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.errors import StoreError
from terminal.store import LATEST_VERSION, open_db
from terminal.store.backup import backup_to, integrity_check
from terminal.store.migrate import available_migrations
from tests.terminal.store.conftest import ROOT, handoff, mount_tmpfs, one_sentence, unmount


def as_previous_release(path: Path) -> int:
    """Turn a current database into what the previous release left: undo its newest migration (drop
    the indexes and tables it made, the columns it added, and its row); returns that previous version."""
    newest = available_migrations()[-1]
    sql = re.sub(r"--[^\n]*", "", newest.sql)
    indexes = re.findall(r"CREATE INDEX (?:IF NOT EXISTS )?(\w+)", sql)
    tables = re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql)
    columns = re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", sql)
    assert indexes or tables or columns, "the newest migration changes nothing this helper can undo"
    with sqlite3.connect(path) as conn:
        for index in indexes:
            conn.execute(f"DROP INDEX IF EXISTS {index}")
        for table in tables:
            conn.execute(f"DROP TABLE {table}")
        for table, column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("DELETE FROM schema_migrations WHERE version = ?", (newest.version,))
        previous: int = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    conn.close()
    return previous


def version_of(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:   # read-write: closing it removes its -wal
        version: int = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    return version


@pytest.fixture
def previous_db(demo_db: Path, tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "terminal.db"
    shutil.copy(demo_db, path)
    return path, as_previous_release(path)


def test_db_migrate_keeps_the_previous_version_in_schemaN_bak(previous_db: tuple[Path, int]) -> None:
    path, previous = previous_db
    result = handoff("db", "migrate", "--db", str(path))
    assert result.returncode == 0, result.stderr
    backup = path.with_name(f"{path.name}.schema{previous}.bak")
    assert str(backup) in result.stdout
    assert version_of(backup) == previous and version_of(path) == LATEST_VERSION
    assert handoff("db", "check", "--db", str(backup)).returncode == 0
    with contextlib.closing(sqlite3.connect(backup)) as old, contextlib.closing(sqlite3.connect(path)) as new:
        count = "SELECT count(*) FROM orders"
        assert old.execute(count).fetchone() == new.execute(count).fetchone()
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, backup.name])


def _no_room_by_rlimit(path: Path) -> subprocess.CompletedProcess[str]:
    limit = path.stat().st_size // 2   # the database is read whole; the copy may not grow past half

    def small_files() -> None:   # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "terminal", "db", "migrate", "--db", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, preexec_fn=small_files,
                          env={**os.environ, "HANDOFF_LOGGING__DIR": str(path.parent.parent / "logs")})


@pytest.mark.parametrize("how", ["file size limit", "full tmpfs"])
def test_a_migration_with_no_room_for_the_backup_leaves_no_bak_and_does_not_migrate(
        how: str, previous_db: tuple[Path, int], tmp_path: Path) -> None:
    source, previous = previous_db
    if how == "file size limit":
        path = tmp_path / "disk" / "terminal.db"
        path.parent.mkdir()
        shutil.move(source, path)
        result = _no_room_by_rlimit(path)
    else:
        disk = tmp_path / "disk"
        size = source.stat().st_size + 192 * 1024   # the database, its -shm and a little journal
        if not mount_tmpfs(disk, f"size={size}"):
            pytest.skip("mounting a small tmpfs needs root and a mount this machine allows")
        path = disk / "terminal.db"
        shutil.copy(source, path)
        source.unlink()
        result = handoff("db", "migrate", "--db", str(path))
    try:
        message = one_sentence(result)
        assert "no room for the backup" in message and f"{path.name}.schema{previous}.bak" in message, message
        assert version_of(path) == previous
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    finally:
        if how == "full tmpfs":
            unmount(path.parent)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "site.db"
    assert handoff("demo", "--db", str(path), "--orders", "10", "--now", "2026-11-23T07:00").returncode == 0
    return path


@contextlib.contextmanager
def files_limited_to(size: int):  # type: ignore[no-untyped-def]
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.0, max_value=1.5))
def test_a_backup_is_whole_and_sound_or_absent_whatever_room_there_is(fraction: float, small_db: Path,
                                                                       tmp_path: Path) -> None:
    target = tmp_path / "out" / "copy.db"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir()
    db = open_db(small_db, migrate=False, readonly=True)
    try:
        with files_limited_to(int(small_db.stat().st_size * fraction)):
            try:
                backup_to(db, target, source=small_db)
            except StoreError as refused:
                assert "no room" in str(refused), refused
    finally:
        db.close()
    if target.exists():
        with contextlib.closing(sqlite3.connect(target)) as copy, \
                contextlib.closing(sqlite3.connect(small_db)) as original:
            assert integrity_check(copy) == []
            assert copy.execute("SELECT count(*) FROM orders").fetchone() == original.execute(
                "SELECT count(*) FROM orders").fetchone()
    assert [p.name for p in target.parent.iterdir()] == (["copy.db"] if target.exists() else [])
