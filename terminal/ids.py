"""Identifiers made on the terminal: UUIDv7, so they sort by creation time across terminals."""

from __future__ import annotations

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())
