"""`optimal` is the proven shortest route on multi-block layouts: checked against references that share
no code with Handoff — layout-v1 distances written out from the protocol page, Held–Karp and an
integer programme (HiGHS: degree-2 constraints and subtour cuts) in bench/independent_tsp.py."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.independent_tsp import distances, ip_optimum, tour_length
from terminal.catalog.layout import Layout
from terminal.picking import routing
from terminal.picking.aisle_dp import exact_route
from terminal.picking.ratliff_rosenthal import ratliff_rosenthal_length


def make_layout(aisles: int, blocks: int, bays: int, depot: int, pitch: float = 3.0) -> Layout:
    return Layout("random", aisles, pitch, blocks, bays, 1.2, 2.0, depot, {"A": (1, aisles)})


# --- layout-v1 by hand (bench/independent_tsp.py, shared with the routing benchmark) -----------------------------

def walk(layout: Layout, codes: list[str]) -> float:
    """depot → codes → depot, each code's aisle and bay read from its text (zone-aisle-bay-…)."""
    picks = [(int(c.split("-")[1]), int(c.split("-")[2])) for c in codes]
    return tour_length(distances(layout, picks), range(1, len(picks) + 1))


# --- references ---------------------------------------------------------------------------------------------

def held_karp(d: list[list[float]]) -> float:
    n = len(d) - 1
    if n == 0:
        return 0.0
    best = {(1 << i, i): d[0][i + 1] for i in range(n)}
    for mask in range(1, 1 << n):
        for last in range(n):
            here = best.get((mask, last))
            if here is None:
                continue
            for nxt in range(n):
                if not mask & (1 << nxt):
                    key = (mask | 1 << nxt, nxt)
                    best[key] = min(best.get(key, float("inf")), here + d[last + 1][nxt + 1])
    return min(best[((1 << n) - 1, i)] + d[i + 1][0] for i in range(n))


def optimal_length(layout: Layout, picks: list[tuple[int, int]]) -> tuple[float, bool]:
    """(length of Handoff's `optimal` route by the hand-written distances, proven optimal)."""
    codes = [layout.location_code(a, b, 1, "L") for a, b in picks]
    route = routing.route_codes(layout, codes, "optimal")
    return walk(layout, route.sequence), route.optimal


@st.composite
def instances(draw: st.DrawFn, max_picks: int) -> tuple[Layout, list[tuple[int, int]]]:
    blocks = draw(st.integers(1, 3))
    aisles = draw(st.integers(1, 9))
    bays = draw(st.integers(1, 8))
    layout = make_layout(aisles, blocks, bays, draw(st.integers(1, aisles)), draw(st.sampled_from([1.5, 3.0, 7.0])))
    picks = draw(st.lists(st.tuples(st.integers(1, aisles), st.integers(1, blocks * bays)),
                          min_size=1, max_size=max_picks, unique=True))
    return layout, picks


