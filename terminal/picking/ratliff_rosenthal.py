"""The exact single-block route: the Ratliff–Rosenthal (1983) dynamic programme over the aisles.

Routes are now made by the multi-block programme in aisle_dp.py, of which this is the one-block
case; this original stays as the single-block reference that programme is tested against, and
holds the pick-point type and the Euler circuit both read their tours with."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from terminal.catalog.layout import Layout

PickPoint = tuple[int, int]   # (aisle, bay): what decides the position in layout-v1


# --- exact single-block optimum: Ratliff & Rosenthal ---------------------------------------------------
#
# Aisle j has a front node A_j (on the front cross aisle) and a back node B_j. Going left to right,
# a DP state describes the partial tour subgraph left of and including aisle j by what matters for
# completing it: the degree of A_j and B_j (0 = not in the graph, 1 = odd, 2 = even and > 0),
# whether A_j and B_j are in one component, and `done` once a finished closed tour lies to the left.
# A transition chooses the front and back cross-aisle edges from aisle j-1 (0, 1 or 2 copies each)
# and one of six aisle configurations; RR 1983 prove nothing else is needed.

_NONE, _SINGLE, _DOUBLE, _BOTTOM, _TOP, _GAP = range(6)
# aisle configuration -> (degree added at A, degree added at B, joins A and B through the aisle)
_VERTICAL = {_NONE: (0, 0, False), _SINGLE: (1, 1, True), _DOUBLE: (2, 2, True),
             _BOTTOM: (2, 0, False), _TOP: (0, 2, False), _GAP: (2, 2, False)}

# (deg A, deg B, A~B connected, done, A is the depot and still needs an edge)
State = tuple[int, int, bool, bool, bool]
_EMPTY: State = (0, 0, False, False, False)
_DONE: State = (0, 0, False, True, False)


def _degree(previous: int, added: int) -> int:
    """Combine a degree class (0 none, 1 odd, 2 even>0) with `added` more edge ends."""
    if added == 0:
        return previous
    parity = ((previous % 2) + added) % 2
    return 1 if parity else 2


def _transition(state: State, u: int, t: int, v: int) -> State | None:
    """The state after adding u front and t back cross-aisle edges and aisle configuration v."""
    if state[3]:
        return _DONE if (u, t, v) == (0, 0, _NONE) else None
    pa, pb, conn, _, need_a = state
    if need_a and not u:
        return None                       # the depot (front of the previous aisle) must join the tour
    if not (pa or pb) and (t or (u and not need_a)):
        return None                       # nothing to the left to connect to
    va, vb, through = _VERTICAL[v]
    # the old frontier retires now: its final degree must be even
    old_a, old_b = _degree(pa, u), _degree(pb, t)
    if old_a == 1 or old_b == 1:
        return None
    parent = list(range(4))               # 0 A_old, 1 B_old, 2 A_new, 3 B_new

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    if conn:
        union(0, 1)
    if u:
        union(0, 2)
    if t:
        union(1, 3)
    if through:
        union(2, 3)
    new_a, new_b = _degree(0, u + va), _degree(0, t + vb)
    present = [i for i, deg in ((0, old_a), (1, old_b), (2, new_a), (3, new_b)) if deg]
    frontier_roots = {find(i) for i in present if i >= 2}
    detached = {find(i) for i in present if find(i) not in frontier_roots}
    if detached:
        if frontier_roots or len(detached) > 1:
            return None                   # a piece that can never join the rest
        return _DONE
    if not present:
        return _EMPTY
    return (new_a, new_b, bool(new_a and new_b and find(2) == find(3)), False, False)


_TRANSITIONS: dict[State, list[tuple[int, int, int, State]]] = {}


def _transitions(state: State) -> list[tuple[int, int, int, State]]:
    if state not in _TRANSITIONS:
        out = []
        for u in range(3):
            for t in range(3):
                for v in _VERTICAL:
                    new = _transition(state, u, t, v)
                    if new is not None:
                        out.append((u, t, v, new))
        _TRANSITIONS[state] = out
    return _TRANSITIONS[state]


def _final(state: State) -> bool:
    pa, pb, conn, done, need_a = state
    if done:
        return True
    return pa != 1 and pb != 1 and bool(pa or pb) and not need_a and (conn or not (pa and pb))


_Back = list[dict[State, tuple[State, int, int, int]]]


def ratliff_rosenthal_length(layout: Layout, points: Sequence[PickPoint]) -> float:
    """The length of the exact shortest tour (the DP's optimum, without building the tour)."""
    if not points:
        return 0.0
    return _rr_dp(layout, points)[0]


def _rr_dp(layout: Layout, points: Sequence[PickPoint],
           ) -> tuple[float, State, int, int, dict[PickPoint, float], dict[int, int], _Back]:
    """Forward pass: (optimum, final state, first aisle, last aisle, y of each point, gap per aisle, back pointers)."""
    if layout.blocks != 1:
        raise ValueError("the Ratliff–Rosenthal programme needs a single-block layout")
    length = layout.cross_aisle_y(1)
    pitch = layout.aisle_pitch_m
    by_aisle: dict[int, list[float]] = defaultdict(list)
    ys: dict[PickPoint, float] = {}
    for point in points:
        ys[point] = layout.bay_y(point[1])
        by_aisle[point[0]].append(ys[point])
    first, last = min([*by_aisle, layout.depot_aisle]), max([*by_aisle, layout.depot_aisle])
    # the configurations an aisle allows and what each costs
    options: dict[int, dict[int, float]] = {}
    gap_at: dict[int, int] = {}
    for aisle in range(first, last + 1):
        picks = sorted(by_aisle.get(aisle, []))
        if not picks:
            opts = {_NONE: 0.0, _SINGLE: length}
        else:
            opts = {_SINGLE: length, _DOUBLE: 2 * length, _BOTTOM: 2 * picks[-1], _TOP: 2 * (length - picks[0])}
            if len(picks) >= 2:
                best = max(range(len(picks) - 1), key=lambda g: picks[g + 1] - picks[g])
                gap_at[aisle] = best
                opts[_GAP] = 2 * picks[best] + 2 * (length - picks[best + 1])
        options[aisle] = opts
    # forward pass
    costs: dict[State, float] = {_EMPTY: 0.0}
    back: _Back = []
    for aisle in range(first, last + 1):
        opts = options[aisle]
        nxt: dict[State, float] = {}
        ptr: dict[State, tuple[State, int, int, int]] = {}
        for state, cost in costs.items():
            for u, t, v, new in _transitions(state):
                extra = opts.get(v)
                if extra is None:
                    continue
                if aisle == layout.depot_aisle:
                    if new[3]:
                        continue                  # the tour must pass the depot at A_depot
                    if new[0] == 0:               # A_depot has no edge yet: the next aisle must bring one
                        new = (*new[:4], True)
                total = cost + extra + (u + t) * pitch
                if total < nxt.get(new, float("inf")) - 1e-9:
                    nxt[new] = total
                    ptr[new] = (state, u, t, v)
        costs = nxt
        back.append(ptr)
    end = min((s for s in costs if _final(s)), key=lambda s: costs[s])
    return costs[end], end, first, last, ys, gap_at, back


def ratliff_rosenthal(layout: Layout, points: Sequence[PickPoint]) -> list[PickPoint]:
    """The exact shortest tour through `points` from and back to the depot (single-block layouts)."""
    if not points:
        return []
    _, end, first, last, ys, gap_at, back = _rr_dp(layout, points)
    # read the chosen multigraph back from the transitions
    edges: list[tuple[object, object]] = []
    state = end
    for offset in range(last - first, -1, -1):
        aisle = first + offset
        prev, u, t, v = back[offset][state]
        edges += [(("A", aisle - 1), ("A", aisle))] * u + [(("B", aisle - 1), ("B", aisle))] * t
        edges += _aisle_edges(aisle, sorted(set(p for p in points if p[0] == aisle), key=lambda p: ys[p]),
                              v, gap_at.get(aisle, 0))
        state = prev
    tour = euler_circuit(edges, ("A", layout.depot_aisle))
    seen: set[PickPoint] = set()
    order: list[PickPoint] = []
    for node in tour:
        if node[0] == "P" and node[1] not in seen:  # type: ignore[index]
            seen.add(node[1])  # type: ignore[index]
            order.append(node[1])  # type: ignore[index]
    return order


def _aisle_edges(aisle: int, picks: list[PickPoint], v: int, gap: int) -> list[tuple[object, object]]:
    """The multigraph edges of aisle configuration v through the aisle's pick points (front to back)."""
    chain: list[object] = [("A", aisle), *(("P", p) for p in picks), ("B", aisle)]
    steps = list(pairwise(chain))
    if v == _NONE:
        return []
    if v == _SINGLE:
        return steps
    if v == _DOUBLE:
        return steps * 2
    if v == _BOTTOM:
        return steps[: len(picks)] * 2
    if v == _TOP:
        return steps[1:] * 2
    return steps[: gap + 1] * 2 + steps[gap + 2:] * 2        # _GAP: the gap after pick `gap` is skipped


def euler_circuit(edges: list[tuple[object, object]], start: object) -> list[object]:
    """Hierholzer's algorithm on an undirected multigraph whose degrees are all even."""
    adjacency: dict[object, list[tuple[object, int]]] = defaultdict(list)
    for index, (a, b) in enumerate(edges):
        adjacency[a].append((b, index))
        adjacency[b].append((a, index))
    used = [False] * len(edges)
    stack, circuit = [start], []
    while stack:
        node = stack[-1]
        neighbours = adjacency[node]
        while neighbours and used[neighbours[-1][1]]:
            neighbours.pop()
        if neighbours:
            other, index = neighbours.pop()
            used[index] = True
            stack.append(other)
        else:
            circuit.append(stack.pop())
    return circuit[::-1]
