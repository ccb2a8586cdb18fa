"""Routing: the RR optimum equals Held–Karp, baselines are never shorter, every location once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.catalog.layout import Layout, LayoutError
from terminal.picking import routing
from terminal.picking.ratliff_rosenthal import ratliff_rosenthal, ratliff_rosenthal_length
from terminal.picking.routing import held_karp, plan, points_length, route_codes


def make_layout(aisles: int, blocks: int, bays: int, depot: int, pitch: float = 3.0) -> Layout:
    return Layout("random", aisles, pitch, blocks, bays, 1.2, 2.0, depot, {"A": (1, aisles)})


@st.composite
def instances(draw: st.DrawFn, blocks: int, max_picks: int) -> tuple[Layout, list[tuple[int, int]]]:
    aisles = draw(st.integers(1, 10))
    bays = draw(st.integers(1, 12))
    depot = draw(st.integers(1, aisles))
    pitch = draw(st.sampled_from([1.5, 3.0, 6.0]))
    layout = make_layout(aisles, blocks, bays, depot, pitch)
    picks = draw(st.lists(st.tuples(st.integers(1, aisles), st.integers(1, blocks * bays)),
                          min_size=1, max_size=max_picks))
    return layout, picks


def locations(layout: Layout, picks: list[tuple[int, int]]) -> list:
    # level alternates so several codes share a point, and exact duplicates occur too
    return [layout.parse_location(layout.location_code(a, b, 1 + i % 2, "L")) for i, (a, b) in enumerate(picks)]


def length(layout: Layout, locs: list, order: list[int]) -> float:
    return routing.route_length(layout, [locs[i] for i in order])


def exact(layout: Layout, locs: list) -> float:
    points = list({(loc.aisle, loc.bay) for loc in locs})
    return points_length(layout, held_karp(layout, points))


@settings(max_examples=60, deadline=None)
@given(instances(blocks=1, max_picks=10))
def test_single_block_optimum_equals_held_karp_and_beats_baselines(instance):
    layout, picks = instance
    locs = locations(layout, picks)
    order = plan(layout, locs, "optimal")
    assert sorted(order) == list(range(len(locs)))
    best = length(layout, locs, order)
    assert best == pytest.approx(exact(layout, locs), abs=1e-6)
    for baseline in ("s-shape", "largest-gap"):
        other = plan(layout, locs, baseline)
        assert sorted(other) == list(range(len(locs)))
        assert best <= length(layout, locs, other) + 1e-6


@settings(max_examples=40, deadline=None)
@given(instances(blocks=1, max_picks=40))
def test_single_block_optimum_on_larger_lists_is_never_beaten_by_a_baseline(instance):
    layout, picks = instance
    locs = locations(layout, picks)
    order = plan(layout, locs, "optimal")
    assert sorted(order) == list(range(len(locs)))
    best = length(layout, locs, order)
    assert all(best <= length(layout, locs, plan(layout, locs, b)) + 1e-6 for b in ("s-shape", "largest-gap"))


@settings(max_examples=40, deadline=None)
@given(instances(blocks=3, max_picks=30))
def test_multi_block_route_is_never_longer_than_the_best_baseline(instance):
    layout, picks = instance
    locs = locations(layout, picks)
    order = plan(layout, locs, "optimal")
    assert sorted(order) == list(range(len(locs)))
    baselines = [length(layout, locs, plan(layout, locs, b)) for b in ("s-shape", "largest-gap")]
    assert length(layout, locs, order) <= min(baselines) + 1e-6
    if len({(loc.aisle, loc.bay) for loc in locs}) <= 10:
        assert length(layout, locs, order) == pytest.approx(exact(layout, locs), abs=1e-6)


def test_distance_matrix_matches_the_layout_distance():
    layout = make_layout(7, 3, 5, 4)
    points = [(1, 1), (1, 14), (4, 7), (7, 15), (2, 6)]
    d = routing.distance_matrix(layout, points)
    xy = [layout.depot, *(routing._xy(layout, p) for p in points)]
    for i, a in enumerate(xy):
        for j, b in enumerate(xy):
            assert d[i][j] == pytest.approx(layout.distance(a, b))


def test_a_known_route_walks_one_aisle_up_and_the_next_down(layout):
    # picks deep in aisles 1 and 2: through aisle 1 to the back, across, down aisle 2: 2 × 24 + 2 × 3 = 54 m
    route = route_codes(layout, ["A-02-19-1L", "A-01-20-1L", "A-01-01-1R", "A-02-02-1L"])
    assert route.distance_m == pytest.approx(2 * layout.cross_aisle_y(1) + 2 * layout.aisle_pitch_m)
    assert route.sequence[:2] == ["A-01-01-1R", "A-01-20-1L"]
    assert route.sequence[2:] == ["A-02-19-1L", "A-02-02-1L"]


def test_duplicates_and_shared_points_appear_once_per_input(layout):
    codes = ["A-03-05-1L", "A-03-05-1L", "A-03-05-2R", "B-09-11-1L"]
    route = route_codes(layout, codes)
    assert Counter(route.sequence) == Counter(codes)
    assert route.distance_m == pytest.approx(route_codes(layout, ["A-03-05-1L", "B-09-11-1L"]).distance_m)


def test_unknown_location_is_one_sentence(layout):
    with pytest.raises(LayoutError, match="not a location code"):
        route_codes(layout, ["A-03-05-1L", "Z-99"])


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "terminal", *args], capture_output=True, text=True, timeout=60)


def test_cli_route_prints_the_exact_json_shape(layout_file):
    done = run_cli("route", "--layout", str(layout_file), "--algorithm", "s-shape", "--json",
                   "B-09-11-1L", "A-02-03-1L", "A-02-03-1L")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"algorithm", "distance_m", "sequence", "optimal", "lower_bound_m"}
    assert result["algorithm"] == "s-shape"
    assert result["optimal"] is False and result["lower_bound_m"] is None   # a baseline proves nothing
    assert Counter(result["sequence"]) == Counter(["B-09-11-1L", "A-02-03-1L", "A-02-03-1L"])
    assert isinstance(result["distance_m"], float)


def test_cli_refuses_an_unknown_location_and_a_broken_layout(layout_file, tmp_path):
    done = run_cli("route", "--layout", str(layout_file), "--json", "A-02-03-1L", "NOPE")
    assert done.returncode != 0 and "'NOPE' is not a location code" in done.stderr
    assert "Traceback" not in done.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("[layout]\naisles = 'many'\n", encoding="utf-8")
    done = run_cli("route", "--layout", str(broken), "--json", "A-02-03-1L")
    assert done.returncode != 0 and "aisles must be a positive number" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@settings(max_examples=30, deadline=None)
@given(instances(blocks=1, max_picks=25))
def test_the_dp_optimum_equals_the_length_of_the_tour_read_back(instance):
    layout, picks = instance
    points = list(set(picks))
    tour = ratliff_rosenthal(layout, points)
    assert ratliff_rosenthal_length(layout, points) == pytest.approx(points_length(layout, tour), abs=1e-6)


# --- the distance model against the protocol page, written out independently ------------------------------

def protocol_length(p: dict, codes: list[str]) -> float:
    """layout-v1 by hand: x = (a−1)·pitch; y_k = k·(bays·width + cross); bay y = y_{j−1} + cross/2 +
    (b'−0.5)·width; same aisle |Δy|, else min over all cross aisles k; depot at (x of depot_aisle, y_0)."""
    block = p["bays_per_block"] * p["bay_width_m"] + p["cross_aisle_m"]
    cross = [k * block for k in range(p["blocks"] + 1)]

    def xy(code: str) -> tuple[float, float]:
        _zone, aisle, bay, _rest = code.split("-")
        j = (int(bay) - 1) // p["bays_per_block"]
        b = int(bay) - j * p["bays_per_block"]
        return ((int(aisle) - 1) * p["aisle_pitch_m"], cross[j] + p["cross_aisle_m"] / 2 + (b - 0.5) * p["bay_width_m"])

    def dist(a: tuple[float, float], b: tuple[float, float]) -> float:
        if a[0] == b[0]:
            return abs(a[1] - b[1])
        return min(abs(a[1] - y) + abs(a[0] - b[0]) + abs(b[1] - y) for y in cross)

    depot = ((p["depot_aisle"] - 1) * p["aisle_pitch_m"], 0.0)
    stops = [depot, *(xy(c) for c in codes), depot]
    return sum(dist(a, b) for a, b in zip(stops, stops[1:], strict=False))


@pytest.mark.parametrize("blocks, depot", [(1, 1), (1, 5), (3, 4)])
@pytest.mark.parametrize("algorithm", ["optimal", "s-shape", "largest-gap"])
def test_cli_distance_is_depot_sequence_depot_by_the_protocol(tmp_path, blocks, depot, algorithm):
    p = {"aisles": 8, "aisle_pitch_m": 2.5, "blocks": blocks, "bays_per_block": 6, "bay_width_m": 1.1,
         "cross_aisle_m": 3.0, "depot_aisle": depot}
    path = tmp_path / "hall.toml"
    path.write_text("[layout]\nname = 'x'\n" + "".join(f"{k} = {v}\n" for k, v in p.items())
                    + "zones = { A = [1, 8] }\n", encoding="utf-8")
    codes = ["A-07-02-1L", "A-02-05-2R", f"A-05-{6 * blocks:02d}-1L", "A-01-01-1L", f"A-08-{3 * blocks:02d}-3L",
             "A-04-03-1R"]
    done = run_cli("route", "--layout", str(path), "--algorithm", algorithm, "--json", *codes)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["algorithm"] == algorithm and sorted(result["sequence"]) == sorted(codes)
    assert result["distance_m"] == pytest.approx(protocol_length(p, result["sequence"]), abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(instances(blocks=2, max_picks=6))
def test_held_karp_equals_trying_every_order(instance):
    from itertools import permutations

    layout, picks = instance
    points = list(set(picks))
    brute = min(points_length(layout, list(order)) for order in permutations(points))
    assert points_length(layout, held_karp(layout, points)) == pytest.approx(brute, abs=1e-6)
