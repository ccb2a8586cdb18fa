"""Fixtures for the stats tests (the shift builders live in shift_ops.py and locker_ops.py so tests can
import them)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlite_utils
from shift_ops import T0, Shift

from terminal.clock import FixedClock


@pytest.fixture
def shift(fresh_db: sqlite_utils.Database) -> Shift:
    """A warehouse (site WH, UTC) whose clock starts a day before T0; build its shift through ops."""
    return Shift(fresh_db, FixedClock(T0 - timedelta(hours=24)))


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    """`terminal.cli.run` installs the JSON log handler and redacting filter on the root logger for
    good; undo that so in-process CLI tests do not change how later tests log."""
    root = logging.getLogger()
    handlers, filters, level = list(root.handlers), list(root.filters), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    for f in [f for f in root.filters if f not in filters]:
        root.removeFilter(f)
    root.setLevel(level)
