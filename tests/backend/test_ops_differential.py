"""Differential test of the ops the server re-implements (backend/handlers): hypothesis draws a world
and a run of ops with valid args (and some the state then refuses), the terminal applies them through
`apply_op`, the server re-executes them from the same starting state (seeded from the terminal's
file), and after the sync the site's entities are the same on both sides — row by row."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_compare import assert_same
from sync_live import LiveServer, enrol

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.errors import OpRejected
from terminal.ids import new_id
from terminal.lockers.ops import announcement
from terminal.ops import apply_op
from terminal.packing.numbers import next_sscc, next_tracking
from terminal.picking.batching import plan_batch
from terminal.picking.ops import SHORT_REASONS
from terminal.stats.simulate import users_with_role
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

_SITES = itertools.count(1)
# free text as a person or a device may send it: any character a store can hold
_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40)


def _one(db: sqlite_utils.Database, sql: str, data: st.DataObject) -> Any:
    rows = db.execute(sql).fetchall()
    return data.draw(st.sampled_from(rows)) if rows else None


def _start(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    picker = data.draw(st.sampled_from(users_with_role(db, "picker")))
    plan = plan_batch(db, picker, START + timedelta(minutes=10))
    return ("BatchStarted", plan.op_args()) if plan else None


def _pick(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    task = _one(db, "SELECT id, qty - picked_qty, picker_id FROM pick_tasks WHERE status = 'open'", data)
    if task is None:
        return None
    qty = data.draw(st.integers(1, max(1, task[1] + 1)))     # one more than asked: the books were wrong
    return "PickConfirmed", {"task_id": task[0], "qty": qty, "picker_id": task[2]}


def _short(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    task = _one(db, "SELECT id, picker_id FROM pick_tasks WHERE status = 'open'", data)
    if task is None:
        return None
    return "PickShorted", {"task_id": task[0], "reason": data.draw(st.sampled_from(SHORT_REASONS)),
                           "picker_id": task[1]}


def _cancel(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    row = _one(db, "SELECT batch_id, order_id FROM pick_batch_orders", data)
    return ("PickOrderCancelled", {"batch_id": row[0], "order_id": row[1]}) if row else None


def _finish(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    row = _one(db, "SELECT id FROM pick_batches WHERE status = 'active'", data)
    return ("BatchFinished", {"batch_id": row[0]}) if row else None


def _service(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    comp = _one(db, "SELECT id FROM compartments", data)
    name = data.draw(st.sampled_from(["CompartmentOutOfService", "CompartmentBackInService", "CompartmentFaulted"]))
    if name == "CompartmentBackInService":
        return name, {"compartment_id": comp[0], "door": data.draw(st.sampled_from(["closed", "open", "unknown"]))}
    return name, {"compartment_id": comp[0], "reason": data.draw(_TEXT)}


def _unlock(db: sqlite_utils.Database, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    comp = _one(db, "SELECT id FROM compartments", data)
    journal = new_id()
    purpose = data.draw(st.sampled_from(["deposit", "pickup", "return", "collect", "technician"]))
    return "DoorUnlockRequested", {"journal_id": journal, "compartment_id": comp[0], "purpose": purpose}


def _pack(db: sqlite_utils.Database, data: st.DataObject) -> list[tuple[str, dict[str, Any]]] | None:
    """A picked order through the station: started, its units verified (or a miscount), closed, handed over."""
    order = _one(db, "SELECT id FROM orders WHERE status IN ('picking', 'picked')", data)
    if order is None:
        return None
    ops: list[tuple[str, dict[str, Any]]] = [   # the rest of its picks first, so it can be packed
        ("PickConfirmed", {"task_id": task_id, "qty": left}) for task_id, left in db.execute(
            "SELECT id, qty - picked_qty FROM pick_tasks WHERE order_id = ? AND status = 'open'", (order[0],))]
    packer = data.draw(st.sampled_from(users_with_role(db, "packer"))).id
    ops.append(("PackingStarted", {"order_id": order[0], "packer_id": packer}))
    for line_id, qty in db.execute("SELECT id, qty - short_qty FROM order_lines WHERE order_id = ?",
                                   (order[0],)).fetchall():
        if qty > 0:
            ops.append(("UnitPacked", {"order_id": order[0], "line_id": line_id, "units": qty, "packer_id": packer}))
    if data.draw(st.booleans()):
        ops.append(("PackingRecounted", {"order_id": order[0], "packer_id": packer}))
    package = f"P-{order[0]}"
    ops.append(("PackageClosed", {"package_id": package, "order_id": order[0], "box_type": "S",
                                  "tracking_number": next_tracking(db, "DIF", 1), "sscc": next_sscc(db, "5901234", 1),
                                  "weight_g": data.draw(st.integers(0, 5000)), "expected_weight_g": 900,
                                  "weight_source": "scale", "packer_id": packer}))
    if data.draw(st.booleans()):
        ops.append(("PackagesHandedOver", {"package_ids": [package], "carrier_code": "DPD", "user_id": packer}))
    return ops


def _door(db: sqlite_utils.Database, data: st.DataObject, comp: str, purpose: str,
          parcel: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    journal = new_id()
    return journal, [("DoorUnlockRequested", {"journal_id": journal, "compartment_id": comp, "purpose": purpose,
                                              "parcel_id": parcel}),
                     ("DoorUnlockOutcome", {"journal_id": journal, "outcome": "opened"})]


def _deposit(db: sqlite_utils.Database, data: st.DataObject) -> list[tuple[str, dict[str, Any]]] | None:
    parcel = _one(db, "SELECT * FROM parcels WHERE status = 'announced' AND kind = 'delivery'", data)
    comp = _one(db, "SELECT id FROM compartments c WHERE state = 'FREE' AND NOT EXISTS (SELECT 1 FROM parcels p"
                    " WHERE p.compartment_id = c.id AND p.status IN ('deposited', 'expired'))", data)
    if parcel is None or comp is None:
        return None
    journal, ops = _door(db, data, comp[0], "deposit", parcel["id"])
    return [*ops, ("ParcelDeposited", {"journal_id": journal, "parcel_id": parcel["id"], "compartment_id": comp[0],
                                       "courier_id": "courier", "expires_at": "2026-11-26T06:00:00.000+00:00",
                                       "parcel": announcement(parcel)})]


def _take(db: sqlite_utils.Database, data: st.DataObject) -> list[tuple[str, dict[str, Any]]] | None:
    parcel = _one(db, "SELECT id, status, compartment_id FROM parcels WHERE status IN ('deposited', 'expired')", data)
    if parcel is None:
        return None
    how = data.draw(st.sampled_from(["pickup", "collect", "expire"]))
    if how == "expire":
        return [("ParcelExpired", {"parcel_id": parcel[0]})]
    journal, ops = _door(db, data, parcel[2], how, parcel[0])
    name = "ParcelPickedUp" if how == "pickup" else "ParcelCollected"
    return [*ops, (name, {"journal_id": journal, "parcel_id": parcel[0]})]


Step = Callable[[sqlite_utils.Database, st.DataObject], "tuple[str, dict[str, Any]] | list[Any] | None"]
STEPS: dict[str, Step] = {
    "start": _start, "pick": _pick, "short": _short, "cancel": _cancel, "finish": _finish,
    "service": _service, "unlock": _unlock, "pack": _pack, "deposit": _deposit, "take": _take,
    "announce": lambda db, data: None}   # the carrier's announcement: through the backend, then pulled


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 1000), steps=st.lists(st.sampled_from(sorted(STEPS)), min_size=3,
                                                                  max_size=14))
def test_the_server_reaches_the_terminals_entities_from_the_same_state(
        server: LiveServer, tmp_path: Path, data: st.DataObject, seed: int, steps: list[str]) -> None:
    site = f"D{next(_SITES)}"
    path = tmp_path / f"{site}.db"
    db = open_db(path, create=True)
    build_world(db, orders=8, skus=8, seed=seed, pickers=2, packers=1)
    db.close()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, site, path)
    term = enrol(server, path, site=site)
    sync_once(term.db, term.client())
    token = auth.make_integration_token(engine)
    applied = 0
    for step in ["start", *steps]:
        if step == "announce":
            answer = httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"},
                                json={"site_id": site, "tracking_number": f"TRK{data.draw(st.integers(0, 10**9))}",
                                      "recipient_phone": "600100200"}, timeout=30)
            assert answer.status_code == 200, answer.text
            sync_once(term.db, term.client())
        drawn = STEPS[step](term.db, data)
        for name, args in (drawn if isinstance(drawn, list) else [drawn] if drawn else []):
            try:
                apply_op(term.db, name, args)
                applied += 1
            except OpRejected as exc:   # the terminal's state refuses it (never its args: they are valid)
                assert exc.code != "bad_args", exc.message
    for _ in range(5):
        sync_once(term.db, term.client())
        if not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
            break
    sync_once(term.db, term.client())
    assert applied and not term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone()
    assert_same(engine, site, term.db)
    term.db.close()


@pytest.fixture
def tmp_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example of the hypothesis test (each example uses its own site and file)."""
    return tmp_path_factory.mktemp("differential")

