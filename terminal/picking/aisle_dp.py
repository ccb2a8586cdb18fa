"""The exact shortest route on a layout with any number of blocks: a dynamic programme over the aisle graph.

This is Ratliff & Rosenthal's (1983) programme generalised to several blocks as in Roodbergen & de
Koster (2001) and Pansart, Catusse & Cambazard (2018). Layout-v1 distances are shortest paths in
the graph of aisle centre lines and cross aisles, so the shortest tour through the picks is the
cheapest connected Eulerian multigraph on that graph (every edge used at most twice) that contains
the depot and every pick. Sweeping the aisles left to right, a state describes the partial
multigraph by what matters for completing it: at each cross-aisle crossing of the current aisle
the degree (0, odd, even > 0) and which crossings are joined by the part to the left.

A column is processed in small stages (one cross-aisle edge or one sub-aisle at a time) so each
stage has at most six options. The transition structure does not depend on the instance — only on
the number of blocks — so it is enumerated once, and each stage is one vectorised min-plus step.
The forward costs after any stage are a proven lower bound on the optimum (every remaining choice
costs ≥ 0), which is what is reported when the time budget runs out before the sweep ends.
"""

from __future__ import annotations

import functools
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from terminal.catalog.layout import Layout
from terminal.picking.ratliff_rosenthal import PickPoint, euler_circuit

# sub-aisle configurations (Ratliff & Rosenthal): -> (degree added at the lower end, at the upper
# end, whether the sub-aisle itself joins the two ends)
NONE, SINGLE, DOUBLE, BOTTOM, TOP, GAP = range(6)
_VERTICAL = {NONE: (0, 0, False), SINGLE: (1, 1, True), DOUBLE: (2, 2, True),
             BOTTOM: (2, 0, False), TOP: (0, 2, False), GAP: (2, 2, False)}

# (degree class per crossing, component label per crossing (0 = not in the graph), tour finished)
State = tuple[tuple[int, ...], tuple[int, ...], bool]
# stage kinds: ("H", k, depot must be in the graph) — the cross-aisle-k edge from the previous aisle,
# retiring the previous aisle's crossing k; ("V", j, False) — sub-aisle j (between crossings j-1, j)
Stage = tuple[str, int, bool]


class BudgetExceeded(Exception):
    """The time budget ran out mid-sweep; `lower_bound` is proven."""

    def __init__(self, lower_bound: float) -> None:
        super().__init__(f"routing budget exceeded (lower bound {lower_bound:.3f} m)")
        self.lower_bound = lower_bound


def _degree(previous: int, added: int) -> int:
    if added == 0:
        return previous
    return 1 if (previous + added) % 2 else 2


def _canonical(degrees: list[int], labels: list[int], done: bool = False) -> State:
    seen: dict[int, int] = {}
    out = []
    for deg, label in zip(degrees, labels, strict=True):
        if not deg:
            out.append(0)
            continue
        out.append(seen.setdefault(label, len(seen) + 1))
    return (tuple(degrees), tuple(out), done)


def _empty(slots: int) -> State:
    return ((0,) * slots, (0,) * slots, False)


def _done(slots: int) -> State:
    return ((0,) * slots, (0,) * slots, True)


def _horizontal(state: State, k: int, copies: int, require: bool) -> State | None:
    degrees, labels, done = state
    if done:
        return state if copies == 0 and not require else None   # a finished tour left the depot out
    deg, label = degrees[k], labels[k]
    if deg == 0:
        if not require:
            return state if copies == 0 else None     # an edge to a bare crossing would be a dead end
        if copies != 2:
            return None                               # the depot is no tour's end: out and back again
        new_degrees, new_labels = list(degrees), list(labels)
        new_degrees[k], new_labels[k] = 2, max(labels) + 1
        return _canonical(new_degrees, new_labels)
    if (deg == 1) != (copies == 1):
        return None                               # the retiring crossing would have an odd degree
    new_degrees, new_labels = list(degrees), list(labels)
    if copies:
        new_degrees[k] = copies
        return _canonical(new_degrees, new_labels)
    new_degrees[k], new_labels[k] = 0, 0
    if label in (lab for i, lab in enumerate(new_labels) if new_degrees[i]):
        return _canonical(new_degrees, new_labels)
    if any(new_degrees):
        return None                               # a closed piece that can never join the rest
    return _done(len(degrees))


