"""What the KPI queries need of a database, and a read-only connection for `handoff stats` that has it.

The KPIs only read: `execute` and the raw `conn`. Typing them against this protocol rather than
sqlite_utils.Database lets the stats CLI read the file over a plain sqlite3 connection — importing
sqlite_utils (with numpy, click, dateutil and pluggy behind it) takes longer than every KPI of a
50k-order shift together. Any other caller passes its sqlite_utils.Database unchanged."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any, Protocol

_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class SqlDb(Protocol):
    @property
    def conn(self) -> sqlite3.Connection: ...

    def execute(self, sql: str, parameters: Any = ...) -> sqlite3.Cursor: ...


class ReadOnlyDb:
    """A plain sqlite3 connection that refuses writes (PRAGMA query_only)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, () if parameters is None else parameters)

    def close(self) -> None:
        self.conn.close()


def _latest_version() -> int:
    # The migrations folder read directly: importing terminal.store would import sqlite_utils.
    folder = Path(__file__).resolve().parent.parent / "store" / "migrations"
    found = [int(m[1]) for entry in folder.iterdir() if (m := _MIGRATION.match(entry.name))]
    return max(found, default=0)


def open_read_only(path: Path) -> ReadOnlyDb | None:
    """The database for reading, or None when it must go through open_db first: missing (open_db
    says so in one sentence), not a readable database, or on an older schema (open_db migrates it)."""
    if not path.is_file():
        return None
    # check_same_thread=False: the second connection is read on a worker thread (one thread at a time)
    conn = sqlite3.connect(str(path), timeout=5.0, check_same_thread=False)
    try:
        conn.execute("PRAGMA query_only=ON")
        row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        return None
    if row is None or row[0] is None or int(row[0]) < _latest_version():
        conn.close()
        return None
    conn.row_factory = sqlite3.Row
    return ReadOnlyDb(conn)
