"""The outbox side of push: pending ops in seq order, acknowledgements, rejections as exceptions."""

from __future__ import annotations

import json
from collections.abc import Iterable

import msgspec
import sqlite_utils

from terminal.clock import Clock, SystemClock, iso
from terminal.exception_messages import exception_text
from terminal.store import transaction
from terminal.sync.protocol import MAX_BODY_BYTES, MAX_OPS, OpResult, OutgoingOp, Rejection

#: room left in a 1 MiB body for the envelope and JSON punctuation
_BATCH_BYTES = MAX_BODY_BYTES - 16_384


def pending_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0])


def first_pending_seq(db: sqlite_utils.Database) -> int | None:
    row = db.execute("SELECT min(seq) FROM outbox WHERE acked = 0").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def next_batch(db: sqlite_utils.Database, *, from_seq: int | None = None, max_ops: int = MAX_OPS,
               raw_args: bool = False) -> list[OutgoingOp]:
    """Up to 500 ops (and under 1 MiB) from `from_seq` (default: the first unacknowledged), in seq order.

    `from_seq` may point at acknowledged ops: after a 409 the backend asks to resend from there.
    With `raw_args` each op's args stay the JSON text the outbox keeps (`msgspec.Raw`), which the
    client writes into the body as it is: decoding and re-encoding them was a tenth of a push."""
    start = first_pending_seq(db) if from_seq is None else from_seq
    if start is None:
        return []
    rows = db.execute("SELECT seq, op_id, name, args, at FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?",
                      (start, max_ops)).fetchall()
    batch: list[OutgoingOp] = []
    size = 0
    for seq, op_id, name, args, at in rows:
        size += len(args.encode()) + len(op_id) + len(name) + len(at) + 64
        if batch and size > _BATCH_BYTES:
            break
        if batch and seq != batch[-1]["seq"] + 1:
            break   # acknowledged ops may have been pruned; never send a gap
        batch.append(OutgoingOp(seq=seq, op_id=op_id, name=name, at=at,
                            args=msgspec.Raw(args.encode()) if raw_args else json.loads(args)))
    return batch


def acknowledge(db: sqlite_utils.Database, last_seq: int, results: Iterable[OpResult], *,
                clock: Clock | None = None) -> int:
    """Mark every op up to `last_seq` acknowledged, with its result, in one local transaction."""
    by_seq = {r["seq"]: r for r in results if isinstance(r, dict) and "seq" in r}
    with transaction(db):
        cursor = db.execute("UPDATE outbox SET acked = 1, result = coalesce(result, 'applied')"
                            " WHERE seq <= ? AND acked = 0", (last_seq,))
        for seq, result in by_seq.items():
            if seq > last_seq:
                continue
            if result.get("status") == "rejected":
                op = db.execute("SELECT op_id FROM outbox WHERE seq = ?", (seq,)).fetchone()
                if op is not None:
                    record_rejections(db, [Rejection(seq=seq, op_id=op[0], code=str(result.get("code") or ""),
                                                     message=str(result.get("message") or ""))], clock=clock)
        return int(cursor.rowcount)


def rebase(db: sqlite_utils.Database, server_last: int, known_op_ids: Iterable[str]) -> tuple[int, int]:
    """After `history_diverged`: the backend's history of this terminal is not the local one (a restored
    backup, a copied database). op_id is the identity: unacknowledged ops the backend has are
    acknowledged (it stored them), the others get new seqs right after the backend's `last_seq`, in
    their order, and op_seq continues after them. Returns (acknowledged, renumbered)."""
    known = set(known_op_ids)
    with transaction(db):
        pending = db.execute("SELECT seq, op_id FROM outbox WHERE acked = 0 ORDER BY seq").fetchall()
        stored = [(op_id,) for _, op_id in pending if op_id in known]
        db.conn.executemany("UPDATE outbox SET acked = 1, result = 'duplicate' WHERE op_id = ?", stored)
        rest = [seq for seq, op_id in pending if op_id not in known]
        # acknowledged rows above the backend's last_seq were lost by the backend: they go first
        # (it asks for them again with a gap answer), the unsent ones after them
        top = db.execute("SELECT max(seq) FROM outbox WHERE acked = 1").fetchone()[0] or 0
        base = max(server_last, top)
        # two steps, so no new seq ever collides with an old one on the primary key
        db.conn.executemany("UPDATE outbox SET seq = ? WHERE seq = ?", [(-seq, seq) for seq in rest])
        db.conn.executemany("UPDATE outbox SET seq = ? WHERE seq = ?",
                            [(base + i, -seq) for i, seq in enumerate(rest, start=1)])
        db.execute("UPDATE op_seq SET last_seq = ? WHERE id = 1", (base + len(rest),))
    return len(stored), len(rest)


def record_rejections(db: sqlite_utils.Database, rejections: Iterable[Rejection], *, clock: Clock | None = None) -> int:
    """Store each rejection as an exception (kind 'sync_rejection') once, and mark its outbox row."""
    at = iso((clock or SystemClock()).now())
    count = 0
    with transaction(db):
        for rej in rejections:
            op = db.execute("SELECT name, args FROM outbox WHERE op_id = ?", (rej["op_id"],)).fetchone()
            name = op[0] if op else "?"
            message = rej.get("message") or f"The backend refused {name} ({rej['code']})."
            said, coded = exception_text("sync_rejection", name, message)
            details = {"seq": rej["seq"], "op_id": rej["op_id"], "code": rej["code"], "name": name,
                       "args": json.loads(op[1]) if op else None, **coded}
            cursor = db.execute(
                "INSERT OR IGNORE INTO exceptions (id, kind, raised_at, ref_type, ref_id, message, details)"
                " VALUES (?, 'sync_rejection', ?, 'op', ?, ?, ?)",
                (f"sync-rejection-{rej['op_id']}", at, rej["op_id"], said,
                 json.dumps(details, ensure_ascii=False)))
            db.execute("UPDATE outbox SET result = 'rejected' WHERE op_id = ?", (rej["op_id"],))
            count += cursor.rowcount
    return count


def oldest_pending_at(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT at FROM outbox WHERE acked = 0 ORDER BY seq LIMIT 1").fetchone()
    return str(row[0]) if row else None
