"""Keypad lockout: after repeated wrong codes the keypad pauses, longer each time.

Failures in a row since the last good code: below `lockers.lockout_after` (3) nothing; then
30 s, 60 s, 120 s, … doubling up to 15 minutes."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from terminal.clock import parse_iso

BASE_DELAY_S = 30.0
MAX_DELAY_S = 900.0


def failures_in_a_row(db: sqlite_utils.Database, site_id: str) -> tuple[int, str | None]:
    rows = db.execute("SELECT ok, at FROM keypad_attempts WHERE site_id = ? ORDER BY id DESC LIMIT 64",
                      (site_id,)).fetchall()
    count = 0
    for ok, _at in rows:
        if ok:
            break
        count += 1
    return count, (rows[0][1] if rows and count else None)


def delay_for(failures: int, lockout_after: int = 3) -> float:
    if failures < lockout_after:
        return 0.0
    return min(BASE_DELAY_S * 2 ** (failures - lockout_after), MAX_DELAY_S)


def lockout_seconds(db: sqlite_utils.Database, site_id: str, now: datetime, lockout_after: int = 3) -> float:
    """Seconds the keypad stays locked from `now`; 0 when a code may be entered."""
    failures, last = failures_in_a_row(db, site_id)
    if not last:
        return 0.0
    remaining = delay_for(failures, lockout_after) - (now - parse_iso(last)).total_seconds()
    return max(0.0, remaining)


def tries_left(db: sqlite_utils.Database, site_id: str, lockout_after: int = 3) -> int:
    return max(0, lockout_after - failures_in_a_row(db, site_id)[0])
