"""Change events: after each committed op and each applied pull page the core says what it wrote.

Screens refresh from these instead of polling the database (DESIGN §3). `database_changed` is a
plain core event, emitted on the thread that committed (the database worker, the sync worker);
the Qt adapter in ui/ carries it to the GUI thread. Each emission names the database file, so a
process with two databases open (tests, tools) can tell them apart."""

from __future__ import annotations

from collections.abc import Iterable
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
