"""A read-only database file, folder or disk is said to be read-only — not "damaged, restore a backup" —
by the commands that must write, while `db check` and `db backup` (which only read it) still work."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.terminal.store.conftest import Unprivileged, handoff, mount_tmpfs, one_sentence, remount, unmount

Runner = Callable[..., CompletedProcess[str]]
WRITING = {"db migrate": ("db", "migrate"), "sync status": ("sync", "status"), "sync now": ("sync", "now"),
           "run": ("run", "--role", "kiosk", "--quit-after", "0")}


@pytest.fixture(params=["file", "folder", "disk"])
def read_only_db(request: pytest.FixtureRequest, demo_db: Path,
                 unprivileged: Unprivileged) -> Iterator[tuple[Path, Path, Runner]]:
    """(the read-only database, a writable folder, how to run `handoff` there) for each kind of read-only."""
    base = unprivileged.folder
    data, out = base / "data", base / "out"
    out.mkdir()
    if request.param == "disk":
        if not mount_tmpfs(data, "size=32m"):
            pytest.skip("mounting a read-only disk needs root and a mount this machine allows")
        try:
            shutil.copy(demo_db, data / "terminal.db")
            remount(data, "ro")
            yield data / "terminal.db", out, handoff
        finally:
            unmount(data)
        return
    data.mkdir()
    shutil.copy(demo_db, data / "terminal.db")
    if request.param == "file":
        os.chmod(data / "terminal.db", 0o444)
    else:
        os.chmod(data, 0o555)
    yield data / "terminal.db", out, unprivileged.run


@pytest.mark.parametrize("command", sorted(WRITING))
def test_a_read_only_database_is_said_to_be_read_only_by(command: str, read_only_db: tuple[Path, Path, Runner]) -> None:
    db, _, run = read_only_db
    before = db.read_bytes()
    module = "ui.main" if command == "run" else "terminal"
    message = one_sentence(run(*WRITING[command], "--db", str(db), module=module))
    assert f"{db} is read-only" in message, message
    assert "restore" not in message and "damaged" not in message and "cannot be opened" not in message, message
    assert db.read_bytes() == before


def test_a_read_only_database_can_still_be_checked_and_backed_up(read_only_db: tuple[Path, Path, Runner]) -> None:
    db, out, run = read_only_db
    checked = run("db", "check", "--db", str(db), "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["ok"] is True
    copied = run("db", "backup", "--db", str(db), "-o", str(out / "copy.db"))
    assert copied.returncode == 0, copied.stderr
    assert json.loads(run("db", "check", "--db", str(out / "copy.db"), "--json").stdout)["ok"] is True
    assert sorted(p.name for p in db.parent.iterdir()) == ["terminal.db"]   # nothing left beside it


def test_a_backup_into_a_read_only_folder_says_so(demo_db: Path, unprivileged: Unprivileged) -> None:
    closed = unprivileged.folder / "closed"
    closed.mkdir()
    os.chmod(closed, 0o555)
    source = unprivileged.folder / "terminal.db"
    shutil.copy(demo_db, source)
    message = one_sentence(unprivileged.run("db", "backup", "--db", str(source), "-o", str(closed / "copy.db")))
    assert f"{closed / 'copy.db'} is read-only" in message and "damaged" not in message, message
    assert list(closed.iterdir()) == []
