"""Shift simulator: simulated people drive the REAL core operations on a FixedClock.

A discrete-event loop: every person is a generator that does one thing through the real session
or flow (PickSession, the packing session, LockerKiosk deposit/pickup/collect) and yields how many
seconds the next thing takes; the loop moves the shared FixedClock to the earliest person and lets
them act. Nothing here writes a domain table: every change is a named op applied by those sessions
and flows (plus `UserLoggedIn/Out` and `ScanRecorded`, which the real windows apply too).

Rates (per person, drawn with the seeded random generator):
* pickers walk the layout's distances at ~1 m/s (0.8–1.2), scan a location (2 s), scan an item
  (3 s) and place each unit (4 s); 1 % wrong-location and 1.5 % wrong-item scans (rejected, the
  picker scans again); 2 % of tasks are shorted (empty / damaged / not found).
* packers take a tote every ~90 s of work (terminal/stats/simulate_packing.py drives the PackSession).
* a stocker (one not picking or packing, when the site has one) takes back returned parcels: 5 % of the
  orders handed over come back (terminal/stats/simulate_returns.py drives the ReturnSession).
* couriers arrive at the locker every ~75 min with 4–10 parcels, take ~40 s per parcel, and take
  expired parcels away; recipients come after a log-normal delay (median 5 h), 3 % type a wrong code
  first, 8 % never come (their parcel expires after the hold time). 0.5 % of unlocks fail (the
  door does not open: a door fault); a technician puts the compartment back in service ~40 min later.

It starts at `start` (default: now − hours, so the shift has just ended) and stops at start+hours:
work in progress at the end is left as it is (a batch half picked stays active)."""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from terminal.clock import FixedClock, SystemClock, iso
from terminal.config import Settings
from terminal.errors import HandoffError, OpRejected
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.people.login import log_in, log_out
from terminal.scanning.recording import record_scan
from terminal.scanning.types import Scan
from terminal.stats.simulate_receiving import spawn_receiving

Steps = Generator[float, None, None]


@dataclass
class SimConfig:
    pickers: int = 4
    packers: int = 2
    hours: float = 8.0
    seed: int = 1
    start: datetime | None = None
    walk_speed_mps: float = 1.0
    wrong_location_p: float = 0.01
    wrong_item_p: float = 0.015
    short_p: float = 0.02
    courier_every_min: float = 75.0
    recipient_median_h: float = 5.0
    no_show_p: float = 0.08
    wrong_code_p: float = 0.03
    door_fail_p: float = 0.005
    printer_hiccup_p: float = 0.02
    deliveries: int = 0            # trucks a stocker receives and puts away (simulate_receiving.py)
    replenish_every_min: float = 10.0     # how often a stocker looks at the replenishment queue
    return_p: float = 0.05      # a handed-over order's parcel comes back (terminal/stats/simulate_returns.py)


@dataclass
class SimReport:
    start: str
    end: str
    counts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


