"""Logging in at a screen (terminal/people/login.py): badge → user → the screen's role → close the
previous session → open. A refused or unknown badge writes nothing and keeps whoever is logged in."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.errors import HandoffError
from terminal.people.badges import UnknownBadge
from terminal.people.login import LoginRefused, log_in_with_badge, log_out
from terminal.store import open_db
from tools.fixture import BADGES, fill_small_site

STATION = ("picker", "packer", "supervisor", "technician")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_db(tmp_path / "t.db", create=True)
    fill_small_site(database)
    yield database
    database.close()


def _outbox(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM outbox ORDER BY seq").fetchall()]


def test_the_first_role_of_the_screen_the_person_has_is_taken(db) -> None:
    login = log_in_with_badge(db, BADGES["packer"], STATION, terminal="st-1")
    assert (login.user.id, login.role) == ("u-packer", "packer")
    row = db.execute("SELECT user_id, role, terminal, logout_at FROM user_sessions WHERE id = ?",
                     (login.session_id,)).fetchone()
    assert tuple(row) == ("u-packer", "packer", "st-1", None)


def test_a_refused_badge_writes_nothing_and_keeps_the_session_open(db) -> None:
    first = log_in_with_badge(db, BADGES["picker"], STATION)
    with pytest.raises(LoginRefused, match="cannot log in at this screen; it is for: picker, packer"):
        log_in_with_badge(db, BADGES["courier"], STATION, previous_session=first.session_id)
    with pytest.raises(UnknownBadge, match="not known here"):
        log_in_with_badge(db, "B-NOBODY", STATION, previous_session=first.session_id)
    assert _outbox(db) == ["UserLoggedIn"]
    assert db.execute("SELECT logout_at FROM user_sessions WHERE id = ?", (first.session_id,)).fetchone()[0] is None


BADGE_OR_LOGOUT = st.lists(st.sampled_from([*BADGES.values(), "B-NOBODY", "logout"]), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(acts=BADGE_OR_LOGOUT)
def test_a_screen_never_has_two_sessions_open(tmp_path_factory, acts: list[str]) -> None:
    db = open_db(tmp_path_factory.mktemp("screen") / "t.db", create=True)
    fill_small_site(db)
    current = ""
    try:
        for act in acts:
            if act == "logout":
                if current:
                    log_out(db, current)
                    current = ""
                continue
            with contextlib.suppress(HandoffError):      # refused or unknown: whoever was here stays
                current = log_in_with_badge(db, act, STATION, previous_session=current).session_id
            open_sessions = [r[0] for r in db.execute("SELECT id FROM user_sessions WHERE logout_at IS NULL")]
            assert open_sessions == ([current] if current else [])
    finally:
        db.close()
