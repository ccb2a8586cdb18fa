"""Apply pulled pages: idempotent upserts and deletes plus the new cursor, in one local transaction.

A pulled change to a row in the footprint of a not-yet-acknowledged local op is held in `sync_deferred`
and applied once that op is acknowledged, so server state never overwrites local effects
the server has not seen yet (sync-v1, Pull). A change that clashes with local rows (UNIQUE) is held
the same way until the pages after it have arrived; one that still does not fit then fails the sync
with a clear error, and nothing is lost."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils

from terminal.ops import keeps_footprints
from terminal.store import transaction
from terminal.sync import state
from terminal.sync.outbox import record_rejections
from terminal.sync.protocol import ENTITIES, Change, PullResponse

_columns: dict[tuple[int, str], list[str]] = {}


def _table_columns(db: sqlite_utils.Database, table: str) -> list[str]:
    key = (id(db.conn), table)
    if key not in _columns:
        _columns[key] = [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]
    return _columns[key]


def _blocked(db: sqlite_utils.Database, change: Change) -> bool:
    """True when the row is in the footprint of an op the server has not acknowledged yet.

    The footprint (declared by the op, plus the writes captured when it ran) is kept with the outbox
    row, so an op that names its row only indirectly — PickConfirmed carries a task id, not the order
    line it counts — still holds the pulled line back. Ops queued before footprints were kept (schema
    0071) have none: for those the old test, the key in the op's text, still applies."""
    needle = json.dumps(change["key"], ensure_ascii=False)
    if not keeps_footprints(db):
        return db.execute("SELECT 1 FROM outbox WHERE acked = 0 AND instr(args, ?) > 0 LIMIT 1",
                          (needle,)).fetchone() is not None
    if db.execute("SELECT 1 FROM outbox_footprint f JOIN outbox o ON o.op_id = f.op_id"
                  " WHERE f.entity = ? AND f.key = ? AND o.acked = 0 LIMIT 1",
                  (change["entity"], change["key"])).fetchone():
        return True
    return db.execute("SELECT 1 FROM outbox WHERE acked = 0 AND footprint IS NULL AND instr(args, ?) > 0 LIMIT 1",
                      (needle,)).fetchone() is not None


def apply_change(db: sqlite_utils.Database, change: Change) -> None:
    """One idempotent upsert or delete into the entity's table (unknown columns are ignored)."""
    spec = ENTITIES[change["entity"]]
    columns = _table_columns(db, spec.table)
    data: dict[str, Any] = change["data"]
    if change["op"] == "delete":
        values: list[Any] = [data.get(k) for k in spec.keys]
        if any(v is None for v in values):
            parts = change["key"].split("|")
            values = parts if len(parts) == len(spec.keys) else values
        where = " AND ".join(f"{k} = ?" for k in spec.keys)
        db.execute(f"DELETE FROM {spec.table} WHERE {where}", values)
        return
    names = [c for c in columns if c in data]
    values = [json.dumps(v) if isinstance(v, dict | list) else v for v in (data[c] for c in names)]
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in spec.keys)
    conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    db.execute(f"INSERT INTO {spec.table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
               f" ON CONFLICT({', '.join(spec.keys)}) {conflict}", values)


def _defer(db: sqlite_utils.Database, change: Change) -> None:
    db.execute("INSERT INTO sync_deferred (entity, key, op, data) VALUES (?, ?, ?, ?)"
               " ON CONFLICT(entity, key) DO UPDATE SET op = excluded.op, data = excluded.data",
               (change["entity"], change["key"], change["op"], json.dumps(change["data"], ensure_ascii=False)))


def _latest(changes: list[Change]) -> list[Change]:
    """The last change of each row, in the order of those last changes.

    A page may hold several states of one row (one per server transaction). Only the last counts,
    and an earlier one must not be applied at all: retried after a UNIQUE failure it would land on
    top of the later one, and by itself it can clash with where the parcels are now (parcel A back
    in the compartment parcel B holds since)."""
    last: dict[tuple[str, str], Change] = {}
    for change in changes:
        last.pop((change["entity"], change["key"]), None)
        last[(change["entity"], change["key"])] = change
    return list(last.values())


def _apply_all(db: sqlite_utils.Database, changes: list[Change]) -> list[tuple[Change, sqlite3.IntegrityError]]:
    """Apply changes; one that hits a UNIQUE constraint (a parcel moving into a compartment another
    parcel leaves later in the same page) is retried after the rest. Foreign keys are deferred.

    Returns the changes that still do not fit once nothing more applies, with the reason."""
    todo = _latest(changes)
    while todo:
        failed: list[tuple[Change, sqlite3.IntegrityError]] = []
        for change in todo:
            try:
                apply_change(db, change)
            except sqlite3.IntegrityError as exc:   # SQLite undid just this statement
                failed.append((change, exc))
        if len(failed) == len(todo):
            return failed
        todo = [change for change, _ in failed]
    return []


def broken_references(db: sqlite_utils.Database) -> str:
    """What a page that COMMIT refused ("FOREIGN KEY constraint failed") broke, while its transaction is open."""
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    pairs = sorted({f"{row[0]} → {row[2]}" for row in broken})
    return f"{len(broken)} local row(s) would refer to rows that are not there ({', '.join(pairs)})" if broken else ""


def apply_page(db: sqlite_utils.Database, page: PullResponse) -> dict[str, int]:
    """Apply one page and store its cursor atomically; returns counts of applied/deferred changes."""
    applied = deferred = 0
    ready: list[Change] = []
    with transaction(db):
        db.execute("PRAGMA defer_foreign_keys = ON")   # a page is consistent as a whole, not row by row
        any_pending = db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone() is not None
        for change in page["changes"]:
            if change["entity"] not in ENTITIES:
                continue
            earlier = db.execute("SELECT 1 FROM sync_deferred WHERE entity = ? AND key = ?",
                                 (change["entity"], change["key"])).fetchone()
            if any_pending and (earlier or _blocked(db, change)):
                _defer(db, change)
                deferred += 1
            else:
                if earlier:
                    db.execute("DELETE FROM sync_deferred WHERE entity = ? AND key = ?",
                               (change["entity"], change["key"]))
                ready.append(change)
                applied += 1
        for change, _ in _apply_all(db, ready):
            # it clashes with local rows a later page changes too (the parcel that left that
            # compartment since): held, and applied with the deferred changes after the pull
            _defer(db, change)
            applied -= 1
            deferred += 1
        if page["rejections"]:
            record_rejections(db, page["rejections"])
        state.put(db, cursor=page["cursor"])
    return {"applied": applied, "deferred": deferred, "rejections": len(page["rejections"])}


def apply_deferred(db: sqlite_utils.Database) -> int:
    """Apply held-back changes whose rows no pending op mentions any more."""
    rows = db.execute("SELECT entity, key, op, data FROM sync_deferred").fetchall()
    if not rows:
        return 0
    done = 0
    with transaction(db):
        db.execute("PRAGMA defer_foreign_keys = ON")
        ready: list[Change] = []
        for entity, key, op, data in rows:
            change = Change(entity=entity, key=key, op=op, data=json.loads(data))
            if entity in ENTITIES and _blocked(db, change):
                continue
            if entity in ENTITIES:
                ready.append(change)
            db.execute("DELETE FROM sync_deferred WHERE entity = ? AND key = ?", (entity, key))
            done += 1
        failed = _apply_all(db, ready)
        if failed:   # rolled back: the held changes stay held, and the sync says why
            raise failed[0][1]
    return done
