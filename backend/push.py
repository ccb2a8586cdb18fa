"""Apply a terminal's push: sync-v1's per-seq rules, one transaction per batch, compare-and-set on last_seq."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from backend import schema, shop_events
from backend.bulk import append, encode
from backend.changes import EntityStore, dumps
from backend.handlers import ServerContext, ServerHandler, resolve
from terminal.errors import OpRejected
from terminal.sync.protocol import PROTOCOL, OpResult, WireOp

log = logging.getLogger("backend.push")
RETRIES = 5


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class PushOutcome:
    status: int
    body: dict[str, Any]


class _LostRace(Exception):
    """Another push of the same terminal committed first: start again from its last_seq."""


class Transient(Exception):
    """The store could not take the batch now; the terminal retries later (503)."""


def apply_push(engine: Engine, terminal_id: str, site_id: str, ops: list[WireOp]) -> PushOutcome:
    for _attempt in range(RETRIES):
        try:
            with engine.begin() as conn:
                return _apply(conn, terminal_id, site_id, ops)
        except (_LostRace, IntegrityError):
            continue        # a concurrent push or insert won; re-read and answer duplicates
        except OperationalError as exc:
            log.warning("push of terminal %s hit a transient store error: %s", terminal_id, exc.orig)
            continue
        except DBAPIError as exc:
            raise Transient(str(exc.orig)) from exc
    raise Transient("the store is busy")


@dataclass(frozen=True)
class _Stored:
    seq: int
    op_id: str
    name: str
    args: str
    status: str
    code: str | None


def _stored_ops(conn: Connection, terminal_id: str, ops: list[WireOp]) -> dict[str, _Stored]:
    """The ops of this batch the server already has for the terminal, by op_id (under any seq)."""
    if not ops:
        return {}
    ids = encode([op["op_id"] for op in ops])
    # one index probe per id, the ids passed as one JSON text. PostgreSQL: without statistics (a young
    # table) its planner answered an IN list by scanning every op of the terminal (27 ms a batch at 10k
    # ops, growing with the log). SQLite: building a 500-value IN list through SQLAlchemy took 10 ms a
    # batch; CROSS JOIN keeps json_each the outer loop (otherwise SQLite scans the terminal's ops).
    columns = "SELECT o.seq, o.op_id, o.name, o.args, o.status, o.code"
    if conn.dialect.name == "postgresql":
        query = (f"{columns} FROM json_array_elements_text(CAST(:ids AS json)) AS i(op_id) CROSS JOIN LATERAL"
                 " (SELECT * FROM ops WHERE terminal_id = :terminal AND op_id = i.op_id LIMIT 1) AS o")
    else:
        query = (f"{columns} FROM json_each(:ids) AS i CROSS JOIN ops AS o"
                 " WHERE o.terminal_id = :terminal AND o.op_id = i.value")
    rows = conn.execute(text(query), {"ids": ids, "terminal": terminal_id})
    return {r.op_id: _Stored(r.seq, r.op_id, r.name, r.args, r.status, r.code) for r in rows}


def _same_contents(stored: _Stored, op: WireOp) -> bool:
    """A re-sent op is the one stored when its name and args are too. The ops log keeps the args as
    compact sorted JSON; rows written by older backends (json.dumps: `1e+16` where msgspec writes
    `1e16`) are compared as values when the text differs."""
    if stored.status == "rejected" and stored.args == "{}":
        # refused at the door: its args were not kept (they may hold what no store can take), so a
        # re-send of it can only be checked by name
        return stored.name == op["name"]
    if stored.name != op["name"]:
        return False
    return stored.args == encode(op["args"]) or json.loads(stored.args) == op["args"]


def _diverged(terminal_id: str, last: int, ops: list[WireOp], known: dict[str, _Stored]) -> PushOutcome | None:
    """409 when the batch is not this server's history of the terminal (sync-v1 Amendments).

    A seq the server has is a duplicate only when it is the same op (op_id, name and args); an op_id
    the server has under another seq is never applied twice. Nothing of the batch is applied."""
    for op in ops:
        stored = known.get(op["op_id"])
        if op["seq"] <= last and stored is not None and stored.seq == op["seq"]:
            if not _same_contents(stored, op):
                log.warning("terminal %s re-sent op %s (seq %s) with other contents", terminal_id, op["op_id"],
                            op["seq"])
                return PushOutcome(409, {
                    "protocol": PROTOCOL, "error": "op_mismatch", "last_seq": last,
                    "message": f"Op {op['seq']} ({op['op_id']}) was sent before with other contents; this "
                               "terminal's outbox was changed by hand or damaged. Stop it and call support."})
            continue
        if op["seq"] <= last or stored is not None:
            log.warning("terminal %s pushed a history that differs from the server's at seq %s (last %s)",
                        terminal_id, op["seq"], last)
            return PushOutcome(409, {
                "protocol": PROTOCOL, "error": "history_diverged", "last_seq": last,
                "known_op_ids": sorted(known),
                "message": f"This terminal's ops from {op['seq']} on differ from what the backend has (last op "
                           f"{last}): it was restored from a backup or copied. Update the terminal; it re-numbers "
                           "its unsent ops after the backend's by itself."})
    return None


def _checkpoint(conn: Connection, site_id: str) -> int:
    """The site's change-log position now: it includes the effects of every op stored so far."""
    return int(conn.execute(select(func.max(schema.changes.c.id))
                            .where(schema.changes.c.site_id == site_id)).scalar() or 0)


