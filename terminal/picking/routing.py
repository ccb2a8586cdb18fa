"""Walking routes through the warehouse, with distances exactly as `protocols/layout-v1.md` defines them.

* ``optimal`` — the proven shortest route on layouts of any number of blocks (up to ``DP_MAX_BLOCKS``):
  the dynamic programme over the aisle graph in aisle_dp.py (Ratliff–Rosenthal generalised to several
  blocks). The tour is read back from the DP's choices (an Euler circuit from the depot) and its pick
  points, in first-visit order, are the sequence. It runs under a time budget (setting
  ``picking.route_budget_ms``, default ``ROUTE_BUDGET_MS``): when the budget runs out first, the route
  is the better baseline improved by 2-opt and Or-opt, reported as NOT optimal together with the
  proven lower bound — a route is called optimal only when the DP finished.
* ``s-shape`` and ``largest-gap`` — the standard baselines (multi-block: block by block, farthest
  block first, serpentine over the blocks).

Every route is a visiting ORDER of the input picks; its length is always computed from that order
with `Layout.route_length` (depot → picks → depot, shortest walk between consecutive stops), so the
reported distance and the sequence can never disagree. Several picks at the same point (same aisle
and bay, any level or side, or the same code given twice) are visited together: each input item
appears exactly once in the sequence, duplicates next to each other.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from terminal.catalog.layout import Layout, Location
from terminal.picking.aisle_dp import BudgetExceeded, exact_route
from terminal.picking.ratliff_rosenthal import PickPoint

ALGORITHMS = ("optimal", "s-shape", "largest-gap")
ROUTE_BUDGET_MS = 200.0   # default time budget of the exact route (setting picking.route_budget_ms)
DP_MAX_BLOCKS = 5         # the DP's state table grows ~5× a block (3033 states at 5 blocks)


@dataclass(frozen=True)
class Route:
    algorithm: str
    order: list[int]          # indices into the input, in walking order
    sequence: list[str]       # the input location codes in walking order
    distance_m: float         # depot → sequence → depot under layout-v1
    optimal: bool = False     # True only when distance_m is PROVEN to be the shortest possible
    lower_bound_m: float | None = None   # proven: no route is shorter (None: not computed)


@dataclass(frozen=True)
class Planned:
    order: list[int]          # indices into the input, in walking order
    optimal: bool             # proven optimal
    lower_bound_m: float | None


def route_codes(layout: Layout, codes: Sequence[str], algorithm: str = "optimal",
                budget_ms: float = ROUTE_BUDGET_MS) -> Route:
    """Route a list of location codes; LayoutError (one sentence) for a code that is not ours."""
    locations = [layout.parse_location(code) for code in codes]
    planned = solve(layout, locations, algorithm, budget_ms)
    order = planned.order
    distance = route_length(layout, [locations[i] for i in order])
    # a proven optimum is its own bound: the same number, not the DP's sum of the same legs in another order
    bound = distance if planned.optimal else planned.lower_bound_m
    return Route(algorithm, order, [locations[i].code for i in order], distance, planned.optimal, bound)


def route_length(layout: Layout, locations: Sequence[Location]) -> float:
    return layout.route_length([layout.point(loc) for loc in locations])


def plan(layout: Layout, locations: Sequence[Location], algorithm: str = "optimal",
         budget_ms: float = ROUTE_BUDGET_MS) -> list[int]:
    """The walking order (indices into `locations`) the algorithm chooses."""
    return solve(layout, locations, algorithm, budget_ms).order


def solve(layout: Layout, locations: Sequence[Location], algorithm: str = "optimal",
          budget_ms: float = ROUTE_BUDGET_MS) -> Planned:
    """The walking order, whether it is proven optimal, and the proven lower bound."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown routing algorithm {algorithm!r}")
    if not locations:
        return Planned([], True, 0.0)
    stops = _Stops(layout, locations)
    if algorithm == "s-shape":
        return Planned(stops.expand(s_shape(layout, stops.points)), False, None)
    if algorithm == "largest-gap":
        return Planned(stops.expand(largest_gap(layout, stops.points)), False, None)
    points, optimal, bound = optimal_points(layout, stops.points, budget_ms)
    return Planned(stops.expand(points), optimal, bound)


