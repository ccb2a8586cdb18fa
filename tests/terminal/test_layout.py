"""layout-v1: coordinates and distances exactly as the protocol page defines them."""

from __future__ import annotations

import pytest

from terminal.catalog.layout import LayoutError, parse_layout

DOC = """
[layout]
name = "WAW-1 hall A"
aisles = 12
aisle_pitch_m = 3.0
blocks = 2
bays_per_block = 20
bay_width_m = 1.2
cross_aisle_m = 2.0
depot_aisle = 1
zones = { A = [1, 6], B = [7, 12] }
location_format = "{zone}-{aisle:02d}-{bay:02d}-{level}{side}"
"""


def test_coordinates_follow_the_protocol():
    layout = parse_layout(DOC)
    # block length = 20 * 1.2 + 2.0 = 26.0; cross aisles at y = 0, 26, 52
    assert [layout.cross_aisle_y(k) for k in range(3)] == [0.0, 26.0, 52.0]
    assert layout.aisle_x(4) == 9.0
    # bay 1: 0 + 1.0 + 0.5 * 1.2 = 1.6; bay 21 is the first bay of block 2: 26 + 1.0 + 0.6 = 27.6
    assert layout.bay_y(1) == pytest.approx(1.6)
    assert layout.bay_y(21) == pytest.approx(27.6)
    assert layout.depot == (0.0, 0.0)


def test_distance_same_aisle_and_via_the_best_cross_aisle():
    layout = parse_layout(DOC)
    a = layout.point(layout.parse_location("A-02-05-1L"))   # x 3, y 1 + 4.5 * 1.2 = 6.4
    b = layout.point(layout.parse_location("A-02-30-3R"))   # x 3, y 26 + 1 + 9.5 * 1.2 = 38.4
    assert layout.distance(a, b) == pytest.approx(32.0)
    c = layout.point(layout.parse_location("B-08-24-1L"))   # x 21, y 26 + 1 + 3.5 * 1.2 = 31.2
    # via the middle cross aisle (y 26): |38.4 - 26| + 18 + |31.2 - 26| = 12.4 + 18 + 5.2
    assert layout.distance(b, c) == pytest.approx(35.6)
    assert layout.route_length([a]) == pytest.approx(2 * (6.4 + 3.0))


@pytest.mark.parametrize("code", ["A-13-01-1L", "A-08-01-1L", "A-01-41-1L", "nonsense", "A-01-01-1X"])
def test_codes_outside_the_layout_are_refused(code):
    with pytest.raises(LayoutError):
        parse_layout(DOC).parse_location(code)


@pytest.mark.parametrize("bad", ["[layout]\naisles = 0\n", "[layout\n", "aisles = 3\n",
                                 DOC.replace("depot_aisle = 1", "depot_aisle = 40")])
def test_a_layout_with_an_error_says_so(bad):
    with pytest.raises(LayoutError):
        parse_layout(bad, "hall.toml")
