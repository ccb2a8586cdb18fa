"""An exact reference that shares no code with Handoff: layout-v1 distances written out from the protocol
page, and the shortest tour by integer programming in HiGHS (x_e ∈ {0, 1} per edge, degree 2 at every
node, a subtour cut for every component of the solution until it is a single tour)."""

from __future__ import annotations

from collections.abc import Sequence

import highspy

from terminal.catalog.layout import Layout


def positions(layout: Layout, picks: Sequence[tuple[int, int]]) -> list[tuple[float, float]]:
    """The depot, then each (aisle, bay): x = (a − 1)·pitch, y = y_{j−1} + cross/2 + (b' − 0.5)·width."""
    block = layout.bays_per_block * layout.bay_width_m + layout.cross_aisle_m
    out = [((layout.depot_aisle - 1) * layout.aisle_pitch_m, 0.0)]
    for aisle, bay in picks:
        j = (bay - 1) // layout.bays_per_block
        b = bay - j * layout.bays_per_block
        out.append(((aisle - 1) * layout.aisle_pitch_m,
                    j * block + layout.cross_aisle_m / 2 + (b - 0.5) * layout.bay_width_m))
    return out


def distances(layout: Layout, picks: Sequence[tuple[int, int]]) -> list[list[float]]:
    block = layout.bays_per_block * layout.bay_width_m + layout.cross_aisle_m
    cross = [k * block for k in range(layout.blocks + 1)]
    stops = positions(layout, picks)

    def d(a: tuple[float, float], b: tuple[float, float]) -> float:
        if a[0] == b[0]:
            return abs(a[1] - b[1])
        return min(abs(a[1] - y) + abs(a[0] - b[0]) + abs(b[1] - y) for y in cross)

    return [[d(a, b) for b in stops] for a in stops]


def tour_length(d: list[list[float]], order: Sequence[int]) -> float:
    stops = [0, *order, 0]
    return sum(d[a][b] for a, b in zip(stops, stops[1:], strict=False))


def ip_optimum(d: list[list[float]]) -> float:
    """The proven shortest tour through every node of `d` (node 0 the depot)."""
    n = len(d)
    if n <= 2:
        return 2 * d[0][1] if n == 2 else 0.0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    x = {(i, j): h.addBinary(obj=d[i][j]) for i in range(n) for j in range(i + 1, n)}
    for v in range(n):
        h.addConstr(sum(var for (i, j), var in x.items() if v in (i, j)) == 2)
    while True:
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS did not prove an optimum: {h.getModelStatus()}")
        chosen = [e for e, value in zip(x, h.vals(list(x.values())), strict=True) if value > 0.5]
        parts = _components(n, chosen)
        if len(parts) == 1:
            return float(h.getInfo().objective_function_value)
        for part in parts:
            h.addConstr(sum(var for (i, j), var in x.items() if (i in part) != (j in part)) >= 2)


def _components(n: int, edges: list[tuple[int, int]]) -> list[set[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[find(i)] = find(j)
    groups: dict[int, set[int]] = {}
    for v in range(n):
        groups.setdefault(find(v), set()).add(v)
    return list(groups.values())