def _vertical(state: State, j: int, config: int) -> State | None:
    degrees, labels, done = state
    if done:
        return state if config == NONE else None
    add_low, add_high, through = _VERTICAL[config]
    new_degrees, new_labels = list(degrees), list(labels)
    fresh = max(labels) + 1
    for slot, added in ((j - 1, add_low), (j, add_high)):
        if added and not degrees[slot]:
            new_labels[slot] = fresh
            fresh += 1
        new_degrees[slot] = _degree(degrees[slot], added)
    if through:
        old, keep = new_labels[j], new_labels[j - 1]
        new_labels = [keep if lab == old else lab for lab in new_labels]
    return _canonical(new_degrees, new_labels)


def _apply(state: State, stage: Stage, option: int) -> State | None:
    kind, index, require = stage
    if kind == "H":
        return _horizontal(state, index, option, require) if option < 3 else None
    return _vertical(state, index, option)


def _final(state: State, depot_in_last: bool) -> bool:
    degrees, labels, done = state
    if done:
        return not depot_in_last
    if 1 in degrees or not any(degrees):
        return False
    if depot_in_last and not degrees[0]:
        return False
    return len({lab for lab in labels if lab}) == 1


@dataclass(frozen=True)
class _Table:
    """One stage kind's transitions, sorted by target state."""
    src: np.ndarray
    option: np.ndarray
    targets: np.ndarray          # distinct target states
    starts: np.ndarray           # where each target's transitions start in src/option
    by_target: dict[int, tuple[int, int]]


@dataclass(frozen=True)
class _Machine:
    states: list[State]
    tables: dict[Stage, _Table]
    start: int
    final: dict[bool, np.ndarray]    # depot in the last aisle? -> mask of accepting states


@functools.lru_cache(maxsize=8)
def machine(blocks: int) -> _Machine:
    """Every state reachable on a layout with `blocks` blocks, and the transitions of each stage kind."""
    slots = blocks + 1
    kinds: list[Stage] = [("H", k, False) for k in range(slots)] + [("H", 0, True)]
    kinds += [("V", j, False) for j in range(1, slots)]
    index: dict[State, int] = {}
    states: list[State] = []
    edges: dict[Stage, list[tuple[int, int, int]]] = defaultdict(list)
    todo = [_empty(slots)]
    index[todo[0]] = 0
    states.append(todo[0])
    while todo:
        state = todo.pop()
        here = index[state]
        for stage in kinds:
            for option in range(6):
                new = _apply(state, stage, option)
                if new is None:
                    continue
                if new not in index:
                    index[new] = len(states)
                    states.append(new)
                    todo.append(new)
                edges[stage].append((here, index[new], option))
    tables = {}
    for stage in kinds:
        rows = sorted(edges[stage], key=lambda e: (e[1], e[0], e[2]))
        dst = np.array([r[1] for r in rows])
        targets, starts = np.unique(dst, return_index=True)
        bounds = [*starts.tolist(), len(rows)]
        tables[stage] = _Table(np.array([r[0] for r in rows]), np.array([r[2] for r in rows]), targets, starts,
                               {int(t): (bounds[i], bounds[i + 1]) for i, t in enumerate(targets.tolist())})
    final = {flag: np.array([_final(s, flag) for s in states]) for flag in (False, True)}
    return _Machine(states, tables, 0, final)


@dataclass(frozen=True)
class _Instance:
    first: int
    last: int
    stages: list[tuple[int, Stage, np.ndarray]]   # (aisle, stage kind, cost of each option)
    picks: dict[tuple[int, int], list[PickPoint]]  # (aisle, block 1..) -> points, front to back


