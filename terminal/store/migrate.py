"""Numbered migrations (`migrations/NNNN_name.sql`), each applied in its own transaction.

The schema version is the highest number applied. Capabilities add migrations in their own
ranges (see migrations/README) so that work on separate features never collides on a number."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import sqlite_utils

from terminal.errors import StoreError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("terminal.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


LATEST_VERSION = max(m.version for m in available_migrations())


def _ensure_table(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )


def applied_versions(db: sqlite_utils.Database) -> set[int]:
    if "schema_migrations" not in db.table_names():
        return set()
    return {row[0] for row in db.execute("SELECT version FROM schema_migrations").fetchall()}


def schema_version(db: sqlite_utils.Database) -> int:
    return max(applied_versions(db), default=0)


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration not yet applied; returns the versions applied now.

    A database from a newer Handoff is refused rather than opened and damaged."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise StoreError(
            f"This database has schema version {current}, newer than this Handoff understands "
            f"({LATEST_VERSION}); install the newer Handoff or use another database."
        )
    _ensure_table(db)
    done = applied_versions(db)
    applied: list[int] = []
    for migration in available_migrations():
        if migration.version in done:
            continue
        if _apply(db, migration):
            applied.append(migration.version)
    return applied


def _register_functions(conn: sqlite3.Connection) -> None:
    """Python functions the migrations' SQL calls (SQLite has no HMAC)."""
    from terminal.people.badges import sql_badge_hmac

    conn.create_function("handoff_badge_hmac", 2, sql_badge_hmac, deterministic=True)


def _apply(db: sqlite_utils.Database, migration: Migration) -> bool:
    """Apply one migration in its own transaction; False when another process had already applied it."""
    conn = db.conn
    _register_functions(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)).fetchone():
            conn.rollback()   # another process applied it while this one waited for the lock
            return False
        for statement in _statements(migration.sql):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        conn.commit()
    except sqlite3.Error as exc:
        conn.rollback()
        raise StoreError(f"Migration {migration.version:04d} ({migration.name}) failed: {exc}.") from exc
    return True


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; executescript would commit our transaction early."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer)
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        statements.append(buffer)
    return statements
