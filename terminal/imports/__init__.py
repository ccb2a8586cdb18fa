"""Imports for a standalone site (issue 19 §5): orders, SKUs, locations, stock and users from CSV or JSON.

read → columns (msgspec models, one per kind) → check (every row, each bad one with its line and a
coded reason) → apply (one supervisor op per chunk of rows, all chunks in one transaction)."""

from terminal.imports import messages as _messages  # noqa: F401  (registers the reasons' codes)
