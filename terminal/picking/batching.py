"""Cart batches: which orders a picker takes next, from which locations, in which walking order.

For a picker (zones from `users.zones`; empty = every zone) and a cart of K totes
(`picking.cart_totes`) with at most `picking.max_lines` lines:

1. candidate orders are the open ones with the earliest ship-by (an index range scan on
   `orders(status, ship_by)`, `picking.candidate_orders` at a time), sorted by
   `(ship_by, service rank, created_at)`;
2. an order is eligible when every line has stock in the picker's zones (stock already promised to
   open pick tasks or to orders already in the cart does not count); each line takes a location with
   enough stock (pick faces before reserve, the fullest first), split over several locations when no
   single one has enough; a face a picker found short is skipped while its replenishment is pending
   (terminal/inventory/replenish.py);
   an order without enough free stock waits (it shows as at risk for the supervisor);
3. the seed is the most urgent eligible order; the cart fills with orders of the SAME ship-by wave
   that add the least walking, then — when that wave runs out — from the next wave, and so on;
4. the walking increase is first estimated from the aisles an order adds (cheap), and the
   `picking.shortlist` best guesses are measured by the very route the picker would walk (the exact
   aisle-graph DP on any number of blocks, under `picking.route_budget_ms`);
5. the batch's tasks are routed with `picking.algorithm` (default optimal), and the batch's
   distance is the length of that route — the same answer the picker is shown.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from terminal.catalog.layout import Layout, LayoutError, Location, parse_layout
from terminal.config import ConfigError, Settings
from terminal.errors import HandoffError
from terminal.inventory import replenish
from terminal.people.badges import User
from terminal.picking import routing
from terminal.picking.priority import Rates, measured_rates, priority_key, urgency

CART_TOTES = 8
MAX_LINES = 40
CANDIDATE_ORDERS = 160
SHORTLIST = 3
SLOT_COLOURS = ("red", "blue", "green", "yellow", "orange", "purple", "white", "black",
                "pink", "brown", "grey", "cyan")


def slot_colour(slot: int) -> str:
    return SLOT_COLOURS[(slot - 1) % len(SLOT_COLOURS)]


class NoLayout(HandoffError):
    pass


@functools.lru_cache(maxsize=8)
def _parsed(toml: str, name: str) -> Layout:
    return parse_layout(toml, f"layout {name!r}")


def site_layout(db: sqlite_utils.Database) -> tuple[str, Layout]:
    """(layout id, Layout) of this warehouse."""
    row = db.execute("SELECT id, name, toml FROM layouts ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise NoLayout("This database has no warehouse layout; load one (or run the demo) before picking.")
    return row[0], _parsed(row[2], row[1])


def route_budget_ms(settings: Settings) -> float:
    """The exact route's time budget from the settings (a number of milliseconds ≥ 0)."""
    budget = float(settings.get("picking.route_budget_ms", routing.ROUTE_BUDGET_MS))
    if budget < 0:
        raise ConfigError(f"Setting picking.route_budget_ms is {budget:g}; make it 0 or more milliseconds.")
    return budget


def batch_route_m(db: sqlite_utils.Database, batch_id: str) -> float | None:
    """The batch's planned walk as it stands: depot → its tasks' locations in sequence order → depot
    (cancelled tasks are not walked), measured like the plan (layout-v1). None where it cannot be
    measured — a database without this site's layout (the backend's stats mirror replays ops too)."""
    try:
        _, layout = site_layout(db)
        codes = [row[0] for row in db.execute("SELECT location_code FROM pick_tasks WHERE batch_id = ?"
                                              " AND status != 'cancelled' ORDER BY sequence", (batch_id,)).fetchall()]
        return routing.route_length(layout, [layout.parse_location(code) for code in codes])
    except (NoLayout, LayoutError):
        return None


@dataclass
class PlannedTask:
    task_id: str
    order_id: str
    line_id: str
    sku_code: str
    sku_name: str
    location_code: str
    qty: int
    tote_slot: int = 0
    sequence: int = 0


@dataclass
class PlannedOrder:
    order_id: str
    ref: str
    service: str
    ship_by: str | None
    created_at: str
    at_risk: bool
    late: bool
    tote_slot: int = 0
    tasks: list[PlannedTask] = field(default_factory=list)


