"""Applying pulled pages: idempotent, cursor in the same transaction, local unacknowledged effects kept."""

from __future__ import annotations

import pytest

from terminal.opargs import Id, OpArgs, Text
from terminal.ops import Args, OpContext, apply_op, operation
from terminal.sync import state
from terminal.sync.pull import apply_deferred, apply_page


class RenamedArgs(OpArgs):
    code: Id
    name: Text


@operation("SyncTestSkuRenamed", args=RenamedArgs, footprint=lambda a, r: [("sku", a["code"])])
def _renamed(ctx: OpContext, args: Args) -> None:
    ctx.db.execute("UPDATE skus SET name = ? WHERE code = ?", (args["name"], args["code"]))


def _sku(code: str, name: str) -> dict:
    return {"entity": "sku", "key": code, "op": "upsert",
            "data": {"code": code, "name": name, "length_mm": 1, "width_mm": 1, "height_mm": 1, "weight_g": 1,
                     "not_a_column": "ignored"}}


def _page(cursor: str, *changes: dict) -> dict:
    return {"protocol": 1, "cursor": cursor, "has_more": False, "changes": list(changes), "rejections": []}


def test_pages_are_idempotent_and_carry_their_cursor(fresh_db):
    page = _page("c1.2.0", _sku("S1", "one"), _sku("S2", "two"))
    assert apply_page(fresh_db, page)["applied"] == 2
    assert apply_page(fresh_db, page)["applied"] == 2
    assert fresh_db.execute("SELECT count(*) FROM skus").fetchone()[0] == 2
    assert state.get(fresh_db, "cursor") == "c1.2.0"
    apply_page(fresh_db, _page("c1.3.0", {"entity": "sku", "key": "S2", "op": "delete", "data": {"code": "S2"}}))
    assert [r[0] for r in fresh_db.execute("SELECT code FROM skus")] == ["S1"]


def test_a_failing_page_leaves_neither_rows_nor_cursor(fresh_db):
    bad = {"entity": "order_line", "key": "L1", "op": "upsert",
           "data": {"id": "L1", "order_id": "missing", "line_no": 1, "sku_code": "nope", "qty": 1}}
    with pytest.raises(Exception):   # noqa: B017 - the deferred foreign key fails at COMMIT
        apply_page(fresh_db, _page("c1.9.0", _sku("S1", "one"), bad))
    if fresh_db.conn.in_transaction:
        fresh_db.conn.rollback()
    assert fresh_db.execute("SELECT count(*) FROM skus").fetchone()[0] == 0
    assert state.get(fresh_db, "cursor") == ""


def test_pulled_changes_wait_for_pending_local_ops_on_the_same_row(fresh_db):
    apply_page(fresh_db, _page("c1.1.0", _sku("S1", "one")))
    applied = apply_op(fresh_db, "SyncTestSkuRenamed", {"code": "S1", "name": "local"})
    counts = apply_page(fresh_db, _page("c1.2.0", _sku("S1", "server"), _sku("S9", "other")))
    assert counts == {"applied": 1, "deferred": 1, "rejections": 0}
    assert fresh_db.execute("SELECT name FROM skus WHERE code = 'S1'").fetchone()[0] == "local"
    assert apply_deferred(fresh_db) == 0                      # still pending
    fresh_db.execute("UPDATE outbox SET acked = 1 WHERE seq = ?", (applied.seq,))
    fresh_db.conn.commit()
    assert apply_deferred(fresh_db) == 1
    assert fresh_db.execute("SELECT name FROM skus WHERE code = 'S1'").fetchone()[0] == "server"
    assert fresh_db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0
