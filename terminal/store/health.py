"""What is wrong with a database file, told apart before and just after opening it, in one sentence.

Each kind of trouble needs different advice: a damaged file is restored from a backup, a read-only one is
made writable (or moved to a writable disk), and a file that is not a Handoff database — empty, another
program's SQLite file, not SQLite at all — is refused and left as it is, never turned into a Handoff one."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from terminal.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
# `PRAGMA application_id` of every database Handoff makes ("Hand"); older ones are known by their
# schema_migrations table with migration 0001 ("schema") in it.
APPLICATION_ID = 0x48616E64


def check_file(file: Path, *, writable: bool) -> None:
    """Refuse an existing path that cannot be a usable Handoff database, before SQLite touches it."""
    if file.is_dir():
        raise StoreError(f"{file} is a folder, not a database file.")
    try:
        with file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise StoreError(f"{file} cannot be read: permission denied; run Handoff as the user who owns it "
                         "or give that user access to it.") from exc
    except OSError as exc:
        raise StoreError(f"{file} cannot be read ({exc.strerror}); check the disk it is on.") from exc
    if not header:
        raise StoreError(f"{file} cannot be opened as a Handoff database: it is an empty file (0 bytes); "
                         "delete it to start a new database there, or copy a backup over it.")
    if header != SQLITE_HEADER:
        raise StoreError(f"{file} cannot be opened as a Handoff database: it is not a SQLite file; "
                         "check the path, or copy a backup over it.")
    if writable:
        reason = read_only_reason(file)
        if reason:
            raise read_only(file, reason)


def read_only_reason(file: Path) -> str | None:
    """Why Handoff could not write `file` (or create it), or None when it can."""
    folder = _existing_parent(file)
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "the disk it is on is mounted read-only"
    if file.exists() and not os.access(file, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is read-only and SQLite writes its journal beside the file"
    return None


def read_only(file: Path, reason: str) -> StoreError:
    return StoreError(f"{file} is read-only ({reason}); Handoff must write to it: make it writable "
                      "(chmod, chown, or remount the disk read-write) or move it to a writable disk.")


def sqlite_trouble(file: Path | str, exc: sqlite3.Error) -> StoreError:
    """The sentence for an SQLite error met while opening: read-only and permissions are not damage."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_READONLY:
        return read_only(Path(file), f"SQLite says: {exc}")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return StoreError(f"{file} cannot be opened ({exc}); check that the user running Handoff may read and "
                          "write the file and its folder.")
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"The disk holding {file} is full ({exc}); free some space and try again.")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"{file} is locked by another program ({exc}); close it, or wait, and try again.")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT):
        return damaged(file, [str(exc)])
    return StoreError(f"{file} cannot be used ({exc}); run `handoff db check --db {file}` on it.")


def damaged(file: Path | str, problems: list[str], *, hint: bool = True) -> StoreError:
    first = problems[0].rstrip(".")
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    listed = f" (`handoff db check --db {file}` lists what is wrong)" if hint else ""
    return StoreError(f"{file} is damaged: SQLite's check found {first}{more}; restore it from a backup{listed}.")


def findings(rows: list[str]) -> list[str]:
    """The problems in the rows of `PRAGMA integrity_check`/`quick_check`; empty when they say "ok"."""
    if rows == ["ok"]:
        return []
    # SQLite may pack several findings into one row, under a "*** in database main ***" header.
    lines = (line.strip() for row in rows for line in str(row).splitlines())
    return [line for line in lines if line and not line.startswith("***")]


def check_opened(conn: sqlite3.Connection, file: Path | str, *, verify: bool) -> None:
    """Refuse an opened file that is not a Handoff database, or (with `verify`) that is damaged."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID and not _has_handoff_migrations(conn):
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 4")]
            has = f"it holds {', '.join(tables[:3])}{' …' if len(tables) > 3 else ''}" if tables else "it is empty"
            raise StoreError(f"{file} cannot be opened as a Handoff database: it is another program's SQLite "
                             f"file ({has}); check the path — Handoff does not turn another database into its own.")
        problems = findings([row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]) if verify else []
    except sqlite3.Error as exc:
        raise sqlite_trouble(file, exc) from exc
    if problems:
        raise damaged(file, problems)


def _has_handoff_migrations(conn: sqlite3.Connection) -> bool:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(schema_migrations)")}
    if not {"version", "name", "applied_at"} <= columns:
        return False
    return conn.execute("SELECT 1 FROM schema_migrations WHERE version = 1 AND name = 'schema'").fetchone() is not None


def _existing_parent(file: Path) -> Path:
    folder = file.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