def optimal_points(layout: Layout, points: Sequence[PickPoint], budget_ms: float = ROUTE_BUDGET_MS,
                   ) -> tuple[list[PickPoint], bool, float]:
    """(walking order, proven optimal, proven lower bound): the DP's tour when it finishes within the
    budget, else the improved baseline with the best bound the DP proved before it was stopped."""
    started = time.perf_counter()
    bound = _trivial_bound(layout, points)
    if layout.blocks <= DP_MAX_BLOCKS:
        try:
            exact = exact_route(layout, points, deadline=started + budget_ms / 1000)
            return exact.points, True, exact.length_m
        except BudgetExceeded as stopped:
            bound = max(bound, stopped.lower_bound)
    tour = improved_baseline(layout, points)
    return tour, False, min(bound, points_length(layout, tour))


def _trivial_bound(layout: Layout, points: Sequence[PickPoint]) -> float:
    """Out to the farthest pick and back: no route is shorter."""
    depot = layout.depot
    return max((2 * layout.distance(depot, _xy(layout, p)) for p in points), default=0.0)


# --- pick points (`PickPoint`, (aisle, bay), lives with the Ratliff–Rosenthal DP) -------------------


class _Stops:
    """Group the input by position so each point is routed once; expand back to input indices."""

    def __init__(self, layout: Layout, locations: Sequence[Location]) -> None:
        self.members: dict[PickPoint, list[int]] = defaultdict(list)
        for index, loc in enumerate(locations):
            self.members[(loc.aisle, loc.bay)].append(index)
        self.points = list(self.members)

    def expand(self, points: Sequence[PickPoint]) -> list[int]:
        assert sorted(points) == sorted(self.points), "a route must visit every pick point once"
        return [index for point in points for index in self.members[point]]


def _xy(layout: Layout, point: PickPoint) -> tuple[float, float]:
    return (layout.aisle_x(point[0]), layout.bay_y(point[1]))


def points_length(layout: Layout, points: Sequence[PickPoint]) -> float:
    return layout.route_length([_xy(layout, p) for p in points])


# --- baselines ---------------------------------------------------------------------------------------------

def _block_of(layout: Layout, bay: int) -> int:
    return (bay - 1) // layout.bays_per_block


def s_shape(layout: Layout, points: Sequence[PickPoint]) -> list[PickPoint]:
    """S-shape: every aisle with picks is walked through in alternating directions, left to right.

    Multi-block: block by block from the farthest one, sweeping left→right then right→left."""
    order: list[PickPoint] = []
    blocks = sorted({_block_of(layout, p[1]) for p in points}, reverse=True)
    going_up = True
    for index, block in enumerate(blocks):
        mine = [p for p in points if _block_of(layout, p[1]) == block]
        aisles = sorted({p[0] for p in mine}, reverse=bool(index % 2))
        if layout.blocks > 1:
            going_up = False      # coming from the back of the block: the first aisle is walked down
        for aisle in aisles:
            order += sorted((p for p in mine if p[0] == aisle), key=lambda p: p[1], reverse=not going_up)
            going_up = not going_up
    return order


def largest_gap(layout: Layout, points: Sequence[PickPoint]) -> list[PickPoint]:
    """Largest gap: the outer aisles walked through, inner aisles entered from the front and the back
    up to their largest gap (front and back of each block on multi-block layouts)."""
    order: list[PickPoint] = []
    blocks = sorted({_block_of(layout, p[1]) for p in points}, reverse=True)
    for index, block in enumerate(blocks):
        mine = [p for p in points if _block_of(layout, p[1]) == block]
        order += _largest_gap_block(layout, mine, block, leftwards=bool(index % 2))
    return order


