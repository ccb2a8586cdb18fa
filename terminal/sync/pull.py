"""Apply pulled pages with checkpoint semantics (sync-v1 and its Amendments).

* Pulled changes are STAGED (in `sync_deferred`, one row per key: a newer change for a key
  supersedes the staged or held one) and become visible only at a checkpoint: a page whose position
  reaches the write checkpoint of the last push answer (a server position that includes every op
  this terminal has had acknowledged), or the last page of a pull. A pull cut between pages therefore
  never shows older server rows over effects of acknowledged ops: local state never goes backwards.
* At a checkpoint, a change to a key in the footprint of an unacknowledged op (`_blocked`) stays
  held; the others are applied in one transaction with the cursor. Held rows are only ever retried
  at a checkpoint, merged with the newer changes — never stale, never before a pull.
* A change that cannot be stored (UNIQUE clash, a broken reference, a number SQLite cannot hold) is
  held while local ops are unacknowledged (their effects may be what it clashes with), else
  quarantined in `sync_quarantine` with a supervisor exception ('sync_quarantine'); the cursor moves
  on, so the next pages still come and a terminal never wedges."""

from __future__ import annotations

import functools
import json
import operator
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from terminal.clock import Clock, SystemClock, iso
from terminal.exception_messages import exception_text
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


@functools.lru_cache(maxsize=256)
def _upsert_sql(entity: str, names: tuple[str, ...]) -> str:
    spec = ENTITIES[entity]
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in spec.keys)
    conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return (f"INSERT INTO {spec.table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
            f" ON CONFLICT({', '.join(spec.keys)}) {conflict}")


def _statement(db: sqlite_utils.Database, change: Change) -> tuple[str, list[Any]]:
    """The idempotent upsert or delete of one change into its entity's table (unknown columns ignored)."""
    spec = ENTITIES[change["entity"]]
    data: dict[str, Any] = change["data"]
    if change["op"] == "delete":
        values: list[Any] = [data.get(k) for k in spec.keys]
        if any(v is None for v in values):
            parts = change["key"].split("|")
            values = parts if len(parts) == len(spec.keys) else values
        where = " AND ".join(f"{k} = ?" for k in spec.keys)
        return f"DELETE FROM {spec.table} WHERE {where}", values
    names = tuple(c for c in _table_columns(db, spec.table) if c in data)
    values = [json.dumps(v) if isinstance(v, dict | list) else v for v in (data[c] for c in names)]
    return _upsert_sql(change["entity"], names), values


def apply_change(db: sqlite_utils.Database, change: Change) -> None:
    """One idempotent upsert or delete into the entity's table (unknown columns are ignored)."""
    db.execute(*_statement(db, change))


def _hold(db: sqlite_utils.Database, changes: list[Change]) -> None:
    """Stage or hold changes; REPLACE gives a superseding change a new rowid, so rowid order is the
    order of the newest change of each key (the server's commit order)."""
    db.conn.executemany("INSERT OR REPLACE INTO sync_deferred (entity, key, op, data) VALUES (?, ?, ?, ?)",
                        [(c["entity"], c["key"], c["op"], json.dumps(c["data"], ensure_ascii=False))
                         for c in changes])


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


#: errors that mean "this change cannot be stored here" (not "the database is busy")
_UNSTORABLE = (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, ValueError, TypeError)
#: of those, the ones no later change of other rows can cure (quarantined at once, even with ops pending)
_UNSTORABLE_NAMES = tuple(f"{e.__name__}:" for e in _UNSTORABLE[1:])


_NESTED = (dict, list)
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _getter(names: tuple[str, ...]) -> Callable[[dict[str, Any]], Sequence[Any]]:
    """The values of `names` from a change's data, as one C call."""
    if len(names) > 1:
        return operator.itemgetter(*names)
    return lambda data: [data[name] for name in names]


def _runs(db: sqlite_utils.Database, changes: list[Change]) -> list[list[tuple[Change, str, Sequence[Any]]]]:
    """Consecutive changes with the same statement, in order (a page of one entity is one run).
    A change whose statement cannot even be made is a run of its own, with the error as its SQL.

    An upsert's statement and columns depend only on its entity and the names in its data, which are
    the same for a whole run (the backend writes sorted keys): they are worked out once per page, not
    once per change (`_statement` for each change cost more than SQLite's writes)."""
    runs: list[list[tuple[Change, str, Sequence[Any]]]] = []
    plans: dict[tuple[str, tuple[str, ...]], tuple[str, Callable[[dict[str, Any]], Sequence[Any]]]] = {}
    for change in changes:
        data = change["data"]
        try:
            if change["op"] == "upsert":
                shape = (change["entity"], tuple(data))
                plan = plans.get(shape)
                if plan is None:
                    table = ENTITIES[change["entity"]].table
                    names = tuple(c for c in _table_columns(db, table) if c in data)
                    plan = plans[shape] = (_upsert_sql(change["entity"], names), _getter(names))
                sql, get = plan
                values = get(data)
                if not _SCALARS.issuperset(map(type, values)):   # a nested value is stored as its JSON text
                    values = [json.dumps(v) if isinstance(v, _NESTED) else v for v in values]
            else:
                sql, values = _statement(db, change)
        except (ValueError, TypeError, KeyError) as exc:
            runs.append([(change, "", [exc])])
            continue
        if runs and runs[-1][0][1] == sql:
            runs[-1].append((change, sql, values))
        else:
            runs.append([(change, sql, values)])
    return runs


