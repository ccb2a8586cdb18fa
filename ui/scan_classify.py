"""Raw scanner text → a typed scan, on the database worker.

Uses the scanning capability's `terminal.scanning.classify.classify` when it is installed; until then
a small fallback knows commands (CMD:…) and badges, and calls everything else Unknown."""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable

import sqlite_utils

from terminal.config import Settings
from terminal.people.badges import UnknownBadge, user_for_badge
from terminal.scanning.types import BadgeScan, CommandScan, TypedScan, Unknown

Classifier = Callable[..., TypedScan]


@functools.cache
def _real_classifier() -> Classifier | None:
    """Resolved once (ui.app.warm_up calls it on the GUI thread, so no import happens on the worker)."""
    if importlib.util.find_spec("terminal.scanning.classify") is None:
        return None
    return importlib.import_module("terminal.scanning.classify").classify  # type: ignore[no-any-return]


def classify_raw(db: sqlite_utils.Database, raw: str, settings: Settings | None = None) -> TypedScan:
    """Never raises for bad input: an unusable scan is `Unknown` with a sentence. `settings` carries
    the scanning patterns and GS1 separator (`[scanning]`)."""
    real = _real_classifier()
    if real is not None:
        return real(db, raw, settings=settings)
    return fallback_classify(db, raw)


def fallback_classify(db: sqlite_utils.Database, raw: str) -> TypedScan:
    text = raw.strip()
    if text.upper().startswith("CMD:"):
        return CommandScan(raw=text, command=text[4:].strip().upper())
    try:
        user = user_for_badge(db, text)
    except UnknownBadge:
        return Unknown(raw=text, message=f"{text!r} was read, but it is not a code Handoff knows.")
    return BadgeScan(raw=text, badge=text, user_id=user.id)
