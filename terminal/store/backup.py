"""Online backup and integrity checks of the terminal database.

A backup goes through SQLite's backup API into a temporary file beside the target, is checked there
(SQLite copies pages as they are, so a damaged database gives a damaged copy) and only then renamed
over the target: a full disk, a crash or a damaged source never leaves a partial or bad file under the
backup's name, and never spoils an older backup of that name."""

from __future__ import annotations

import contextlib
import os
import resource
import secrets
import sqlite3
from pathlib import Path

import sqlite_utils

from terminal.errors import StoreError
from terminal.store.health import damaged, findings, read_only, read_only_reason


def integrity_check(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    """SQLite's integrity check; an empty list means the file is sound."""
    return findings([row[0] for row in db.execute("PRAGMA integrity_check").fetchall()])


def foreign_key_problems(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    """Rows that point at a row that is not there (`PRAGMA foreign_key_check`), one phrase each."""
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{table} row {rowid} points at a missing {parent} row" for table, rowid, parent, _ in rows]


def backup_to(db: sqlite_utils.Database, target: Path, *, source: Path | str | None = None) -> Path:
    """Copy a consistent snapshot with SQLite's online backup (safe while the app writes), verified,
    then renamed into place. `source` names the database in sentences."""
    named = source if source is not None else target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(target, exc) from exc
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        out = sqlite3.connect(str(temporary))
        try:
            db.conn.backup(out)
            problems = integrity_check(out)
        finally:
            out.close()
        if problems:
            raise damaged(named, problems)
        _fsync(temporary)
        os.replace(temporary, target)
        with contextlib.suppress(OSError):   # some file systems cannot sync a folder; the copy stands
            _fsync(target.parent)
    except sqlite3.Error as exc:
        raise _failed(target, named, exc, needed=_size(db)) from exc
    except OSError as exc:
        raise _unwritable(target, exc) from exc
    finally:
        temporary.unlink(missing_ok=True)
        for sidecar in ("-journal", "-wal", "-shm"):
            Path(f"{temporary}{sidecar}").unlink(missing_ok=True)
    return target


def _failed(target: Path, source: Path | str, exc: sqlite3.Error, *, needed: int) -> StoreError:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    # A write past a file size limit reaches SQLite as an I/O error, not as a full disk.
    short = _room_short(target, needed) if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR) else None
    if code == sqlite3.SQLITE_FULL or short:
        return StoreError(f"There is no room for the backup {target} ({short or exc}); nothing was written — "
                          "free some space or back up to another disk.")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return damaged(source, [str(exc)])
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return _unwritable(target, exc)
    return StoreError(f"The backup to {target} failed ({exc}); nothing was written.")


def _size(db: sqlite_utils.Database) -> int:
    try:
        pages, size = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "page_size"))
    except sqlite3.Error:
        return 0
    return int(pages) * int(size)


def _room_short(target: Path, needed: int) -> str | None:
    """Why a copy of `needed` bytes does not fit at `target`, or None when it should."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit != resource.RLIM_INFINITY and limit < needed:
        return f"it needs {_mb(needed)} and files may be at most {_mb(limit)} here"
    with contextlib.suppress(OSError):
        disk = os.statvfs(target.parent)
        if disk.f_bavail * disk.f_frsize < needed:
            return f"it needs {_mb(needed)} and the disk has {_mb(disk.f_bavail * disk.f_frsize)} free"
    return None


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _unwritable(target: Path, exc: Exception) -> StoreError:
    reason = read_only_reason(target)
    if reason:
        return read_only(target, reason)
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StoreError(f"The backup {target} cannot be written ({detail}); nothing was written — check the "
                      "folder and the free space.")


def _fsync(path: Path) -> None:
    """Make the copy (or the rename in its folder) durable before it is called a backup."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
