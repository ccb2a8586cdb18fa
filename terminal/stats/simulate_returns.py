"""The returns desk in the shift simulator: a stocker takes back returned parcels through the real
ReturnSession (terminal/inventory/returns_session.py), scan by scan, as the station's Returns page does.

Parcels: every ~10 min (jittered) each order handed over since the last look comes back with
probability `return_p` (SimConfig; a database with no stocker simulates no returns). Per parcel: the
label is scanned (the package's tracking number, else the order's ref), then 1 to all of each line's
units come out; 80 % are restocked to the suggested shelf, 15 % quarantined (to the site's quarantine
location; disposed of when there is none), 5 % disposed of, each with a reason drawn 1–4; F10 completes
the return. About 20 s per unit, 30 s per parcel."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from terminal.inventory.returns_session import GRADE, LOCATION, REASON, ReturnSession, order_lines, quarantine_location
from terminal.people.badges import User
from terminal.scanning.types import ItemScan, LocationScan, OrderScan, ParcelScan, Scan

if TYPE_CHECKING:
    from terminal.stats.simulate import Simulation, Steps

LOOK_EVERY_S = 600.0


def returns_desk(sim: Simulation, user: User) -> Steps:
    # its own random numbers: the others' draws (and so the figures of a shift without returns) stay as they were
    rng = random.Random(sim.config.seed * 7919 + 19)
    session_id = sim.login(user, "stocker")
    seen = {r[0] for r in sim.db.execute("SELECT order_id FROM returns")}
    waiting: list[str] = []
    try:
        while True:
            for (order_id,) in sim.db.execute("SELECT id FROM orders WHERE status = 'handed_over' ORDER BY id"):
                if order_id not in seen:
                    seen.add(order_id)
                    if rng.random() < sim.config.return_p:
                        waiting.append(order_id)
            if not waiting:
                yield max(60.0, rng.gauss(LOOK_EVERY_S, LOOK_EVERY_S / 4))
                continue
            yield from _take_back(sim, rng, user, ReturnSession(sim.db, user, clock=sim.clock), waiting.pop(0))
    finally:
        sim.logout(session_id)


def _label(sim: Simulation, order_id: str) -> Scan:
    row = sim.db.execute("SELECT tracking_number FROM packages WHERE order_id = ? AND tracking_number IS NOT NULL"
                         " LIMIT 1", (order_id,)).fetchone()
    if row:
        return ParcelScan(raw=row[0], tracking_number=row[0])
    ref = sim.db.execute("SELECT ref FROM orders WHERE id = ?", (order_id,)).fetchone()[0]
    return OrderScan(raw=ref, order_id=order_id, ref=ref)


def _take_back(sim: Simulation, rng: random.Random, user: User, session: ReturnSession, order_id: str) -> Steps:
    label = _label(sim, order_id)
    outcome = session.handle(label)      # type: ignore[arg-type]
    sim.scan(user.id, "returns", label, outcome.ok, order_id)
    yield _jitter(rng, 30)
    if not outcome.ok:
        return
    sim.report.add("returns_received")
    quarantine = quarantine_location(sim.db)
    for line in order_lines(sim.db, order_id):
        for _ in range(rng.randint(1, max(1, line.ordered - line.graded))):
            unit = ItemScan(raw=line.sku_code, sku_code=line.sku_code)
            sim.scan(user.id, "returns", unit, session.handle(unit).ok, order_id)
            draw = rng.random()
            grade = 1 if draw < 0.8 else 2 if draw < 0.95 and quarantine else 3
            session.choose(grade)
            if session.state == REASON:
                session.choose(rng.randint(1, 4))
            if session.state == LOCATION and session.item is not None and session.item.suggested:
                place = session.item.suggested
                spot = LocationScan(raw=place, code=place)
                sim.scan(user.id, "returns", spot, session.handle(spot).ok, order_id)
            if session.state in (GRADE, REASON, LOCATION):   # no shelf known for the SKU: put it aside
                session.put_aside()
            else:
                sim.report.add("returned_units")
            yield _jitter(rng, 20)
    if session.complete().ok:
        sim.report.add("returns_graded")


def _jitter(rng: random.Random, seconds: float) -> float:
    return max(0.5, rng.gauss(seconds, seconds / 4))
