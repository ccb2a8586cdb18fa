"""Logging in at a screen: badge → user → the role this screen is for → close the previous session → open.

The role windows and the shift simulator both log people in and out through here, so a login is the
same pair of operations (`UserLoggedOut` for whoever was logged in, then `UserLoggedIn`) wherever it
happens; the hours behind pick and pack rates start and end with them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from terminal.clock import Clock
from terminal.errors import HandoffError
from terminal.ids import new_id
from terminal.ops import apply_op
from terminal.people.badges import User, user_for_badge


class LoginRefused(HandoffError):
    """A known person whose roles do not include any this screen is for; nothing was written."""

    def __init__(self, user: User, roles: Sequence[str]) -> None:
        super().__init__(f"{user.name} cannot log in at this screen; it is for: {', '.join(roles)}.")
        self.user = user
        self.roles = tuple(roles)


@dataclass(frozen=True)
class Login:
    user: User
    role: str
    session_id: str


def screen_role(user: User, roles: Sequence[str]) -> str:
    """The first of the screen's roles (its order of preference) that the user has; "" for none."""
    return next((role for role in roles if user.has_role(role)), "")


def log_in(db: sqlite_utils.Database, user: User, roles: Sequence[str], *, previous_session: str = "",
           terminal: str = "", clock: Clock | None = None) -> Login:
    """Open a session for `user` in the first of `roles` they have, closing `previous_session` first.

    Raises LoginRefused (nothing written, the previous session kept) when they have none of them."""
    role = screen_role(user, roles)
    if not role:
        raise LoginRefused(user, roles)
    if previous_session:
        log_out(db, previous_session, clock=clock)
    session_id = new_id()
    apply_op(db, "UserLoggedIn", {"user_id": user.id, "role": role, "session_id": session_id, "terminal": terminal},
             clock=clock)
    return Login(user, role, session_id)


def log_in_with_badge(db: sqlite_utils.Database, badge: str, roles: Sequence[str], *, previous_session: str = "",
                      terminal: str = "", clock: Clock | None = None) -> Login:
    """A badge scanned or typed at a screen: UnknownBadge or LoginRefused with a sentence, else the login."""
    return log_in(db, user_for_badge(db, badge), roles, previous_session=previous_session, terminal=terminal,
                  clock=clock)


def log_out(db: sqlite_utils.Database, session_id: str, *, clock: Clock | None = None) -> None:
    apply_op(db, "UserLoggedOut", {"session_id": session_id}, clock=clock)
