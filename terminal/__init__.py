"""Handoff's core: pure Python, no Qt. Everything a terminal knows and does lives here."""

__version__ = "0.1.0"
