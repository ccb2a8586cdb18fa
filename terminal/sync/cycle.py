"""One sync cycle: push every pending op (acknowledging as answers come), then pull to the end."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from terminal import changes
from terminal.clock import Clock, SystemClock, iso
from terminal.store import schema_version, transaction
from terminal.sync import state
from terminal.sync.client import (
    GapError,
    HistoryDiverged,
    NotEnrolled,
    SyncClient,
    SyncError,
    SyncRefused,
    UpdateNeeded,
)
from terminal.sync.outbox import acknowledge, next_batch, rebase
from terminal.sync.protocol import DEFAULT_PULL_LIMIT, MAX_OPS, OutgoingOp, PullResponse, PushResponse
from terminal.sync.pull import apply_page, broken_references

log = logging.getLogger("terminal.sync")


def push_all(db: sqlite_utils.Database, client: SyncClient, terminal_id: str, *, clock: Clock | None = None,
             batch_size: int = MAX_OPS) -> int:
    """Push batches until the outbox is empty; returns how many ops were acknowledged.

    The next batch goes out while the answer to the previous one is stored (its acknowledgements and
    their fsync were a fifth of a backlog drain, the backend idle meanwhile). Still one request at a
    time, sent only after the previous answer came and only when that answer took the whole batch, so
    the backend sees the batches in seq order as before; what is acknowledged is only ever what an
    answer named."""
    acked = 0
    from_seq: int | None = None
    schema = schema_version(db)
    rebased_at: int | None = None
    with ThreadPoolExecutor(1, thread_name_prefix="sync-push") as sender:
        def send(batch: list[OutgoingOp]) -> Future[PushResponse] | None:
            return sender.submit(client.push, terminal_id, schema, batch) if batch else None

        batch = next_batch(db, max_ops=batch_size, raw_args=True)
        sending = send(batch)
        while sending is not None:
            try:
                answer = sending.result()
            except HistoryDiverged as diverged:
                if rebased_at is not None and diverged.last_seq == rebased_at and not set(diverged.known_op_ids) & {
                        op["op_id"] for op in batch}:
                    raise SyncError("This terminal's unsent ops still differ from the backend's after "
                                    "re-numbering them; stop using this terminal and call support (nothing "
                                    "was deleted).") from diverged
                stored, renumbered = rebase(db, diverged.last_seq, diverged.known_op_ids)
                log.warning("history diverged from the backend's (restored or copied database): %s op(s) it had were "
                            "acknowledged, %s re-numbered after its op %s", stored, renumbered, diverged.last_seq)
                rebased_at, from_seq = diverged.last_seq, None
                acked += stored
                batch = next_batch(db, max_ops=batch_size, raw_args=True)
                sending = send(batch)
                continue
            except GapError as gap:
                if from_seq is not None and gap.expected_seq >= from_seq:
                    raise SyncError(f"The backend keeps asking for op {gap.expected_seq}; sync cannot "
                                    "continue.") from gap
                if db.execute("SELECT 1 FROM outbox WHERE seq = ?", (gap.expected_seq,)).fetchone() is None:
                    raise SyncError(f"The backend needs op {gap.expected_seq}, which this terminal no longer has; "
                                    "call support.") from gap
                log.warning("backend expects op %s; resending from there", gap.expected_seq)
                from_seq = gap.expected_seq
                batch = next_batch(db, from_seq=from_seq, max_ops=batch_size, raw_args=True)
                sending = send(batch)
                continue
            from_seq = None
            _check_identity(batch, answer)
            answered, whole = batch, answer["last_seq"] >= batch[-1]["seq"]
            if whole:   # the next batch goes out now; the answer is stored meanwhile
                batch = next_batch(db, from_seq=answered[-1]["seq"] + 1, max_ops=batch_size, raw_args=True)
                sending = send(batch)
            with transaction(db):   # the acknowledgements and the checkpoint that covers them, together
                done = acknowledge(db, answer["last_seq"], answer["results"], clock=clock)
                state.raise_checkpoint(db, answer.get("checkpoint"))
            acked += done
            if not whole:
                if not done:
                    raise SyncError(f"The backend acknowledged only up to op {answer['last_seq']}.")
                # a backend that stopped early (before an op it does not know) answers the rest in the next batch
                batch = next_batch(db, max_ops=batch_size, raw_args=True)
                sending = send(batch)
    return acked


def _check_identity(batch: list[OutgoingOp], answer: PushResponse) -> None:
    """Nothing is acknowledged that the backend did not store: every result it names must be our op."""
    ours = {op["seq"]: op["op_id"] for op in batch}
    for result in answer["results"]:
        seq, op_id = result.get("seq"), result.get("op_id")
        if op_id is not None and seq in ours and ours[seq] != op_id:
            raise SyncError(f"The backend has another op under seq {seq} than this terminal; nothing was "
                            "acknowledged. Update the backend (it must compare op ids), then sync again.")


@contextmanager
def _must_fit(db: sqlite_utils.Database) -> Iterator[None]:
    """Pulled changes that break the local database become one clear SyncError (last_error, status bar).

    Their transaction is rolled back, so the cursor does not move and every local row is kept; the
    next cycle still pushes, and tries the same changes again."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        problem = str(exc)
        if db.conn.in_transaction:   # a deferred foreign key fails at COMMIT, which leaves it open
            problem = broken_references(db) or problem
            db.conn.rollback()
        raise SyncError(f"Changes from the backend do not fit this database ({problem}); nothing of them was "
                        "applied and no local data was lost; call support.") from exc


