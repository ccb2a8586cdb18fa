"""Fixtures for the stats tests (the row builder lives in stats_rows.py so tests can import it)."""

from __future__ import annotations

import pytest
import sqlite_utils
from stats_rows import Rows


@pytest.fixture
def rows(fresh_db: sqlite_utils.Database) -> Rows:
    return Rows(fresh_db)
