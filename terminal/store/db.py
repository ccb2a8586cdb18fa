"""Open the terminal database with the pragmas the outbox needs, and run work in one transaction."""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from terminal.errors import StoreError
from terminal.store.health import APPLICATION_ID, check_file, check_opened, read_only, read_only_reason, sqlite_trouble

BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str, *, readonly: bool = False, wal: bool = True) -> sqlite_utils.Database:
    """A connection with WAL, synchronous=FULL (the outbox must survive power loss), foreign keys
    and a busy timeout; `check_same_thread=False` because the UI's single database worker may not be
    the thread that opened it (only one thread uses a connection at a time).

    `readonly` opens without ever writing (checking a file on a read-only disk or a backup medium);
    `wal=False` leaves the journal mode alone (switching to WAL writes the file's header)."""
    if readonly and str(path) != ":memory:":
        conn = sqlite3.connect(_readonly_uri(Path(path)), uri=True, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn)
    if str(path) != ":memory:" and not readonly and wal:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return db


def _readonly_uri(file: Path) -> str:
    # On a read-only disk SQLite cannot make the -shm file a WAL database needs; a file closed cleanly
    # (no -wal beside it) can then be read as immutable, which needs none.
    immutable = read_only_reason(file) is not None and not Path(f"{file}-wal").exists()
    return f"{file.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"


def open_db(path: Path | str, *, create: bool = False, migrate: bool = True, verify: bool = True,
            readonly: bool = False) -> sqlite_utils.Database:
    """Open (and by default migrate) a terminal database, refusing with one sentence what cannot be one.

    Without `create`, a missing file is an error rather than a silently made empty database; a file that
    exists is never converted: an empty, foreign or damaged file (`verify` runs SQLite's quick check) is
    refused, and a read-only one is said to be read-only. `readonly` opens only to read (no migration)."""
    if str(path) != ":memory:":
        file = Path(path)
        if not file.exists():
            if not create:
                raise StoreError(f"There is no database at {file}; make one with `handoff demo --db {file}`.")
            _create(file, migrate=migrate)
        check_file(file, writable=not readonly)
    # Only reading, yet read-write where the disk allows: a read-only connection to a WAL file leaves
    # its -wal and -shm files behind, which the last read-write connection removes on closing.
    read_only_connection = readonly and str(path) != ":memory:" and read_only_reason(Path(path)) is not None
    try:
        db = connect(path, readonly=read_only_connection, wal=False)
    except sqlite3.Error as exc:
        raise sqlite_trouble(path, exc) from exc
    try:
        if str(path) != ":memory:":
            check_opened(db.conn, path, verify=verify)   # before anything is written to the file
            if not readonly:
                _set_wal(db, path)
        if migrate and not readonly:
            migrate_with_backup(db, path)
    except BaseException:
        db.close()
        raise
    return db


def _set_wal(db: sqlite_utils.Database, path: Path | str) -> None:
    try:
        db.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        raise sqlite_trouble(path, exc) from exc


def _create(file: Path, *, migrate: bool) -> None:
    """A new Handoff database at `file`, made (and migrated) under another name and linked into place, so
    a crash never leaves a half-made file there and two processes creating it at once get the same one."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = read_only_reason(file)
        if reason:
            raise read_only(file, reason) from exc
        raise StoreError(f"Cannot make the folder {file.parent} for a new database ({exc.strerror}).") from exc
    reason = read_only_reason(file)
    if reason:
        raise read_only(file, reason)
    from terminal.store.migrate import migrate as run_migrations

    temporary = file.with_name(f".{file.name}.{secrets.token_hex(4)}.new")
    try:
        made = connect(temporary)
        try:
            made.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if migrate:   # others see it only whole: nothing half-made to back up or migrate twice
                run_migrations(made)
        finally:
            made.close()
        _link(temporary, file)
    except sqlite3.Error as exc:
        raise sqlite_trouble(file, exc) from exc
    except OSError as exc:
        raise StoreError(f"Cannot make a new database at {file} ({exc.strerror}); check the disk.") from exc
    finally:
        temporary.unlink(missing_ok=True)


def _link(made: Path, file: Path) -> None:
    """Put `made` in place as `file` unless another process was first (then theirs is used)."""
    try:
        os.link(made, file)
    except FileExistsError:
        pass
    except OSError:   # no hard links here (FAT, some network shares): a rename, the first one wins mostly
        if not file.exists():
            os.replace(made, file)


def migrate_with_backup(db: sqlite_utils.Database, path: Path | str) -> tuple[list[int], Path | None]:
    """Copy a database that has migrations pending to `<db>.schemaN.bak` (atomically, verified), then
    migrate it; when the copy cannot be made nothing is migrated. Returns (versions applied, the copy)."""
    from terminal.store.migrate import migrate as run_migrations

    try:
        backup = _backup_before_upgrade(db, path)
        applied = run_migrations(db)
        if applied and db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")   # mark a database older Handoffs made
    except sqlite3.Error as exc:
        raise sqlite_trouble(path, exc) from exc
    return applied, backup


def _backup_before_upgrade(db: sqlite_utils.Database, path: Path | str) -> Path | None:
    """An existing database about to be migrated is copied first, so an upgrade can be undone."""
    from terminal.store.backup import backup_to
    from terminal.store.migrate import applied_versions, available_migrations

    if str(path) == ":memory:":
        return None
    done = applied_versions(db)
    pending = [m.version for m in available_migrations() if m.version not in done]
    if not done or not pending:
        return None
    file = Path(path)
    try:
        return backup_to(db, file.with_name(f"{file.name}.schema{max(done)}.bak"), source=file)
    except StoreError as exc:
        raise StoreError(f"{str(exc).rstrip('.')}; {file} was not migrated, so the previous version still "
                         "opens it.") from exc


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, taken with BEGIN IMMEDIATE so two writers never deadlock on upgrade.

    Nested use joins the outer transaction (sqlite-utils writes use savepoints inside it)."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    else:
        db.conn.commit()
