"""The stats projector: the ops log, as it is committed, made into per-site hours of KPI parts.

One step for one site: load the site's mirror (backend/stats_mirror.py) from the store, replay the
ops and changes committed since its position, take the KPI parts of the hours that may have
changed (backend/stats_parts.py), and write mirror, position and parts back in ONE transaction of
the backend's own store (PostgreSQL for fleets, else its SQLite file). So:

* any number of backend hosts share one projection, and none keeps state of its own;
* a step killed half-way leaves the previous position, mirror and parts as they were, and the
  next step redoes it — no op is counted twice;
* two hosts stepping the same site at once: on PostgreSQL a session advisory lock lets only one of
  them work on it (the lock goes with the connection if its process dies); on either store the
  row's version makes the later of two writes fail harmlessly (compare-and-set).

Which hours are taken again after a step: every hour from `HORIZON` before the earliest op the
step replayed (an op can change an hour before its own: a cancellation, a short found after
packing) up to the hour now running, plus the hour that was running at the previous step. A fact
that changes a figure further back than that reaches /v1/stats with `handoff-backend stats
rebuild` (see docs/OPERATIONS.md)."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils
from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from backend import schema
from backend.db import is_postgres, read_conn
from backend.stats_mirror import (
    Advanced,
    CatchUp,
    Position,
    advance,
    dump_mirror,
    load_mirror,
    replay_error_rows,
    site_settings,
)
from backend.stats_parts import BUCKET, bucket_of
from terminal.clock import iso, parse_iso
from terminal.stats.pooled import kpi_parts
from terminal.stats.window import Window

HORIZON = timedelta(hours=float(os.environ.get("HANDOFF_STATS_HORIZON_H", "2")))
PAGE = 5000      # ops read from the log at a time


@dataclass(frozen=True)
class Stored:
    version: int
    position: Position
    first_bucket: datetime
    as_of: datetime
    mirror: bytes


@dataclass(frozen=True)
class Step:
    site_id: str
    done: CatchUp
    hours: int          # hours of parts written
    complete: bool      # the log's end was reached
    written: bool       # False: another host wrote this site first (nothing lost: it is redone)


def load(engine: Engine, site_id: str) -> Stored | None:
    s, q = schema.stats_sites.c, schema.stats_seqs.c
    with read_conn(engine) as conn, conn.begin():
        row = conn.execute(select(schema.stats_sites).where(s.site_id == site_id)).first()
        if row is None:
            return None
        found = conn.execute(select(q.terminal_id, q.seq).where(q.site_id == site_id))
        seqs = {r.terminal_id: int(r.seq) for r in found}
    position = Position(seqs, int(row.changes_cursor), int(row.unreplayed), int(row.replay_errors))
    return Stored(int(row.version), position, parse_iso(row.first_bucket), parse_iso(row.as_of),
                  zlib.decompress(row.mirror))


@contextmanager
def claimed(engine: Engine, site_id: str, wait: bool = False) -> Iterator[bool]:
    """Whether this process may step the site now: on PostgreSQL a session advisory lock on the site
    (taken, or waited for with `wait`); on SQLite always (the compare-and-set settles races)."""
    if not is_postgres(engine):
        yield True
        return
    with engine.connect() as conn:
        key = {"key": f"handoff-stats:{site_id}"}
        if wait:
            conn.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), key)
            got = True
        else:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:key))"), key).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), key)
                conn.commit()


def _replay(engine: Engine, db: sqlite_utils.Database, site_id: str, start: Position, max_ops: int | None) -> Advanced:
    """`advance` page by page until the log's end or `max_ops` ops, as one step."""
    total = CatchUp(0, 0, start.unreplayed, start.replay_errors)
    position, failures, earliest = start, [], None
    while True:
        page = PAGE if max_ops is None else min(PAGE, max_ops - total.ops)
        step = advance(engine, db, site_id, position, page)
        position, failures = step.position, failures + step.failures
        if step.earliest_at is not None and (earliest is None or step.earliest_at < earliest):
            earliest = step.earliest_at
        total = CatchUp(total.ops + step.done.ops, total.changes + step.done.changes, step.done.unreplayed,
                        step.done.replay_errors)
        if step.complete or (max_ops is not None and total.ops >= max_ops):
            return Advanced(position, total, failures, earliest, step.complete)


def step(engine: Engine, site_id: str, now: datetime | None = None, max_ops: int | None = None,
         fresh: bool = False) -> Step:
    """Project the site's newly committed ops (at most `max_ops`; `fresh`: from the start of the log,
    replacing what is stored) and write the result in one transaction. `now`: the projection's moment."""
    as_of = (now or datetime.now(UTC)).astimezone(UTC)
    stored = None if fresh else load(engine, site_id)
    db = load_mirror(stored.mirror if stored else None)
    try:
        moved = _replay(engine, db, site_id, stored.position if stored else Position(), max_ops)
        changed = bool(moved.done.ops or moved.done.changes)
        earliest = parse_iso(moved.earliest_at) if moved.earliest_at else as_of
        back = bucket_of(min(earliest, as_of) - HORIZON)
        if stored is None:
            first = dirty = back
        else:
            first, dirty = stored.first_bucket, bucket_of(min(stored.as_of, as_of))
            if changed:
                first, dirty = min(first, back), min(dirty, back)
        settings = site_settings(db)
        rows, hour = [], dirty
        while hour <= bucket_of(as_of):
            parts = kpi_parts(db, Window(hour, hour + BUCKET, as_of), settings)
            rows.append({"site_id": site_id, "bucket": iso(hour), "parts": json.dumps(parts, separators=(",", ":"))})
            hour += BUCKET
        image = zlib.compress(dump_mirror(db), 1) if changed or stored is None else None
    finally:
        db.close()
    written = _write(engine, site_id, stored, moved, first, dirty, as_of, rows, image, fresh)
    return Step(site_id, moved.done, len(rows), moved.complete, written)


