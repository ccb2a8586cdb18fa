"""The numpy local search makes exactly the moves of the plain first-improvement scan it replaced.

`plain_local_search` below is that scan, kept here as the reference: 2-opt over (i, k) in row-major
order, then Or-opt for runs of 1, 2 and 3 stops, each run moved to its best place; repeated until
neither helps. Same start, same distances → the same tour, so the faster search never walks longer."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.catalog.layout import Layout
from terminal.picking import routing


def plain_local_search(d: list[list[float]], tour: list[int]) -> list[int]:
    route = [0, *tour, 0]
    n = len(route)
    eps = 1e-9
    improved = True
    while improved:
        improved = False
        for i in range(1, n - 2):
            a, b = route[i - 1], route[i]
            for k in range(i + 1, n - 1):
                c, e = route[k], route[k + 1]
                if d[a][c] + d[b][e] - d[a][b] - d[c][e] < -eps:
                    route[i:k + 1] = route[i:k + 1][::-1]
                    improved = True
                    b = route[i]
        for size in (1, 2, 3):
            i = 1
            while i + size < n:
                first, last = route[i], route[i + size - 1]
                before, after = route[i - 1], route[i + size]
                removed = d[before][first] + d[last][after] - d[before][after]
                best_gain, best_at, best_rev = eps, -1, False
                for j in (*range(0, i - 1), *range(i + size, n - 1)):
                    p, q = route[j], route[j + 1]
                    base = d[p][q]
                    gain = removed - (d[first][p] + d[last][q] - base)
                    if gain > best_gain:
                        best_gain, best_at, best_rev = gain, j, False
                    gain = removed - (d[last][p] + d[first][q] - base)
                    if gain > best_gain:
                        best_gain, best_at, best_rev = gain, j, True
                if best_at >= 0:
                    segment = route[i:i + size]
                    if best_rev:
                        segment.reverse()
                    rest = route[:i] + route[i + size:]
                    at = best_at + 1 if best_at < i else best_at + 1 - size
                    route = rest[:at] + segment + rest[at:]
                    improved = True
                i += 1
    return route[1:-1]


def cost(d: list[list[float]], tour: list[int]) -> float:
    return sum(d[a][b] for a, b in pairwise([0, *tour, 0]))


@st.composite
def searches(draw: st.DrawFn) -> tuple[list[list[float]], list[int]]:
    aisles = draw(st.integers(1, 20))
    blocks = draw(st.integers(1, 3))
    bays = draw(st.integers(1, 12))
    layout = Layout("random", aisles, draw(st.sampled_from([1.5, 3.0])), blocks, bays, 1.2, 2.0,
                    draw(st.integers(1, aisles)), {"A": (1, aisles)})
    points = draw(st.lists(st.tuples(st.integers(1, aisles), st.integers(1, blocks * bays)),
                           min_size=0, max_size=45, unique=True))
    start = draw(st.permutations(list(range(1, len(points) + 1))))
    return routing.distance_matrix(layout, points), start


@settings(max_examples=120, deadline=None)
@given(searches())
def test_the_numpy_search_ends_on_the_same_tour_as_the_plain_scan(search):
    d, start = search
    tour = routing.local_search(d, list(start))
    assert tour == plain_local_search(d, list(start))
    assert sorted(tour) == sorted(start)
    assert cost(d, tour) <= cost(d, list(start)) + 1e-9


def test_a_crossing_is_undone():
    # four stops on a line walked 0 → 2 → 1 → 3 → 4 → 0: 2-opt straightens it
    xs = [0.0, 1.0, 2.0, 3.0, 4.0]
    d = [[abs(a - b) for b in xs] for a in xs]
    assert routing.local_search(d, [2, 1, 3, 4]) == [1, 2, 3, 4]
