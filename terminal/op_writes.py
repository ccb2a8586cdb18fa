"""What one op actually wrote, captured by TEMP triggers on every table of the connection's database.

The declared footprint is the contract (the server re-sends it after a rejection); the captured writes
are exact. `apply_op` keeps their union with the outbox row, so a pull never lands on a row an
unacknowledged op changed even if a declaration missed one, and publishes the tables for screens.
TEMP triggers live only on the connection that made them, so they cost nothing elsewhere."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from terminal.sync.protocol import ENTITIES

_BY_TABLE = {spec.table: (entity, spec.keys) for entity, spec in ENTITIES.items()}
_SKIP = ("outbox", "outbox_footprint", "op_seq", "sync_state", "sync_deferred")


@dataclass(frozen=True)
class Writes:
    entities: frozenset[tuple[str, str]]
    tables: frozenset[str]


def _key(row: str, keys: tuple[str, ...]) -> str:
    return " || '|' || ".join(f"CAST({row}.{k} AS TEXT)" for k in keys)


def _install(db: sqlite_utils.Database) -> None:
    tables = [r[0] for r in db.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%'").fetchall()]
    db.execute("CREATE TEMP TABLE IF NOT EXISTS op_writes (tbl TEXT NOT NULL, entity TEXT, key TEXT)")
    for table in tables:
        if table in _SKIP:
            continue
        entity, keys = _BY_TABLE.get(table, (None, ()))
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            values = f"'{table}', '{entity}', {_key(row, keys)}" if entity else f"'{table}', NULL, NULL"
            db.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS op_writes_{table}_{event.lower()} AFTER {event}"
                       f" ON main.{table} BEGIN INSERT INTO op_writes VALUES ({values}); END")
        if entity:   # an update that changes the key writes the old key too
            db.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS op_writes_{table}_rekey AFTER UPDATE ON main.{table}"
                       f" WHEN {_key('OLD', keys)} IS NOT {_key('NEW', keys)}"
                       f" BEGIN INSERT INTO op_writes VALUES ('{table}', '{entity}', {_key('OLD', keys)}); END")


def start(db: sqlite_utils.Database) -> None:
    """Begin capturing (inside the op's transaction): forget what earlier writes left."""
    try:   # the triggers are current while the main schema is the one they were made for
        current = db.execute("SELECT (SELECT version FROM temp.op_writes_schema) = schema_version"
                             " FROM pragma_schema_version").fetchone()[0]
    except sqlite3.OperationalError:   # the first op on this connection
        current = False
    if not current:
        _install(db)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS op_writes_schema (version INTEGER NOT NULL)")
        db.execute("DELETE FROM temp.op_writes_schema")
        db.execute("INSERT INTO temp.op_writes_schema SELECT schema_version FROM pragma_schema_version")
    db.execute("DELETE FROM temp.op_writes")


def collect(db: sqlite_utils.Database) -> Writes:
    """Everything written since `start`, and stop remembering it."""
    rows = db.execute("SELECT DISTINCT tbl, entity, key FROM temp.op_writes").fetchall()
    db.execute("DELETE FROM temp.op_writes")
    return Writes(frozenset((e, k) for _, e, k in rows if e is not None and k is not None),
                  frozenset(t for t, _, _ in rows))
