"""Hold time and expiry. A deposited parcel waits `lockers.hold_hours` (48); the backend may extend it.

Extensions arrive as pulled parcel rows with a later `expires_at` (protocols/sync-v1.md); a parcel
that had already expired here and got an extension waits again (`ParcelHoldExtended`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlite_utils

from terminal.clock import Clock, iso, local_date_time, site_timezone
from terminal.config import Settings
from terminal.ops import apply_op

HOLD_HOURS = 48


def hold_until(clock: Clock, settings: Settings, hold_hours: float | None = None) -> str:
    """The pickup deadline of a parcel deposited now: its own hold (the backend's rules for its site and
    service, pulled with the parcel) or else this kiosk's `lockers.hold_hours`."""
    hours = hold_hours if hold_hours else settings.get("lockers.hold_hours", HOLD_HOURS)
    return iso(clock.now() + timedelta(hours=hours))


def deadline_text(db: sqlite_utils.Database, parcel: Any) -> str:
    """A parcel's pickup deadline as a person at the kiosk reads it ("2026-05-06 10:00", site time), or ""."""
    return local_date_time(parcel["expires_at"], site_timezone(db)) if parcel["expires_at"] else ""


def expire_due(db: sqlite_utils.Database, site_id: str, clock: Clock) -> list[str]:
    """Mark deliveries past their hold time expired; returns their ids."""
    now = iso(clock.now())
    due = [r[0] for r in db.execute(
        "SELECT id FROM parcels WHERE site_id = ? AND kind = 'delivery' AND status = 'deposited'"
        " AND expires_at IS NOT NULL AND expires_at <= ?", (site_id, now)).fetchall()]
    for parcel_id in due:
        apply_op(db, "ParcelExpired", {"parcel_id": parcel_id}, clock=clock)
    extended = db.execute(
        "SELECT id, expires_at FROM parcels WHERE site_id = ? AND status = 'expired' AND expires_at > ?",
        (site_id, now)).fetchall()
    for parcel_id, expires_at in extended:
        apply_op(db, "ParcelHoldExtended", {"parcel_id": parcel_id, "expires_at": expires_at}, clock=clock)
    return due


def collection_list(db: sqlite_utils.Database, site_id: str) -> list[dict[str, object]]:
    """What a courier takes away: expired deliveries and dropped returns, by compartment."""
    rows = db.execute(
        "SELECT p.id, p.tracking_number, p.kind, p.status, b.board_no, c.lock_no FROM parcels p"
        " JOIN compartments c ON c.id = p.compartment_id JOIN lock_boards b ON b.id = c.board_id"
        " WHERE p.site_id = ? AND (p.status = 'expired' OR (p.kind = 'return' AND p.status = 'deposited'))"
        " ORDER BY b.board_no, c.lock_no", (site_id,)).fetchall()
    return [{"parcel_id": r[0], "tracking_number": r[1], "kind": r[2], "status": r[3],
             "number": r[4] * 16 + r[5]} for r in rows]
