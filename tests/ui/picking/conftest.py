"""The picking page tests reuse the terminal tests' small warehouse builders."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "picking"))

from picking_world import add_order, add_totes, build_warehouse  # noqa: E402

from terminal.clock import FixedClock  # noqa: E402
from terminal.config import Settings  # noqa: E402
from terminal.store import open_db  # noqa: E402
from ui.app import make_context, shutdown  # noqa: E402
from ui.context import AppContext  # noqa: E402


@pytest.fixture
def picking_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    path = tmp_path / "cart.db"
    db = open_db(path, create=True)
    build_warehouse(db)
    add_totes(db)
    add_order(db, [("SKU-MUG", 2), ("SKU-TEA", 1)], ref="R-100")
    add_order(db, [("SKU-CUP", 1)], ref="R-200")
    db.close()
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}}), clock=clock, synchronous=True)
    yield ctx
    shutdown(ctx)
