"""`handoff import` of each kind from CSV and JSON (issue 19 §5): rows land, bad rows are reported
with their line and coded reason, nothing is imported while one is bad unless --skip-bad, a
re-import updates the same rows instead of adding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from import_world import counts, make_site, run_import, write

from terminal.people.badges import UnknownBadge, user_for_badge
from terminal.store import open_db

SKUS = [{"code": "NEW-1", "name": "Kubek", "length_mm": 100, "width_mm": 90, "height_mm": 110, "weight_g": 350,
         "barcode": "5901234123457"},
        {"code": "NEW-2", "name": "Łyżka", "length_mm": 200, "width_mm": 30, "height_mm": 10, "weight_g": 40}]
LOCATIONS = [{"code": "C-13-01-1L", "zone": "C", "aisle": 13, "bay": 1, "level": 1, "side": "L"},
             {"code": "C-13-02-1R", "zone": "C", "aisle": 13, "bay": 2, "level": 1, "side": "R", "active": 0}]
USERS = [{"id": "anna", "name": "Anna Nowak", "roles": "picker,packer", "zones": "A", "language": "pl",
          "badge": "BADGE-ANNA"},
         {"id": "boss", "name": "Szef", "roles": "supervisor", "badge": "BADGE-BOSS"}]
STOCK = [{"location": "A-01-01-1L", "sku": "SKU-000", "qty": 7},
         {"location": "A-01-01-1R", "sku": "SKU-001", "qty": 0}]
_SHOP1 = {"ref": "SHOP-1", "carrier": "DPD", "service": "NEXT_DAY", "recipient_name": "Jan"}
ORDERS = [{**_SHOP1, "sku": "SKU-001", "qty": 2}, {**_SHOP1, "sku": "SKU-002", "qty": 1},
          {"ref": "SHOP-2", "carrier": "DPD", "service": "STANDARD", "recipient_name": "Ewa", "sku": "SKU-003",
           "qty": 1, "promised_date": "2026-11-27", "created_at": "2026-11-22T20:00:00Z"}]
KINDS: dict[str, list[dict[str, Any]]] = {"skus": SKUS, "locations": LOCATIONS, "users": USERS, "stock": STOCK,
                                          "orders": ORDERS}


def _json_orders(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same orders as JSON objects holding their lines."""
    orders: dict[str, dict[str, Any]] = {}
    for row in rows:
        head = {k: v for k, v in row.items() if k not in ("sku", "qty")}
        orders.setdefault(row["ref"], {**head, "lines": []})["lines"].append({"sku": row["sku"], "qty": row["qty"]})
    return list(orders.values())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site.db")


def _file(tmp_path: Path, kind: str, suffix: str, rows: list[dict[str, Any]]) -> Path:
    if suffix == ".json" and kind == "orders":
        rows = _json_orders(rows)
    columns = sorted({k for row in rows for k in row}) if suffix == ".csv" else None
    return write(tmp_path / f"{kind}{suffix}", rows, columns=columns)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_imports_from_csv_and_json(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             kind: str, suffix: str) -> None:
    before = counts(site)
    code, out = run_import(capsys, site, kind, _file(tmp_path, kind, suffix, KINDS[kind]))
    assert code == 0, out
    assert out["bad"] == [] and out["ops"] == 1
    after = counts(site)
    db = open_db(site)
    if kind == "skus":
        assert after["skus"] == before["skus"] + 2
        assert tuple(db.execute("SELECT sku_code, kind FROM sku_barcodes WHERE barcode = '05901234123457'"
                                ).fetchone()) == ("NEW-1", "gtin")
        assert db.execute("SELECT name FROM skus WHERE code = 'NEW-2'").fetchone()[0] == "Łyżka"
    elif kind == "locations":
        assert tuple(db.execute("SELECT layout_id, zone, aisle, active FROM locations WHERE code = 'C-13-02-1R'"
                                ).fetchone()) == ("L1", "C", 13, 0)
    elif kind == "users":
        anna = user_for_badge(db, "BADGE-ANNA")
        assert (anna.id, anna.roles, anna.zones) == ("anna", ("picker", "packer"), ("A",))
        assert not db.execute("SELECT 1 FROM badges WHERE badge_hmac = 'BADGE-ANNA'").fetchone()
        assert "BADGE-ANNA" not in db.execute("SELECT group_concat(details) FROM audit_log").fetchone()[0]
    elif kind == "stock":
        stock = {(r[0], r[1]): r[2] for r in db.execute("SELECT location_code, sku_code, qty FROM inventory")}
        assert stock[("A-01-01-1L", "SKU-000")] == 7 and stock[("A-01-01-1R", "SKU-001")] == 0
    else:
        assert (after["orders"], after["order_lines"]) == (2, 3)
        rows = {r[0]: tuple(r)[1:]
                for r in db.execute("SELECT ref, status, promised_date, ship_by, created_at FROM orders")}
        # SHOP-1 ordered at --now (Monday 06:00 UTC), NEXT_DAY: promised Tuesday, last truck Monday 15:00
        assert rows["SHOP-1"] == ("open", "2026-11-24", "2026-11-23T15:00:00.000+00:00",
                                  "2026-11-23T06:00:00.000+00:00")
        # SHOP-2 promised Friday with DPD's one-day transit: the last truck that makes it is Thursday 15:00
        assert rows["SHOP-2"][1:3] == ("2026-11-27", "2026-11-26T15:00:00.000+00:00")
    # the op is the site's own: it never enters the outbox nor takes a seq, the audit log keeps it
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert db.execute("SELECT last_seq FROM op_seq").fetchone()[0] == 0
    assert db.execute("SELECT action FROM audit_log WHERE ref_type = 'op'").fetchone()[0] == f"import.{kind}"
    db.close()


