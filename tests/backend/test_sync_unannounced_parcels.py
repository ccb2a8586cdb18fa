"""A parcel the kiosk holds but whose announcement never reached the backend (issue 4/7).

Facts from the physical world are never rejected (DESIGN §3): the backend adopts the parcel from
what the kiosk pushed, raises an exception for a supervisor, and never tells the kiosk to delete a
row its door journal (and the compartment) still hold."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_compare import assert_same
from sync_live import LiveServer, Terminal, enrol
from test_sync_lockers import LOCKER, _seed_locker

from backend import schema
from backend.changes import seed_entities
from backend.seed import seed_from_terminal_db
from terminal.cli import run
from terminal.lockers import codes
from terminal.lockers.ops import announcement
from terminal.lockers.site import store_announced_parcel
from terminal.ops import apply_op
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.cycle import sync_once
from terminal.sync.status import sync_status

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

_LIFECYCLE = ("compartment_id", "courier_id", "deposited_at", "expires_at", "picked_up_at", "expired_at",
              "collected_at")


def _pending(term: Terminal) -> bool:
    return term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone() is not None


def _held(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Parcel id → compartment for every parcel a compartment holds."""
    rows = db.execute("SELECT id, compartment_id FROM parcels WHERE status IN ('deposited', 'expired')"
                      " AND compartment_id IS NOT NULL").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def _server_rows(engine, site: str, entity: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    e = schema.entities.c
    with engine.connect() as conn:
        rows = conn.execute(select(e.key, e.data).where(e.site_id == site, e.entity == entity)).all()
    return {key: json.loads(data) for key, data in rows}


def _announce_some(engine, site: str, term: Terminal, rng: random.Random) -> set[str]:  # type: ignore[no-untyped-def]
    """Some announcements reach the backend (in their announced state), the rest are lost on the way."""
    rows = [dict(r) for r in term.db.execute("SELECT * FROM parcels ORDER BY id").fetchall()]
    chosen = [{**r, **dict.fromkeys(_LIFECYCLE), "status": "announced"} for r in rows if rng.random() < 0.5]
    with engine.begin() as conn:
        seed_entities(conn, site, "parcel", chosen)
    return {str(r["id"]) for r in chosen}


@pytest.mark.parametrize(("world_seed", "shift_seed", "page"), [(11, 3, 500), (23, 7, 20), (5, 11, 60)])
def test_a_shift_whose_announcements_came_two_ways_syncs_and_keeps_every_parcel(
        server: LiveServer, tmp_path: Path, world_seed: int, shift_seed: int, page: int) -> None:
    """Invariant 5 and "no parcel lost" hold on both sides after sync, whichever way announcements arrived
    (from the marketplace before the sync, or with the kiosk's own ParcelAnnounced ops).

    Small pages split the states one parcel went through across pages: an earlier state (parcel A
    in compartment 7) must not clash for ever with where the kiosk knows the parcels are now."""
    path = tmp_path / "S1.db"
    db = open_db(path, create=True)
    build_world(db, orders=40, seed=world_seed)
    db.close()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, "S1", path)
    term = enrol(server, path, site="S1")
    sync_once(term.db, term.client())
    simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=3.0, seed=shift_seed, start=START,
                                            door_fail_p=0.08))
    parcels = {str(r[0]) for r in term.db.execute("SELECT id FROM parcels").fetchall()}
    held = _held(term.db)
    assert held, "the shift left nothing in the locker; the test would prove nothing"
    announced = _announce_some(engine, "S1", term, random.Random(world_seed * 1000 + shift_seed))
    assert 0 < len(announced) < len(parcels)
    for _ in range(10):
        sync_once(term.db, term.client(), page_size=page)
        if not _pending(term):
            break
    assert not _pending(term), "outbox not drained"
    sync_once(term.db, term.client(), page_size=page)
    assert term.db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0
    assert sync_status(term.db)["last_error"] is None
    # the kiosk: every parcel still there, each where it physically is, no compartment with two
    assert {str(r[0]) for r in term.db.execute("SELECT id FROM parcels").fetchall()} == parcels
    assert _held(term.db) == held
    assert term.db.execute("PRAGMA foreign_key_check").fetchall() == []
    # the server: the same holdings, and its private occupancy agrees (one parcel per compartment)
    server_parcels = _server_rows(engine, "S1", "parcel")
    assert set(server_parcels) == parcels
    server_held = {k: p["compartment_id"] for k, p in server_parcels.items() if p["status"] in ("deposited", "expired")}
    assert server_held == held
    occupancy = {comp: row["parcel_id"] for comp, row in _server_rows(engine, "S1", "occupancy").items()}
    assert occupancy == {comp: parcel for parcel, comp in held.items()}
    with engine.connect() as conn:
        kinds = conn.execute(select(schema.exceptions.c.kind)).scalars().all()
        rejected = conn.execute(select(schema.rejections.c.code)).scalars().all()
    deposited = {str(r[0]) for r in term.db.execute("SELECT id FROM parcels WHERE deposited_at IS NOT NULL")}
    # the marketplace's announcements reached the server for some parcels; the simulated couriers
    # announced the rest through ParcelAnnounced ops, which arrive before their deposits: none adopted
    assert deposited - announced
    assert kinds.count("unannounced_parcel") == 0
    assert rejected == []
    assert_same(engine, "S1", term.db)


