"""Named operations: atomic with their outbox row, gap-free seq, refused ops leave nothing."""

from __future__ import annotations

import json

import pytest

from terminal.errors import OpRejected
from terminal.opargs import Id, OpArgs
from terminal.ops import Args, OpContext, apply_op, operation, require


class UserArgs(OpArgs):
    user_id: Id


@operation("_TestFailsAfterWrite", args=UserArgs)
def _fails_after_write(ctx: OpContext, args: Args) -> Args:
    ctx.db.execute("INSERT INTO users (id, name, roles) VALUES (?, 'Half', 'picker')", (args["user_id"],))
    require(False, "test_refused", "refused after writing")
    return {}


@operation("_TestCrashesAfterWrite", args=UserArgs)
def _crashes_after_write(ctx: OpContext, args: Args) -> Args:
    ctx.db.execute("INSERT INTO users (id, name, roles) VALUES (?, 'Half', 'picker')", (args["user_id"],))
    raise RuntimeError("handler bug")


def _user(db, user_id="u1"):
    db.execute("INSERT INTO users (id, name, roles) VALUES (?, 'Ala', 'picker')", (user_id,))
    db.conn.commit()


def test_applied_op_changes_state_and_queues_it_in_the_outbox(fresh_db, clock):
    _user(fresh_db)
    applied = apply_op(fresh_db, "UserLoggedIn", {"user_id": "u1", "role": "picker", "session_id": "s1"},
                       clock=clock)
    row = fresh_db.execute("SELECT seq, op_id, name, args, acked FROM outbox").fetchone()
    assert tuple(row[:3]) == (1, applied.op_id, "UserLoggedIn")
    assert json.loads(row[3]) == {"user_id": "u1", "role": "picker", "session_id": "s1"}
    assert fresh_db.execute("SELECT login_at FROM user_sessions WHERE id = 's1'").fetchone()[0] == applied.at


@pytest.mark.parametrize("name,error", [("_TestFailsAfterWrite", OpRejected), ("_TestCrashesAfterWrite", RuntimeError)])
def test_failed_op_leaves_neither_state_nor_outbox_row(fresh_db, clock, name, error):
    with pytest.raises(error):
        apply_op(fresh_db, name, {"user_id": "ghost"}, clock=clock)
    assert fresh_db.execute("SELECT count(*) FROM users WHERE id = 'ghost'").fetchone()[0] == 0
    assert fresh_db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert fresh_db.execute("SELECT last_seq FROM op_seq").fetchone()[0] == 0


def test_seq_has_no_gaps_when_some_ops_are_refused(fresh_db, clock):
    _user(fresh_db)
    for i in range(20):
        if i % 3 == 0:
            with pytest.raises(OpRejected):
                apply_op(fresh_db, "UserLoggedIn", {"user_id": "nobody", "role": "picker"}, clock=clock)
        apply_op(fresh_db, "UserLoggedIn", {"user_id": "u1", "role": "picker", "session_id": f"s{i}"}, clock=clock)
    seqs = [row[0] for row in fresh_db.execute("SELECT seq FROM outbox ORDER BY seq")]
    assert seqs == list(range(1, 21))


def test_unknown_operation_is_refused_with_a_sentence(fresh_db):
    with pytest.raises(OpRejected, match="no operation called Frobnicate"):
        apply_op(fresh_db, "Frobnicate", {})


def test_arguments_that_cannot_be_stored_are_refused(fresh_db):
    _user(fresh_db)
    with pytest.raises(OpRejected) as info:
        apply_op(fresh_db, "UserLoggedIn", {"user_id": "u1", "role": object()})
    assert info.value.code == "bad_args"