@dataclass
class BatchPlan:
    batch_id: str
    picker_id: str
    algorithm: str
    orders: list[PlannedOrder]
    tasks: list[PlannedTask]          # in walking order
    distance_m: float

    def op_args(self) -> dict[str, object]:
        """The arguments of the BatchStarted operation that starts this plan."""
        return {
            "batch_id": self.batch_id, "picker_id": self.picker_id, "algorithm": self.algorithm,
            "distance_m": round(self.distance_m, 3),
            "orders": [{"order_id": o.order_id, "tote_slot": o.tote_slot} for o in self.orders],
            "tasks": [{"task_id": t.task_id, "order_id": t.order_id, "line_id": t.line_id, "sku_code": t.sku_code,
                       "location_code": t.location_code, "qty": t.qty, "sequence": t.sequence}
                      for t in self.tasks],
        }


def _locations_by_sku(db: sqlite_utils.Database, skus: list[str], zones: tuple[str, ...],
                      ) -> dict[str, list[tuple[int, Location]]]:
    """Available stock per SKU: (qty not promised to open tasks, location), picker's zones first."""
    out: dict[str, list[tuple[int, Location]]] = defaultdict(list)
    if not skus:
        return out
    marks = ",".join("?" * len(skus))
    reserved: dict[tuple[str, str], int] = defaultdict(int)
    for loc, sku, qty in db.execute(
        f"SELECT location_code, sku_code, sum(qty - picked_qty) FROM pick_tasks"
        f" WHERE status = 'open' AND sku_code IN ({marks}) GROUP BY location_code, sku_code", skus,
    ).fetchall():
        reserved[(loc, sku)] = qty
    rows = db.execute(
        # CROSS JOIN keeps inventory (by its SKU index) as the outer loop: the planner otherwise scans
        # every location and probes the long IN list for each
        f"SELECT i.sku_code, i.qty, l.code, l.zone, l.aisle, l.bay, l.level, l.side FROM inventory i"
        f" CROSS JOIN locations l ON l.code = i.location_code"
        f" WHERE i.sku_code IN ({marks}) AND i.qty > 0 AND l.active = 1", skus,
    ).fetchall()
    faces, waiting = replenish.faces_of(db, skus)
    for sku, qty, code, zone, aisle, bay, level, side in rows:
        if zones and zone not in zones or (code, sku) in waiting:   # found short, refill pending: not there
            continue
        free = qty - reserved.get((code, sku), 0)
        if free > 0:
            out[sku].append((free, Location(code, zone, aisle, bay, level, side)))
    for sku, entries in out.items():    # a site's pick faces first, then reserve; the fullest first
        entries.sort(key=lambda e: ((e[1].code, sku) not in faces, -e[0], e[1].aisle, e[1].bay, e[1].code))
    return out


def _allocate(qty: int, stock: list[tuple[int, Location]], taken: dict[tuple[str, str], int], sku: str,
              ) -> list[tuple[Location, int]] | None:
    """Locations for `qty` units: one location with enough stock if there is one, else split; None when
    the free stock in reach is not enough."""
    free = [(q - taken.get((loc.code, sku), 0), loc) for q, loc in stock]
    free = [(q, loc) for q, loc in free if q > 0]
    if not free:
        return None
    for q, loc in free:
        if q >= qty:
            return [(loc, qty)]
    out, left = [], qty
    for q, loc in free:
        take = min(q, left)
        out.append((loc, take))
        left -= take
        if not left:
            return out
    return None           # not enough free stock anywhere: the order waits (it shows as at risk)


class _Walk:
    """How much walking a set of pick points needs: the length of the route `optimal` would give."""

    def __init__(self, layout: Layout, budget_ms: float = routing.ROUTE_BUDGET_MS) -> None:
        self.layout = layout
        self.budget_ms = budget_ms

    def exact(self, points: set[tuple[int, int]]) -> float:
        if not points:
            return 0.0
        tour, _, _ = routing.optimal_points(self.layout, sorted(points), self.budget_ms)
        # to the micrometre: equal walks must tie (then the more urgent order wins), not differ by float noise
        return round(routing.points_length(self.layout, tour), 6)


