"""Operations on who is logged in: the hours behind pick and pack rates start and end here."""

from __future__ import annotations

from typing import Literal

from terminal.opargs import Id, OpArgs, Text
from terminal.ops import Args, OpContext, operation, require

UserRole = Literal["picker", "packer", "stocker", "supervisor", "technician", "courier"]
#: which people may log in at a terminal enrolled with each role (the windows' login roles); the
#: server checks it against the pushing terminal's role, and that the person holds the role
LOGIN_ROLES: dict[str, tuple[str, ...]] = {
    "station": ("picker", "packer", "stocker", "supervisor", "technician", "courier"),
    "kiosk": ("courier", "technician"),
    "supervisor": ("supervisor",),
}


class LoggedInArgs(OpArgs):
    """Who logged in and as what; the badge that identified them never travels (it is not an argument)."""

    user_id: Id
    role: UserRole
    session_id: Id | None = None
    terminal: Text = ""


class LoggedOutArgs(OpArgs):
    session_id: Id


def holds_role(roles: str | None, role: str) -> bool:
    """Whether a users row's comma-separated `roles` include `role`."""
    return role in {r.strip() for r in (roles or "").split(",")}


@operation("UserLoggedIn", args=LoggedInArgs)
def user_logged_in(ctx: OpContext, args: Args) -> Args:
    user = ctx.one("SELECT id FROM users WHERE id = ? AND active = 1", (args["user_id"],))
    require(user, "unknown_user", f"User {args['user_id']} is not known or not active.")
    session_id = args.get("session_id") or ctx.op_id
    ctx.db.execute(
        "INSERT INTO user_sessions (id, user_id, role, terminal, login_at) VALUES (?, ?, ?, ?, ?)",
        (session_id, args["user_id"], args["role"], args.get("terminal", ""), ctx.at),
    )
    return {"session_id": session_id}


@operation("UserLoggedOut", args=LoggedOutArgs)
def user_logged_out(ctx: OpContext, args: Args) -> Args:
    row = ctx.one("SELECT logout_at FROM user_sessions WHERE id = ?", (args["session_id"],))
    require(row, "unknown_session", "That login session is not known.")
    require(row[0] is None, "already_logged_out", "That session has already ended.")
    ctx.db.execute("UPDATE user_sessions SET logout_at = ? WHERE id = ?", (ctx.at, args["session_id"]))
    return {}