def _deposit_unannounced(kiosk: Terminal, path: Path, *, with_announcement: bool) -> str:
    """The kiosk's deposit of a parcel only it knows, through the real door-journal and deposit ops."""
    key = codes.load_site_key(path.with_name(path.name + ".sitekey"), create=True)
    parcel = store_announced_parcel(kiosk.db, key, LOCKER, "TRK-LOST", phone="600100200")
    apply_op(kiosk.db, "DoorUnlockRequested", {"journal_id": "J1", "compartment_id": "C1", "purpose": "deposit",
                                                "parcel_id": parcel.parcel_id})
    apply_op(kiosk.db, "DoorUnlockOutcome", {"journal_id": "J1", "outcome": "opened"})
    row = kiosk.db.execute("SELECT * FROM parcels WHERE id = ?", (parcel.parcel_id,)).fetchone()
    args = {"journal_id": "J1", "parcel_id": parcel.parcel_id, "compartment_id": "C1",
            "expires_at": "2026-01-04T00:00:00.000+00:00"}
    apply_op(kiosk.db, "ParcelDeposited", {**args, "parcel": announcement(row)} if with_announcement else args)
    return parcel.parcel_id


@pytest.mark.parametrize("with_announcement", [True, False], ids=["adopted", "older-kiosk"])
def test_a_deposit_the_backend_never_heard_of_is_kept_and_goes_to_a_supervisor(
        server: LiveServer, tmp_path: Path, with_announcement: bool) -> None:
    engine = server.app.state.engine
    _seed_locker(engine)
    path = tmp_path / "k.db"
    kiosk = enrol(server, path, site=LOCKER, role="kiosk")
    sync_once(kiosk.db, kiosk.client())
    parcel_id = _deposit_unannounced(kiosk, path, with_announcement=with_announcement)
    before = dict(kiosk.db.execute("SELECT * FROM parcels WHERE id = ?", (parcel_id,)).fetchone())
    sync_once(kiosk.db, kiosk.client())
    sync_once(kiosk.db, kiosk.client())
    assert sync_status(kiosk.db)["last_error"] is None
    assert dict(kiosk.db.execute("SELECT * FROM parcels WHERE id = ?", (parcel_id,)).fetchone()) == before
    assert kiosk.db.execute("SELECT parcel_id FROM door_journal WHERE id = 'J1'").fetchone()[0] == parcel_id
    with engine.connect() as conn:
        ops = dict(conn.execute(select(schema.ops.c.name, schema.ops.c.status)).all())
        kinds = conn.execute(select(schema.exceptions.c.kind)).scalars().all()
    assert ops["ParcelDeposited"] == "applied"      # a fact is never rejected
    if with_announcement:
        assert kinds == ["unannounced_parcel"]
        assert_same(engine, LOCKER, kiosk.db)       # the server adopted the parcel as the kiosk holds it
    else:
        assert kinds == ["conflict"]                # too little to adopt: a supervisor looks, nothing deleted


def test_changes_that_do_not_fit_are_quarantined_keep_every_local_row_and_syncs_go_on(
        server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = server.app.state.engine
    _seed_locker(engine)
    path = tmp_path / "k.db"
    kiosk = enrol(server, path, site=LOCKER, role="kiosk")
    sync_once(kiosk.db, kiosk.client())
    parcel_id = _deposit_unannounced(kiosk, path, with_announcement=False)
    # the backend sends what this kiosk cannot hold: a parcel in a compartment it has never heard of
    with engine.begin() as conn:
        seed_entities(conn, LOCKER, "parcel", [{"id": "P-X", "site_id": LOCKER, "tracking_number": "TRK-X",
                                                "kind": "delivery", "status": "deposited", "compartment_id": "C9",
                                                "announced_at": "2026-01-01T00:00:00.000+00:00"}])
        seed_entities(conn, LOCKER, "compartment", [
            {"id": "C2", "site_id": LOCKER, "board_id": "B0", "lock_no": 2, "size_class": "A", "column_no": 1,
             "row_no": 2, "state": "FREE", "door": "closed", "fault_reason": "after P-X (test)"}])
    tables = ("parcels", "door_journal")
    before = {t: [tuple(r) for r in kiosk.db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()]
              for t in tables}
    result = sync_once(kiosk.db, kiosk.client())
    assert result["quarantined"] == 1
    assert {t: [tuple(r) for r in kiosk.db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()]
            for t in tables} == before
    # the change after it arrived (the cursor moved on), the one that does not fit is set aside
    assert kiosk.db.execute("SELECT fault_reason FROM compartments WHERE id = 'C2'").fetchone()[0] == "after P-X (test)"
    assert [tuple(r) for r in kiosk.db.execute("SELECT entity, key FROM sync_quarantine")] == [("parcel", "P-X")]
    assert kiosk.db.execute("SELECT kind FROM exceptions WHERE ref_id = 'P-X'").fetchone()[0] == "sync_quarantine"
    assert kiosk.db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0] == 0   # pushed first
    assert run(["sync", "status", "--db", str(path), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert "cannot be stored on this terminal" in status["last_error"] and status["state"] == "online"
    # the next cycle pushes what the kiosk does meanwhile, and is clean
    apply_op(kiosk.db, "DoorUnlockRequested", {"journal_id": "J2", "compartment_id": "C2", "purpose": "technician"})
    assert sync_once(kiosk.db, kiosk.client())["quarantined"] == 0
    assert kiosk.db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0] == 0
    assert kiosk.db.execute("SELECT 1 FROM parcels WHERE id = ?", (parcel_id,)).fetchone() is not None
    assert state.get(kiosk.db, "last_error") == ""
