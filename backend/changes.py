"""Entity state and the per-site change log that pulls follow in commit order.

Why id order is commit order:
* SQLite: every transaction starts with BEGIN IMMEDIATE (backend/db.py), so there is one writer
  at a time and an AUTOINCREMENT id taken inside it is larger than every id already committed.
* PostgreSQL: a BIGSERIAL id alone does not give this (a transaction that took id 11 may commit
  before the one that took id 10, and a pull in between would move its cursor past 10 for ever).
  Change-log appends are serialised per site with a transaction-level advisory lock,
  `pg_advisory_xact_lock(hash(site))`, taken just before the rows are inserted at the very end of
  the transaction and released by COMMIT after the rows are visible. Pull cursors are per site, so
  ids of one site are handed out and become visible strictly in order. Handlers buffer their changes
  in memory, so the lock is held only for the final insert and the commit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, text, update

from backend import schema
from terminal.sync.protocol import ENTITIES, Change


def site_lock_key(site_id: str) -> int:
    """A stable signed 64-bit advisory-lock key for one site's change log."""
    return int.from_bytes(hashlib.sha256(f"handoff-changes:{site_id}".encode()).digest()[:8], "big", signed=True)


def lock_change_log(conn: Connection, site_id: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": site_lock_key(site_id)})


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class EntityStore:
    """Reads and writes one site's entities inside a transaction, buffering the change-log rows."""

    def __init__(self, conn: Connection, site_id: str) -> None:
        self.conn = conn
        self.site_id = site_id
        self.pending: list[Change] = []
        self._lock_rows = conn.dialect.name == "postgresql"

    def _where(self, entity: str, key: str) -> Any:
        e = schema.entities.c
        return and_(e.site_id == self.site_id, e.entity == entity, e.key == key)

    def get(self, entity: str, key: str) -> dict[str, Any] | None:
        """The entity's data, row-locked on PostgreSQL so read-modify-write cannot lose an update."""
        query = select(schema.entities.c.data).where(self._where(entity, key))
        if self._lock_rows:
            query = query.with_for_update()
        row = self.conn.execute(query).first()
        return json.loads(row[0]) if row else None

    def all(self, entity: str) -> list[dict[str, Any]]:
        e = schema.entities.c
        rows = self.conn.execute(select(e.data).where(e.site_id == self.site_id, e.entity == entity).order_by(e.key))
        return [json.loads(r[0]) for r in rows]

    def upsert(self, entity: str, data: dict[str, Any], *, key: str | None = None) -> str:
        """Store the entity's full data; entities in sync-v1's pulled list also go to the change log."""
        spec = ENTITIES.get(entity)
        if key is None:
            if spec is None:
                raise ValueError(f"{entity} needs an explicit key")
            key = spec.key_of(data)
        encoded = dumps(data)
        result = self.conn.execute(update(schema.entities).where(self._where(entity, key)).values(data=encoded))
        if result.rowcount == 0:
            self.conn.execute(insert(schema.entities).values(site_id=self.site_id, entity=entity, key=key,
                                                             data=encoded))
        if spec is not None:
            self.pending.append(Change(entity=entity, key=key, op="upsert", data=data))
        return key

    def delete(self, entity: str, key: str) -> None:
        old = self.get(entity, key)
        self.conn.execute(delete(schema.entities).where(self._where(entity, key)))
        spec = ENTITIES.get(entity)
        if spec is not None and old is not None:
            self.pending.append(Change(entity=entity, key=key, op="delete",
                                       data={k: old[k] for k in spec.keys if k in old}))

    def refresh(self, entity: str, key: str) -> None:
        """Re-send the server's current value so a terminal undoes the effects of a rejected op."""
        spec = ENTITIES.get(entity)
        if spec is None:
            return
        current = self.get(entity, key)
        if current is not None:
            self.pending.append(Change(entity=entity, key=key, op="upsert", data=current))
        else:
            parts = key.split("|")
            data = dict(zip(spec.keys, parts, strict=False)) if len(parts) == len(spec.keys) else {}
            self.pending.append(Change(entity=entity, key=key, op="delete", data=data))

    def mark(self) -> int:
        return len(self.pending)

    def rollback_to(self, mark: int) -> None:
        del self.pending[mark:]

    def flush(self) -> int:
        """Append the buffered changes to the change log, last write per key wins; call last in a transaction."""
        if not self.pending:
            return 0
        latest: dict[tuple[str, str], Change] = {}
        for change in self.pending:
            latest.pop((change["entity"], change["key"]), None)
            latest[(change["entity"], change["key"])] = change
        lock_change_log(self.conn, self.site_id)
        self.conn.execute(insert(schema.changes), [
            {"site_id": self.site_id, "entity": c["entity"], "key": c["key"], "op": c["op"], "data": dumps(c["data"])}
            for c in latest.values()])
        self.pending.clear()
        return len(latest)


def read_changes(conn: Connection, site_id: str, after: int, limit: int) -> list[tuple[int, Change]]:
    c = schema.changes.c
    rows = conn.execute(select(c.id, c.entity, c.key, c.op, c.data)
                        .where(c.site_id == site_id, c.id > after).order_by(c.id).limit(limit))
    return [(r.id, Change(entity=r.entity, key=r.key, op=r.op, data=json.loads(r.data))) for r in rows]


def seed_entities(conn: Connection, site_id: str, entity: str, rows: Iterable[dict[str, Any]]) -> int:
    """Load master data (catalogue, users, lockers…) for a site; each row goes to the change log."""
    store = EntityStore(conn, site_id)
    count = 0
    for row in rows:
        store.upsert(entity, row)
        count += 1
    store.flush()
    return count
