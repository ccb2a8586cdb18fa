"""Issue 19's "done when": after a simulated shift with receiving, replenishment, picks, counts and
returns, synced with a real backend, inventory equals the sum of its movements on the stock card — on
the terminal and on the server — and both hold the same rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sync_compare import assert_same, server_balance_errors, server_entities
from sync_live import LiveServer, enrol

from backend.seed import seed_from_terminal_db
from terminal.cli import run
from terminal.inventory.ledger import balance_errors
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

SITE = "S1"


def _standalone_site(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_db(path, create=True)
    build_world(db, orders=40, seed=5)
    # the hall's stocker (master data, as build_world makes the pickers and packers)
    db.execute("INSERT INTO users (id, name, roles, language) VALUES ('stock', 'Stock', 'stocker', 'en')")
    # each SKU's first location is its pick face, kept between 480 and 500: picks soon call for a refill
    faces = db.execute("SELECT location_code, sku_code FROM inventory GROUP BY sku_code"
                       " HAVING location_code = min(location_code)").fetchall()
    db.conn.commit()
    db.close()
    file = tmp_path / "faces.csv"
    file.write_text("location,sku,min,max\n" + "".join(f"{loc},{sku},480,500\n" for loc, sku in faces))
    assert run(["import", "faces", str(file), "--db", str(path), "--json"]) == 0, capsys.readouterr().out


def test_the_stock_card_holds_on_both_sides_after_a_shift_of_every_flow(
        server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "S1.db"
    _standalone_site(path, tmp_path, capsys)
    engine = server.app.state.engine
    seed_from_terminal_db(engine, SITE, path)
    term = enrol(server, path, site=SITE)
    sync_once(term.db, term.client())
    # six hours: the 11:00 truck takes parcels, and some of them come back to the returns desk
    simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=6.0, seed=3, start=START, short_p=0.08,
                                            deliveries=2, return_p=0.3))
    for _ in range(30):
        sync_once(term.db, term.client())
        if term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone() is None:
            break
    sync_once(term.db, term.client())
    kinds = {r[0] for r in term.db.execute("SELECT DISTINCT kind FROM stock_movements")}
    assert {"opening", "receipt", "putaway", "pick", "replenish", "return"} <= kinds, kinds
    assert term.db.execute("SELECT count(*) FROM stock_counts").fetchone()[0] > 0, "no count was booked"
    assert balance_errors(term.db) == []
    assert server_balance_errors(server_entities(engine, SITE)) == {}
    assert_same(engine, SITE, term.db)
    term.db.close()
