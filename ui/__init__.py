"""Handoff's Qt layer: windows, views and thin adapters over the core in `terminal/`."""