def pull_all(db: sqlite_utils.Database, client: SyncClient, *, limit: int = 500,
             clock: Clock | None = None) -> dict[str, int]:
    """Pull to the end; pages are staged until a checkpoint and then become visible together.

    The next page is asked for while this one is applied (its cursor is in the page already): the
    backend reads and sends it while SQLite writes, instead of each waiting for the other. A page
    read ahead of one that does not fit is dropped unread; one that failed to come raises only once
    the page before it is stored, exactly where a pull that asked in turn would have failed."""
    totals = {"applied": 0, "staged": 0, "deferred": 0, "quarantined": 0, "rejections": 0, "pages": 0}
    schema = schema_version(db)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-ahead") as ahead:
        page = client.pull(state.get(db, "cursor"), schema, limit)
        while True:
            following = ahead.submit(client.pull, page["cursor"], schema, limit) if page["has_more"] else None
            try:
                with _must_fit(db):
                    counts = apply_page(db, page, clock=clock)
            except BaseException:
                if following is not None and not following.cancel():
                    following.exception()   # wait for it (the client is closed after us), then drop it
                raise
            if changes.database_changed.connected():   # screens refresh from it (ui/changes.py); no set unheard
                changes.publish(db, changes.pulled(page["changes"]))
            _keep_support_commands(db, page, clock)
            totals["pages"] += 1
            for key, value in counts.items():
                totals[key] += value
            if following is None:
                totals["deferred"] = counts["deferred"]   # what is still held after the last checkpoint
                return totals
            page = following.result()


def _keep_support_commands(db: sqlite_utils.Database, page: PullResponse, clock: Clock | None) -> None:
    """Signed remote commands wait in the inbox for the locker worker (terminal/lockers/remote.py); at the
    end of every pull it is told while any wait (also those `handoff sync now` brought in another process)."""
    from terminal.lockers.remote import receive, waiting
    from terminal.ops import ChangeSet

    if not db["remote_inbox"].exists():
        return      # a database of the release before remote support (the N-1 protocol tests sync one)
    if page.get("support_commands"):
        receive(db, page["support_commands"], clock=clock)
    if not page["has_more"] and waiting(db):
        changes.publish(db, ChangeSet(tables=frozenset({"remote_inbox"})))


def sync_once(db: sqlite_utils.Database, client: SyncClient, *, clock: Clock | None = None,
              batch_size: int = MAX_OPS, page_size: int = DEFAULT_PULL_LIMIT) -> dict[str, Any]:
    """Push then pull; records success or the error in sync_state and re-raises errors.

    Nothing held back is applied before the pull: held and staged changes become visible only at
    a checkpoint of the pull, superseded by anything newer it brings (so a stale one cannot wedge)."""
    clock = clock or SystemClock()
    terminal_id = state.get(db, "terminal_id")
    if not terminal_id:
        raise NotEnrolled("This terminal is not enrolled; run `handoff enroll --backend URL --code CODE`.")
    state.put(db, last_attempt=iso(clock.now()))
    try:
        acked = push_all(db, client, terminal_id, clock=clock, batch_size=batch_size)
        pulled = pull_all(db, client, limit=page_size, clock=clock)
    except SyncError as exc:
        record_failure(db, exc, clock=clock)
        raise
    problem = ""
    if pulled["quarantined"]:
        problem = (f"{pulled['quarantined']} change(s) from the backend cannot be stored on this terminal and were "
                   "set aside (see the supervisor's exceptions); sync goes on.")
    state.put(db, last_success=iso(clock.now()), last_error=problem, last_error_code="quarantined" if problem else "",
              online="1", update_needed="")
    return {"acked": acked, "pulled": pulled["applied"], "deferred": pulled["deferred"],
            "rejections": pulled["rejections"], "pages": pulled["pages"],
            "staged": pulled["staged"], "quarantined": pulled["quarantined"]}


def record_failure(db: sqlite_utils.Database, exc: Exception, *, clock: Clock | None = None) -> None:
    now = iso((clock or SystemClock()).now())
    values = {"last_error": str(exc), "last_error_code": getattr(exc, "code", "failed"), "last_error_at": now,
              "online": "0"}
    if isinstance(exc, UpdateNeeded | SyncRefused):   # sending it again would be refused again
        values["update_needed"] = str(exc)
        values["online"] = "1"
    state.put(db, **values)