@dataclass
class _Candidate:
    order_id: str
    ref: str
    service: str
    ship_by: str | None
    created_at: str
    needs: list[tuple[str, str, int, str]]              # line_id, sku, qty, name
    stock: dict[str, list[tuple[int, Location]]]
    picks: list[tuple[str, str, str, Location, int]]    # line_id, sku, name, location, qty
    points: set[tuple[int, int]]


def plan_batch(db: sqlite_utils.Database, picker: User, now: datetime, settings: Settings | None = None, *,
               new_id: object = None, rates: Rates | None = None) -> BatchPlan | None:
    """The batch this picker would start now, or None when there is nothing they can pick."""
    from terminal.ids import new_id as make_id

    settings = settings or Settings()
    cart = max(1, settings.get("picking.cart_totes", CART_TOTES))
    max_lines = max(1, settings.get("picking.max_lines", MAX_LINES))
    page = max(cart, settings.get("picking.candidate_orders", CANDIDATE_ORDERS))
    shortlist = max(1, settings.get("picking.shortlist", SHORTLIST))
    algorithm = settings.get("picking.algorithm", "optimal")
    budget_ms = route_budget_ms(settings)
    _, layout = site_layout(db)
    rates = rates or measured_rates(db, now, settings)
    zones = picker.zones
    taken: dict[tuple[str, str], int] = defaultdict(int)
    walk = _Walk(layout, budget_ms)

    chosen: list[_Candidate] = []
    lines_used = 0
    wave: str | None = None
    for rows in _pages(db, page):                         # candidates, most urgent first
        pool = _candidates(db, rows, zones, taken)        # already in priority order
        while pool and len(chosen) < cart:
            if not chosen:
                pick = pool[0]
                wave = pick.ship_by
            else:
                same_wave = [c for c in pool if c.ship_by == wave]
                if not same_wave:                         # this wave is in the cart: go on with the next one
                    wave = pool[0].ship_by
                    same_wave = [c for c in pool if c.ship_by == wave]
                pick = _least_walking(walk, chosen, same_wave, shortlist)
            pool.remove(pick)
            if lines_used + len(pick.needs) > max_lines and chosen:
                continue
            if not _reserve(pick, taken):
                continue                                  # its stock went to an order chosen before it
            chosen.append(pick)
            lines_used += len(pick.needs)
            if lines_used >= max_lines:
                break
        if len(chosen) >= cart or lines_used >= max_lines:
            break
    if not chosen:
        return None

    ident = new_id if callable(new_id) else make_id
    orders: list[PlannedOrder] = []
    tasks: list[PlannedTask] = []
    for slot, cand in enumerate(chosen, 1):
        remaining = len(cand.picks)
        urg = urgency(cand.ship_by, remaining, False, now, rates, settings)
        order = PlannedOrder(cand.order_id, cand.ref, cand.service, cand.ship_by, cand.created_at,
                             urg.at_risk, urg.late, slot)
        for line_id, sku, name, loc, qty in cand.picks:
            task = PlannedTask(str(ident()), cand.order_id, line_id, sku, name, loc.code, qty, slot)
            order.tasks.append(task)
            tasks.append(task)
        orders.append(order)
    locs = [layout.parse_location(t.location_code) for t in tasks]
    order_ix = routing.plan(layout, locs, algorithm, budget_ms)
    walked = [tasks[i] for i in order_ix]
    for seq, task in enumerate(walked, 1):
        task.sequence = seq
    distance = routing.route_length(layout, [locs[i] for i in order_ix])
    return BatchPlan(str(ident()), picker.id, algorithm, orders, walked, distance)


def _pages(db: sqlite_utils.Database, page: int, limit: int = 50,
           ) -> Iterator[list[tuple[str, str, str, str, str]]]:
    """Open orders a page at a time in priority order (an index range scan on orders_priority); orders
    that have no ship-by yet (imported without one) come after all that have one, oldest first."""
    cursor: tuple[str, str, str, str] = ("", "", "", "")
    for _ in range(limit):
        rows = db.execute(
            "SELECT id, ref, service, ship_by, created_at FROM orders"
            " WHERE status = 'open' AND ship_by IS NOT NULL AND (ship_by, service, created_at, id) > (?, ?, ?, ?)"
            " ORDER BY ship_by, service, created_at, id LIMIT ?", (*cursor, page),
        ).fetchall()
        if not rows:
            break
        last = rows[-1]
        cursor = (last[3], last[2], last[4], last[0])
        yield rows
    offset = 0
    for _ in range(limit):
        rows = db.execute("SELECT id, ref, service, ship_by, created_at FROM orders WHERE status = 'open'"
                          " AND ship_by IS NULL ORDER BY service, created_at, id LIMIT ? OFFSET ?",
                          (page, offset)).fetchall()
        if not rows:
            break
        offset += page
        yield rows


