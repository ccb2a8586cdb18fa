"""One pull page, read and answered at the database's speed (issue 13's pull benchmark).

* Each change's wire JSON (`{"entity":…,"key":…,"op":…,"data":…}`) is built by the database in the
  same statement that reads it (`page_sql`): the stored data is already compact JSON and is spliced
  in as it is, the three text fields are quoted by the database's own JSON quoting. Python only joins
  the texts; building a dict and a msgspec.Raw per change cost more than the read.
* PostgreSQL: the page read runs with `enable_sort = off` for its transaction. A freshly written
  change log has no statistics yet; the planner then estimated 20 rows for "site's changes after
  the cursor", took a bitmap scan of all of them and sorted (top-N) every time — each page read every
  later change, so a pull of n changes read n²/2 rows (43 ms for the first page of 100,000). With
  sorting off it walks the `changes_site (site_id, id)` index in order and stops at the limit,
  whatever the statistics say.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Connection, Engine, func, select, text

from backend import schema
from backend.db import read_conn
from backend.support import pending_for
from terminal.sync.protocol import PROTOCOL

#: the change's wire JSON, key order and spelling as msgspec wrote them before (entity, key, op, data)
_SQLITE_JSON = ("'{\"entity\":' || json_quote(entity) || ',\"key\":' || json_quote(key)"
                " || ',\"op\":' || json_quote(op) || ',\"data\":' || data || '}'")
_PG_JSON = ("'{\"entity\":' || to_json(entity::text)::text || ',\"key\":' || to_json(key::text)::text"
            " || ',\"op\":' || to_json(op::text)::text || ',\"data\":' || data || '}'")


def page_sql(dialect: str, hidden: tuple[str, ...] = ()) -> str:
    """The page read for a dialect: (id, the change's wire JSON) after :after, in id order, :limit rows;
    without the entities in `hidden` (bound as :hidden0, :hidden1, …)."""
    built = _PG_JSON if dialect == "postgresql" else _SQLITE_JSON
    leave_out = (" AND entity NOT IN (" + ", ".join(f":hidden{i}" for i in range(len(hidden))) + ")") if hidden else ""
    return (f"SELECT id, {built} FROM changes WHERE site_id = :site AND id > :after{leave_out}"
            " ORDER BY id LIMIT :limit")


def read_changes_json(conn: Connection, site_id: str, after: int, limit: int,
                      hidden: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """(id, the change as wire JSON text) of the site's changes after `after`, oldest first, leaving out
    the entities in `hidden` (those an older terminal has no table for).

    Call it inside a transaction: on PostgreSQL it turns sorting off for that transaction only."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SET LOCAL enable_sort = off"))
    params: dict[str, Any] = {"site": site_id, "after": after, "limit": limit}
    params.update({f"hidden{i}": entity for i, entity in enumerate(hidden)})
    rows = conn.execute(text(page_sql(dialect, hidden)), params)
    return [(row[0], row[1]) for row in rows]


def pull_page_body(engine: Engine, site_id: str, terminal_id: str, after_change: int, after_rejection: int,
                   limit: int, hidden: tuple[str, ...] = ()) -> bytes:
    """The pull answer (PullOut) as JSON bytes: the changes after `after_change`, this terminal's
    rejections after `after_rejection`, at most `limit` of each, and on the last page its signed
    support commands, in one consistent snapshot."""
    r = schema.rejections.c
    with read_conn(engine) as conn, conn.begin():
        page = read_changes_json(conn, site_id, after_change, limit + 1, hidden)
        rows = conn.execute(select(r.id, r.seq, r.op_id, r.code, r.message)
                            .where(r.terminal_id == terminal_id, r.id > after_rejection).order_by(r.id)
                            .limit(limit + 1)).all()
        commands = pending_for(conn, terminal_id) if len(page) <= limit and len(rows) <= limit else []
        # an older terminal's last page reaches past the changes left out for it: its checkpoint is there
        end = _site_end(conn, site_id) if hidden and len(page) <= limit else None
    has_more = len(page) > limit or len(rows) > limit
    page, rows = page[:limit], rows[:limit]
    last_change = max(page[-1][0] if page else after_change, end or 0)
    last_rejection = rows[-1].id if rows else after_rejection
    head: dict[str, Any] = {"protocol": PROTOCOL, "cursor": f"c1.{last_change}.{last_rejection}",
                            "has_more": has_more, "position": last_change,
                            "rejections": [{"seq": x.seq, "op_id": x.op_id, "code": x.code, "message": x.message}
                                           for x in rows]}
    if not has_more:   # the pull's last page: this terminal's signed remote commands (backend/support.py)
        head["support_commands"] = commands
    changes = ",".join(change for _, change in page).encode()
    return msgspec.json.encode(head)[:-1] + b',"changes":[' + changes + b"]}"


def _site_end(conn: Connection, site_id: str) -> int:
    c = schema.changes.c
    return int(conn.execute(select(func.max(c.id)).where(c.site_id == site_id)).scalar() or 0)
