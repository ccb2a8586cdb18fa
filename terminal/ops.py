"""Named operations: the ONLY way a terminal's state changes (DESIGN §3).

`apply_op` checks the args against the op's declaration, runs its handler (which may still refuse
the op on the state it finds) and appends the operation to the outbox in the same SQLite
transaction, so either both happen or neither does.
Handlers live beside their capability (`terminal/<capability>/ops.py`) and are declared there, once,
with `@operation`: args model, fact, roles, secret fields and footprint. The backend reads the same
declaration (backend/handlers) and adds its own re-implementation of an op's effect where it has one."""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from terminal import changes, op_writes
from terminal.clock import Clock, SystemClock, iso
from terminal.errors import OpRejected
from terminal.exception_messages import exception_text
from terminal.ids import new_id
from terminal.opargs import OpArgs, ValidationError, check
from terminal.store import transaction

Args = dict[str, Any]


@dataclass
class OpContext:
    """What a handler may use: the open transaction, the moment of the op and its id."""

    db: sqlite_utils.Database
    now: datetime
    op_id: str
    events: list[tuple[str, Args]] = field(default_factory=list)
    movements: list[str] = field(default_factory=list)   # ids of the stock movements written (inventory/ledger.py)

    @property
    def at(self) -> str:
        return iso(self.now)

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        """The first row of a query, or None."""
        return self.db.execute(sql, params).fetchone()

    def raise_exception(
        self, kind: str, code: str, *args: object, ref_type: str = "", ref_id: str = "", details: Args | None = None
    ) -> str:
        """Record an exception for a supervisor as part of this op, its sentence as `code` + `args`
        (terminal.exception_messages) so every screen words it in its reader's language."""
        message, coded = exception_text(code, *args)
        exc_id = new_id()
        self.db.execute(
            "INSERT INTO exceptions (id, kind, raised_at, ref_type, ref_id, message, details)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (exc_id, kind, self.at, ref_type, ref_id, message, json.dumps({**(details or {}), **coded})),
        )
        return exc_id

    def audit(self, action: str, *, user_id: str | None = None, ref_type: str = "", ref_id: str = "",
              details: Args | None = None) -> None:
        self.db.execute(
            "INSERT INTO audit_log (at, user_id, action, ref_type, ref_id, details) VALUES (?, ?, ?, ?, ?, ?)",
            (self.at, user_id, action, ref_type, ref_id, json.dumps(details or {})),
        )


Handler = Callable[[OpContext, Args], "Args | None"]
Key = tuple[str, Any]      # (entity name in ENTITIES, change key); a None key (not known yet) is skipped
Footprint = Callable[[Args, Args], Iterable[Key]]       # (args, result) -> what the op writes
Secret = tuple[str, ...] | Callable[[Args], Iterable[str]]

#: the roles a terminal is enrolled with (`enroll-code --role`); the server checks each op's `roles`
TERMINAL_ROLES = ("station", "kiosk", "supervisor")
ANY_TERMINAL = frozenset(TERMINAL_ROLES)
REDACTED = "***"


def _no_footprint(args: Args, result: Args) -> Iterable[Key]:
    return ()


@dataclass(frozen=True)
class OpSpec:
    """One operation's declaration: the only list of what it takes, who may issue it and what it writes."""

    name: str
    handler: Handler
    fact: bool                 # a fact about the physical world: the server never rejects it (DESIGN §3)
    args: type[OpArgs]         # validated on the terminal before anything is written, and on the server
    roles: frozenset[str]      # enrolled terminal roles that may issue it (checked by the server)
    secret: Secret = ()        # fields never encoded, logged or pushed (replaced by REDACTED)
    footprint: Footprint = _no_footprint   # synced entities it writes, from args (and the result, if known)

    def invalid(self, args: object) -> str | None:
        """None when `args` fit the declaration, else one sentence saying which field is wrong."""
        try:
            check(self.args, args)
        except ValidationError as exc:
            return f"{self.name} got arguments it cannot use ({exc}); nothing was changed."
        return None

    def redacted(self, args: Args) -> Args:
        fields = self.secret if isinstance(self.secret, tuple) else tuple(self.secret(args))
        return {k: (REDACTED if k in fields and v is not None else v) for k, v in args.items()}

    def keys(self, args: Args, result: Args | None = None) -> frozenset[tuple[str, str]]:
        """The declared footprint; without a result, what the args alone name (the server's view)."""
        return frozenset((entity, str(key)) for entity, key in self.footprint(args, result or {})
                         if key is not None and key != "")


