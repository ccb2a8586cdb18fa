"""Fixtures for the stats tests (the row builder lives in stats_rows.py so tests can import it)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import sqlite_utils
from stats_rows import Rows


@pytest.fixture
def rows(fresh_db: sqlite_utils.Database) -> Rows:
    return Rows(fresh_db)


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