def _largest_gap_block(layout: Layout, points: list[PickPoint], block: int, leftwards: bool) -> list[PickPoint]:
    aisles = sorted({p[0] for p in points}, reverse=leftwards)
    by_aisle = {a: sorted((p for p in points if p[0] == a), key=lambda p: p[1]) for a in aisles}
    if len(aisles) == 1:
        return by_aisle[aisles[0]]
    front, back = layout.cross_aisle_y(block), layout.cross_aisle_y(block + 1)
    lower: dict[int, list[PickPoint]] = {}
    upper: dict[int, list[PickPoint]] = {}
    for aisle in aisles[1:-1]:
        picks = by_aisle[aisle]
        ys = [front, *(layout.bay_y(p[1]) for p in picks), back]
        gap = max(range(len(ys) - 1), key=lambda g: ys[g + 1] - ys[g])   # gap between ys[gap] and ys[gap+1]
        lower[aisle], upper[aisle] = picks[:gap], picks[gap:]
    order = list(by_aisle[aisles[0]])                       # first aisle: front to back
    for aisle in aisles[1:-1]:
        order += upper[aisle][::-1]                         # from the back cross aisle, down and back
    order += by_aisle[aisles[-1]][::-1]                     # last aisle: back to front
    for aisle in reversed(aisles[1:-1]):
        order += lower[aisle]                               # from the front cross aisle, up and back
    if layout.blocks > 1:
        order.reverse()   # multi-block blocks are entered from the back (coming from the farther block)
    return order


# --- exact search and local search -------------------------------------------------------------------------

def distance_matrix(layout: Layout, points: Sequence[PickPoint]) -> list[list[float]]:
    """Pairwise layout-v1 distances; index 0 is the depot, i + 1 is points[i] (vectorised)."""
    aisles = np.array([layout.depot_aisle, *(a for a, _ in points)])
    xs = (aisles - 1) * layout.aisle_pitch_m
    ys = np.array([layout.depot[1], *(layout.bay_y(b) for _, b in points)])
    cross = np.array([layout.cross_aisle_y(k) for k in range(layout.blocks + 1)])
    to_cross = np.abs(ys[:, None] - cross[None, :])                    # node × cross aisle
    via = np.min(to_cross[:, None, :] + to_cross[None, :, :], axis=2)   # best cross aisle per pair
    d = np.abs(xs[:, None] - xs[None, :]) + via
    same = aisles[:, None] == aisles[None, :]
    d = np.where(same, np.abs(ys[:, None] - ys[None, :]), d)
    rows: list[list[float]] = d.astype(float).tolist()
    return rows


def held_karp(layout: Layout, points: Sequence[PickPoint]) -> list[PickPoint]:
    """The exact shortest tour by dynamic programming over subsets (use for ≤ ~12 points)."""
    n = len(points)
    if n <= 1:
        return list(points)
    d = distance_matrix(layout, points)
    full = (1 << n) - 1
    best: dict[tuple[int, int], tuple[float, int]] = {(1 << i, i): (d[0][i + 1], -1) for i in range(n)}
    for mask in range(1, full + 1):
        for last in range(n):
            entry = best.get((mask, last))
            if entry is None:
                continue
            cost = entry[0]
            for nxt in range(n):
                if mask & (1 << nxt):
                    continue
                key = (mask | (1 << nxt), nxt)
                total = cost + d[last + 1][nxt + 1]
                if key not in best or total < best[key][0] - 1e-12:
                    best[key] = (total, last)
    last = min(range(n), key=lambda i: best[(full, i)][0] + d[i + 1][0])
    order, mask = [], full
    while last != -1:
        order.append(points[last])
        mask, last = mask ^ (1 << last), best[(mask, last)][1]
    return order[::-1]


def improved_baseline(layout: Layout, points: Sequence[PickPoint]) -> list[PickPoint]:
    """The better of S-shape and largest-gap, improved by 2-opt and Or-opt until neither helps."""
    d = distance_matrix(layout, points)
    index = {p: i + 1 for i, p in enumerate(points)}
    candidates = [[index[p] for p in s_shape(layout, points)], [index[p] for p in largest_gap(layout, points)]]
    tour = min(candidates, key=lambda t: _tour_cost(d, t))
    tour = local_search(d, tour)
    return [points[i - 1] for i in tour]


def _tour_cost(d: list[list[float]], tour: list[int]) -> float:
    stops = [0, *tour, 0]
    return sum(d[a][b] for a, b in pairwise(stops))


