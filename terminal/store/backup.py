"""Online backup and integrity checks of the terminal database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from terminal.errors import StoreError


def integrity_check(db: sqlite_utils.Database) -> list[str]:
    """SQLite's integrity check; an empty list means the file is sound."""
    rows = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        return []
    # SQLite may pack several findings into one row, under a "*** in database main ***" header.
    lines = (line.strip() for row in rows for line in str(row).splitlines())
    return [line for line in lines if line and not line.startswith("***")]


def backup_to(db: sqlite_utils.Database, target: Path) -> Path:
    """Copy a consistent snapshot with SQLite's online backup (safe while the app writes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sqlite3.connect(str(target)) as out:
            db.conn.backup(out)
        out.close()
    except sqlite3.Error as exc:
        raise StoreError(f"The backup to {target} failed: {exc}.") from exc
    return target
