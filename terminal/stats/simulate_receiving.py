"""Receiving and putaway in the shift simulator: a stocker takes `SimConfig.deliveries` trucks over the
shift, counts each onto a licence plate and puts every line away to the suggested location, through the
same calls the station page makes (terminal/inventory/receiving_flow.py).

Off by default (deliveries = 0) so the figures of existing shifts stay as they were; the stocker's own
random stream (seeded from the shift's seed) leaves every other person's draws unchanged when it is on."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from terminal.inventory.putaway import suggest_location
from terminal.inventory.receiving_flow import close_delivery, open_delivery, open_plate, put_away, receive
from terminal.people.badges import User

if TYPE_CHECKING:
    from terminal.stats.simulate import Simulation, Steps


def spawn_receiving(sim: Simulation, start: datetime) -> None:
    """Start the stocker when the shift has deliveries (and say so when nobody can take them)."""
    if not sim.config.deliveries:
        return
    from terminal.stats.simulate import users_with_role

    stockers = users_with_role(sim.db, "stocker")
    if not stockers:
        sim.report.missing.append("no stocker in the database: no receiving")
        return
    sim.spawn(stocker(sim, stockers[0]), start + timedelta(minutes=5))


def stocker(sim: Simulation, user: User) -> Steps:
    rng = random.Random(sim.config.seed * 7919 + 12)
    db, clock = sim.db, sim.clock
    skus = [r[0] for r in db.execute("SELECT code FROM skus ORDER BY code").fetchall()]
    session = sim.login(user, "stocker")
    gap = sim.config.hours * 3600 / (sim.config.deliveries + 1)
    try:
        for n in range(sim.config.deliveries):
            yield rng.uniform(0.5, 1.0) * gap               # the next truck
            delivery = open_delivery(db, f"SIM-WZ-{n + 1}", user.id, clock=clock)
            lpn = open_plate(db, delivery.id, user.id, clock=clock)
            lines = []
            for sku in rng.sample(skus, k=min(len(skus), rng.randint(1, 4))):
                yield max(2.0, rng.gauss(25, 6))            # count a carton
                lines.append((receive(db, delivery.id, lpn, sku, rng.randint(6, 48), user.id, clock=clock), sku))
                sim.report.add("receipt_lines")
            close_delivery(db, delivery.id, user.id, clock=clock)
            for line_id, sku in lines:
                yield max(10.0, rng.gauss(120, 30))         # to the shelf
                target = suggest_location(db, sku)
                if target is None:
                    sim.report.missing.append("no active location to put away to")
                    return
                put_away(db, line_id, target, target, user.id, clock=clock)
                sim.report.add("put_away_lines")
    finally:
        sim.logout(session)
