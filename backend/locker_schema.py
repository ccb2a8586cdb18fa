"""The locker network's own tables: pickup-window rules, each parcel's window, capacity reservations.

Kept out of backend/schema.py so the parcel-locker work stays in files of its own; the tables live in
the same metadata (migrations 46 and 47 create them, backend/db.py)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table

from backend.schema import metadata

#: `*` in a rule's site or service: every site / every service (backend/pickup_windows.py)
ANY = "*"

locker_rules = Table(
    "locker_rules", metadata,
    Column("site_id", String(64), primary_key=True),
    Column("service", String(64), primary_key=True),
    Column("hold_hours", Float, nullable=False),
    Column("max_extensions", Integer, nullable=False),
    Column("extension_hours", Float, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

# One row per parcel announced through the integration API: the service its rules come from and how
# many times its hold was extended (the parcel entity is pulled by kiosks; this count is not).
parcel_windows = Table(
    "parcel_windows", metadata,
    Column("parcel_id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("service", String(64), nullable=False),
    Column("extensions", Integer, nullable=False, server_default="0"),
)

# A compartment size held at a locker for an announced parcel over [starts_at, ends_at): from the
# announcement to the expected deposit plus the hold. Released (released_at, reason) once the parcel
# is no longer waiting to be deposited — then a compartment holds it, or nothing does.
locker_reservations = Table(
    "locker_reservations", metadata,
    Column("parcel_id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("requested_site_id", String(64), nullable=False),   # differs when the parcel was redirected
    Column("tracking_number", String(128), nullable=False),
    Column("size_class", String(1), nullable=False),
    Column("starts_at", String(40), nullable=False),
    Column("expected_at", String(40), nullable=False),          # the expected deposit
    Column("ends_at", String(40), nullable=False),
    Column("released_at", String(40)),
    Column("reason", String(32)),
)
Index("locker_reservations_active", locker_reservations.c.site_id, locker_reservations.c.released_at)
Index("locker_reservations_requested", locker_reservations.c.requested_site_id,
      locker_reservations.c.tracking_number)