BAD_ROWS = {
    "skus": ({"code": "X1", "name": "ok", "length_mm": 1, "width_mm": 1, "height_mm": 1, "weight_g": 1},
             {"code": "X2", "name": "bad", "length_mm": "wide", "width_mm": 1, "height_mm": 1, "weight_g": 1},
             "import_not_whole_number", ["length_mm", "wide"]),
    "locations": ({"code": "Z-1", "zone": "Z", "aisle": 1, "bay": 1, "level": 1, "side": "L"},
                  {"code": "Z-2", "zone": "Z", "aisle": 1, "bay": 1, "level": 1, "side": "middle"},
                  "import_not_one_of", ["side", "L, R", "middle"]),
    "users": ({"id": "u1", "name": "Ola", "roles": "picker"}, {"id": "u2", "name": "Ala", "roles": "juggler"},
              "import_unknown_role", ["juggler", "picker, packer, stocker, courier, technician, supervisor"]),
    "stock": ({"location": "A-01-01-1L", "sku": "SKU-000", "qty": 3},
              {"location": "NOWHERE", "sku": "SKU-000", "qty": 1},
              "import_unknown_location", ["NOWHERE"]),
    "orders": ({"ref": "O-1", "carrier": "DPD", "recipient_name": "Jan", "sku": "SKU-001", "qty": 1},
               {"ref": "O-2", "carrier": "UPS", "recipient_name": "Jan", "sku": "SKU-001", "qty": 1},
               "import_unknown_carrier", ["UPS"]),
}


@pytest.mark.parametrize("suffix", [".csv", ".json"])
@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(
        site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, suffix: str) -> None:
    good, bad, code, args = BAD_ROWS[kind]
    path = _file(tmp_path, kind, suffix, [good, bad])
    before = counts(site)
    exit_code, out = run_import(capsys, site, kind, path)
    # CSV: the header is line 1, the bad row line 3; JSON: the line its object opens on
    opened = [n for n, text in enumerate(path.read_text().splitlines(), 1) if text == "  {"]
    line = 3 if suffix == ".csv" else opened[1]
    assert exit_code == 1
    assert [(b["line"], b["code"], b["args"]) for b in out["bad"]] == [(line, code, args)]
    assert out["imported"] == 0 and counts(site) == before
    # --skip-bad: the good row goes in, the bad one is still reported
    exit_code, out = run_import(capsys, site, kind, path, "--skip-bad")
    assert exit_code == 0 and out["imported"] == 1 and len(out["bad"]) == 1
    assert counts(site) != before


