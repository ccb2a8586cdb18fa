"""The simulated stocker: counts the open count tasks (short picks make them) through the real
CountSession on the simulator's clock, so a simulated shift has cycle counts and the inventory record
accuracy KPI has samples.

A stocker who is not also a picker or packer logs in for the shift and, every ~10 minutes, takes the
oldest open count task: scans the location (5 s), scans the SKU and types the quantity (10 s) and
books it. The simulation has no shelf apart from the books, so the count matches them — except, at
COUNT_FOUND_P, one unit more was found (booked with the reason "found"). Its own random stream, so the
pickers' and packers' draws (and every other KPI of a simulated shift) stay what they were. No such
stocker in the database: no counts (said in the report)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from terminal.inventory.count_session import REASON, CountSession
from terminal.inventory.ledger import on_hand
from terminal.people.badges import User

if TYPE_CHECKING:
    from terminal.stats.simulate import Simulation, Steps

COUNT_EVERY_S = 600.0
COUNT_FOUND_P = 0.05


def spawn_stockers(sim: Simulation, start: datetime) -> None:
    from terminal.stats.simulate import users_with_role

    stockers = [u for u in users_with_role(sim.db, "stocker") if not (u.has_role("picker") or u.has_role("packer"))]
    if not stockers:
        sim.report.missing.append("no stocker (without picking or packing) in the database: no cycle counts")
        return
    sim.spawn(count_rounds(sim, stockers[0]), start + timedelta(seconds=COUNT_EVERY_S))


def count_rounds(sim: Simulation, user: User) -> Steps:
    rng = random.Random(f"{sim.config.seed}:counts")
    session_id = sim.login(user, "stocker")
    try:
        while True:
            task = sim.db.execute("SELECT location_code, sku_code FROM count_tasks WHERE status = 'open'"
                                  " ORDER BY created_at, id LIMIT 1").fetchone()
            if task is None:
                yield rng.uniform(0.5, 1.5) * COUNT_EVERY_S
                continue
            location, sku = str(task[0]), str(task[1])
            session = CountSession(sim.db, user.id, clock=sim.clock)
            session.scan_location(location)
            yield 5.0
            book = on_hand(sim.db, location, sku)
            found = 1 if book > 0 and rng.random() < COUNT_FOUND_P else 0
            session.scan_item(sku)
            session.type_quantity(book + found)
            session.finish()
            if session.state == REASON:
                session.choose_reason("found")
            sim.report.add("counts")
            yield 10.0 + rng.uniform(0.5, 1.5) * COUNT_EVERY_S
    finally:
        sim.logout(session_id)
