"""A simulated shift writes only through operations, so after a sync the terminal and the server agree.

Before: the simulator's couriers wrote their parcels straight into `parcels` (no op). The server
heard of a parcel only when a deposit fact adopted it (one `unannounced_parcel` exception each),
and never of one whose deposit was refused or failed at the door — so the two copies disagreed."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select
from sync_compare import assert_same, server_balance_errors, server_entities
from sync_live import LiveServer, enrol

from backend import schema
from backend.seed import seed_from_terminal_db
from terminal.inventory.ledger import balance_errors
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

SITE = "S1"


def test_a_simulated_shift_leaves_terminal_and_server_equal_after_sync(server: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "S1.db"
    db = open_db(path, create=True)
    build_world(db, orders=30, seed=4)
    db.close()
    engine = server.app.state.engine
    seed_from_terminal_db(engine, SITE, path)
    term = enrol(server, path, site=SITE)
    sync_once(term.db, term.client())
    # door failures leave announced parcels that never get into a compartment (nor a deposit fact)
    simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=3.0, seed=9, start=START, door_fail_p=0.6))
    parcels = {str(r[0]) for r in term.db.execute("SELECT id FROM parcels").fetchall()}
    never_deposited = {str(r[0]) for r in term.db.execute("SELECT id FROM parcels WHERE deposited_at IS NULL")}
    assert parcels and never_deposited, "the shift must leave parcels both deposited and not; else it proves little"
    for _ in range(20):
        sync_once(term.db, term.client())
        if term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone() is None:
            break
    sync_once(term.db, term.client())
    assert set(server_entities(engine, SITE)["parcel"]) == parcels
    with engine.connect() as conn:
        kinds = conn.execute(select(schema.exceptions.c.kind)).scalars().all()
        rejected = conn.execute(select(schema.rejections.c.code)).scalars().all()
    assert "unannounced_parcel" not in kinds and rejected == []
    assert_same(engine, SITE, term.db)
    # the stock card holds on both sides: book stock is the sum of its movements
    assert balance_errors(term.db) == []
    assert server_balance_errors(server_entities(engine, SITE)) == {}