_OP_COLUMNS = ("terminal_id", "seq", "op_id", "name", "args", "at", "status", "code", "applied_at", "changes_before")
_REJECTION_COLUMNS = ("terminal_id", "seq", "op_id", "code", "message", "at")
_EXCEPTION_COLUMNS = ("site_id", "terminal_id", "op_id", "kind", "message", "details", "raised_at", "status")


def _apply(conn: Connection, terminal_id: str, site_id: str, ops: list[WireOp]) -> PushOutcome:
    state = schema.terminal_state.c
    last = conn.execute(select(state.last_seq).where(state.terminal_id == terminal_id)).scalar_one()
    known = _stored_ops(conn, terminal_id, ops)
    refused = _diverged(terminal_id, last, ops, known)
    if refused is not None:
        return refused
    now = now_iso()
    store = EntityStore(conn, site_id)
    changes_before = _checkpoint(conn, site_id)
    results: list[OpResult] = []
    new_last = last
    op_rows: list[tuple[Any, ...]] = []
    rejection_rows: list[tuple[Any, ...]] = []
    exception_rows: list[tuple[Any, ...]] = []
    specs: dict[str, ServerHandler | None] = {}   # one look-up per op name and batch
    for op in ops:
        seq = op["seq"]
        if seq <= last:
            first = known.get(op["op_id"])
            status, code = (first.status, first.code) if first else ("applied", None)
            results.append(OpResult(seq=seq, op_id=op["op_id"], status="duplicate", code=code,
                                    message=f"first answer: {status}"))
            continue
        if seq > new_last + 1:
            # ops are contiguous (validated), so this can only be the first new op: nothing applied yet
            return PushOutcome(409, {"protocol": PROTOCOL, "expected_seq": new_last + 1, "last_seq": new_last,
                                     "error": "gap",
                                     "message": f"Expected op {new_last + 1} next, got {seq}; resend from there."})
        name = op["name"]
        spec = specs[name] if name in specs else specs.setdefault(name, resolve(name))
        if spec is None:
            # the terminal runs code newer than this backend: stop before the op (nothing is lost)
            log.warning("terminal %s pushed op %s, which this backend does not know", terminal_id, name)
            if new_last == last:
                return PushOutcome(426, {"protocol": PROTOCOL, "error": "update_needed", "last_seq": last,
                                         "message": f"This backend does not know the operation {name}; "
                                                    "update the backend to this terminal's version."})
            break   # apply what came before it; the next push starts at the unknown op and gets the 426
        status, code, message, raised = _execute(conn, store, spec, terminal_id, site_id, op, now)
        op_rows.append((terminal_id, seq, op["op_id"], name, encode(op["args"]), op["at"], status, code, now,
                        changes_before))
        if status == "rejected":
            rejection_rows.append((terminal_id, seq, op["op_id"], code, message, now))
        for exc in raised:
            exception_rows.append((site_id, terminal_id, op["op_id"], exc["kind"], exc["message"],
                                   dumps(exc["details"]), now, "open"))
        result = OpResult(seq=seq, op_id=op["op_id"], status="rejected" if status == "rejected" else "applied",
                          code=code)
        if message:
            result["message"] = message
        results.append(result)
        new_last = seq
    if new_last != last:
        cas = conn.execute(update(schema.terminal_state)
                           .where(and_(state.terminal_id == terminal_id, state.last_seq == last))
                           .values(last_seq=new_last))
        if cas.rowcount != 1:
            raise _LostRace()
        append(conn, schema.ops, _OP_COLUMNS, op_rows)
        append(conn, schema.rejections, _REJECTION_COLUMNS, rejection_rows)
        append(conn, schema.exceptions, _EXCEPTION_COLUMNS, exception_rows)
        if store.flush():
            changes_before = _checkpoint(conn, site_id)
    return PushOutcome(200, {"protocol": PROTOCOL, "last_seq": new_last, "results": results,
                             "checkpoint": changes_before})