_REGISTRY: dict[str, OpSpec] = {}


def operation(name: str, *, args: type[OpArgs], fact: bool = False, roles: Iterable[str] = ANY_TERMINAL,
              secret: Secret = (), footprint: Footprint = _no_footprint) -> Callable[[Handler], Handler]:
    """Declare the named operation and register `handler` as the terminal's implementation of it."""
    unknown = set(roles) - ANY_TERMINAL
    if unknown:
        raise RuntimeError(f"operation {name} names roles no terminal has: {sorted(unknown)}")

    def register(handler: Handler) -> Handler:
        existing = _REGISTRY.get(name)
        if existing and existing.handler is not handler:
            raise RuntimeError(f"operation {name} is registered twice")
        _REGISTRY[name] = OpSpec(name, handler, fact, args, frozenset(roles), secret, footprint)
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

    The args are checked against the op's declaration and its secret fields redacted before anything
    else: the handler, the outbox and the backend all see the same redacted args. Raises OpRejected
    (nothing written) when they do not fit or the handler refuses the op."""
    spec = get_operation(name)
    problem = spec.invalid(args)
    if problem:
        raise OpRejected("bad_args", problem)
    payload = spec.redacted(dict(args))
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, allow_nan=False)
    now = (clock or SystemClock()).now()
    ctx = OpContext(db=db, now=now, op_id=op_id or new_id())
    with transaction(db):
        op_writes.start(db)
        result = spec.handler(ctx, payload) or {}
        written = op_writes.collect(db)
        # every op's declaration includes the stock movements it wrote: the ledger is the one way stock moves
        declared = spec.keys(payload, result) | {("stock_movement", m) for m in ctx.movements}
        # what pulls wait for: the declaration and every synced row the handler really wrote
        footprint = declared | written.entities
        seq = db.execute("UPDATE op_seq SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq").fetchone()[0]
        if keeps_footprints(db):
            db.execute(
                "INSERT INTO outbox (seq, op_id, name, args, at, footprint) VALUES (?, ?, ?, ?, ?, ?)",
                (seq, ctx.op_id, name, encoded, ctx.at, json.dumps(sorted(declared), ensure_ascii=False)),
            )
            db.conn.executemany("INSERT INTO outbox_footprint (op_id, entity, key) VALUES (?, ?, ?)",
                                [(ctx.op_id, entity, key) for entity, key in sorted(footprint)])
        else:   # a database the previous release left (schema before 0071), not migrated yet
            db.execute("INSERT INTO outbox (seq, op_id, name, args, at) VALUES (?, ?, ?, ?, ?)",
                       (seq, ctx.op_id, name, encoded, ctx.at))
    applied = AppliedOp(seq, ctx.op_id, name, payload, ctx.at, result, ChangeSet(footprint, written.tables | _QUEUED))
    if not db.conn.in_transaction:   # inside a caller's transaction, nothing is visible until it commits
        changes.publish(db, applied.changes)
    return applied


#: every op also writes the outbox and its seq (the status bar's "ops waiting" follows them)
_QUEUED = frozenset({"outbox", "op_seq", "outbox_footprint"})


def keeps_footprints(db: sqlite_utils.Database) -> bool:
    """Whether the database has the outbox footprints of schema 0071 (a connection may be older)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox_footprint'"
                      ).fetchone() is not None


def require(condition: object, code: str, message: str, *args: object) -> None:
    """Refuse the op with a stable code and a sentence for the operator unless `condition` holds.

    `args` are the details the sentence names (for a translated screen), in the order of its words."""
    if not condition:
        raise OpRejected(code, message, args)
