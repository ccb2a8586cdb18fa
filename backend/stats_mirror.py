"""The stats mirror: per site, a terminal database rebuilt from what that site's terminals synced.

Why a mirror: the KPIs of DESIGN §8 are defined (terminal/stats/kpis.py) by SQL over the terminal's
tables — pick tasks, sessions, scans, packages, exceptions — most of which the server keeps only as
the ops log. Rather than a second set of server handlers and a second SQL reading of every KPI
(which would drift), the backend replays every op its terminals pushed through the TERMINAL's own
handler (`terminal.ops`, by name) into a SQLite file per site, interleaved with the site's change
log exactly where each push fell (`ops.changes_before`), as a terminal that pulls before each push
would see it. Any op a capability registers with `@operation` — packing's UnitPacked,
PackageClosed, PackagesHandedOver once they exist — feeds the fleet figures with no code here.

What is replayed: every op in the log, also those the server rejected (the terminal applied them
locally, so its own figures count them; the server's re-sent rows then overwrite the entities,
as on the terminal). An op whose handler refuses on the mirror (OpRejected: its terminal saw a
slightly different state) is skipped and counted (`unreplayed`). Any other failure is a bug in a
handler or in the log, which would silently lower the figures: it is counted apart
(`replay_errors`, shown by /v1/stats) and raised as a supervisor exception (kind
`stats_replay_error`, in the backend's exceptions table) naming the op and the error; the op's
partial effects are rolled back and the replay goes on.

The mirror is a cache: the ops log and change log are the truth. Delete the folder and the next
`/v1/stats` rebuilds it. One file per site, brought up to date under SQLite's write lock, so two
requests (or two backend processes sharing the folder) never replay the same op twice."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlalchemy import Engine, and_, insert, or_, select

from backend import schema
from backend.changes import read_changes
from backend.db import read_conn
from terminal.clock import parse_iso
from terminal.config import Settings
from terminal.errors import OpRejected
from terminal.ops import OpContext, get_operation
from terminal.store import open_db, transaction
from terminal.sync.protocol import Change
from terminal.sync.pull import apply_change

CHANGES_PAGE = 2000
REPLAY_ERROR_KIND = "stats_replay_error"


@dataclass(frozen=True)
class CatchUp:
    ops: int            # ops replayed now
    changes: int        # change-log rows applied now
    unreplayed: int     # ops skipped, ever (their handler refused on the mirror)
    replay_errors: int = 0   # ops whose replay failed otherwise, ever (each raised as an exception)


def mirror_path(folder: Path, site_id: str) -> Path:
    safe = site_id if re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", site_id) and not site_id.startswith(".") else \
        hashlib.sha256(site_id.encode()).hexdigest()[:32]
    return folder / f"{safe}.db"


def open_mirror(folder: Path, site_id: str) -> sqlite_utils.Database:
    db = open_db(mirror_path(folder, site_id), create=True)
    # Every op in the log already passed its terminal's checks, foreign keys included; on the mirror
    # an ordering difference must not make a whole catch-up fail at COMMIT. A cache needs no fsync.
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS stats_mirror_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    return db


def _state(db: sqlite_utils.Database) -> dict[str, int]:
    return {str(n): int(v) for n, v in db.execute("SELECT name, value FROM stats_mirror_state").fetchall()}


def _put(db: sqlite_utils.Database, name: str, value: int) -> None:
    db.execute("INSERT INTO stats_mirror_state (name, value) VALUES (?, ?)"
               " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))


def _pending_ops(engine: Engine, site_id: str, done: dict[str, int]) -> list[Any]:
    """Ops of the site's terminals not yet on the mirror, in the order they are replayed."""
    o, t = schema.ops.c, schema.terminals.c
    with read_conn(engine) as conn, conn.begin():
        terminal_ids = [r[0] for r in conn.execute(select(t.id).where(t.site_id == site_id))]
        if not terminal_ids:
            return []
        newer = or_(*[and_(o.terminal_id == tid, o.seq > done.get(f"seq:{tid}", 0)) for tid in terminal_ids])
        rows = conn.execute(select(o.terminal_id, o.seq, o.op_id, o.name, o.args, o.at, o.changes_before)
                            .where(newer)).all()
    # where the push fell in the change log first; within one terminal, seq order
    return sorted(rows, key=lambda r: (r.changes_before or 0, r.terminal_id, r.seq))


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
                    self._page.extend(read_changes(conn, self.site_id, self.cursor, CHANGES_PAGE))
                self._exhausted = len(self._page) < CHANGES_PAGE
                continue
            if limit is not None and self._page[0][0] > limit:
                return found
            change_id, change = self._page.popleft()
            self.cursor = change_id
            found.append(change)


def _apply_changes(db: sqlite_utils.Database, changes: list[Change]) -> None:
    """As a terminal's pull applies a page; a row that hits a UNIQUE constraint is retried after the rest."""
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
        spec.handler(ctx, json.loads(row.args))
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


def _raise_replay_errors(engine: Engine, site_id: str, failures: list[tuple[Any, str]]) -> None:
    """A supervisor exception per op whose replay failed (after the mirror has committed past it)."""
    if not failures:
        return
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    with engine.begin() as conn:
        conn.execute(insert(schema.exceptions), [{
            "site_id": site_id, "terminal_id": row.terminal_id, "op_id": row.op_id, "kind": REPLAY_ERROR_KIND,
            "message": f"The fleet statistics could not replay op {row.name} (seq {row.seq} of terminal "
                       f"{row.terminal_id}): {error}. Its effects are missing from /v1/stats until the handler "
                       "is fixed and the stats rebuilt (handoff-backend stats rebuild).",
            "details": json.dumps({"name": row.name, "seq": row.seq, "error": error}), "raised_at": now,
            "status": "open"} for row, error in failures])


def catch_up(engine: Engine, db: sqlite_utils.Database, site_id: str) -> CatchUp:
    """Bring the mirror up to the ops and changes committed now, in one mirror transaction."""
    with transaction(db):       # BEGIN IMMEDIATE: one catch-up of this site at a time
        state = _state(db)
        changes = _Changes(engine, site_id, state.get("changes", 0))
        applied_ops = applied_changes = 0
        unreplayed = state.get("unreplayed", 0)
        errors = state.get("replay_errors", 0)
        failures: list[tuple[Any, str]] = []
        for row in _pending_ops(engine, site_id, state):
            before = changes.upto(row.changes_before or 0)
            _apply_changes(db, before)
            applied_changes += len(before)
            outcome = _replay(db, row)
            if outcome == "refused":
                unreplayed += 1
            elif outcome is not None:
                errors += 1
                failures.append((row, outcome))
            applied_ops += 1
            state[f"seq:{row.terminal_id}"] = row.seq
        rest = changes.upto(None)
        _apply_changes(db, rest)
        applied_changes += len(rest)
        for name, value in state.items():
            if name.startswith("seq:"):
                _put(db, name, value)
        _put(db, "changes", changes.cursor)
        _put(db, "unreplayed", unreplayed)
        _put(db, "replay_errors", errors)
    _raise_replay_errors(engine, site_id, failures)
    return CatchUp(applied_ops, applied_changes, unreplayed, errors)


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
