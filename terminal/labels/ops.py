"""Label operations: a package's first label, reprints, and what happened at the printer.

`label_jobs.status`: queued → sent; queued/failed → failed (nothing reached the printer, sent again by
itself); queued/failed → unknown (the connection broke mid-send: only the packer can say whether it
came out) → sent, or cancelled with a recorded reprint queued in the same op. Printing happened at
this station, so these are facts: the backend records them and never rejects them."""

from __future__ import annotations

from typing import Any

from terminal.opargs import Id, LongText, OpArgs, Text
from terminal.ops import Args, OpContext, operation, require

RESENDABLE = ("queued", "failed")
STATION = ("station",)


class LabelledArgs(OpArgs):
    job_id: Id
    package_id: Id
    printer: LongText
    user_id: Id | None = None


class ReprintedArgs(OpArgs):
    job_id: Id
    package_id: Id
    printer: LongText
    reason: Text | None = None
    user_id: Id | None = None


class JobArgs(OpArgs):
    job_id: Id


class JobFailedArgs(OpArgs):
    job_id: Id
    error: LongText


class OutcomeArgs(OpArgs):
    job_id: Id
    came_out: bool
    user_id: Id | None = None
    reprint_job_id: Id | None = None


def _package(ctx: OpContext, package_id: str) -> Any:
    row = ctx.one("SELECT id, labelled_at FROM packages WHERE id = ?", (package_id,))
    require(row is not None, "unknown_package", f"There is no package {package_id}.")
    return row


def _job(ctx: OpContext, job_id: str) -> Any:
    row = ctx.one("SELECT * FROM label_jobs WHERE id = ?", (job_id,))
    require(row is not None, "unknown_label_job", f"There is no label job {job_id}.")
    return row


def _pending_job(ctx: OpContext, job_id: str) -> Any:
    job = _job(ctx, job_id)
    require(job["status"] in RESENDABLE, "not_pending", f"Label job {job['id']} is {job['status']}, not waiting.")
    return job


def _attempt_failed(ctx: OpContext, args: Args, status: str) -> None:
    """A send that did not finish: counted, its error kept, the job `failed` (resent) or `unknown` (held)."""
    job = _pending_job(ctx, args["job_id"])
    ctx.db.execute("UPDATE label_jobs SET status = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
                   (status, args["error"], job["id"]))


def _insert_job(ctx: OpContext, job_id: str, package_id: str, printer: str, reason: str | None) -> None:
    ctx.db.execute("INSERT INTO label_jobs (id, package_id, printer, status, is_reprint, reason, created_at)"
                   " VALUES (?, ?, ?, 'queued', ?, ?, ?)",
                   (job_id, package_id, printer, int(reason is not None), reason, ctx.at))


@operation("PackageLabelled", args=LabelledArgs, fact=True, roles=STATION)
def package_labelled(ctx: OpContext, args: Args) -> Args:
    package = _package(ctx, args["package_id"])
    require(package["labelled_at"] is None, "already_labelled",
            f"Package {package['id']} already has a label; a reprint needs a reason.", package["id"])
    _insert_job(ctx, args["job_id"], package["id"], args["printer"], None)
    ctx.db.execute("UPDATE packages SET labelled_at = ? WHERE id = ?", (ctx.at, package["id"]))
    return {"job_id": args["job_id"]}


@operation("LabelReprinted", args=ReprintedArgs, fact=True, roles=STATION)
def label_reprinted(ctx: OpContext, args: Args) -> Args:
    package = _package(ctx, args["package_id"])
    reason = str(args.get("reason") or "").strip()
    require(reason, "reprint_needs_reason", "A reprint needs a reason (for example: damaged, smudged, lost).")
    require(package["labelled_at"] is not None, "not_labelled",
            f"Package {package['id']} has no label yet, so there is nothing to reprint.", package["id"])
    _insert_job(ctx, args["job_id"], package["id"], args["printer"], reason)
    ctx.audit("label_reprint", user_id=args.get("user_id"), ref_type="package", ref_id=package["id"],
              details={"job_id": args["job_id"], "reason": reason, "printer": args["printer"]})
    return {"job_id": args["job_id"]}


@operation("LabelSent", args=JobArgs, fact=True, roles=STATION)
def label_sent(ctx: OpContext, args: Args) -> None:
    job = _pending_job(ctx, args["job_id"])
    ctx.db.execute("UPDATE label_jobs SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL"
                   " WHERE id = ?", (ctx.at, job["id"]))


@operation("LabelSendFailed", args=JobFailedArgs, fact=True, roles=STATION)
def label_send_failed(ctx: OpContext, args: Args) -> None:
    """Nothing reached the printer: the job stays pending and is sent again by itself."""
    _attempt_failed(ctx, args, "failed")


@operation("LabelOutcomeUnknown", args=JobFailedArgs, fact=True, roles=STATION)
def label_outcome_unknown(ctx: OpContext, args: Args) -> None:
    """The connection broke mid-send: held until the packer says whether the label came out."""
    _attempt_failed(ctx, args, "unknown")


@operation("LabelOutcomeConfirmed", args=OutcomeArgs, fact=True, roles=STATION)
def label_outcome_confirmed(ctx: OpContext, args: Args) -> Args:
    job = _job(ctx, args["job_id"])
    require(job["status"] == "unknown", "outcome_known",
            f"Label job {job['id']} is {job['status']}; only a job whose outcome is unknown can be confirmed.")
    came_out = bool(args["came_out"])
    ctx.audit("label_outcome_confirmed", user_id=args.get("user_id"), ref_type="package", ref_id=job["package_id"],
              details={"job_id": job["id"], "came_out": came_out, "reprint_job_id": args.get("reprint_job_id")})
    if came_out:
        ctx.db.execute("UPDATE label_jobs SET status = 'sent', sent_at = ? WHERE id = ?", (ctx.at, job["id"]))
        return {}
    require(args.get("reprint_job_id"), "bad_args", "A label that did not come out needs a reprint job id.")
    ctx.db.execute("UPDATE label_jobs SET status = 'cancelled' WHERE id = ?", (job["id"],))
    reason = f"did not come out: {job['last_error'] or 'the send broke'}"
    _insert_job(ctx, args["reprint_job_id"], job["package_id"], job["printer"], reason)
    ctx.audit("label_reprint", user_id=args.get("user_id"), ref_type="package", ref_id=job["package_id"],
              details={"job_id": args["reprint_job_id"], "reason": reason, "replaces": job["id"]})
    return {"reprint_job_id": args["reprint_job_id"]}