def _apply_all(db: sqlite_utils.Database, changes: list[Change]) -> list[tuple[Change, Exception]]:
    """Apply changes; one that hits a UNIQUE constraint (a parcel moving into a compartment another
    parcel leaves later in the same batch) is retried after the rest. Foreign keys are deferred.

    A run of changes with one statement goes in one executemany (a row at a time cost more than the
    writes). If any of it fails, the run is applied again a change at a time to find which: the rows
    before the failure were applied already, and applying an upsert or delete again changes nothing.

    Returns the changes that still do not fit once nothing more applies, with the reason."""
    todo = changes
    while todo:
        failed: list[tuple[Change, Exception]] = []
        unstorable: list[tuple[Change, Exception]] = []
        for run in _runs(db, todo):
            if len(run) > 1:
                try:
                    db.conn.executemany(run[0][1], [values for _, _, values in run])
                    continue
                except _UNSTORABLE:
                    pass
            for change, sql, values in run:
                if not sql:
                    unstorable.append((change, values[0]))
                    continue
                try:
                    db.execute(sql, values)
                except sqlite3.IntegrityError as exc:   # SQLite undid just this statement
                    failed.append((change, exc))
                except _UNSTORABLE as exc:                # no retry makes it fit
                    unstorable.append((change, exc))
        if len(failed) == len(todo) - len(unstorable):
            return failed + unstorable
        todo = [change for change, _ in failed]
        if unstorable:
            return [*_apply_all(db, todo), *unstorable]
    return []


def broken_references(db: sqlite_utils.Database) -> str:
    """What a page that COMMIT refused ("FOREIGN KEY constraint failed") broke, while its transaction is open."""
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    pairs = sorted({f"{row[0]} → {row[2]}" for row in broken})
    return f"{len(broken)} local row(s) would refer to rows that are not there ({', '.join(pairs)})" if broken else ""


_TABLE_ENTITY = {spec.table: name for name, spec in ENTITIES.items()}


