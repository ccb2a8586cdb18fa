"""Entity state and the per-site change log that pulls follow in commit order.

Why id order is commit order:
* SQLite: every transaction starts with BEGIN IMMEDIATE (backend/db.py), so there is one writer
  at a time and an AUTOINCREMENT id taken inside it is larger than every id already committed.
* PostgreSQL: a BIGSERIAL id alone does not give this (a transaction that took id 11 may commit
  before the one that took id 10, and a pull in between would move its cursor past 10 for ever).
  Change-log appends are serialised per site with a transaction-level advisory lock,
  `pg_advisory_xact_lock(hash(site))`, taken just before the rows are inserted at the very end of
  the transaction and released by COMMIT after the rows are visible. Pull cursors are per site, so
  ids of one site are handed out and become visible strictly in order.

Why one lock per site and not one per entity (PostgreSQL):
* Handlers read entities as they go, so per-entity locks were taken in whatever order each push's
  ops happened to read them: two pushes of one site took A-then-B and B-then-A, deadlocked, and
  PostgreSQL aborted one (268 deadlocks, 12 × 503 with 4 workers and 8 terminals of one site).
  Taking the keys in one canonical order would need every key before the first handler runs,
  which handlers cannot tell.
* So a transaction that reads or writes a site's entities takes that site's single lock first
  (`EntityStore.__init__`), the same key as the change-log lock, and holds it to COMMIT: writers of
  one site run one at a time (as on SQLite), sites in parallel, and there is no second lock to take
  in the wrong order. A push holds it for milliseconds (entity reads are by primary key, writes are
  batched in `flush()`); tests/backend/test_backend_contention.py measures it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, delete, select, text

from backend import schema
from backend.bulk import append, encode, upsert_entities
from terminal.sync.protocol import ENTITIES, Change


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"handoff:{name}".encode()).digest()[:8], "big", signed=True)


def site_lock_key(site_id: str) -> int:
    """A stable signed 64-bit advisory-lock key for one site's change log."""
    return _lock_key(f"changes:{site_id}")


