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


@handler("RemoteCommandRefused")
def remote_command_refused(ctx: ServerContext, args: Args) -> None:
    record_outcome(ctx.store.conn, ctx.terminal_id, ctx.site_id, ctx.at, "refused", args)