def _terminal_role(conn: Connection, terminal_id: str) -> str:
    """The role the terminal was enrolled with (a terminal keeps it for life; a new role is a new enrolment)."""
    cache: dict[str, str] = conn.info.setdefault("terminal_roles", {})
    if terminal_id not in cache:
        t = schema.terminals.c
        cache[terminal_id] = conn.execute(select(t.role).where(t.id == terminal_id)).scalar() or ""
    return cache[terminal_id]


def _refused_at_the_door(spec: ServerHandler, op: WireOp, role: str,
                         store: EntityStore) -> tuple[str, str | None, str, list[dict[str, Any]]] | None:
    """Args that do not fit the op's declaration, or a role that may not send it: the op never runs.

    It is `rejected` even when it is a fact — "never rejected" is about business conflicts, not about
    input no handler can use — with an exception for a supervisor. Its args are not kept (they may hold
    what no store can take, NUL or a lone surrogate); nothing of it reaches another terminal."""
    refusal = spec.refusal(op["args"], role)
    if refusal is None:
        return None
    code, message = refusal
    if code != "bad_args":
        # valid args from the wrong terminal: re-send what its local effects changed so it converges
        for entity, key in spec.touches(op["args"]):
            store.refresh(entity, key, delete_missing=not spec.fact)
    op["args"] = {}
    details = {"code": code, "name": op["name"], "seq": op["seq"], "role": role}
    return "rejected", code, message, [{"kind": "refused_op", "message": message, "details": details}]


def _execute(conn: Connection, store: EntityStore, spec: ServerHandler, terminal_id: str, site_id: str,
             op: WireOp, now: str) -> tuple[str, str | None, str, list[dict[str, Any]]]:
    """Run one op's handler with an undo mark in the overlay: (status, code, message, exceptions raised)."""
    role = _terminal_role(conn, terminal_id)
    refused = _refused_at_the_door(spec, op, role, store)
    if refused is not None:
        log.warning("terminal %s: %s (seq %s) refused: %s", terminal_id, op["name"], op["seq"], refused[1])
        return refused
    ctx = ServerContext(store=store, site_id=site_id, terminal_id=terminal_id, op_id=op["op_id"], at=op["at"],
                        now=now, role=role)
    mark = store.mark()
    watched = shop_events.watch(store, op["name"], op["args"])   # statuses before, for events and messages
    try:
        spec.func(ctx, op["args"])
    except OpRejected as exc:
        code, message = exc.code, exc.message
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        code, message = "bad_args", f"{op['name']} has arguments the server cannot use ({type(exc).__name__}: {exc})."
    else:
        shop_events.record(conn, store, site_id, terminal_id, op["op_id"], op["at"], watched)
        return "applied", None, "", ctx.exceptions
    store.rollback_to(mark)
    # the terminal already applied the op locally: re-send the server's rows so it converges
    for entity, key in spec.touches(op["args"]):
        store.refresh(entity, key, delete_missing=not spec.fact)
    if spec.fact:
        # a fact from the physical world is never rejected: the conflict goes to a supervisor
        details = {"code": code, "name": op["name"], "args": op["args"]}
        return "applied", code, message, [{"kind": "conflict", "message": message, "details": details}]
    return "rejected", code, message, []
