"""Shared fixtures: a fresh migrated database per test on a real file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlite_utils

# Qt must never look for a display in tests; set here so nobody has to remember it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings files of the person running the tests must not leak in.
os.environ["HANDOFF_CONFIG"] = os.devnull + ".handoff-tests-none.toml"

from terminal.clock import FixedClock  # noqa: E402
from terminal.store import open_db  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "terminal.db"


@pytest.fixture
def fresh_db(db_path: Path) -> sqlite_utils.Database:
    db = open_db(db_path, create=True)
    yield db
    db.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()
