"""Fixtures for the packing tests: the picking tests' small warehouse, with boxes and picked orders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "picking"))


@pytest.fixture
def packing_db(fresh_db):
    from packing_world import build_packing_site

    build_packing_site(fresh_db)
    return fresh_db
