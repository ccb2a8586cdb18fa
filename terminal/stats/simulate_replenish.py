"""The simulated stocker: drives the real ReplenishSession on the simulator's clock.

On a site with pick faces and a stocker, the stocker looks at the queue every few minutes
(`SimConfig.replenish_every_min`) and does the most urgent task: walks to the reserve (40 s), scans
it, scans the SKU, types what was taken (now and then less than asked: a partial refill), walks to
the face (40 s) and scans it. A site without faces (every KPI test's hall) is not touched, and the
stocker draws from its own random stream, so the other people's shift stays as it was."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from terminal.inventory.replenish_session import FACE, FROM, IDLE, QTY, SKU, ReplenishSession
from terminal.people.badges import User
from terminal.scanning.types import ItemScan, LocationScan

if TYPE_CHECKING:
    from terminal.stats.simulate import Simulation, Steps

PARTIAL_P = 0.1


def spawn_stocker(sim: Simulation, stockers: list[User]) -> None:
    """Start the stocker when the site has pick faces; say why not when it has faces but no stocker."""
    if sim.db.execute("SELECT 1 FROM pick_faces LIMIT 1").fetchone() is None:
        return
    if not stockers:
        sim.report.missing.append("pick faces but no stocker in the database: no replenishment")
        return
    sim.spawn(stocker(sim, stockers[0], random.Random(sim.config.seed * 7919 + 13)))


def stocker(sim: Simulation, user: User, rng: random.Random) -> Steps:
    session_id = sim.login(user, "stocker")
    work = ReplenishSession(sim.db, user, clock=sim.clock)
    try:
        while True:
            work.start()
            if work.state == IDLE or work.task is None:
                yield rng.uniform(0.5, 1.5) * 60 * sim.config.replenish_every_min
                continue
            task, source = work.task, work.source
            assert work.state == FROM and source is not None
            yield rng.gauss(40, 8)
            work.handle(LocationScan(raw=source, code=source))
            assert work.state == SKU
            yield 4
            work.handle(ItemScan(raw=task.sku, sku_code=task.sku))
            assert work.state == QTY
            limit = work.limit()
            yield 6
            work.type_quantity(rng.randint(1, limit) if rng.random() < PARTIAL_P else limit)
            assert work.state == FACE
            yield rng.gauss(40, 8)
            work.handle(LocationScan(raw=task.location, code=task.location))
            sim.report.add("replenishments")
    finally:
        sim.logout(session_id)
