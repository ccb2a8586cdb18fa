"""Fixtures for the picking tests: layouts and a small warehouse database."""

from __future__ import annotations

from pathlib import Path

import pytest

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