def _candidates(db: sqlite_utils.Database, rows: list[tuple[str, str, str, str, str]], zones: tuple[str, ...],
                taken: dict[tuple[str, str], int]) -> list[_Candidate]:
    ids = [r[0] for r in rows]
    lines: dict[str, list[tuple[str, str, int, str]]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for line_id, order_id, sku, qty, name in db.execute(
            f"SELECT l.id, l.order_id, l.sku_code, l.qty - l.picked_qty - l.short_qty, s.name FROM order_lines l"
            f" JOIN skus s ON s.code = l.sku_code WHERE l.order_id IN ({marks}) ORDER BY l.order_id, l.line_no",
            chunk,
        ).fetchall():
            if qty > 0:
                lines[order_id].append((line_id, sku, qty, name))
    skus = sorted({sku for entries in lines.values() for _, sku, _, _ in entries})
    stock = _locations_by_sku(db, skus, zones)
    out = []
    for oid, ref, service, ship_by, created in rows:
        picks = _picks(lines.get(oid, []), stock, taken)
        if picks:
            out.append(_Candidate(oid, ref, service, ship_by, created, lines[oid], stock, picks,
                                  {(loc.aisle, loc.bay) for _, _, _, loc, _ in picks}))
    return out


def _picks(needs: list[tuple[str, str, int, str]], stock: dict[str, list[tuple[int, Location]]],
           taken: dict[tuple[str, str], int]) -> list[tuple[str, str, str, Location, int]] | None:
    """Where each line is picked from; None when a line has no free stock the picker can reach."""
    picks: list[tuple[str, str, str, Location, int]] = []
    claimed: dict[tuple[str, str], int] = defaultdict(int, taken)
    for line_id, sku, qty, name in needs:
        where = _allocate(qty, stock.get(sku, []), claimed, sku)
        if where is None:
            return None
        for loc, q in where:
            claimed[(loc.code, sku)] += q
            picks.append((line_id, sku, name, loc, q))
    return picks


def _reserve(cand: _Candidate, taken: dict[tuple[str, str], int]) -> bool:
    """Allocate the order again against what the batch already took, and take it."""
    picks = _picks(cand.needs, cand.stock, taken)
    if not picks:
        return False
    cand.picks = picks
    cand.points = {(loc.aisle, loc.bay) for _, _, _, loc, _ in picks}
    for _, sku, _, loc, qty in picks:
        taken[(loc.code, sku)] += qty
    return True


def _least_walking(walk: _Walk, chosen: list[_Candidate], pool: list[_Candidate], shortlist: int) -> _Candidate:
    """The candidate that adds the least walking to the batch (ties: the more urgent)."""
    current: set[tuple[int, int]] = set().union(*(c.points for c in chosen))
    lay = walk.layout
    per_block = lay.bays_per_block
    cells = {(a, (b - 1) // per_block) for a, b in current}
    aisles = [a for a, _ in current] + [lay.depot_aisle]
    low, high = min(aisles), max(aisles)

    def added(c: _Candidate) -> float:
        """The aisle-based estimate of the walking c adds: wider span, new aisle passes."""
        c_aisles = [a for a, _ in c.points]
        span = max(high, *c_aisles) - min(low, *c_aisles) - (high - low)
        new_cells = len({(a, (b - 1) // per_block) for a, b in c.points} - cells)
        return 2 * span * lay.aisle_pitch_m + new_cells * lay.block_length_m

    guesses = sorted(pool, key=lambda c: (added(c), priority_key(c.ship_by, c.service, c.created_at)))[:shortlist]
    if len(guesses) == 1:
        return guesses[0]
    # the batch's own length is the same for every guess: compare the totals
    return min(guesses, key=lambda c: (walk.exact(current | c.points),
                                       priority_key(c.ship_by, c.service, c.created_at)))
