"""Locker kiosk pages (courier, recipient pickup, returns, technician) and their Qt adapter."""
