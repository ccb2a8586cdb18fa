"""`sync_status(db)`: what the status bar and `handoff sync status` show."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from terminal.clock import Clock, SystemClock, parse_iso, seconds_between
from terminal.sync import state
from terminal.sync.outbox import oldest_pending_at, pending_count


def sync_status(db: sqlite_utils.Database, *, clock: Clock | None = None) -> dict[str, Any]:
    """online, ops_waiting, oldest_age_s, last_success, last_error, update_needed (+ state, backend, ids)."""
    now = (clock or SystemClock()).now()
    oldest = oldest_pending_at(db)
    update = state.get(db, "update_needed")
    enrolled = bool(state.get(db, "terminal_id"))
    online = state.get(db, "online") == "1"
    if not enrolled:
        label = "not enrolled"
    elif update:
        label = "update needed"
    else:
        label = "online" if online else ("offline" if state.get(db, "last_attempt") else "not synced yet")
    return {
        "state": label,
        "online": online,
        "ops_waiting": pending_count(db),
        "oldest_age_s": round(max(0.0, seconds_between(parse_iso(oldest), now)), 1) if oldest else None,
        "last_success": state.get(db, "last_success") or None,
        "last_error": state.get(db, "last_error") or None,
        "last_error_code": state.get(db, "last_error_code") or None,   # the screens word it; see SyncError.code
        "update_needed": bool(update),
        "enrolled": enrolled,
        "backend": state.get(db, "backend_url") or None,
        "terminal_id": state.get(db, "terminal_id") or None,
        "site_id": state.get(db, "site_id") or None,
    }
