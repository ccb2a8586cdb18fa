"""Change events: after each committed op and each applied pull page the core says what it wrote.

Screens refresh from these instead of polling the database (DESIGN §3). `database_changed` is a
plain core event, emitted on the thread that committed (the database worker, the sync worker);
the Qt adapter in ui/ carries it to the GUI thread. Each emission names the database file, so a
process with two databases open (tests, tools) can tell them apart."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import sqlite_utils

from terminal.events import Event

if TYPE_CHECKING:
    from terminal.ops import ChangeSet
    from terminal.sync.protocol import Change

# (database file as SQLite names it, what was written) — "" is an in-memory database
database_changed: Event[[str, ChangeSet]] = Event()


def database_file(db: sqlite_utils.Database) -> str:
    """The main database's file as SQLite reports it (so two connections to one file agree)."""
    for _seq, name, path in db.conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(path or "")
    return ""


def publish(db: sqlite_utils.Database, changes: ChangeSet) -> None:
    """Tell listeners what a committed transaction on `db` wrote; free when nobody listens."""
    if not database_changed.connected() or not (changes.tables or changes.entities):
        return
    database_changed.emit(database_file(db), changes)


def pulled(changes: Iterable[Change]) -> ChangeSet:
    """The change set of one applied pull page: its entities by key and their tables."""
    from terminal.ops import ChangeSet
    from terminal.sync.protocol import ENTITIES

    entities = frozenset((c["entity"], c["key"]) for c in changes if c["entity"] in ENTITIES)
    return ChangeSet(entities=entities, tables=frozenset(ENTITIES[name].table for name, _ in entities))


# --- tables written, seen by SQLite itself -----------------------------------------------------------------
# Until every op declares its footprint (issue 13 §1), apply_op learns the tables it wrote from an
# authorizer: SQLite calls it while preparing each statement (triggers included), and setting it
# expires cached statements, so every statement of the op is seen. That re-preparing costs ~1.5× on
# a simulated shift, so it runs only while someone listens (a window); replaceable as one piece.
_WRITES = (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE)


@contextmanager
def tables_written(db: sqlite_utils.Database) -> Iterator[set[str]]:
    """Collect the names of the tables written on `db` inside the block (nothing while nobody listens)."""
    written: set[str] = set()
    if not database_changed.connected():
        yield written
        return

    def authorize(action: int, table: str | None, _arg2: str | None, _db: str | None,
                  _trigger: str | None) -> int:
        if action in _WRITES and table:
            written.add(table)
        return sqlite3.SQLITE_OK

    db.conn.set_authorizer(authorize)
    try:
        yield written
    finally:
        db.conn.set_authorizer(None)
