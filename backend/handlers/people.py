"""Server side of UserLoggedIn / UserLoggedOut: sessions are kept per site (not pulled)."""

from __future__ import annotations

from backend.handlers import Args, ServerContext, handler
from terminal.ops import require
from terminal.people.ops import LOGIN_ROLES, holds_role


@handler("UserLoggedIn")
def user_logged_in(ctx: ServerContext, args: Args) -> None:
    role = str(args["role"])
    require(role in LOGIN_ROLES.get(ctx.role, ()), "role_not_allowed",
            f"Nobody logs in as {role} at a {ctx.role} terminal.", role, ctx.role)
    user = ctx.store.get("user", str(args["user_id"]))
    # A site whose users are managed elsewhere has none here; only a known, inactive user is refused.
    require(user is None or user.get("active", 1), "unknown_user", f"User {args['user_id']} is not active.")
    require(user is None or holds_role(user.get("roles"), role), "role_not_held",
            f"User {args['user_id']} does not have the role {role}.", args["user_id"], role)
    session_id = str(args.get("session_id") or ctx.op_id)
    ctx.store.upsert("user_session", {"id": session_id, "user_id": args["user_id"], "role": args["role"],
                                      "terminal": args.get("terminal", ""), "login_at": ctx.at,
                                      "logout_at": None, "terminal_id": ctx.terminal_id}, key=session_id)


@handler("UserLoggedOut")
def user_logged_out(ctx: ServerContext, args: Args) -> None:
    session_id = str(args["session_id"])
    session = ctx.store.get("user_session", session_id)
    require(session is not None, "unknown_session", "That login session is not known.")
    assert session is not None
    require(session.get("logout_at") is None, "already_logged_out", "That session has already ended.")
    session["logout_at"] = ctx.at
    ctx.store.upsert("user_session", session, key=session_id)
