"""Server side of a kiosk's answer to a remote support command (terminal/lockers/remote_ops.py).

Both ops are facts and change no pulled entity (the door and pickup facts that follow an executed open
carry their own effects); the server settles the pending command of that terminal and writes the
support log row in the push's transaction (backend/support.py)."""

from __future__ import annotations

from backend.handlers import Args, ServerContext, handler
from backend.support import record_outcome


@handler("RemoteCommandExecuted")
def remote_command_executed(ctx: ServerContext, args: Args) -> None:
    record_outcome(ctx.store.conn, ctx.terminal_id, ctx.site_id, ctx.at, "executed", args)


# refusals that mean someone tampered with, replayed or misrouted a command: a supervisor looks
SUSPICIOUS = ("bad_signature", "malformed", "replayed", "other_terminal", "too_long", "not_yet_valid")


@handler("RemoteCommandRefused")
def remote_command_refused(ctx: ServerContext, args: Args) -> None:
    record_outcome(ctx.store.conn, ctx.terminal_id, ctx.site_id, ctx.at, "refused", args)
    if args["code"] in SUSPICIOUS:
        named = args.get("command_id") or "(unreadable)"
        ctx.raise_exception("remote_command_refused",
                            f"Kiosk {ctx.terminal_id} refused remote command {named}: {args['code']}. "
                            "Check who sent it (handoff-backend support log).",
                            details={"command_id": args.get("command_id"), "code": args["code"]})
