"""Imported orders are picked in ship-by order: `handoff picklist next` after `handoff import orders`
puts the order whose carrier leaves first in the cart first, whatever the file's order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_world import NOW, make_site, run_import, write

from terminal.cli import run


def test_imported_orders_come_in_picklist_next_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site.db")
    people = write(tmp_path / "users.csv", [{"id": "kasia", "name": "Kasia", "roles": "picker", "badge": "B-KASIA"}])
    assert run_import(capsys, site, "users", people)[0] == 0
    # the least urgent first in the file: STANDARD promised Friday, NEXT_DAY promised Wednesday, then
    # EXPRESS_SAME_DAY ordered Monday 06:00 (DPD leaves at 11:00 and 15:00, one day in transit)
    orders = write(tmp_path / "orders.json", [
        {"ref": "SLOW", "carrier": "DPD", "service": "STANDARD", "recipient_name": "A", "promised_date": "2026-11-27",
         "lines": [{"sku": "SKU-001", "qty": 1}]},
        {"ref": "TOMORROW", "carrier": "DPD", "service": "NEXT_DAY", "recipient_name": "B",
         "promised_date": "2026-11-25", "lines": [{"sku": "SKU-002", "qty": 1}]},
        {"ref": "TODAY", "carrier": "DPD", "service": "EXPRESS_SAME_DAY", "recipient_name": "C",
         "lines": [{"sku": "SKU-003", "qty": 2}, {"sku": "SKU-004", "qty": 1}]},
    ])
    code, out = run_import(capsys, site, "orders", orders)
    assert code == 0 and out["imported"] == 3
    assert run(["picklist", "next", "--db", str(site), "--picker", "B-KASIA", "--now", NOW, "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    ship_by = {o["ref"]: o["ship_by"] for o in plan["orders"]}
    # each leaves with the last truck that still meets its promise
    assert ship_by["TODAY"] == "2026-11-23T15:00:00.000+00:00"
    assert ship_by["TOMORROW"] == "2026-11-24T15:00:00.000+00:00"
    assert ship_by["SLOW"] == "2026-11-26T15:00:00.000+00:00"
    assert ship_by["TODAY"] < ship_by["TOMORROW"] < ship_by["SLOW"]
    assert plan["orders"][0]["ref"] == "TODAY"
    assert [o["ref"] for o in plan["orders"]] == sorted(ship_by, key=ship_by.__getitem__)
    assert {t["sku"] for t in plan["tasks"]} == {"SKU-001", "SKU-002", "SKU-003", "SKU-004"}


def test_an_order_being_picked_is_not_changed_by_a_reimport(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site.db")
    people = write(tmp_path / "users.csv", [{"id": "kasia", "name": "Kasia", "roles": "picker", "badge": "B-KASIA"}])
    assert run_import(capsys, site, "users", people)[0] == 0
    rows = [{"ref": f"R-{n}", "carrier": "DPD", "service": "NEXT_DAY", "recipient_name": "Jan", "sku": f"SKU-00{n}",
             "qty": 1} for n in range(3)]
    assert run_import(capsys, site, "orders", write(tmp_path / "orders.csv", rows))[0] == 0
    assert run(["picklist", "next", "--db", str(site), "--picker", "B-KASIA", "--now", NOW, "--json", "--start"]) == 0
    started = {o["ref"] for o in json.loads(capsys.readouterr().out)["orders"]}
    assert started
    changed = write(tmp_path / "changed.csv", [dict(row, qty=5) for row in rows])
    code, out = run_import(capsys, site, "orders", changed)
    assert code == 1
    assert sorted((b["code"], b["args"][0]) for b in out["bad"]) == [("import_order_started", ref) for ref in
                                                                     sorted(started)]
    code, out = run_import(capsys, site, "orders", changed, "--skip-bad")
    assert code == 0 and out["imported"] == 3 - len(started)
