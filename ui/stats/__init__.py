"""Supervisor pages: the shift dashboard."""