def _instance(layout: Layout, points: Sequence[PickPoint]) -> _Instance:
    blocks, pitch = layout.blocks, layout.aisle_pitch_m
    picks: dict[tuple[int, int], list[PickPoint]] = defaultdict(list)
    for point in sorted(set(points), key=lambda p: (p[0], p[1])):
        picks[(point[0], (point[1] - 1) // layout.bays_per_block + 1)].append(point)
    aisles = [p[0] for p in points] + [layout.depot_aisle]
    first, last = min(aisles), max(aisles)
    inf = np.inf
    stages: list[tuple[int, Stage, np.ndarray]] = []
    for aisle in range(first, last + 1):
        for k in range(blocks + 1):
            require = k == 0 and aisle == layout.depot_aisle + 1
            stages.append((aisle, ("H", k, require), np.array([0.0, pitch, 2 * pitch, inf, inf, inf])))
        for j in range(1, blocks + 1):
            low, high = layout.cross_aisle_y(j - 1), layout.cross_aisle_y(j)
            length = high - low
            ys = [layout.bay_y(b) - low for _, b in picks.get((aisle, j), [])]
            if not ys:
                cost = [0.0, length, 2 * length, inf, inf, inf]
            else:
                gap = max((b - a for a, b in pairwise(ys)), default=None)
                cost = [inf, length, 2 * length, 2 * ys[-1], 2 * (length - ys[0]),
                        inf if gap is None else 2 * (length - gap)]
            stages.append((aisle, ("V", j, False), np.array(cost)))
    return _Instance(first, last, stages, picks)


@dataclass(frozen=True)
class ExactRoute:
    points: list[PickPoint]     # the pick points in walking order
    length_m: float             # the proven optimum


def exact_route(layout: Layout, points: Sequence[PickPoint], deadline: float | None = None) -> ExactRoute:
    """The shortest tour from the depot through `points` and back (any number of blocks).

    `deadline` is a time.perf_counter() value; BudgetExceeded (with a proven lower bound) when it passes."""
    if not points:
        return ExactRoute([], 0.0)
    dp = machine(layout.blocks)
    inst = _instance(layout, points)
    cost = np.full(len(dp.states), np.inf)
    cost[dp.start] = 0.0
    history = [cost]
    for _, stage, option_cost in inst.stages:
        if deadline is not None and time.perf_counter() > deadline:
            raise BudgetExceeded(float(cost.min()))
        table = dp.tables[stage]
        candidates = cost[table.src] + option_cost[table.option]
        cost = np.full(len(dp.states), np.inf)
        cost[table.targets] = np.minimum.reduceat(candidates, table.starts)
        history.append(cost)
    accepting = np.where(dp.final[inst.last == layout.depot_aisle], cost, np.inf)
    end = int(np.argmin(accepting))
    best = float(accepting[end])
    choices = _backtrack(dp, inst, history, end)
    return ExactRoute(_walk(layout, inst, choices), best)


def _backtrack(dp: _Machine, inst: _Instance, history: list[np.ndarray], end: int) -> list[int]:
    """The option chosen at each stage, read back from the stored forward costs."""
    choices = [0] * len(inst.stages)
    state = end
    for t in range(len(inst.stages), 0, -1):
        _, stage, option_cost = inst.stages[t - 1]
        table = dp.tables[stage]
        lo, hi = table.by_target[state]
        src, opt = table.src[lo:hi], table.option[lo:hi]
        totals = history[t - 1][src] + option_cost[opt]
        pick = int(np.argmin(np.abs(totals - history[t][state])))
        choices[t - 1] = int(opt[pick])
        state = int(src[pick])
    return choices


def _walk(layout: Layout, inst: _Instance, choices: list[int]) -> list[PickPoint]:
    """The Euler circuit of the chosen multigraph from the depot; its picks in first-visit order."""
    edges: list[tuple[object, object]] = []
    for (aisle, (kind, index, _), _), option in zip(inst.stages, choices, strict=True):
        if kind == "H":
            edges += [(("X", aisle - 1, index), ("X", aisle, index))] * option
            continue
        picks = inst.picks.get((aisle, index), [])
        chain: list[object] = [("X", aisle, index - 1), *(("P", p) for p in picks), ("X", aisle, index)]
        steps = list(pairwise(chain))
        if option == SINGLE:
            edges += steps
        elif option == DOUBLE:
            edges += steps * 2
        elif option == BOTTOM:
            edges += steps[:len(picks)] * 2
        elif option == TOP:
            edges += steps[1:] * 2
        elif option == GAP:
            ys = [layout.bay_y(b) for _, b in picks]
            gap = max(range(len(ys) - 1), key=lambda g: ys[g + 1] - ys[g])
            edges += steps[:gap + 1] * 2 + steps[gap + 2:] * 2
    seen: set[PickPoint] = set()
    order: list[PickPoint] = []
    for node in euler_circuit(edges, ("X", layout.depot_aisle, 0)):
        if isinstance(node, tuple) and node[0] == "P" and node[1] not in seen:
            seen.add(node[1])
            order.append(node[1])
    # either direction is as short: start with the stop nearer the depot, so the route does not flip
    # between runs for reasons the picker cannot see
    depot = layout.depot

    def key(p: PickPoint) -> tuple[float, PickPoint]:
        return (layout.distance(depot, (layout.aisle_x(p[0]), layout.bay_y(p[1]))), p)

    return order[::-1] if len(order) > 1 and key(order[-1]) < key(order[0]) else order
