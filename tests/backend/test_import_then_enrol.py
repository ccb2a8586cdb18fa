"""A standalone site that imported its data and is enrolled later sends none of its imports: the backend
gets the site's first real op as op 1 (issue 19 §5: imports are the site's own, never pushed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_live import enrol

from backend import schema
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync.cycle import sync_once

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "imports"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from import_world import make_site, run_import, write  # noqa: E402


def test_imports_made_before_enrolment_are_never_pushed(server, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site.db")
    stock = write(tmp_path / "stock.csv", [{"location": "A-01-01-1L", "sku": "SKU-000", "qty": 7},
                                           {"location": "A-01-01-1R", "sku": "SKU-001", "qty": 3}])
    code, out = run_import(capsys, site, "stock", stock)
    assert code == 0, out
    db = open_db(site)
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    db.close()

    term = enrol(server, site)
    apply_op(term.db, "SyncTestStockSet", {"location": "A-01-01-1L", "sku": "SKU-000", "qty": 5})
    with term.client() as client:
        assert sync_once(term.db, client)["acked"] == 1
    o = schema.ops.c
    with server.app.state.engine.connect() as conn:
        pushed = conn.execute(select(o.seq, o.name)).all()
    assert [tuple(r) for r in pushed] == [(1, "SyncTestStockSet")]
    term.db.close()