class Simulation:
    """The event loop and what every simulated person shares."""

    def __init__(self, db: sqlite_utils.Database, db_path: Path | None, config: SimConfig, clock: FixedClock,
                 settings: Settings | None = None) -> None:
        self.db = db
        self.db_path = db_path
        self.config = config
        self.clock = clock
        self.settings = settings or Settings()
        self.rng = random.Random(config.seed)
        self.start = clock.now()
        self.end = self.start + timedelta(hours=config.hours)
        self.report = SimReport(iso(self.start), iso(self.end))
        self._queue: list[tuple[datetime, int, Steps]] = []
        self._seq = itertools.count()

    # -- the loop -------------------------------------------------------------------------------------
    def spawn(self, steps: Steps, at: datetime | None = None) -> None:
        heapq.heappush(self._queue, (at or self.clock.now(), next(self._seq), steps))

    def run(self) -> SimReport:
        while self._queue:
            when, _, steps = heapq.heappop(self._queue)
            if when >= self.end:
                self.clock.set(self.end)
                steps.close()      # runs the person's `finally` (logout) at the end of the shift
                continue
            self.clock.set(when)
            try:
                delay = next(steps)
            except StopIteration:
                continue
            heapq.heappush(self._queue, (when + timedelta(seconds=max(0.5, delay)), next(self._seq), steps))
        self.clock.set(self.end)
        return self.report

    # -- shared helpers -------------------------------------------------------------------------------
    def op(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        return apply_op(self.db, name, args, clock=self.clock).result

    def scan(self, user_id: str | None, context: str, scan: Scan, accepted: bool,
             order_id: str | None = None, reason: str | None = None) -> None:
        """Record a scan as the windows do (terminal.scanning.recording)."""
        record_scan(self.db, scan, user_id=user_id, context=context, accepted=accepted, reason=reason,
                    order_id=order_id, clock=self.clock)
        self.report.add("scans")
        if not accepted:
            self.report.add("scans_rejected")

    def jitter(self, seconds: float, spread: float = 0.25) -> float:
        return max(0.5, self.rng.gauss(seconds, seconds * spread))

    def login(self, user: User, role: str) -> str:
        """Log in at a screen for `role`, as the windows do (terminal.people.login)."""
        return log_in(self.db, user, (role,), terminal="sim", clock=self.clock).session_id

    def logout(self, session_id: str) -> None:
        log_out(self.db, session_id, clock=self.clock)


def users_with_role(db: sqlite_utils.Database, role: str) -> list[User]:
    rows = db.execute("SELECT id, name, roles, zones, language FROM users WHERE active = 1 ORDER BY id").fetchall()
    found = []
    for uid, name, roles, zones, language in rows:
        role_list = tuple(r.strip() for r in roles.split(",") if r.strip())
        if role in role_list:
            found.append(User(uid, name, role_list, tuple(z for z in zones.split(",") if z), language))
    return found


# -- pickers --------------------------------------------------------------------------------------------

def picker(sim: Simulation, user: User, index: int) -> Steps:
    from terminal.picking.session import IDLE, PickSession
    from terminal.scanning.types import ItemScan, LocationScan, ToteScan

    session_id = sim.login(user, "picker")
    speed = sim.config.walk_speed_mps * sim.rng.uniform(0.8, 1.2)
    totes = (f"SIM-T{index:02d}-{n:05d}" for n in itertools.count(1))
    session = PickSession(sim.db, user, clock=sim.clock, settings=sim.settings)
    layout = session.layout
    try:
        while True:
            if session.batch_id is None and not sim.db.execute(
                    "SELECT 1 FROM orders WHERE status = 'open' LIMIT 1").fetchone():
                yield sim.jitter(600)              # no open orders at all: not worth asking the planner
                continue
            outcome = session.start()
            if session.state == IDLE or session.batch_id is None:
                yield sim.jitter(300)              # nothing in my zones: wait and ask again
                continue
            if not outcome.ok:
                yield sim.jitter(60)
                continue
            sim.report.add("batches")
            yield sim.jitter(45)                    # take a cart, read the batch
            while (slot := session.unbound_slot()) is not None:
                code = next(totes)
                result = session.handle(ToteScan(raw=code, code=code))
                sim.scan(user.id, "picking", ToteScan(raw=code, code=code), result.ok, slot.order_id)
                yield sim.jitter(5)
            position = layout.depot
            while (task := session.current_task()) is not None:
                target = layout.point(layout.parse_location(task.location_code))
                yield layout.distance(position, target) / speed + sim.jitter(4)
                position = target
                if sim.rng.random() < sim.config.wrong_location_p:
                    wrong = _neighbour_location(sim, task.location_code)
                    scan = LocationScan(raw=wrong, code=wrong)
                    result = session.handle(scan)
                    sim.scan(user.id, "picking", scan, result.ok, task.order_id, "wrong_location")
                    yield sim.jitter(4)
                if session.scan_location:
                    scan = LocationScan(raw=task.location_code, code=task.location_code)
                    result = session.handle(scan)
                    sim.scan(user.id, "picking", scan, result.ok, task.order_id)
                    yield sim.jitter(2)
                if sim.rng.random() < sim.config.short_p:
                    yield sim.jitter(20)            # look around, then give up
                    session.short(sim.rng.choice(("empty", "damaged", "not_found")))
                    sim.report.add("shorts")
                    continue
                if sim.rng.random() < sim.config.wrong_item_p:
                    wrong_item = ItemScan(raw="SIM-WRONG", sku_code="SIM-WRONG-ITEM")
                    result = session.handle(wrong_item)
                    sim.scan(user.id, "picking", wrong_item, result.ok, task.order_id, "wrong_item")
                    yield sim.jitter(5)
                item = ItemScan(raw=task.sku_code, sku_code=task.sku_code)
                result = session.handle(item)
                sim.scan(user.id, "picking", item, result.ok, task.order_id)
                yield sim.jitter(3 + 4)
                current = session.current_task()
                if current is not None and current.task_id == task.task_id:
                    session.type_quantity(task.qty)          # the rest of the units, counted and typed
                    yield sim.jitter(4 * (task.qty - 1))
                sim.report.add("tasks")
            yield layout.distance(position, layout.depot) / speed   # back to the packing benches
    finally:
        sim.logout(session_id)


def _neighbour_location(sim: Simulation, code: str) -> str:
    row = sim.db.execute("SELECT code FROM locations WHERE code != ? ORDER BY code LIMIT 1 OFFSET ?",
                         (code, sim.rng.randrange(5))).fetchone()
    return str(row[0]) if row else code + "X"


# -- packers --------------------------------------------------------------------------------------------

def packer(sim: Simulation, user: User, index: int) -> Steps:
    from terminal.stats.simulate_packing import pack_orders

    session_id = sim.login(user, "packer")
    try:
        yield from pack_orders(sim, user, index)
    finally:
        sim.logout(session_id)


# -- lockers --------------------------------------------------------------------------------------------

class SimBoards:
    """Lock boards whose doors the simulated people open and shut at once.

    An unlock either fails (the door does not open) or opens the door; the person then puts a parcel
    in or takes it out and closes the door, which is what the next status read shows."""

    def __init__(self, sim: Simulation) -> None:
        from terminal.devices.lockboard.driver import LOCKS_PER_BOARD

        self.sim = sim
        self.locks = LOCKS_PER_BOARD
        self.occupied: dict[tuple[int, int], bool] = {}

    def status(self, board: int) -> Any:
        from terminal.devices.lockboard.driver import BoardStatus, Door

        return BoardStatus(board, True, tuple(Door(n, "closed", self.occupied.get((board, n), False))
                                              for n in range(1, self.locks + 1)))

    def unlock(self, board: int, lock: int) -> Any:
        from terminal.devices.lockboard.driver import UnlockResult

        if self.sim.rng.random() < self.sim.config.door_fail_p:
            self.sim.report.add("door_failures")
            return UnlockResult(board, lock, "not_opened", None)
        self.occupied[(board, lock)] = not self.occupied.get((board, lock), False)
        return UnlockResult(board, lock, "opened", None)


@dataclass
class LockerWorld:
    kiosk: Any
    boards: SimBoards
    site_id: str
    courier: User | None
    technician: User | None
    tracking: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    repair_due: bool = False


def locker_world(sim: Simulation) -> LockerWorld | None:
    from terminal.lockers import codes
    from terminal.lockers.kiosk import LockerKiosk

    site = sim.db.execute("SELECT id FROM sites WHERE kind = 'locker' ORDER BY id LIMIT 1").fetchone()
    if site is None or sim.db_path is None:
        return None
    if not sim.db.execute("SELECT 1 FROM compartments WHERE site_id = ? LIMIT 1", (site[0],)).fetchone():
        return None
    key = codes.load_site_key(codes.key_path(sim.settings, sim.db_path), create=True)
    boards = SimBoards(sim)
    for board_no, lock_no in sim.db.execute(
            "SELECT b.board_no, c.lock_no FROM compartments c JOIN lock_boards b ON b.id = c.board_id"
            " JOIN parcels p ON p.compartment_id = c.id AND p.status IN ('deposited', 'expired')"
            " WHERE c.site_id = ?", (site[0],)).fetchall():
        boards.occupied[(board_no, lock_no)] = True
    kiosk = LockerKiosk(sim.db, boards, settings=sim.settings, key=key, clock=sim.clock, site_id=site[0])
    couriers = users_with_role(sim.db, "courier")
    technicians = users_with_role(sim.db, "technician")
    return LockerWorld(kiosk, boards, site[0], couriers[0] if couriers else None,
                       technicians[0] if technicians else None)


def courier_rounds(sim: Simulation, world: LockerWorld) -> Steps:
    """A courier every ~75 min: takes expired parcels and returns away, deposits new parcels."""
    courier = world.courier
    assert courier is not None
    yield sim.rng.uniform(0, sim.config.courier_every_min * 60)
    while True:
        session_id = sim.login(courier, "courier")
        try:
            yield from _courier_round(sim, world, courier)
        finally:
            sim.logout(session_id)
        yield sim.jitter(sim.config.courier_every_min * 60, 0.3)


def _courier_round(sim: Simulation, world: LockerWorld, courier: User) -> Steps:
    from terminal.lockers.announce import announce_parcel
    from terminal.lockers.deposit import collect, deposit, to_collect
    from terminal.lockers.kiosk import LockerRefused
    from terminal.scanning.types import ParcelScan

    for item in to_collect(world.kiosk):
        try:
            collect(world.kiosk, courier.id, str(item["parcel_id"]))
            sim.report.add("collected")
        except LockerRefused:
            sim.report.add("collect_refused")
        yield sim.jitter(30)
    for _ in range(sim.rng.randint(4, 10)):
        tracking = f"SIM{sim.config.seed:02d}{next(world.tracking):07d}"
        phone = f"6{sim.rng.randrange(10**8):08d}"
        # The announcement normally arrives by sync from the carrier; here it comes with the courier, as
        # an operation, so the backend hears of the parcel too (terminal/lockers/announce.py).
        announced = announce_parcel(sim.db, world.kiosk.key, world.site_id, tracking, phone=phone,
                                    size_class=sim.rng.choice("AAABBC"), clock=sim.clock)
        sim.scan(courier.id, "kiosk", ParcelScan(raw=tracking, tracking_number=tracking), True)
        try:
            result = deposit(world.kiosk, courier.id, tracking)
        except LockerRefused:
            sim.report.add("deposit_refused")
            yield sim.jitter(20)
            continue
        sim.report.add("deposited" if result.ok else "deposit_failed")
        if result.ok and sim.rng.random() >= sim.config.no_show_p:
            delay_h = sim.rng.lognormvariate(math.log(sim.config.recipient_median_h), 0.8)
            sim.spawn(recipient(sim, world, phone, announced.pickup_code),
                      sim.clock.now() + timedelta(hours=delay_h))
        faulted = sim.db.execute("SELECT 1 FROM compartments WHERE site_id = ? AND state = 'FAULT' LIMIT 1",
                                 (world.site_id,)).fetchone()
        if faulted and not world.repair_due:
            world.repair_due = True
            sim.spawn(technician(sim, world), sim.clock.now() + timedelta(minutes=sim.rng.uniform(20, 60)))
        yield sim.jitter(40)


def recipient(sim: Simulation, world: LockerWorld, phone: str, code: str) -> Steps:
    from terminal.lockers.kiosk import LockerRefused
    from terminal.lockers.pickup import pickup_by_code

    if sim.rng.random() < sim.config.wrong_code_p:
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        try:
            pickup_by_code(world.kiosk, phone, wrong)
        except LockerRefused:
            sim.report.add("wrong_codes")
        yield sim.jitter(15)
    for _attempt in range(3):
        try:
            result = pickup_by_code(world.kiosk, phone, code)
            sim.report.add("picked_up" if result.ok else "pickup_failed")
            return
        except LockerRefused as exc:
            sim.report.add(f"pickup_refused_{exc.code}")
            if exc.code in ("expired", "wrong_code"):
                return
        yield sim.jitter(3600)                       # the door failed or the keypad paused: come back later


def technician(sim: Simulation, world: LockerWorld) -> Steps:
    world.repair_due = False
    rows = sim.db.execute("SELECT id FROM compartments WHERE site_id = ? AND state = 'FAULT'",
                          (world.site_id,)).fetchall()
    for (compartment_id,) in rows:
        try:
            sim.op("CompartmentBackInService", {"compartment_id": compartment_id,
                                                "user_id": world.technician.id if world.technician else None})
            sim.report.add("repaired")
        except OpRejected:
            pass
        yield sim.jitter(120)


# -- the whole shift -------------------------------------------------------------------------------------

def simulate_shift(db: sqlite_utils.Database, db_path: Path | None, config: SimConfig,
                   settings: Settings | None = None, clock: FixedClock | None = None) -> SimReport:
    """Run one shift of simulated work; returns counts of what happened and what could not be simulated."""
    if db.execute("SELECT 1 FROM layouts LIMIT 1").fetchone() is None:
        raise HandoffError("This database has no warehouse to simulate; make one with `handoff demo` first.")
    start = config.start or (clock.now() if clock else SystemClock().now() - timedelta(hours=config.hours))
    clock = clock or FixedClock(start)
    clock.set(start)
    sim = Simulation(db, db_path, config, clock, settings)
    # Simulated data needs no power-loss durability: one fsync per op would make a shift take minutes.
    db.execute("PRAGMA synchronous=OFF")
    try:
        return _populate_and_run(sim, db, config, start)
    finally:
        db.execute("PRAGMA synchronous=FULL")


def _populate_and_run(sim: Simulation, db: sqlite_utils.Database, config: SimConfig, start: datetime) -> SimReport:
    from terminal.stats.simulate_returns import returns_desk

    pickers = users_with_role(db, "picker")[: config.pickers]
    packers = users_with_role(db, "packer")[: config.packers]
    if len(pickers) < config.pickers:
        sim.report.missing.append(f"only {len(pickers)} pickers in the database (asked for {config.pickers})")
    if len(packers) < config.packers:
        sim.report.missing.append(f"only {len(packers)} packers in the database (asked for {config.packers})")
    for i, user in enumerate(pickers):
        sim.spawn(picker(sim, user, i), start + timedelta(seconds=sim.rng.uniform(0, 300)))
    for i, user in enumerate(packers):
        sim.spawn(packer(sim, user, i), start + timedelta(seconds=sim.rng.uniform(0, 300)))
    from terminal.stats.simulate_counts import spawn_stockers
    from terminal.stats.simulate_replenish import spawn_stocker  # the stocker, on sites with pick faces

    spawn_stockers(sim, start)      # cycle counts of the short picks' count tasks
    spawn_receiving(sim, start)
    spawn_stocker(sim, users_with_role(db, "stocker"))
    for user in [u for u in users_with_role(db, "stocker") if u not in pickers + packers][:1]:
        sim.spawn(returns_desk(sim, user), start + timedelta(seconds=120))     # one stocker at the returns desk
    world = locker_world(sim)
    if world is None:
        sim.report.missing.append("no locker site with compartments: no locker traffic")
    elif world.courier is None:
        sim.report.missing.append("no courier in the database: no locker traffic")
    else:
        sim.spawn(courier_rounds(sim, world), start)
    return sim.run()
