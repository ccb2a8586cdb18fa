"""The two operations a remote support command ends in on the kiosk (terminal/lockers/remote.py).

Both are facts: the kiosk decided, and for an executed open the door frame follows. Each writes the
command id into `remote_commands` in the same transaction as its outbox row, so a command is obeyed
at most once even across a crash (the id is stored before the unlock frame leaves), and each lands in
the local audit log and — pushed — in the backend's support log (backend/handlers/support.py)."""

from __future__ import annotations

from terminal.lockers.ops import LOCKER
from terminal.opargs import Id, LongText, OpArgs, Stamp, Text
from terminal.ops import Args, OpContext, operation, require


class RemoteExecutedArgs(OpArgs, kw_only=True):
    command_id: Id
    kind: Text                  # open | out_of_service
    compartment_id: Id
    parcel_id: Id | None = None
    reason: LongText
    agent: Text
    issued_at: Stamp
    expires_at: Stamp


class RemoteRefusedArgs(OpArgs, kw_only=True):
    command_id: Id | None = None     # as the command claimed it (unverified unless `spend`)
    code: Text                       # bad_signature, no_support_key, malformed, replayed, other_terminal, …
    spend: bool = False              # the backend signed it for this kiosk: its id is spent here
    kind: Text | None = None
    compartment_id: Id | None = None
    parcel_id: Id | None = None
    agent: Text | None = None
    detail: LongText | None = None


def _spent(ctx: OpContext, command_id: str) -> bool:
    return ctx.one("SELECT 1 FROM remote_commands WHERE command_id = ?", (command_id,)) is not None


@operation("RemoteCommandExecuted", args=RemoteExecutedArgs, fact=True, roles=LOCKER)
def remote_command_executed(ctx: OpContext, args: Args) -> None:
    require(not _spent(ctx, args["command_id"]), "replayed", "This remote command was already decided here.")
    ctx.db.execute("INSERT INTO remote_commands (command_id, kind, outcome, decided_at) VALUES (?, ?, 'executed', ?)",
                   (args["command_id"], args["kind"], ctx.at))
    ctx.audit("remote_command_executed", user_id=None, ref_type="compartment", ref_id=args["compartment_id"],
              details={"command_id": args["command_id"], "kind": args["kind"], "parcel_id": args.get("parcel_id"),
                       "reason": args["reason"], "agent": args["agent"]})


@operation("RemoteCommandRefused", args=RemoteRefusedArgs, fact=True, roles=LOCKER)
def remote_command_refused(ctx: OpContext, args: Args) -> None:
    command_id = args.get("command_id")
    # only a command the backend really signed for this kiosk spends its id: a forged one must not block
    # the real one, and another kiosk's command is that kiosk's to spend
    if args.get("spend") and command_id and not _spent(ctx, command_id):
        ctx.db.execute("INSERT INTO remote_commands (command_id, kind, outcome, code, decided_at)"
                       " VALUES (?, ?, 'refused', ?, ?)", (command_id, args.get("kind") or "", args["code"], ctx.at))
    ctx.audit("remote_command_refused", ref_type="compartment", ref_id=args.get("compartment_id") or "",
              details={"command_id": command_id, "code": args["code"], "kind": args.get("kind"),
                       "parcel_id": args.get("parcel_id"), "agent": args.get("agent"), "detail": args.get("detail")})
