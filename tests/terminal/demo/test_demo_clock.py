"""The demo runs on its own clock: it resumes where the demo (or the last operation on it) left off."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from terminal.clock import FixedClock, ShiftedClock
from terminal.demo import demo_clock_start
from terminal.demo.carriers import SITE_TZ
from terminal.ops import apply_op

MADE_FOR = datetime(2026, 11, 24, 10, 0, tzinfo=SITE_TZ)


def test_the_clock_starts_at_the_demo_moment_then_after_the_last_op(tmp_path: Path, make_demo) -> None:
    db, _summary = make_demo(tmp_path / "demo.db", orders=30, now=MADE_FOR)
    assert demo_clock_start(db) == MADE_FOR
    later = MADE_FOR + timedelta(minutes=42)
    user = db.execute("SELECT id FROM users WHERE active = 1 ORDER BY id LIMIT 1").fetchone()[0]
    apply_op(db, "UserLoggedIn", {"user_id": user, "role": "picker", "session_id": "s-demo"},
             clock=FixedClock(later))
    assert demo_clock_start(db) == later + timedelta(milliseconds=1)   # never back before what happened
    db.close()


def test_a_database_that_is_no_demo_keeps_the_wall_clock(fresh_db) -> None:
    assert demo_clock_start(fresh_db) is None


def test_the_shifted_clock_runs_at_real_speed_from_its_start() -> None:
    clock = ShiftedClock(MADE_FOR)
    first = clock.now()
    time.sleep(0.05)
    second = clock.now()
    assert MADE_FOR <= first < second < MADE_FOR + timedelta(seconds=5)
    assert second - first >= timedelta(seconds=0.04)
