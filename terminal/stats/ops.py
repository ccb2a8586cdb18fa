"""A supervisor's operations on the exceptions queue: acknowledge one, or hand it to someone."""

from __future__ import annotations

from collections.abc import Iterable

from terminal.opargs import Id, LongText, OpArgs, Text
from terminal.ops import Args, OpContext, operation, require

SUPERVISOR = ("supervisor",)


class AcknowledgedArgs(OpArgs):
    exception_id: Id
    user_id: Id


class ReassignedArgs(OpArgs):
    exception_id: Id
    user_id: Id
    assigned_to: Id


class ScanArgs(OpArgs):
    raw: LongText = ""
    kind: Text | None = None
    context: Text = ""
    user_id: Id | None = None
    accepted: bool = False
    reason: LongText | None = None
    order_id: Id | None = None


def _open_exception(ctx: OpContext, exception_id: str) -> None:
    row = ctx.one("SELECT status FROM exceptions WHERE id = ?", (exception_id,))
    require(row, "unknown_exception", "That exception is not known here; refresh the queue.")
    require(row[0] != "resolved", "exception_resolved", "That exception is already resolved.")


def _active_user(ctx: OpContext, user_id: str, what: str) -> None:
    row = ctx.one("SELECT 1 FROM users WHERE id = ? AND active = 1", (user_id,))
    require(row, "unknown_user", f"The {what} {user_id} is not known or not active.")


@operation("ExceptionAcknowledged", args=AcknowledgedArgs, roles=SUPERVISOR)
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


@operation("ExceptionReassigned", args=ReassignedArgs, roles=SUPERVISOR)
def exception_reassigned(ctx: OpContext, args: Args) -> Args:
    """{exception_id, user_id, assigned_to}: the supervisor hands the exception to another person."""
    _open_exception(ctx, args["exception_id"])
    _active_user(ctx, args["user_id"], "supervisor")
    _active_user(ctx, args["assigned_to"], "person")
    ctx.db.execute("UPDATE exceptions SET assigned_to = ? WHERE id = ?", (args["assigned_to"], args["exception_id"]))
    ctx.audit("exception_reassigned", user_id=args["user_id"], ref_type="exception", ref_id=args["exception_id"],
              details={"assigned_to": args["assigned_to"]})
    return {"assigned_to": args["assigned_to"]}


# what a scan may be when its text is worth keeping; anything else (a badge, a pickup token, a
# scan nobody could classify, which may be either) is redacted before the op is encoded
_PLAIN_KINDS = ("ToteScan", "ItemScan", "LocationScan", "OrderScan", "ParcelScan", "CompartmentScan",
                "BoxTypeScan", "CommandScan", "tote", "item", "location", "order", "parcel", "compartment",
                "box", "command")


def _scan_secrets(args: Args) -> Iterable[str]:
    return () if args.get("kind") in _PLAIN_KINDS else ("raw",)


@operation("ScanRecorded", args=ScanArgs, fact=True, secret=_scan_secrets)
def scan_recorded(ctx: OpContext, args: Args) -> Args:
    """One scan and whether it was used — the scan error rate (DESIGN §8) counts these. Its text is
    kept only for the plain kinds: a badge or pickup token arrives here already redacted."""
    raw = str(args.get("raw", ""))
    cur = ctx.db.execute(
        "INSERT INTO scan_events (at, user_id, context, raw, kind, accepted, reason, order_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ctx.at, args.get("user_id"), args.get("context", ""), raw[:200], args.get("kind"),
         1 if args.get("accepted") else 0, args.get("reason"), args.get("order_id")))
    return {"scan_event_id": cur.lastrowid}
