"""One demo database per test module (making it takes a fraction of a second, but many tests read it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from terminal.demo import DemoSummary, generate
from terminal.store import open_db


def make_demo(path: Path, *, seed: int = 1, orders: int = 300,
              now: datetime | None = None) -> tuple[sqlite_utils.Database, DemoSummary]:
    db = open_db(path, create=True)
    return db, generate(db, seed=seed, orders=orders, now=now, db_path=path)



@pytest.fixture(name="make_demo")
def make_demo_fixture():
    """`make_demo(path, seed=, orders=)` → (db, summary); the caller closes nothing (tmp files)."""
    return make_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite_utils.Database, DemoSummary]]:
    db, summary = make_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    yield db, summary
    db.close()


@pytest.fixture(scope="module")
def demo_db(demo: tuple[sqlite_utils.Database, DemoSummary]) -> sqlite_utils.Database:
    return demo[0]
