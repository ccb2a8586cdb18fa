"""The stats UI tests call the CLI in-process; keep its root-logger set-up from leaking out."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, filters, level = list(root.handlers), list(root.filters), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    for f in [f for f in root.filters if f not in filters]:
        root.removeFilter(f)
    root.setLevel(level)