def local_search(d: Sequence[Sequence[float]], tour: list[int]) -> list[int]:
    """2-opt (reverse a stretch) and Or-opt (move a run of 1–3 stops) on a depot tour; first improvement.

    The moves are exactly those of the plain scan — 2-opt over (i, k) in row-major order, taking the
    first improving pair and going on from (i, k + 1); Or-opt per run size over i, moving each run to
    its best place (the first of equal gains, in the order of j and forward before reversed) — but
    each scan evaluates every remaining candidate at once with numpy, from the current position to
    the first improving move, so the tour (and its length) is the same and a 60-stop search takes a
    few dozen array evaluations instead of ~10⁵ Python steps."""
    dist = np.asarray(d, dtype=float)
    route = np.array([0, *tour, 0])
    eps = 1e-9
    improved = True
    while improved:
        improved = _two_opt_pass(dist, route, eps)
        for size in (1, 2, 3):
            improved = _or_opt_pass(dist, route, size, eps) or improved
    out: list[int] = route[1:-1].tolist()
    return out


def _two_opt_pass(d: np.ndarray, route: np.ndarray, eps: float) -> bool:
    """One 2-opt sweep in place; True when some stretch was reversed."""
    n = len(route)
    if n < 4:
        return False
    ks = np.arange(n - 1)
    later = ks[None, :] > np.arange(1, n - 2)[:, None]          # k > i
    moved = False
    i0, k0 = 1, 2
    while i0 < n - 2:
        m = d[route[:, None], route[None, :]]                  # m[x, y]: stop at x to stop at y
        edge = np.diagonal(m, 1)                                # edge[x] = m[x, x + 1]
        # the same arithmetic, term by term, as `d[a][c] + d[b][e] - d[a][b] - d[c][e]` for each (i, k)
        delta = m[i0 - 1:n - 3, :-1] + m[i0:n - 2, 1:] - edge[i0 - 1:n - 3, None] - edge[None, :]
        allowed = later[i0 - 1:].copy()
        allowed[0, :k0] = False
        hits = np.flatnonzero((delta < -eps) & allowed)
        if not hits.size:
            break
        row, k = divmod(int(hits[0]), n - 1)
        at = i0 + row
        route[at:k + 1] = route[at:k + 1][::-1].copy()
        moved = True
        i0, k0 = at, k + 1
        if k0 > n - 2:
            i0, k0 = at + 1, at + 2
    return moved


def _or_opt_pass(d: np.ndarray, route: np.ndarray, size: int, eps: float) -> bool:
    """One Or-opt sweep in place for runs of `size` stops; True when some run was moved."""
    n = len(route)
    if n - size <= 1:
        return False
    i_all = np.arange(1, n - size)
    js = np.arange(n - 1)
    # the run's own edges and the ones next to it are no place to put it
    blocked = np.where((js[None, :] >= i_all[:, None] - 1) & (js[None, :] < i_all[:, None] + size), -np.inf, 0.0)
    moved = False
    i0 = 1
    while i0 + size < n:
        m = d[route[:, None], route[None, :]]
        edge = np.diagonal(m, 1)
        top = n - size                                          # rows i = i0 … n - size - 1
        first, last = slice(i0, top), slice(i0 + size - 1, top + size - 1)
        removed = (edge[i0 - 1:top - 1] + edge[i0 + size - 1:top + size - 1]
                   - m[np.arange(i0 - 1, top - 1), np.arange(i0 + size, top + size)])
        forward = removed[:, None] - (m[first, :-1] + m[last, 1:] - edge[None, :]) + blocked[i0 - 1:]
        backward = removed[:, None] - (m[last, :-1] + m[first, 1:] - edge[None, :]) + blocked[i0 - 1:]
        best = np.maximum(forward.max(axis=1), backward.max(axis=1))
        rows = np.flatnonzero(best > eps)
        if not rows.size:
            break
        row = int(rows[0])
        at = i0 + row
        # the first of equal gains in the plain scan's order: j ascending, forward before reversed
        choice = int(np.argmax(np.stack([forward[row], backward[row]], axis=1).ravel()))
        j, reverse = divmod(choice, 2)
        segment = route[at:at + size].copy()
        if reverse:
            segment = segment[::-1]
        rest = np.concatenate([route[:at], route[at + size:]])
        put = j + 1 if j < at else j + 1 - size
        route[:] = np.concatenate([rest[:put], segment, rest[put:]])
        moved = True
        i0 = at + 1
    return moved
