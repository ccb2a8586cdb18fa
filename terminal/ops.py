"""Named operations: the ONLY way a terminal's state changes (DESIGN §3).

A handler validates its arguments and changes domain tables; `apply_op` runs it and appends the
operation to the outbox in the same SQLite transaction, so either both happen or neither does.
Handlers live beside their capability (`terminal/<capability>/ops.py`) and register by name with
`@operation`; the backend keeps its own handlers under the same names."""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from terminal import changes
from terminal.clock import Clock, SystemClock, iso
from terminal.errors import OpRejected
from terminal.ids import new_id
from terminal.store import transaction

Args = dict[str, Any]


@dataclass
class OpContext:
    """What a handler may use: the open transaction, the moment of the op and its id."""

    db: sqlite_utils.Database
    now: datetime
    op_id: str
    events: list[tuple[str, Args]] = field(default_factory=list)

    @property
    def at(self) -> str:
        return iso(self.now)

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        """The first row of a query, or None."""
        return self.db.execute(sql, params).fetchone()

    def raise_exception(
        self, kind: str, message: str, *, ref_type: str = "", ref_id: str = "", details: Args | None = None
    ) -> str:
        """Record an exception for a supervisor as part of this op."""
        exc_id = new_id()
        self.db.execute(
            "INSERT INTO exceptions (id, kind, raised_at, ref_type, ref_id, message, details)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (exc_id, kind, self.at, ref_type, ref_id, message, json.dumps(details or {})),
        )
        return exc_id

    def audit(self, action: str, *, user_id: str | None = None, ref_type: str = "", ref_id: str = "",
              details: Args | None = None) -> None:
        self.db.execute(
            "INSERT INTO audit_log (at, user_id, action, ref_type, ref_id, details) VALUES (?, ?, ?, ?, ?, ?)",
            (self.at, user_id, action, ref_type, ref_id, json.dumps(details or {})),
        )


Handler = Callable[[OpContext, Args], "Args | None"]


@dataclass(frozen=True)
class OpSpec:
    name: str
    handler: Handler
    fact: bool  # a fact about the physical world: the server never rejects it (DESIGN §3)


_REGISTRY: dict[str, OpSpec] = {}


def operation(name: str, *, fact: bool = False) -> Callable[[Handler], Handler]:
    """Register `handler` as the terminal's implementation of the named operation."""

    def register(handler: Handler) -> Handler:
        existing = _REGISTRY.get(name)
        if existing and existing.handler is not handler:
            raise RuntimeError(f"operation {name} is registered twice")
        _REGISTRY[name] = OpSpec(name, handler, fact)
        return handler

    return register


def load_operations() -> dict[str, OpSpec]:
    """Import every `terminal.<capability>.ops` module so all operations are registered."""
    import terminal

    for module in pkgutil.iter_modules(terminal.__path__):
        if module.ispkg and importlib.util.find_spec(f"terminal.{module.name}.ops") is not None:
            importlib.import_module(f"terminal.{module.name}.ops")
    return dict(_REGISTRY)


def get_operation(name: str) -> OpSpec:
    if name not in _REGISTRY:
        load_operations()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise OpRejected("unknown_op", f"There is no operation called {name}.") from None


@dataclass(frozen=True)
class ChangeSet:
    """What one op (or one applied pull checkpoint) wrote: the synced entities by key, and every table.

    Published after commit so screens refresh from it instead of polling (DESIGN §3)."""

    entities: frozenset[tuple[str, str]] = frozenset()   # (entity name in ENTITIES, change key)
    tables: frozenset[str] = frozenset()

    def touches(self, *tables: str) -> bool:
        return any(t in self.tables for t in tables)


@dataclass(frozen=True)
class AppliedOp:
    seq: int
    op_id: str
    name: str
    args: Args
    at: str
    result: Args
    changes: ChangeSet = ChangeSet()


def apply_op(db: sqlite_utils.Database, name: str, args: Mapping[str, Any], *,
             clock: Clock | None = None, op_id: str | None = None) -> AppliedOp:
    """Validate and apply one named operation and queue it for sync, atomically.

    Raises OpRejected (nothing written) when the handler refuses it."""
    spec = get_operation(name)
    payload = dict(args)
    try:
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise OpRejected("bad_args", f"{name} got arguments that cannot be stored: {exc}.") from exc
    now = (clock or SystemClock()).now()
    ctx = OpContext(db=db, now=now, op_id=op_id or new_id())
    with transaction(db), changes.tables_written(db) as written:
        result = spec.handler(ctx, payload) or {}
        seq = db.execute("UPDATE op_seq SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq").fetchone()[0]
        db.execute(
            "INSERT INTO outbox (seq, op_id, name, args, at) VALUES (?, ?, ?, ?, ?)",
            (seq, ctx.op_id, name, encoded, ctx.at),
        )
    applied = AppliedOp(seq, ctx.op_id, name, payload, ctx.at, result, ChangeSet(tables=frozenset(written)))
    if not db.conn.in_transaction:   # inside a caller's transaction, nothing is visible until it commits
        changes.publish(db, applied.changes)
    return applied


def require(condition: object, code: str, message: str, *args: object) -> None:
    """Refuse the op with a stable code and a sentence for the operator unless `condition` holds.

    `args` are the details the sentence names (for a translated screen), in the order of its words."""
    if not condition:
        raise OpRejected(code, message, args)
