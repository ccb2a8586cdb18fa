"""Open the terminal database with the pragmas the outbox needs, and run work in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from terminal.errors import StoreError

BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str) -> sqlite_utils.Database:
    """A connection with WAL, synchronous=FULL (the outbox must survive power loss), foreign keys
    and a busy timeout; `check_same_thread=False` because the UI's single database worker may not be
    the thread that opened it (only one thread uses a connection at a time)."""
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn)
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return db


def open_db(path: Path | str, *, create: bool = False, migrate: bool = True) -> sqlite_utils.Database:
    """Open (and by default migrate) a terminal database.

    Without `create`, a missing file is an error rather than a silently made empty database."""
    from terminal.store.migrate import migrate as run_migrations

    if str(path) != ":memory:":
        file = Path(path)
        if not file.exists() and not create:
            raise StoreError(f"There is no database at {file}; make one with `handoff demo --db {file}`.")
        if file.exists() and file.is_dir():
            raise StoreError(f"{file} is a folder, not a database file.")
        if create:
            file.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(path)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be opened as a Handoff database ({exc}); restore a backup.") from exc
    if migrate:
        _backup_before_upgrade(db, path)
        run_migrations(db)
    return db


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
    return backup_to(db, file.with_name(f"{file.name}.schema{max(done)}.bak"))


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
