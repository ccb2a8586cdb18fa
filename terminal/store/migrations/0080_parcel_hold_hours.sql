-- How long this parcel waits once deposited, as the backend's pickup-window rules set it at the
-- announcement (per site and parcel service, backend/pickup_windows.py); NULL: the kiosk's own
-- `lockers.hold_hours`. The deposit fact carries the deadline made from it (expires_at).
ALTER TABLE parcels ADD COLUMN hold_hours REAL CHECK (hold_hours IS NULL OR hold_hours > 0);
