"""The print spool over `label_jobs`: queue a label, send what waits, ask about what may have printed.

A label is never silently dropped and never blindly printed twice: a job that failed before any
byte left stays pending and goes out on the next `send_pending`; a job whose send broke midway is
held as "unknown" until `confirm_outcome` records whether it came out (if not, a reprint is queued
and recorded as one)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.clock import Clock
from terminal.devices.printers import NotSent, OutcomeUnknown, open_printer
from terminal.errors import HandoffError
from terminal.ids import new_id
from terminal.labels.content import label_for_package
from terminal.labels.zpl import to_zpl_bytes
from terminal.ops import apply_op

PENDING = ("queued", "failed", "unknown")


@dataclass(frozen=True)
class LabelJob:
    id: str
    package_id: str
    printer: str
    status: str                  # queued / failed (nothing reached the printer) / unknown / sent / cancelled
    attempts: int
    last_error: str | None
    is_reprint: bool
    reason: str | None
    created_at: str
    sent_at: str | None


@dataclass(frozen=True)
class JobOutcome:
    """What one `send_pending` round did with a job.

    `status`: "sent"; "queued" (not sent — nothing reached the printer — it goes out on a later round);
    "unknown" (the send broke midway or was already unknown: ask the packer, then `confirm_outcome`)."""

    job_id: str
    package_id: str
    printer: str
    status: str
    message: str
    is_reprint: bool = False


_COLUMNS = "id, package_id, printer, status, attempts, last_error, is_reprint, reason, created_at, sent_at"


def _job(row: tuple[object, ...]) -> LabelJob:
    values = list(row)
    values[6] = bool(values[6])
    return LabelJob(*values)  # type: ignore[arg-type]


def get_job(db: sqlite_utils.Database, job_id: str) -> LabelJob:
    row = db.execute(f"SELECT {_COLUMNS} FROM label_jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        raise HandoffError(f"There is no label job {job_id}.")
    return _job(row)


def pending_jobs(db: sqlite_utils.Database, *, package_id: str | None = None) -> list[LabelJob]:
    """Jobs not yet known to be printed (queued, failed before sending, outcome unknown), oldest first."""
    sql = f"SELECT {_COLUMNS} FROM label_jobs WHERE status IN ('queued', 'failed', 'unknown')"
    params: tuple[str, ...] = ()
    if package_id is not None:
        sql += " AND package_id = ?"
        params = (package_id,)
    return [_job(r) for r in db.execute(sql + " ORDER BY created_at, id", params).fetchall()]


def queue_label(db: sqlite_utils.Database, package_id: str, printer_uri: str, *, clock: Clock | None = None,
                user_id: str | None = None, reprint_reason: str | None = None) -> str:
    """Queue the package's label for `printer_uri` and return the job id.

    The first label of a package is PackageLabelled (sets labelled_at); any later one is a reprint
    and needs a non-empty `reprint_reason` (LabelReprinted, audited)."""
    open_printer(printer_uri, connect_timeout_s=0, send_timeout_s=0)  # refuse a bad address now, not at send
    label_for_package(db, package_id)                                    # and a package that cannot be labelled
    row = db.execute("SELECT labelled_at FROM packages WHERE id = ?", (package_id,)).fetchone()
    job_id = new_id()
    if row[0] is None:
        apply_op(db, "PackageLabelled", {"job_id": job_id, "package_id": package_id, "printer": printer_uri,
                                         "user_id": user_id}, clock=clock)
    else:
        apply_op(db, "LabelReprinted", {"job_id": job_id, "package_id": package_id, "printer": printer_uri,
                                        "reason": (reprint_reason or "").strip(), "user_id": user_id}, clock=clock)
    return job_id


def _record_failure(db: sqlite_utils.Database, job: LabelJob, message: str, clock: Clock | None) -> None:
    # A printer left off for an hour is retried many times; only a change (first failure, a different
    # error) is worth an op, so the outbox records what happened rather than every identical retry.
    if job.status != "failed" or job.last_error != message:
        apply_op(db, "LabelSendFailed", {"job_id": job.id, "error": message[:2000]}, clock=clock)


def send_pending(db: sqlite_utils.Database, *, clock: Clock | None = None, timeout_s: float | None = None,
                 printer: str | None = None) -> list[JobOutcome]:
    """Send every queued job (and every job that failed before sending), oldest first; report the rest.

    Jobs whose outcome is unknown are NOT resent: they come back as "unknown" so the packer is asked.
    After one job finds its printer unreachable, that printer's other jobs wait for the next round.
    `timeout_s` bounds connect and send (default: the printers.* settings); `printer` limits the round
    to one printer URI."""
    outcomes: list[JobOutcome] = []
    down: dict[str, str] = {}
    for job in pending_jobs(db):
        if printer is not None and job.printer != printer:
            continue
        if job.status == "unknown":
            outcomes.append(JobOutcome(job.id, job.package_id, job.printer, "unknown",
                                       f"{job.last_error} Did the label come out?", job.is_reprint))
            continue
        if job.printer in down:
            outcomes.append(JobOutcome(job.id, job.package_id, job.printer, "queued", down[job.printer],
                                       job.is_reprint))
            continue
        try:
            data = to_zpl_bytes(label_for_package(db, job.package_id))
            open_printer(job.printer, connect_timeout_s=timeout_s, send_timeout_s=timeout_s).send(data)
        except NotSent as exc:
            message = f"{exc} The label stays queued and prints when the printer is back."
            down[job.printer] = message
            _record_failure(db, job, str(exc), clock)
            outcomes.append(JobOutcome(job.id, job.package_id, job.printer, "queued", message, job.is_reprint))
        except OutcomeUnknown as exc:
            apply_op(db, "LabelOutcomeUnknown", {"job_id": job.id, "error": str(exc)[:2000]}, clock=clock)
            outcomes.append(JobOutcome(job.id, job.package_id, job.printer, "unknown",
                                       f"{exc} Did the label come out?", job.is_reprint))
        except HandoffError as exc:          # the package can no longer be labelled, or a bad address
            _record_failure(db, job, str(exc), clock)
            outcomes.append(JobOutcome(job.id, job.package_id, job.printer, "queued", str(exc), job.is_reprint))
        else:
            apply_op(db, "LabelSent", {"job_id": job.id}, clock=clock)
            outcomes.append(JobOutcome(job.id, job.package_id, job.printer, "sent",
                                       "The label was sent to the printer.", job.is_reprint))
    return outcomes


def confirm_outcome(db: sqlite_utils.Database, job_id: str, came_out: bool, *, user_id: str | None = None,
                    clock: Clock | None = None) -> str | None:
    """Record the packer's answer for a job whose outcome was unknown.

    True marks it sent; False cancels it and queues a recorded reprint, whose job id is returned."""
    reprint = None if came_out else new_id()
    apply_op(db, "LabelOutcomeConfirmed", {"job_id": job_id, "came_out": came_out, "user_id": user_id,
                                           "reprint_job_id": reprint}, clock=clock)
    return reprint