def _culprits(db: sqlite_utils.Database, applied: dict[tuple[str, str], Change]) -> dict[tuple[str, str], str]:
    """The applied changes that break a (deferred) foreign key, while the refused transaction is open:
    a row that refers to a missing row, or the delete of a row local rows still refer to."""
    found: dict[tuple[str, str], str] = {}
    for table, rowid, parent, fkid in db.execute("PRAGMA foreign_key_check").fetchall():
        entity = _TABLE_ENTITY.get(table)
        if entity is None or rowid is None:
            continue
        keys = ENTITIES[entity].keys
        row = db.execute(f"SELECT {', '.join(keys)} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        if row is None:
            continue
        key = (entity, "|".join(str(v) for v in row))
        if key in applied:
            found[key] = f"{table} → {parent}: refers to a row that is not there"
            continue
        fk = [r for r in db.execute(f"PRAGMA foreign_key_list({table})").fetchall() if r[0] == fkid]
        parent_entity = _TABLE_ENTITY.get(parent)
        if fk and parent_entity:
            ref = db.execute(f"SELECT {', '.join(r[3] for r in fk)} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
            parent_key = (parent_entity, "|".join(str(v) for v in ref))
            if parent_key in applied:
                found[parent_key] = f"local {table} rows still refer to it"
    return found


@dataclass
class _Outcome:
    applied: int = 0
    staged: int = 0
    held: int = 0
    quarantined: int = 0
    failures: dict[tuple[str, str], tuple[Change, str]] = field(default_factory=dict)


class _Refused(Exception):
    """COMMIT refused the batch (a deferred foreign key); `culprits` are the changes to set aside."""

    def __init__(self, culprits: dict[tuple[str, str], str]) -> None:
        super().__init__(culprits)
        self.culprits = culprits


def at_checkpoint(db: sqlite_utils.Database, page: PullResponse) -> bool:
    """A page is a checkpoint when it reaches every op of ours the backend acknowledged."""
    if not page["has_more"]:
        return True
    position = page.get("position")
    return position is not None and position >= state.write_checkpoint(db)


def _quarantine(db: sqlite_utils.Database, change: Change, error: str, cursor: str, at: str) -> None:
    row = db.execute("INSERT INTO sync_quarantine (entity, key, op, data, error, cursor, at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     (change["entity"], change["key"], change["op"], json.dumps(change["data"], ensure_ascii=False),
                      error, cursor, at)).fetchone()
    message, coded = exception_text("sync_quarantine", change["entity"], change["key"], error)
    db.execute("INSERT OR IGNORE INTO exceptions (id, kind, raised_at, ref_type, ref_id, message, details)"
               " VALUES (?, 'sync_quarantine', ?, ?, ?, ?, ?)",
               (f"sync-quarantine-{row[0]}", at, change["entity"], change["key"], message,
                json.dumps({"quarantine_id": row[0], "op": change["op"], "error": error, **coded}, ensure_ascii=False)))


def _make_visible(db: sqlite_utils.Database, changes: list[Change], out: _Outcome,
                  set_aside: dict[tuple[str, str], str], cursor: str, at: str) -> list[Change]:
    """At a checkpoint: staged and held changes plus this page's, newest per key, applied unless blocked."""
    earlier = [Change(entity=e, key=k, op=o, data=json.loads(d)) for e, k, o, d in db.execute(
        "SELECT entity, key, op, data FROM sync_deferred ORDER BY rowid").fetchall()]
    merged = _latest(earlier + changes)
    if earlier:
        db.execute("DELETE FROM sync_deferred")
    any_pending = db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone() is not None
    ready: list[Change] = []
    hold: list[Change] = []
    failures: list[tuple[Change, str]] = []
    if not set_aside and not any_pending:   # the common case: nothing to hold or set aside, all of it ready
        ready, merged = merged, []
    for change in merged:
        reason = set_aside.get((change["entity"], change["key"]))
        if reason is not None:
            failures.append((change, reason))
        elif any_pending and _blocked(db, change):
            hold.append(change)
        else:
            ready.append(change)
    failed = _apply_all(db, ready)
    failures += [(change, f"{type(exc).__name__}: {exc}") for change, exc in failed]
    for change, reason in failures:
        if any_pending and not reason.startswith(_UNSTORABLE_NAMES):
            hold.append(change)   # it may clash with an effect of an unacknowledged op: retried at the next checkpoint
        else:
            _quarantine(db, change, reason, cursor, at)
            out.quarantined += 1
    if hold:
        _hold(db, hold)
    out.held += len(hold)
    out.applied += len(ready) - len(failed)
    return ready


def _apply_page(db: sqlite_utils.Database, page: PullResponse, set_aside: dict[tuple[str, str], str],
                at: str) -> _Outcome:
    out = _Outcome()
    changes = [c for c in page["changes"] if c["entity"] in ENTITIES]
    applied: list[Change] = []
    try:
        with transaction(db):
            db.execute("PRAGMA defer_foreign_keys = ON")   # a batch is consistent as a whole, not row by row
            if at_checkpoint(db, page):
                applied = _make_visible(db, changes, out, set_aside, page["cursor"], at)
            else:
                _hold(db, _latest(changes))
                out.staged = len(changes)
            if page["rejections"]:
                record_rejections(db, page["rejections"])
            state.put(db, cursor=page["cursor"])
    except sqlite3.IntegrityError:
        if not db.conn.in_transaction:   # not a refused COMMIT
            raise
        culprits = _culprits(db, {(c["entity"], c["key"]): c for c in applied})
        if not culprits:
            raise   # the caller says what broke (broken_references) and rolls back
        db.conn.rollback()
        raise _Refused(culprits) from None
    return out


def apply_page(db: sqlite_utils.Database, page: PullResponse, *, clock: Clock | None = None) -> dict[str, int]:
    """Stage one page, or apply everything staged at a checkpoint, and store its cursor atomically.

    Returns counts: applied (made visible), staged, deferred (held), quarantined, rejections."""
    at = iso((clock or SystemClock()).now())
    set_aside: dict[tuple[str, str], str] = {}
    with _staging_commits(db, staged=not at_checkpoint(db, page)):
        for _ in range(4):
            try:
                out = _apply_page(db, page, set_aside, at)
            except _Refused as refused:
                set_aside |= refused.culprits
                continue
            return {"applied": out.applied, "staged": out.staged, "deferred": out.held,
                    "quarantined": out.quarantined, "rejections": len(page["rejections"])}
    raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")


@contextmanager
def _staging_commits(db: sqlite_utils.Database, *, staged: bool) -> Iterator[None]:
    """A staged page is committed with synchronous=NORMAL (WAL: no fsync per commit), a checkpoint
    with the connection's own setting (FULL, terminal/store/db.py).

    Why that loses nothing: a staged page changes nothing anyone sees or acts on — only
    `sync_deferred`, its cursor and the rejections it brings. In WAL mode a NORMAL commit that a power
    cut takes is lost together with every commit after it and nothing before it (the WAL is replayed
    in order, up to the last frame that reached the disk), and the next FULL commit — the checkpoint
    page, or any local op — makes it durable with everything before it. So a power cut leaves the
    database as it was after some earlier page: an earlier cursor with the staged rows of exactly the
    pages before it, which the next pull asks for again. Visible state is only ever made by a FULL
    commit. tests/backend/test_sync_pull_power_cut.py cuts a pull so, and the terminal ends equal to
    the backend."""
    if not staged:
        yield
        return
    (mode,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous={int(mode)}")
