"""Fixtures for the picking tests: layouts and a small warehouse database."""

from __future__ import annotations

from pathlib import Path

import pytest
from picking_world import add_carrier

from terminal.catalog.layout import Layout, parse_layout

LAYOUT_TOML = """
[layout]
name = "Test hall"
aisles = 12
aisle_pitch_m = 3.0
blocks = 1
bays_per_block = 20
bay_width_m = 1.2
cross_aisle_m = 2.0
depot_aisle = 1
zones = { A = [1, 6], B = [7, 12] }
location_format = "{zone}-{aisle:02d}-{bay:02d}-{level}{side}"
"""


@pytest.fixture
def layout() -> Layout:
    return parse_layout(LAYOUT_TOML)


@pytest.fixture
def layout_file(tmp_path: Path) -> Path:
    path = tmp_path / "layout.toml"
    path.write_text(LAYOUT_TOML, encoding="utf-8")
    return path


@pytest.fixture
def calendar_db(fresh_db):
    fresh_db.execute("INSERT INTO sites (id, name, kind, timezone) VALUES ('WAW1', 'Hall', 'warehouse',"
                     " 'Europe/Warsaw')")
    add_carrier(fresh_db)
    return fresh_db


@pytest.fixture
def warehouse(fresh_db):
    from picking_world import build_warehouse

    build_warehouse(fresh_db)
    return fresh_db
