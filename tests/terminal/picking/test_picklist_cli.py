"""`handoff picklist next`: read-only by default, --start starts it, pickers only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from picking_world import LAYOUT, add_order

from terminal.catalog.layout import parse_layout
from terminal.picking.routing import route_codes, route_length

NOW = "2026-11-23T12:00:00Z"


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    # a subprocess, as an operator runs it (in-process runs would set up logging for the whole test session)
    return subprocess.run([sys.executable, "-m", "terminal", *args], capture_output=True, text=True, timeout=60)


def test_picklist_next_prints_the_batch_and_writes_nothing(warehouse, db_path):
    add_order(warehouse, [("SKU-MUG", 2), ("SKU-PEN", 1)], ref="R-1", ship_by="2026-11-23T12:20:00.000+00:00")
    add_order(warehouse, [("SKU-TEA", 1)], ref="R-2", ship_by="2026-11-23T12:20:00.000+00:00")
    warehouse.conn.commit()
    before = list(warehouse.conn.iterdump())
    done = run(["picklist", "next", "--db", str(db_path), "--picker", "B-OLA", "--json", "--now", NOW])
    assert done.returncode == 0, done.stderr
    assert list(warehouse.conn.iterdump()) == before          # read-only: not one row anywhere changed
    result = json.loads(done.stdout)
    assert set(result) == {"orders", "tasks", "distance_m"}
    assert [o["ref"] for o in result["orders"]] == ["R-1", "R-2"]
    assert set(result["orders"][0]) == {"ref", "service", "ship_by", "at_risk", "tote_slot"}
    assert result["orders"][0]["at_risk"] is True           # 20 minutes left, 30 minutes of margin
    assert set(result["tasks"][0]) == {"location", "sku", "qty", "tote_slot"}
    assert sorted(t["sku"] for t in result["tasks"]) == ["SKU-MUG", "SKU-PEN", "SKU-TEA"]
    assert isinstance(result["distance_m"], float) and result["distance_m"] > 0
    # tasks in walking order: the optimal route through their locations, measured as layout-v1 does
    layout = parse_layout(LAYOUT)
    walk = [t["location"] for t in result["tasks"]]
    walked = route_length(layout, [layout.parse_location(code) for code in walk])   # in the order printed
    assert result["distance_m"] == pytest.approx(walked, abs=1e-3)
    assert walked == pytest.approx(route_codes(layout, walk, "optimal").distance_m, abs=1e-6)
    assert {o["tote_slot"] for o in result["orders"]} == {t["tote_slot"] for t in result["tasks"]}
    assert warehouse.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert warehouse.execute("SELECT count(*) FROM pick_batches").fetchone()[0] == 0


def test_picklist_start_starts_the_batch(warehouse, db_path):
    add_order(warehouse, [("SKU-TEA", 1)], ref="R-9")
    done = run(["picklist", "next", "--db", str(db_path), "--picker", "B-ALA", "--start", "--now", NOW])
    assert done.returncode == 0 and "Started batch for Ala" in done.stdout
    assert warehouse.execute("SELECT status FROM orders WHERE ref = 'R-9'").fetchone()[0] == "picking"
    assert warehouse.execute("SELECT name FROM outbox").fetchone()[0] == "BatchStarted"
    done = run(["picklist", "next", "--db", str(db_path), "--picker", "B-ALA", "--json", "--now", NOW])
    assert json.loads(done.stdout) == {"orders": [], "tasks": [], "distance_m": 0.0}


def test_a_badge_without_the_picker_role_is_one_sentence(warehouse, db_path):
    done = run(["picklist", "next", "--db", str(db_path), "--picker", "B-PAT", "--json"])
    assert done.returncode == 2
    assert done.stderr.strip() == "handoff: Badge B-PAT belongs to Pat, who does not have the picker role."
    done = run(["picklist", "next", "--db", str(db_path), "--picker", "NOBODY", "--json"])
    assert done.returncode == 2 and "is not known here" in done.stderr