def test_every_bad_row_is_reported_in_words_on_stderr(site: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from terminal.cli import run
    path = tmp_path / "skus.csv"
    path.write_text("code;name;length_mm;width_mm;height_mm;weight_g;colour\n"
                    "A;Alpha;10;10;10;10;\n"
                    ";NoCode;10;10;10;10;\n"
                    "B;Beta;10;0;10;10;\n"
                    "A;Again;10;10;10;10;\n"
                    "C;Gamma;10;10;10;10;red\n", encoding="utf-8")
    assert run(["import", "skus", str(path), "--db", str(site)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{path}:3: Column code is empty; it is required.",
                   f"{path}:4: Column width_mm must be from 1 to 100000, not 0.",
                   f"{path}:5: A appears again; it was first on line 2.",
                   f"{path}:6: Column colour is not one of this kind's columns "
                   "(code, name, length_mm, width_mm, height_mm, weight_g, barcode, image).",
                   "Nothing imported: 4 bad row(s); fix them or use --skip-bad."]


def test_a_reimport_updates_the_same_rows_and_adds_none(site: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    for kind, rows in KINDS.items():
        assert run_import(capsys, site, kind, _file(tmp_path, kind, ".csv", rows))[0] == 0
    once = counts(site)
    for kind, rows in KINDS.items():
        assert run_import(capsys, site, kind, _file(tmp_path, kind, ".csv", rows))[0] == 0
    assert {k: v for k, v in counts(site).items() if k != "outbox"} == {k: v for k, v in once.items() if k != "outbox"}
    # a changed file changes the rows it names: a new name, a new quantity, an order with one line fewer
    changed = [dict(ORDERS[0], recipient_name="Jan Nowak"), ORDERS[2]]
    assert run_import(capsys, site, "orders", _file(tmp_path, "orders", ".csv", changed))[0] == 0
    assert run_import(capsys, site, "stock", _file(tmp_path, "stock", ".csv", [dict(STOCK[0], qty=9)]))[0] == 0
    # Anna lost her badge and got a new one: the old one logs nobody in any more
    assert run_import(capsys, site, "users", _file(tmp_path, "users", ".csv",
                                                   [dict(USERS[0], badge="BADGE-ANNA-2")]))[0] == 0
    db = open_db(site)
    assert user_for_badge(db, "BADGE-ANNA-2").id == "anna"
    with pytest.raises(UnknownBadge):
        user_for_badge(db, "BADGE-ANNA")
    assert db.execute("SELECT recipient_name FROM orders WHERE ref = 'SHOP-1'").fetchone()[0] == "Jan Nowak"
    assert db.execute("SELECT count(*) FROM order_lines WHERE order_id = 'SHOP-1'").fetchone()[0] == 1
    assert db.execute("SELECT qty FROM inventory WHERE location_code = 'A-01-01-1L' AND sku_code = 'SKU-000'"
                      ).fetchone()[0] == 9
    db.close()


def test_an_order_to_a_locker_needs_its_locker(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [dict(ORDERS[0], delivery_method="locker"), dict(ORDERS[1], delivery_method="locker")]
    code, out = run_import(capsys, site, "orders", _file(tmp_path, "orders", ".csv", rows))
    assert code == 1 and [(b["line"], b["code"], b["args"]) for b in out["bad"]] == \
        [(2, "import_missing", ["destination_locker"])]
    rows = [dict(row, destination_locker="LK1") for row in rows]
    code, out = run_import(capsys, site, "orders", _file(tmp_path, "orders", ".csv", rows))
    assert code == 0 and out["imported"] == 1


def test_two_orders_cannot_share_a_number_or_a_shop_id(site: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    rows = [dict(ORDERS[0], external_id="SHOP-99"), dict(ORDERS[2], external_id="SHOP-99"),
            dict(ORDERS[0], ref="SHOP-3", id="SHOP-1")]
    code, out = run_import(capsys, site, "orders", _file(tmp_path, "orders", ".csv", rows))
    assert code == 1
    assert [(b["line"], b["code"], b["args"]) for b in out["bad"]] == [
        (3, "import_ref_taken", ["SHOP-99", "SHOP-1"]),
        (4, "import_order_mixed", ["SHOP-1", "ref", "2"])]
    assert counts(site)["orders"] == 0


def test_locations_go_into_a_layout_the_site_has(site: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rows = [dict(LOCATIONS[0], layout="L1"), dict(LOCATIONS[1], layout="L9")]
    code, out = run_import(capsys, site, "locations", _file(tmp_path, "locations", ".csv", rows))
    assert code == 1 and [(b["line"], b["code"], b["args"]) for b in out["bad"]] == \
        [(3, "import_unknown_layout", ["L9"])]
    empty = tmp_path / "empty.db"
    open_db(empty, create=True).close()   # a site with no layout at all: a location has nowhere to go
    code, out = run_import(capsys, empty, "locations", _file(tmp_path, "locations", ".csv", LOCATIONS[:1]))
    assert code == 1 and out["bad"][0]["code"] == "import_no_layout"
