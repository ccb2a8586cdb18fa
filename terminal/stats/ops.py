"""A supervisor's operations on the exceptions queue: acknowledge one, or hand it to someone."""

from __future__ import annotations

from terminal.ops import Args, OpContext, operation, require


def _open_exception(ctx: OpContext, exception_id: str) -> None:
    row = ctx.one("SELECT status FROM exceptions WHERE id = ?", (exception_id,))
    require(row, "unknown_exception", "That exception is not known here; refresh the queue.")
    require(row[0] != "resolved", "exception_resolved", "That exception is already resolved.")


def _active_user(ctx: OpContext, user_id: str, what: str) -> None:
    row = ctx.one("SELECT 1 FROM users WHERE id = ? AND active = 1", (user_id,))
    require(row, "unknown_user", f"The {what} {user_id} is not known or not active.")


@operation("ExceptionAcknowledged")
def exception_acknowledged(ctx: OpContext, args: Args) -> Args:
    """{exception_id, user_id}: the supervisor has seen it; it stays in the queue until resolved."""
    _open_exception(ctx, args["exception_id"])
    _active_user(ctx, args["user_id"], "supervisor")
    row = ctx.one("SELECT status FROM exceptions WHERE id = ?", (args["exception_id"],))
    require(row[0] == "open", "already_acknowledged", "That exception has already been acknowledged.")
    ctx.db.execute(
        "UPDATE exceptions SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
        (args["user_id"], ctx.at, args["exception_id"]))
    ctx.audit("exception_acknowledged", user_id=args["user_id"], ref_type="exception", ref_id=args["exception_id"])
    return {"status": "acknowledged"}


@operation("ExceptionReassigned")
def exception_reassigned(ctx: OpContext, args: Args) -> Args:
    """{exception_id, user_id, assigned_to}: the supervisor hands the exception to another person."""
    _open_exception(ctx, args["exception_id"])
    _active_user(ctx, args["user_id"], "supervisor")
    _active_user(ctx, args["assigned_to"], "person")
    ctx.db.execute("UPDATE exceptions SET assigned_to = ? WHERE id = ?", (args["assigned_to"], args["exception_id"]))
    ctx.audit("exception_reassigned", user_id=args["user_id"], ref_type="exception", ref_id=args["exception_id"],
              details={"assigned_to": args["assigned_to"]})
    return {"assigned_to": args["assigned_to"]}


_SECRET_KINDS = ("pickup_token", "badge", "PickupTokenScan", "BadgeScan")


@operation("ScanRecorded", fact=True)
def scan_recorded(ctx: OpContext, args: Args) -> Args:
    """{user_id, context, raw, kind, accepted, reason, order_id}: one scan and whether it was used —
    the scan error rate (DESIGN §8) counts these. Pickup tokens and badges are never stored raw."""
    raw = str(args.get("raw", ""))
    if args.get("kind") in _SECRET_KINDS:
        raw = "***"
    cur = ctx.db.execute(
        "INSERT INTO scan_events (at, user_id, context, raw, kind, accepted, reason, order_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ctx.at, args.get("user_id"), args.get("context", ""), raw[:200], args.get("kind"),
         1 if args.get("accepted") else 0, args.get("reason"), args.get("order_id")))
    return {"scan_event_id": cur.lastrowid}
