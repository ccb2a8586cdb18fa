"""Applying pulled pages: idempotent, cursor in the same transaction, local unacknowledged effects kept."""

from __future__ import annotations

from terminal.opargs import Id, OpArgs, Text
from terminal.ops import Args, OpContext, apply_op, operation
from terminal.sync import state
from terminal.sync.outbox import acknowledge
from terminal.sync.pull import apply_page


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


def test_a_change_that_cannot_be_stored_is_quarantined_and_the_page_goes_on(fresh_db):
    bad = {"entity": "order_line", "key": "L1", "op": "upsert",
           "data": {"id": "L1", "order_id": "missing", "line_no": 1, "sku_code": "nope", "qty": 1}}
    huge = _sku("S2", "two")
    huge["data"]["weight_g"] = 10**30          # more than SQLite can hold
    counts = apply_page(fresh_db, _page("c1.9.0", _sku("S1", "one"), bad, huge))
    assert counts["applied"] == 1 and counts["quarantined"] == 2
    assert [r[0] for r in fresh_db.execute("SELECT code FROM skus")] == ["S1"]
    assert fresh_db.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 0
    assert state.get(fresh_db, "cursor") == "c1.9.0"              # the next pages still come
    assert sorted(r[0] for r in fresh_db.execute("SELECT key FROM sync_quarantine")) == ["L1", "S2"]
    kinds = [tuple(r) for r in fresh_db.execute("SELECT kind, ref_id FROM exceptions ORDER BY ref_id")]
    assert kinds == [("sync_quarantine", "L1"), ("sync_quarantine", "S2")]


def test_pulled_changes_wait_for_pending_local_ops_on_the_same_row(fresh_db):
    apply_page(fresh_db, _page("c1.1.0", _sku("S1", "one")))
    applied = apply_op(fresh_db, "SyncTestSkuRenamed", {"code": "S1", "name": "local"})
    counts = apply_page(fresh_db, _page("c1.2.0", _sku("S1", "server"), _sku("S9", "other")))
    assert (counts["applied"], counts["deferred"]) == (1, 1)
    assert fresh_db.execute("SELECT name FROM skus WHERE code = 'S1'").fetchone()[0] == "local"
    assert apply_page(fresh_db, _page("c1.2.0"))["deferred"] == 1    # still pending
    acknowledge(fresh_db, applied.seq, [])   # the server's answer to the push
    assert apply_page(fresh_db, _page("c1.2.0"))["applied"] == 1     # the next checkpoint releases it
    assert fresh_db.execute("SELECT name FROM skus WHERE code = 'S1'").fetchone()[0] == "server"
    assert fresh_db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0


def test_pages_before_the_write_checkpoint_are_staged_and_shown_together(fresh_db):
    state.put(fresh_db, write_checkpoint="5")
    first = {**_page("c1.3.0", _sku("S1", "old")), "has_more": True, "position": 3}
    assert apply_page(fresh_db, first)["staged"] == 1
    assert fresh_db.execute("SELECT count(*) FROM skus").fetchone()[0] == 0    # not visible before the checkpoint
    assert state.get(fresh_db, "cursor") == "c1.3.0"
    second = {**_page("c1.5.0", _sku("S1", "new"), _sku("S2", "two")), "has_more": True, "position": 5}
    assert apply_page(fresh_db, second)["applied"] == 2
    assert dict(fresh_db.execute("SELECT code, name FROM skus").fetchall()) == {"S1": "new", "S2": "two"}
    assert fresh_db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0


def test_without_positions_an_older_backend_s_pages_are_shown_at_the_end_of_the_pull(fresh_db):
    state.put(fresh_db, write_checkpoint="9")
    assert apply_page(fresh_db, {**_page("c1.1.0", _sku("S1", "old")), "has_more": True})["staged"] == 1
    assert fresh_db.execute("SELECT count(*) FROM skus").fetchone()[0] == 0
    assert apply_page(fresh_db, _page("c1.2.0", _sku("S1", "new")))["applied"] == 1
    assert fresh_db.execute("SELECT name FROM skus").fetchall()[0][0] == "new"


def test_a_change_that_breaks_a_reference_waits_while_local_ops_are_pending_then_is_quarantined(fresh_db):
    bad = {"entity": "order_line", "key": "L1", "op": "upsert",
           "data": {"id": "L1", "order_id": "missing", "line_no": 1, "sku_code": "nope", "qty": 1}}
    apply_page(fresh_db, _page("c1.1.0", _sku("S1", "one")))
    applied = apply_op(fresh_db, "SyncTestSkuRenamed", {"code": "S1", "name": "local"})
    counts = apply_page(fresh_db, _page("c1.2.0", bad))
    assert (counts["deferred"], counts["quarantined"]) == (1, 0)        # it may be about the pending op
    acknowledge(fresh_db, applied.seq, [])   # the server's answer to the push
    counts = apply_page(fresh_db, _page("c1.3.0"))
    assert (counts["deferred"], counts["quarantined"]) == (0, 1)
    assert fresh_db.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 0
    assert state.get(fresh_db, "cursor") == "c1.3.0"
