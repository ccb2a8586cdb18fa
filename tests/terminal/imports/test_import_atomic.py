"""Invariant: an import never half-applies. Its chunks are separate ops in one transaction, so when any
chunk fails — here a row whose SKU vanished between the check and the write — the database is exactly
as before (rows, outbox, footprints); when none fails every row is there and the outbox is as before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_world import START, make_site, write

from terminal.clock import FixedClock
from terminal.imports.apply import apply_rows
from terminal.imports.check import check_file
from terminal.store import open_db

TABLES = ("orders", "order_lines", "inventory", "outbox", "outbox_footprint", "op_seq")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("atomic") / "template.db")


def _state(path: Path) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def _rows(kind: str, n: int) -> list[dict[str, Any]]:
    if kind == "stock":
        return [{"location": f"A-01-{bay:02d}-1{side}", "sku": f"SKU-{bay:03d}", "qty": bay}
                for bay in range(1, 21) for side in "LR"][:n]
    return [{"ref": f"P-{i}", "carrier": "DPD", "recipient_name": "Jan", "sku": f"SKU-{i % 60:03d}", "qty": 1 + i % 3}
            for i in range(n)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["stock", "orders"]), n=st.integers(1, 40), chunk=st.integers(1, 12),
       poison=st.none() | st.integers(0, 39))
def test_an_import_is_whole_or_not_at_all(template: Path, tmp_path: Path, kind: str, n: int, chunk: int,
                                         poison: int | None) -> None:
    path = tmp_path / f"site-{kind}-{n}-{chunk}-{poison}.db"
    shutil.copy(template, path)
    rows = _rows(kind, n)
    db = open_db(path)
    # a row already there before the import: a failed re-import must leave it as it was
    seeded = check_file(db, kind, write(tmp_path / f"seed-{kind}.csv", rows[:1]), START)
    apply_rows(db, seeded, clock=FixedClock(START))
    before = _state(path)
    checked = check_file(db, kind, write(tmp_path / f"{kind}.csv", rows), START)
    assert not checked.bad and len(checked.rows) == n
    if poison is not None and poison < n:   # the SKU vanished between the check and the write
        row = checked.rows[poison]
        if kind == "stock":
            row["sku_code"] = "GONE"
        else:
            row["lines"][0]["sku_code"] = "GONE"
        with pytest.raises(sqlite3.IntegrityError):
            apply_rows(db, checked, clock=FixedClock(START), chunk=chunk)
        db.close()
        assert _state(path) == before
        return
    done = apply_rows(db, checked, clock=FixedClock(START), chunk=chunk)
    db.close()
    after = _state(path)
    assert done.ops == -(-n // chunk)
    # never pushed: the ops left the outbox and gave their seqs back
    assert (after["outbox"], after["outbox_footprint"], after["op_seq"]) == \
        (before["outbox"], before["outbox_footprint"], before["op_seq"])
    if kind == "stock":
        assert {(r[0], r[1]) for r in after["inventory"]} >= {(r["location"], r["sku"]) for r in rows}
    else:
        assert {r[1] for r in after["orders"]} == {r["ref"] for r in rows}
        assert len(after["order_lines"]) == n
