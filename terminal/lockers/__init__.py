"""Locker sites: compartments, allocation, codes, deposit, pickup, returns, expiry, door journal."""
