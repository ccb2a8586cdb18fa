"""The stats mirror: per site, a terminal database rebuilt from what that site's terminals synced.

Why a mirror: the KPIs of DESIGN §8 are defined (terminal/stats/kpis.py) by SQL over the terminal's
tables — pick tasks, sessions, scans, packages, exceptions — most of which the server keeps only as
the ops log. Rather than a second set of server handlers and a second SQL reading of every KPI
(which would drift), the backend replays every op its terminals pushed through the TERMINAL's own
handler (`terminal.ops`, by name) into an in-memory SQLite database per site, interleaved with the
site's change log exactly where each push fell (`ops.changes_before`), as a terminal that pulls
before each push would see it. Any op a capability registers with `@operation` feeds the fleet
figures with no code here.

What is replayed: every op in the log, also those the server rejected (the terminal applied them
locally, so its own figures count them; the server's re-sent rows then overwrite the entities,
as on the terminal). An op whose handler refuses on the mirror (OpRejected: its terminal saw a
slightly different state) is skipped and counted (`unreplayed`). Any other failure is a bug in a
handler or in the log, which would silently lower the figures: it is counted apart
(`replay_errors`, shown by /v1/stats) and raised as a supervisor exception (kind
`stats_replay_error`, in the backend's exceptions table) naming the op and the error; the op's
partial effects are rolled back and the replay goes on.

This module only replays: the mirror lives in memory while a step of the projection runs, and is
kept (serialized, with the position it reached) in the backend's own store by
backend/stats_projector.py, so no host keeps state of its own."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import sqlite_utils
from sqlalchemy import Connection, Engine, and_, func, or_, select

from backend import schema
from backend.db import read_conn
from terminal.clock import parse_iso
from terminal.config import Settings
from terminal.errors import OpRejected
from terminal.ops import OpContext, get_operation
from terminal.store import open_db
from terminal.sync.protocol import ENTITIES, Change
from terminal.sync.pull import _statement, _table_columns, apply_change

CHANGES_PAGE = 2000
REPLAY_ERROR_KIND = "stats_replay_error"


@dataclass(frozen=True)
class CatchUp:
    ops: int            # ops replayed now
    changes: int        # change-log rows applied now
    unreplayed: int     # ops skipped, ever (their handler refused on the mirror)
    replay_errors: int = 0   # ops whose replay failed otherwise, ever (each raised as an exception)


@dataclass
class Position:
    """How far a site's mirror has come: per terminal the last seq replayed, the change-log cursor,
    and the counts of ops that did not replay."""

    seqs: dict[str, int] = field(default_factory=dict)
    changes: int = 0
    unreplayed: int = 0
    replay_errors: int = 0


@dataclass
class Advanced:
    """What one step replayed: the new position, counts, failures to raise, the earliest op moment."""

    position: Position
    done: CatchUp
    failures: list[tuple[Any, str]]
    earliest_at: str | None
    complete: bool      # the log's end was reached (False: `max_ops` stopped the step)


@cache
def _empty_mirror() -> bytes:
    """A migrated, empty terminal database as bytes (made once per process: migrating takes longer
    than a small site's whole replay)."""
    with tempfile.TemporaryDirectory(prefix="handoff-stats-") as folder:
        db = open_db(Path(folder) / "empty.db", create=True)
        try:
            db.execute("PRAGMA journal_mode=DELETE")
            return db.conn.serialize()
        finally:
            db.close()


class _MirrorDatabase(sqlite_utils.Database):
    """sqlite_utils' Database, with `execute` going straight to the connection inside a
    transaction. A replay step runs in one (advance), where sqlite_utils' own `execute` would do the
    same after its bookkeeping — which parsed the first keyword of every statement and cost as much
    as the statements of a handler. Outside a transaction it is sqlite_utils' own."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)
        # (entity, the change's columns) -> the upsert and the columns it takes, as pull's _statement
        self.upserts: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {}

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if not self.conn.in_transaction:
            return super().execute(sql, parameters)
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)


def load_mirror(image: bytes | None) -> sqlite_utils.Database:
    """The mirror in memory, from its stored image (None: an empty one)."""
    # A replay runs the same few hundred statements over and over: keep them all prepared.
    conn = sqlite3.connect(":memory:", check_same_thread=False, cached_statements=1024)
    conn.deserialize(image or _empty_mirror())
    conn.row_factory = sqlite3.Row
    db = _MirrorDatabase(conn)
    # Every op in the log already passed its terminal's checks, foreign keys included; on the mirror
    # an ordering difference must not make a whole step fail.
    db.execute("PRAGMA foreign_keys=OFF")
    return db


def dump_mirror(db: sqlite_utils.Database) -> bytes:
    return db.conn.serialize()


def _pending_ops(engine: Engine, site_id: str, done: dict[str, int], limit: int | None) -> tuple[list[Any], int]:
    """Ops of the site's terminals not yet on the mirror, the next `limit` of them in replay order
    (where the push fell in the change log first; within one terminal, seq order), and the end of
    the site's change log in the same snapshot.

    Why the end is read here: the replay reads the change log later, page by page, and a push
    committed meanwhile has added the rows the server re-sent for ITS ops. Applied now, before
    those ops are replayed (next step), they would put the mirror ahead of the ops — handlers
    refuse (a parcel already deposited) or record over later state — which a terminal, pulling
    only after its push, never sees. So a step applies the change log only up to this end."""
    o, t = schema.ops.c, schema.terminals.c
    with read_conn(engine) as conn, conn.begin():   # one snapshot (REPEATABLE READ on PostgreSQL)
        log_end = int(conn.execute(select(func.coalesce(func.max(schema.changes.c.id), 0))
                                   .where(schema.changes.c.site_id == site_id)).scalar_one())
        terminal_ids = [r[0] for r in conn.execute(select(t.id).where(t.site_id == site_id))]
        if not terminal_ids:
            return [], log_end
        newer = or_(*[and_(o.terminal_id == tid, o.seq > done.get(tid, 0)) for tid in terminal_ids])
        query = (select(o.terminal_id, o.seq, o.op_id, o.name, o.args, o.at, o.changes_before).where(newer)
                 .order_by(func.coalesce(o.changes_before, 0), o.terminal_id, o.seq))
        return conn.execute(query if limit is None else query.limit(limit)).all(), log_end


class _Changes:
    """The site's change log after a cursor, read page by page as the replay needs it."""

    def __init__(self, engine: Engine, site_id: str, after: int) -> None:
        self.engine, self.site_id, self.cursor = engine, site_id, after
        self._page: deque[tuple[int, Change]] = deque()
        self._exhausted = False

    def upto(self, limit: int | None) -> list[Change]:
        """The next changes with id <= limit (all that are left for None), in id order."""
        found: list[Change] = []
        while True:
            if not self._page:
                if self._exhausted:
                    return found
                with read_conn(self.engine) as conn, conn.begin():
                    self._page.extend(_read_changes(conn, self.site_id, self.cursor, CHANGES_PAGE))
                self._exhausted = len(self._page) < CHANGES_PAGE
                continue
            if limit is not None and self._page[0][0] > limit:
                return found
            change_id, change = self._page.popleft()
            self.cursor = change_id
            found.append(change)


def _read_changes(conn: Connection, site_id: str, after: int, limit: int) -> list[tuple[int, Change]]:
    """backend.changes.read_changes, as plain tuples decoded by msgspec: the same changes, read in a
    third of the time (a cold rebuild reads every change of the site's history)."""
    c = schema.changes.c
    rows = conn.execute(select(c.id, c.entity, c.key, c.op, c.data)
                        .where(c.site_id == site_id, c.id > after).order_by(c.id).limit(limit))
    return [(change_id, Change(entity=entity, key=key, op=op, data=_decode(data)))
            for change_id, entity, key, op, data in rows]


def _decode(text: str) -> Any:
    try:
        return _JSON.decode(text)
    except msgspec.DecodeError:     # what msgspec declines (an integer past 64 bits, say) json reads
        return json.loads(text)


_JSON = msgspec.json.Decoder()


def _apply_changes(db: sqlite_utils.Database, changes: list[Change]) -> None:
    """As a terminal's pull applies a page; a row that hits a UNIQUE constraint is retried after the rest.

    Runs of changes with the same statement go in one executemany (a cold rebuild applies the whole
    master data of a site before its first op); should any of them hit a constraint, the run is
    undone and the page applied one change at a time, as the terminal does."""
    if not changes:
        return
    db.conn.execute("SAVEPOINT mirror_changes")
    try:
        sql, rows = None, []
        for change in changes:
            statement, values = _change_statement(db, change)
            if statement != sql:
                if rows:
                    db.conn.executemany(sql, rows)  # type: ignore[arg-type]
                sql, rows = statement, []
            rows.append(values)
        if rows:
            db.conn.executemany(sql, rows)  # type: ignore[arg-type]
    except sqlite3.IntegrityError:
        db.conn.execute("ROLLBACK TO mirror_changes")
        db.conn.execute("RELEASE mirror_changes")
        _apply_one_by_one(db, changes)
    else:
        db.conn.execute("RELEASE mirror_changes")


def _change_statement(db: sqlite_utils.Database, change: Change) -> tuple[str, list[Any]]:
    """terminal.sync.pull's _statement for one change, the upsert's text kept per entity and columns,
    and an upsert that leaves a row alone when it holds those values already: most changes in the
    log are the rows the server re-sent after an op, which the op's replay has just written, and
    rewriting an order rewrote its dozen indexes for nothing."""
    upserts = getattr(db, "upserts", None)
    if change["op"] != "upsert" or upserts is None:
        return _statement(db, change)
    data = change["data"]
    key = (change["entity"], tuple(data))
    found = upserts.get(key)
    if found is None:
        spec = ENTITIES[change["entity"]]
        names = tuple(c for c in _table_columns(db, spec.table) if c in data)
        sql, _ = _statement(db, change)
        updated = [c for c in names if c not in spec.keys]
        if updated:
            sql += f" WHERE ({', '.join(updated)}) IS NOT ({', '.join(f'excluded.{c}' for c in updated)})"
        found = upserts[key] = (sql, names)
    sql, names = found
    return sql, [json.dumps(v) if isinstance(v, dict | list) else v for v in (data[c] for c in names)]


def _apply_one_by_one(db: sqlite_utils.Database, changes: list[Change]) -> None:
    todo = changes
    while todo:
        failed = []
        for change in todo:
            try:
                apply_change(db, change)
            except sqlite3.IntegrityError:
                failed.append(change)
        if len(failed) == len(todo):
            return        # cannot be placed: the next change of that row will bring it
        todo = failed


def _replay(db: sqlite_utils.Database, row: Any) -> str | None:
    """None when the op replayed; "refused" when its handler refused; else what went wrong."""
    try:
        spec = get_operation(row.name)
    except OpRejected as exc:   # no handler here at all (a newer terminal?): not a refusal of this op
        return f"unknown operation: {exc}"
    db.execute("SAVEPOINT mirror_op")
    try:
        ctx = OpContext(db=db, now=parse_iso(row.at), op_id=row.op_id)
        spec.handler(ctx, _decode(row.args))
    except OpRejected:
        outcome: str | None = "refused"
    except Exception as exc:  # noqa: BLE001 — any other failure is reported, not swallowed (module doc)
        outcome = f"{type(exc).__name__}: {exc}"[:500]
    else:
        outcome = None
    if outcome is not None:
        db.execute("ROLLBACK TO mirror_op")
    db.execute("RELEASE mirror_op")
    return outcome


def replay_error_rows(site_id: str, failures: list[tuple[Any, str]], now: str) -> list[dict[str, Any]]:
    """The supervisor exceptions of ops whose replay failed (written with the position past them)."""
    return [{
        "site_id": site_id, "terminal_id": row.terminal_id, "op_id": row.op_id, "kind": REPLAY_ERROR_KIND,
        "message": f"The fleet statistics could not replay op {row.name} (seq {row.seq} of terminal "
                   f"{row.terminal_id}): {error}. Its effects are missing from /v1/stats until the handler "
                   "is fixed and the stats rebuilt (handoff-backend stats rebuild).",
        "details": json.dumps({"name": row.name, "seq": row.seq, "error": error}), "raised_at": now,
        "status": "open"} for row, error in failures]


def advance(engine: Engine, db: sqlite_utils.Database, site_id: str, start: Position,
            max_ops: int | None = None) -> Advanced:
    """Replay onto the mirror the ops and changes committed after `start`, as of one snapshot of the
    log (at most `max_ops` ops; then the changes only up to where the last of them fell). The
    caller stores the mirror and the position together, or neither."""
    position = Position(dict(start.seqs), start.changes, start.unreplayed, start.replay_errors)
    changes = _Changes(engine, site_id, start.changes)
    pending, log_end = _pending_ops(engine, site_id, position.seqs, max_ops)
    db.conn.execute("BEGIN")    # one transaction for the step: a commit per op and change cost a third of it
    try:
        moved = _advance(db, pending, changes, log_end, position, max_ops is None or len(pending) < max_ops)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
    return moved


def _advance(db: sqlite_utils.Database, pending: list[Any], changes: _Changes, log_end: int, position: Position,
             complete: bool) -> Advanced:
    applied_ops = applied_changes = 0
    failures: list[tuple[Any, str]] = []
    earliest: str | None = None
    for row in pending:
        before = changes.upto(row.changes_before or 0)
        _apply_changes(db, before)
        applied_changes += len(before)
        outcome = _replay(db, row)
        if outcome == "refused":
            position.unreplayed += 1
        elif outcome is not None:
            position.replay_errors += 1
            failures.append((row, outcome))
        applied_ops += 1
        position.seqs[row.terminal_id] = row.seq
        earliest = row.at if earliest is None or row.at < earliest else earliest
    if complete:
        rest = changes.upto(log_end)     # not past the ops' snapshot (_pending_ops)
        _apply_changes(db, rest)
        applied_changes += len(rest)
    position.changes = changes.cursor
    done = CatchUp(applied_ops, applied_changes, position.unreplayed, position.replay_errors)
    return Advanced(position, done, failures, earliest, complete)


def site_settings(db: sqlite_utils.Database) -> Settings:
    """The site's own settings, as its terminals pulled them (the `setting` entity: dotted key, JSON
    value), so the fleet figures use each site's estimate and margins, not the defaults."""
    overrides: dict[str, Any] = {}
    for key, value in db.execute("SELECT key, value FROM settings").fetchall():
        try:
            overrides[str(key)] = json.loads(value)
        except (TypeError, ValueError):
            overrides[str(key)] = value
    return Settings().with_overrides(overrides)
