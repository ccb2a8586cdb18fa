"""A simulated shift with pick faces and a stocker: pickers empty faces, the stocker refills them from
reserve through the real session; the stock card holds, no face goes above max, every op's
footprint covers what it wrote, and the pickers are never sent to a face waiting after a short."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.inventory.ledger import balance_errors
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replenish_world import START, faces_world  # noqa: E402


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), short_p=st.sampled_from([0.0, 0.1, 0.3]))
def test_a_shift_with_a_stocker_keeps_the_books_and_the_faces_within_max(tmp_path_factory, seed, short_p) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("shift") / "t.db"
    db = open_db(path, create=True)
    faces_world(db, orders=80, seed=seed)
    db.execute("UPDATE pick_faces SET min_qty = 5, max_qty = 12")
    db.execute("INSERT INTO users (id, name, roles, language) VALUES ('ewa', 'Ewa', 'stocker', 'en')")
    db.conn.commit()
    report = simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=2.0, seed=seed, start=START,
                                                short_p=short_p, replenish_every_min=5))
    assert report.counts.get("replenishments", 0) > 0
    assert balance_errors(db) == []
    over = db.execute("SELECT f.location_code, i.qty FROM pick_faces f JOIN inventory i USING (location_code,"
                      " sku_code) WHERE i.qty > f.max_qty").fetchall()
    assert over == []
    refills = db.execute("SELECT count(*) FROM stock_movements WHERE kind = 'replenish'").fetchone()[0]
    assert refills == 2 * report.counts["replenishments"]
    # the fixture's StockSet is an import: acknowledged locally at once (terminal/imports/apply.py), it
    # declares no footprint by design
    for row in db.execute("SELECT op_id, name, footprint FROM outbox WHERE name != 'StockSet'").fetchall():
        declared = {tuple(k) for k in json.loads(row["footprint"])}
        captured = {tuple(r) for r in db.execute("SELECT entity, key FROM outbox_footprint WHERE op_id = ?",
                                                 (row["op_id"],)).fetchall()}
        assert captured <= declared, f"{row['name']} wrote {sorted(captured - declared)} beyond its declaration"
    db.close()
