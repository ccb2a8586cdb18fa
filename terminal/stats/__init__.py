"""Shift statistics: the KPIs of DESIGN §8 over a time window, the shift simulator and the
supervisor's exception operations."""
