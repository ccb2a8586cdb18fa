"""Pulled changes go in one executemany per run of the same statement (terminal/sync/pull.py `_apply_all`).
Property: whatever the changes — UNIQUE clashes (a barcode two box types want), NOT NULL gaps, numbers SQLite
cannot hold, nested values, deletes, the same key twice — the batched apply leaves exactly the table and the
failures that applying them a change at a time (the implementation before batching, kept here as the model)
leaves."""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.sync.protocol import Change
from terminal.sync.pull import _UNSTORABLE, _apply_all, apply_change

CODES = ["K1", "K2", "K3", "K4"]


def _one_at_a_time(db: Any, changes: list[Change]) -> list[tuple[Change, Exception]]:
    """The change-at-a-time apply: a UNIQUE failure is retried after the rest until nothing more applies."""
    todo = changes
    while todo:
        failed: list[tuple[Change, Exception]] = []
        unstorable: list[tuple[Change, Exception]] = []
        for change in todo:
            try:
                apply_change(db, change)
            except sqlite3.IntegrityError as exc:
                failed.append((change, exc))
            except _UNSTORABLE as exc:
                unstorable.append((change, exc))
        if len(failed) == len(todo) - len(unstorable):
            return failed + unstorable
        todo = [change for change, _ in failed]
        if unstorable:
            return [*_one_at_a_time(db, todo), *unstorable]
    return []


@st.composite
def _box_change(draw: st.DrawFn) -> Change:
    code = draw(st.sampled_from(CODES))
    if draw(st.integers(0, 5)) == 0:
        return Change(entity="box_type", key=code, op="delete", data={"code": code})
    data: dict[str, Any] = {"code": code, "barcode": draw(st.sampled_from([None, "B1", "B2"])),
                            "inner_length_mm": draw(st.sampled_from([10, 20, 2**70])),   # 2**70: no SQLite integer
                            "inner_width_mm": 1, "inner_height_mm": 1, "tare_g": 1, "max_weight_g": 9}
    if draw(st.booleans()):
        # without it a new row breaks NOT NULL; an object or a list is stored as its JSON text
        data["name"] = draw(st.sampled_from(["small", "large", {"size": "S"}, ["S", 1]]))
    return Change(entity="box_type", key=code, op="upsert", data=data)


def _state(db: Any) -> list[tuple[Any, ...]]:
    return db.execute("SELECT code, name, barcode, inner_length_mm FROM box_types ORDER BY code").fetchall()


def _outcome(failures: list[tuple[Change, Exception]]) -> list[tuple[str, str, str]]:
    return [(change["key"], change["op"], type(exc).__name__) for change, exc in failures]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(_box_change(), max_size=14))
def test_batched_pull_apply_leaves_what_a_change_at_a_time_leaves(fresh_db, changes):
    fresh_db.execute("DELETE FROM box_types")
    expected = _outcome(_one_at_a_time(fresh_db, changes))
    expected_rows = _state(fresh_db)
    fresh_db.execute("DELETE FROM box_types")
    assert _outcome(_apply_all(fresh_db, changes)) == expected
    assert _state(fresh_db) == expected_rows