def lock_change_log(conn: Connection, site_id: str) -> None:
    """Take the site's lock until COMMIT (re-entrant within a transaction): entities and change log."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": site_lock_key(site_id)})


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# the keys as one JSON text, one index probe each (as backend/push.py `_stored_ops` reads op ids)
_PREFETCH = {
    False: "SELECT e.key, e.data FROM json_each(:keys) AS k CROSS JOIN entities AS e"
           " WHERE e.site_id = :site AND e.entity = :entity AND e.key = k.value",
    True: "SELECT e.key, e.data FROM json_array_elements_text(CAST(:keys AS json)) AS k(key) CROSS JOIN LATERAL"
          " (SELECT key, data FROM entities WHERE site_id = :site AND entity = :entity AND key = k.key) AS e",
}
_MISSING: Any = object()   # journal: the slot was not in the overlay before this write
_LOADED: Any = object()    # journal: the slot was only read from the database (nothing to write)


class EntityStore:
    """Reads and writes one site's entities inside a transaction.

    Writes go to an in-memory overlay (read-your-writes) and reach the database in `flush()` as a
    few batched statements, so a push of 500 ops costs one read per entity touched, and rolling
    back one rejected op is `rollback_to(mark)` — no savepoint per op."""

    def __init__(self, conn: Connection, site_id: str) -> None:
        self.conn = conn
        self.site_id = site_id
        self.pending: list[Change] = []
        self._overlay: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._journal: list[tuple[tuple[str, str], Any]] = []   # (slot, value before) for rollback
        # the site's one lock before any read: two pushes of a site cannot both see "compartment
        # empty" and both fill it, and READ COMMITTED then reads the latest committed values
        lock_change_log(conn, site_id)

    def _where(self, entity: str, key: str) -> Any:
        e = schema.entities.c
        return and_(e.site_id == self.site_id, e.entity == entity, e.key == key)

    def _load(self, entity: str, key: str) -> dict[str, Any] | None:
        query = select(schema.entities.c.data).where(self._where(entity, key))
        row = self.conn.execute(query).first()
        return json.loads(row[0]) if row else None

    def prefetch(self, slots: Iterable[tuple[str, str]]) -> None:
        """Read these entities (absent ones as absent) in one query per entity kind, before the handlers
        ask for them one by one: a push's ops name what they touch (their footprint), and a read per
        entity was a round trip each on PostgreSQL. Only reads: nothing is written back for them."""
        wanted: dict[str, list[str]] = {}
        for entity, key in slots:
            if (entity, key) not in self._overlay:
                wanted.setdefault(entity, []).append(key)
        for entity, keys in wanted.items():
            keys = sorted(set(keys))
            found = {key: json.loads(data) for key, data in self.conn.execute(
                text(_PREFETCH[self.conn.dialect.name == "postgresql"]),
                {"site": self.site_id, "entity": entity, "keys": encode(keys)})}
            for key in keys:
                self._overlay[(entity, key)] = found.get(key)
                self._journal.append(((entity, key), _LOADED))

    def get(self, entity: str, key: str) -> dict[str, Any] | None:
        """A copy of the entity's data (None when absent); change it and `upsert` it back."""
        slot = (entity, key)
        if slot not in self._overlay:
            self._overlay[slot] = self._load(entity, key)
            self._journal.append((slot, _LOADED))
        value = self._overlay[slot]
        return dict(value) if value is not None else None

    def all(self, entity: str) -> list[dict[str, Any]]:
        e = schema.entities.c
        rows = self.conn.execute(select(e.key, e.data).where(e.site_id == self.site_id, e.entity == entity))
        found = {key: json.loads(data) for key, data in rows}
        for (kind, key), value in self._overlay.items():
            if kind == entity:
                found[key] = value
        return [dict(found[k]) for k in sorted(found) if found[k] is not None]

    def _set(self, entity: str, key: str, value: dict[str, Any] | None) -> None:
        slot = (entity, key)
        self._journal.append((slot, self._overlay.get(slot, _MISSING)))
        self._overlay[slot] = value

    def upsert(self, entity: str, data: dict[str, Any], *, key: str | None = None) -> str:
        """Store the entity's full data; entities in sync-v1's pulled list also go to the change log."""
        spec = ENTITIES.get(entity)
        if key is None:
            if spec is None:
                raise ValueError(f"{entity} needs an explicit key")
            key = spec.key_of(data)
        self._set(entity, key, dict(data))
        if spec is not None:
            self.pending.append(Change(entity=entity, key=key, op="upsert", data=dict(data)))
        return key

    def delete(self, entity: str, key: str) -> None:
        old = self.get(entity, key)
        self._set(entity, key, None)
        spec = ENTITIES.get(entity)
        if spec is not None and old is not None:
            self.pending.append(Change(entity=entity, key=key, op="delete",
                                       data={k: old[k] for k in spec.keys if k in old}))

    def refresh(self, entity: str, key: str, *, delete_missing: bool = True) -> None:
        """Re-send the server's current value so a terminal undoes the effects of a rejected op.

        A row the server does not have is re-sent as a delete only when `delete_missing`: after a
        fact (a deposit, a pickup) the terminal's row stands for something physical, and its own
        records (the door journal) refer to it, so it is never deleted (docs/PROTOCOL.md)."""
        spec = ENTITIES.get(entity)
        if spec is None:
            return
        current = self.get(entity, key)
        if current is not None:
            self.pending.append(Change(entity=entity, key=key, op="upsert", data=current))
        elif delete_missing:
            parts = key.split("|")
            data = dict(zip(spec.keys, parts, strict=False)) if len(parts) == len(spec.keys) else {}
            self.pending.append(Change(entity=entity, key=key, op="delete", data=data))

    def mark(self) -> tuple[int, int]:
        return len(self._journal), len(self.pending)

    def rollback_to(self, mark: tuple[int, int]) -> None:
        """Forget every write since `mark` (a rejected op leaves no trace)."""
        journal_len, pending_len = mark
        while len(self._journal) > journal_len:
            slot, before = self._journal.pop()
            if before is _MISSING or before is _LOADED:
                self._overlay.pop(slot, None)
            else:
                self._overlay[slot] = before
        del self.pending[pending_len:]

    def _write_overlay(self) -> None:
        dirty = {slot for slot, before in self._journal if before is not _LOADED}
        upserts = [(self.site_id, e, k, encode(self._overlay[(e, k)]))
                   for (e, k) in dirty if self._overlay.get((e, k)) is not None]
        deletes = [(e, k) for (e, k) in dirty if (e, k) in self._overlay and self._overlay[(e, k)] is None]
        upsert_entities(self.conn, upserts)
        for entity, key in deletes:
            self.conn.execute(delete(schema.entities).where(self._where(entity, key)))
        self._journal.clear()

    def flush(self) -> int:
        """Write the overlay, then append the changes to the change log (last write per key wins).

        Call it last in a transaction (the site lock, taken when the store was made, is held to COMMIT)."""
        self._write_overlay()
        if not self.pending:
            return 0
        latest: dict[tuple[str, str], Change] = {}
        for change in self.pending:
            latest.pop((change["entity"], change["key"]), None)
            latest[(change["entity"], change["key"])] = change
        append(self.conn, schema.changes, ("site_id", "entity", "key", "op", "data"),
               [(self.site_id, c["entity"], c["key"], c["op"], encode(c["data"])) for c in latest.values()])
        self.pending.clear()
        return len(latest)


def read_changes(conn: Connection, site_id: str, after: int, limit: int) -> list[tuple[int, Change]]:
    c = schema.changes.c
    rows = conn.execute(select(c.id, c.entity, c.key, c.op, c.data)
                        .where(c.site_id == site_id, c.id > after).order_by(c.id).limit(limit))
    return [(r.id, Change(entity=r.entity, key=r.key, op=r.op, data=json.loads(r.data))) for r in rows]


def seed_entities(conn: Connection, site_id: str, entity: str, rows: Iterable[dict[str, Any]]) -> int:
    """Load master data (catalogue, users, lockers…) for a site; each row goes to the change log.
    Badges are hashed first: a plain badge is never stored."""
    if entity == "badge":
        from backend.badges import hashed_rows  # backend.badges stores entities through this module

        rows = hashed_rows(conn, site_id, rows)
    store = EntityStore(conn, site_id)
    count = 0
    for row in rows:
        store.upsert(entity, row)
        count += 1
    store.flush()
    return count
