"""Releasing a parcel's compartment reservation (backend/capacity.py), kept apart from the capacity
check so the locker handlers can call it without importing the integration side."""

from __future__ import annotations

from sqlalchemy import Connection, and_, update

from backend.locker_schema import locker_reservations


def release(conn: Connection, parcel_id: str, reason: str, at: str) -> None:
    """Stop counting the parcel's reservation (no-op when it has none or it is already released)."""
    r = locker_reservations.c
    conn.execute(update(locker_reservations).where(and_(r.parcel_id == parcel_id, r.released_at.is_(None)))
                 .values(released_at=at, reason=reason))
