"""The picking page tests reuse the terminal tests' small warehouse builders."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "picking"))

from cart_world import cart_context  # noqa: E402

from terminal.clock import FixedClock  # noqa: E402
from ui.app import shutdown  # noqa: E402
from ui.context import AppContext  # noqa: E402


@pytest.fixture
def picking_ctx(tmp_path: Path, clock: FixedClock) -> Iterator[AppContext]:
    ctx = cart_context(tmp_path / "cart.db", clock)
    yield ctx
    shutdown(ctx)