@settings(max_examples=120, deadline=None)
@given(instances(max_picks=10))
def test_multi_block_optimal_equals_held_karp_on_up_to_ten_picks(instance):
    layout, picks = instance
    length, proven = optimal_length(layout, picks)
    assert proven
    assert length == pytest.approx(held_karp(distances(layout, picks)), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(instances(max_picks=6))
def test_optimal_equals_trying_every_order(instance):
    from itertools import permutations

    layout, picks = instance
    d = distances(layout, picks)
    brute = min(tour_length(d, order) for order in permutations(range(1, len(d))))
    assert optimal_length(layout, picks)[0] == pytest.approx(brute, abs=1e-6)


def random_instance(seed: int, picks: int, blocks: int) -> tuple[Layout, list[tuple[int, int]]]:
    rnd = random.Random(seed)
    aisles = rnd.randint(10, 20)
    layout = make_layout(aisles, blocks, 10, rnd.randint(1, aisles))
    points: set[tuple[int, int]] = set()
    while len(points) < picks:
        points.add((rnd.randint(1, aisles), rnd.randint(1, blocks * 10)))
    return layout, sorted(points)


@pytest.mark.parametrize("seed, picks, blocks", [(1, 20, 2), (2, 20, 3), (3, 40, 2), (4, 40, 3), (5, 40, 3)])
def test_multi_block_optimal_equals_an_independent_integer_programme(seed, picks, blocks):
    """The old `optimal` (local search above 10 picks on several blocks) was up to ~10 % longer here."""
    layout, points = random_instance(seed, picks, blocks)
    length, proven = optimal_length(layout, points)
    assert proven
    assert length == pytest.approx(ip_optimum(distances(layout, points)), abs=1e-5)


@settings(max_examples=30, deadline=None)
@given(instances(max_picks=40))
def test_the_dp_length_is_the_walk_of_its_own_tour_and_single_block_equals_ratliff_rosenthal(instance):
    layout, picks = instance
    route = exact_route(layout, picks)
    codes = [layout.location_code(a, b, 1, "L") for a, b in route.points]
    assert sorted(route.points) == sorted(picks)
    assert route.length_m == pytest.approx(walk(layout, codes), abs=1e-6)
    if layout.blocks == 1:
        assert route.length_m == pytest.approx(ratliff_rosenthal_length(layout, picks), abs=1e-6)


# --- the CLI: proven optimum, or an honest best-so-far with a lower bound -----------------------------------

def run_route(layout_file, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "terminal", "route", "--layout", str(layout_file), "--json", *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def write_layout(tmp_path, layout: Layout):
    path = tmp_path / "hall.toml"
    path.write_text(
        f"[layout]\nname = 'x'\naisles = {layout.aisles}\naisle_pitch_m = {layout.aisle_pitch_m}\n"
        f"blocks = {layout.blocks}\nbays_per_block = {layout.bays_per_block}\nbay_width_m = {layout.bay_width_m}\n"
        f"cross_aisle_m = {layout.cross_aisle_m}\ndepot_aisle = {layout.depot_aisle}\n"
        f"zones = {{ A = [1, {layout.aisles}] }}\n", encoding="utf-8")
    return path


def test_cli_optimal_on_three_blocks_is_proven_and_its_distance_is_the_walk_of_its_sequence(tmp_path):
    layout, points = random_instance(9, 40, 3)
    codes = [layout.location_code(a, b, 1 + i % 3, "L") for i, (a, b) in enumerate(points)]
    result = run_route(write_layout(tmp_path, layout), *codes)
    assert result["optimal"] is True
    assert sorted(result["sequence"]) == sorted(codes)
    assert result["distance_m"] == pytest.approx(walk(layout, result["sequence"]), abs=1e-3)
    assert result["lower_bound_m"] == result["distance_m"]
    assert result["distance_m"] == pytest.approx(ip_optimum(distances(layout, points)), abs=1e-3)


def test_cli_out_of_budget_says_not_optimal_with_a_proven_lower_bound(tmp_path):
    layout, points = random_instance(10, 60, 3)
    codes = [layout.location_code(a, b, 1, "R") for a, b in points]
    path = write_layout(tmp_path, layout)
    rushed = run_route(path, "--budget-ms", "0", *codes)
    exact = run_route(path, *codes)
    assert rushed["optimal"] is False and exact["optimal"] is True
    assert rushed["distance_m"] == pytest.approx(walk(layout, rushed["sequence"]), abs=1e-3)
    assert 0 < rushed["lower_bound_m"] <= exact["distance_m"] <= rushed["distance_m"]


def test_cli_refuses_a_budget_that_is_not_a_number_of_milliseconds(tmp_path):
    layout, points = random_instance(11, 3, 2)
    done = subprocess.run([sys.executable, "-m", "terminal", "route", "--layout", str(write_layout(tmp_path, layout)),
                           "--budget-ms", "soon", layout.location_code(*points[0], 1, "L")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "'soon' is not a time budget" in done.stderr
    assert "Traceback" not in done.stderr


def test_beyond_the_dp_block_limit_the_route_is_not_called_optimal():
    layout, points = random_instance(12, 15, routing.DP_MAX_BLOCKS + 1)
    codes = [layout.location_code(a, b, 1, "L") for a, b in points]
    route = routing.route_codes(layout, codes, "optimal")
    assert route.optimal is False
    assert 0 < route.lower_bound_m <= route.distance_m == pytest.approx(walk(layout, route.sequence), abs=1e-6)


def test_a_negative_route_budget_setting_is_one_sentence():
    from terminal.config import ConfigError, Settings
    from terminal.picking.batching import route_budget_ms

    assert route_budget_ms(Settings({"picking": {"route_budget_ms": 50}})) == 50.0
    with pytest.raises(ConfigError, match="picking.route_budget_ms is -5; make it 0 or more milliseconds"):
        route_budget_ms(Settings({"picking": {"route_budget_ms": -5}}))
