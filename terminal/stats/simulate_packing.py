"""The simulated packer: drives the real PackSession (and Handover) on the simulator's clock.

A packer takes the most urgent picked order waiting in a tote (two packers never take the same
tote: the simulation keeps who holds which), scans the tote (5 s), every unit (4 s each; a wrong
item now and then at the simulator's wrong-item rate, refused by the session), weighs the box
(8 s) — 1 % of the time the weight is off, which records a weight mismatch; the packer recounts
and weighs again — and the session closes the package and queues its label in the real spool
(`queue_label`, to `packing.printer`) and the simulated printer takes it (`LabelSent`; no bytes
leave). Every scan is also a ScanRecorded,
as the station page applies. Once an hour the packer loads the carrier's vehicle: every packed
package whose order's ship-by is within the next 15 minutes is handed over (PackagesHandedOver),
which ends its Order-to-Ship Time."""

from __future__ import annotations

import weakref
from datetime import timedelta
from typing import TYPE_CHECKING

from terminal.clock import iso
from terminal.ops import apply_op
from terminal.packing.handover import Handover
from terminal.packing.session import IDLE, MISMATCH, VERIFY, PackSession
from terminal.packing.settings import printer_uri
from terminal.people.badges import User
from terminal.scanning.types import ItemScan, ToteScan

if TYPE_CHECKING:
    from terminal.stats.simulate import Simulation, Steps

MISMATCH_P = 0.01
HANDOVER_EVERY_S = 3600.0
_CLAIMED: weakref.WeakKeyDictionary[Simulation, set[str]] = weakref.WeakKeyDictionary()


def _next_tote(sim: Simulation) -> tuple[str, str] | None:
    claimed = _CLAIMED.setdefault(sim, set())
    for code, order_id in sim.db.execute(
            "SELECT t.code, o.id FROM totes t JOIN orders o ON o.id = t.order_id WHERE o.status = 'picked'"
            " ORDER BY o.ship_by, o.created_at LIMIT 20").fetchall():
        if order_id not in claimed:
            claimed.add(order_id)
            return str(code), str(order_id)
    return None


def _label_request(sim: Simulation, user: User) -> object:
    from terminal.labels.spool import queue_label

    printer = printer_uri(sim.settings)

    def request(package_id: str) -> None:
        job_id = queue_label(sim.db, package_id, printer, clock=sim.clock, user_id=user.id)
        sim.report.add("labels_queued")
        # the simulated printer takes every label: the loader hands over only labelled packages
        apply_op(sim.db, "LabelSent", {"job_id": job_id}, clock=sim.clock)

    return request


def _hand_over(sim: Simulation, user: User) -> None:
    due = iso(sim.clock.now() + timedelta(minutes=15))
    rows = sim.db.execute(
        "SELECT p.tracking_number, o.carrier_code FROM packages p JOIN orders o ON o.id = p.order_id"
        " WHERE p.handed_over_at IS NULL AND o.status = 'packed' AND o.ship_by <= ? ORDER BY o.carrier_code",
        (due,)).fetchall()
    vehicles: dict[str, Handover] = {}
    for tracking, carrier in rows:
        handover = vehicles.setdefault(carrier, Handover(sim.db, carrier_code=carrier, user_id=user.id,
                                                         clock=sim.clock))
        if handover.scan(tracking).ok:
            sim.report.add("handed_over")


def pack_orders(sim: Simulation, user: User, index: int) -> Steps:
    session = PackSession(sim.db, user, clock=sim.clock, settings=sim.settings,
                          print_label=_label_request(sim, user))  # type: ignore[arg-type]
    next_handover = sim.clock.now() + timedelta(seconds=HANDOVER_EVERY_S * (0.5 + index * 0.1))
    while True:
        if sim.clock.now() >= next_handover:
            _hand_over(sim, user)
            next_handover = sim.clock.now() + timedelta(seconds=HANDOVER_EVERY_S)
            yield sim.jitter(300)                          # loading the vehicle takes a while
            continue
        found = _next_tote(sim)
        if found is None:
            yield sim.jitter(120)                          # nothing picked yet: wait for the carts
            continue
        tote, order_id = found
        tote_scan = ToteScan(raw=tote, code=tote)
        outcome = session.handle(tote_scan)
        sim.scan(user.id, "packing", tote_scan, outcome.ok, order_id)
        yield sim.jitter(5)
        if session.state == IDLE:
            continue
        while session.state in (VERIFY, MISMATCH):
            for line in [line for line in session.lines if not line.done]:
                for _ in range(line.remaining):
                    if sim.rng.random() < sim.config.wrong_item_p:
                        wrong = ItemScan(raw="SIM-WRONG", sku_code="SIM-WRONG-ITEM")
                        result = session.handle(wrong)
                        sim.scan(user.id, "packing", wrong, result.ok, order_id, "wrong_item")
                        yield sim.jitter(5)
                    unit = ItemScan(raw=line.sku_code, sku_code=line.sku_code)
                    result = session.handle(unit)
                    sim.scan(user.id, "packing", unit, result.ok, order_id)
                    yield sim.jitter(4)
            expected = session.expected_weight_g()
            if expected is None:               # no box type takes the order: it waits for a supervisor
                break
            off = sim.rng.random() < MISMATCH_P and session.state != MISMATCH
            yield sim.jitter(8)
            session.weigh(expected + (3 * (session.tolerance() or 30) if off else sim.rng.randint(-10, 10)), "scale")
            if session.state == MISMATCH:
                sim.report.add("weight_mismatches")
                session.recount()
                yield sim.jitter(20)
        if session.state != IDLE:              # refused (e.g. a locker order in a box too big): set aside
            sim.report.add("not_packed")
            session.put_aside()
            continue
        sim.report.add("packed")
        yield sim.jitter(15)                               # label on, box to the outbound conveyor