def _write(engine: Engine, site_id: str, stored: Stored | None, moved: Advanced, first: datetime,
           dirty: datetime, as_of: datetime, rows: list[dict[str, str]], image: bytes | None,
           fresh: bool) -> bool:
    state: dict[str, object] = {"changes_cursor": moved.position.changes, "unreplayed": moved.position.unreplayed,
             "replay_errors": moved.position.replay_errors, "first_bucket": iso(first), "as_of": iso(as_of),
             "updated_at": iso(datetime.now(UTC))}
    if image is not None:
        state["mirror"] = image
    try:
        return _write_state(engine, site_id, stored, moved, dirty, rows, state, fresh)
    except IntegrityError:
        return False                    # another host inserted this site's first projection meanwhile


def _write_state(engine: Engine, site_id: str, stored: Stored | None, moved: Advanced, dirty: datetime,
                 rows: list[dict[str, str]], state: dict[str, object], fresh: bool) -> bool:
    s, q, p = schema.stats_sites.c, schema.stats_seqs.c, schema.stats_parts.c
    with engine.begin() as conn:
        if fresh or stored is None:
            before = conn.execute(select(s.version).where(s.site_id == site_id)).scalar()
            if before is not None and not fresh:
                return False            # another host projected this site first
            conn.execute(delete(schema.stats_sites).where(s.site_id == site_id))
            conn.execute(insert(schema.stats_sites).values(site_id=site_id, version=(before or 0) + 1, **state))
            conn.execute(delete(schema.stats_parts).where(p.site_id == site_id))
        else:
            moved_on = conn.execute(update(schema.stats_sites)
                                    .where(s.site_id == site_id, s.version == stored.version)
                                    .values(version=stored.version + 1, **state))
            if moved_on.rowcount != 1:
                return False            # compare-and-set lost: the other write stands
            conn.execute(delete(schema.stats_parts).where(p.site_id == site_id, p.bucket >= iso(dirty)))
        if fresh or stored is None or moved.position.seqs != stored.position.seqs:
            conn.execute(delete(schema.stats_seqs).where(q.site_id == site_id))
            if moved.position.seqs:
                conn.execute(insert(schema.stats_seqs), [{"terminal_id": t, "site_id": site_id, "seq": n}
                                                         for t, n in moved.position.seqs.items()])
        if rows:
            conn.execute(insert(schema.stats_parts), rows)
        if moved.failures:
            conn.execute(insert(schema.exceptions), replay_error_rows(site_id, moved.failures, str(state["as_of"])))
    return True


@dataclass(frozen=True)
class Lag:
    site_id: str
    ops: int            # ops pushed and not projected yet
    changes: bool       # change-log rows after the projection's cursor
    as_of: datetime | None   # None: never projected


def lags(conn: Connection, site_id: str | None = None) -> list[Lag]:
    """How far behind the log the projection of each site (or one) is: a few indexed look-ups per
    site, no reading of the log itself."""
    st, t, ts, ss, c = (schema.sites.c, schema.terminals.c, schema.terminal_state.c, schema.stats_seqs.c,
                        schema.changes.c)
    behind = (select(func.coalesce(func.sum(ts.last_seq - func.coalesce(ss.seq, 0)), 0))
              .select_from(schema.terminals.join(schema.terminal_state, ts.terminal_id == t.id)
                           .outerjoin(schema.stats_seqs, ss.terminal_id == t.id))
              .where(t.site_id == st.id).scalar_subquery())
    newest = select(func.max(c.id)).where(c.site_id == st.id).scalar_subquery()
    s = schema.stats_sites.c
    query = (select(st.id, behind, newest, s.changes_cursor, s.as_of)
             .select_from(schema.sites.outerjoin(schema.stats_sites, s.site_id == st.id)).order_by(st.id))
    if site_id is not None:
        query = query.where(st.id == site_id)
    return [Lag(r[0], int(r[1] or 0), int(r[2] or 0) > int(r[3] or 0), parse_iso(r[4]) if r[4] else None)
            for r in conn.execute(query)]


def ops_behind(conn: Connection, site_id: str | None = None) -> int:
    """Ops pushed and not yet projected (over one site or all): two sums over one row per terminal."""
    t, ts, ss = schema.terminals.c, schema.terminal_state.c, schema.stats_seqs.c
    pushed = select(func.coalesce(func.sum(ts.last_seq), 0))
    projected = select(func.coalesce(func.sum(ss.seq), 0))
    if site_id is not None:
        pushed = pushed.join_from(schema.terminal_state, schema.terminals, t.id == ts.terminal_id) \
            .where(t.site_id == site_id)
        projected = projected.where(ss.site_id == site_id)
    return int(conn.execute(pushed).scalar_one()) - int(conn.execute(projected).scalar_one())


def needs_step(lag: Lag, now: datetime, refresh: timedelta) -> bool:
    """New ops or changes, never projected, or the running hour older than `refresh`."""
    return lag.ops > 0 or lag.changes or lag.as_of is None or now - lag.as_of >= refresh
