"""Change events: every committed op (and applied pull page) publishes what it wrote, after commit,
on the thread that committed; a refused op publishes nothing. Screens refresh from these."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal import changes
from terminal.errors import OpRejected
from terminal.lockers.site import install_site
from terminal.ops import ChangeSet, apply_op
from terminal.store import open_db
from tools.fixture import fill_small_site

USERS = ("u-picker", "u-packer", "u-tech", "nobody")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, sqlite_utils.Database]]:
    path = tmp_path / "site.db"
    db = open_db(path, create=True)
    fill_small_site(db)
    install_site(db, "lk-1", boards=1)
    yield path, db
    db.close()


@pytest.fixture
def heard() -> Iterator[list[tuple[str, ChangeSet, str]]]:
    seen: list[tuple[str, ChangeSet, str]] = []

    def listen(db_file: str, change_set: ChangeSet) -> None:
        seen.append((db_file, change_set, threading.current_thread().name))

    changes.database_changed.connect(listen)
    yield seen
    changes.database_changed.disconnect(listen)


def _contents(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%'").fetchall()]
    return {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}").fetchall()), key=repr)  # noqa: S608
            for t in tables}


OPS = st.one_of(
    st.builds(lambda u, r: ("UserLoggedIn", {"user_id": u, "role": r, "terminal": "t"}),
              st.sampled_from(USERS), st.sampled_from(("picker", "packer"))),
    st.builds(lambda n: ("UserLoggedOut", {"session_id": f"s{n}"}), st.integers(0, 3)),
    st.builds(lambda ok: ("ScanRecorded", {"user_id": None, "context": "station", "raw": "X", "kind": "Unknown",
                                           "accepted": ok, "reason": None, "order_id": None}), st.booleans()),
    st.builds(lambda n: ("CompartmentOutOfService", {"compartment_id": f"lk-1-b0-l{n:02d}", "user_id": "u-tech"}),
              st.integers(1, 17)),
    st.builds(lambda n: ("CompartmentBackInService", {"compartment_id": f"lk-1-b0-l{n:02d}", "user_id": "u-tech"}),
              st.integers(1, 17)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OPS, min_size=1, max_size=8))
def test_each_op_publishes_every_table_it_changed_and_a_refused_op_nothing(site, heard, ops) -> None:
    path, db = site
    for name, args in ops:
        before, published = _contents(db), len(heard)
        try:
            applied = apply_op(db, name, args)
        except OpRejected:
            assert _contents(db) == before and len(heard) == published      # nothing written, nothing said
            continue
        after = _contents(db)
        changed = {t for t in after if after[t] != before.get(t)}
        assert changed <= applied.changes.tables, f"{name} changed {changed - applied.changes.tables} unannounced"
        assert heard[published:] == [(str(path), applied.changes, threading.current_thread().name)]


def test_the_change_set_is_published_after_commit_on_the_committing_thread(site, heard) -> None:
    path, db = site
    seen_rows: list[int] = []
    reader = open_db(path)

    def look(_file: str, _changes: ChangeSet) -> None:   # another connection already sees the op's rows
        seen_rows.append(reader.execute("SELECT count(*) FROM user_sessions").fetchone()[0])

    changes.database_changed.connect(look)
    try:
        worker_db: list[sqlite_utils.Database] = []

        def work() -> None:
            own = open_db(path)
            worker_db.append(own)
            apply_op(own, "UserLoggedIn", {"user_id": "u-picker", "role": "picker", "session_id": "s1"})
            own.close()

        thread = threading.Thread(target=work, name="some-worker")
        thread.start()
        thread.join()
    finally:
        changes.database_changed.disconnect(look)
        reader.close()
    assert seen_rows == [1]
    [(db_file, change_set, thread_name)] = heard
    assert (db_file, thread_name) == (str(path), "some-worker")
    assert change_set.touches("user_sessions") and "outbox" in change_set.tables


def test_an_op_inside_a_callers_transaction_is_published_by_no_one_before_commit(site, heard) -> None:
    _path, db = site
    from terminal.store import transaction

    with transaction(db):
        apply_op(db, "UserLoggedIn", {"user_id": "u-picker", "role": "picker", "session_id": "s1"})
        assert heard == []


def test_a_pulled_page_names_its_entities_and_their_tables() -> None:
    page = [{"entity": "order", "key": "o1", "op": "upsert", "data": {}},
            {"entity": "parcel", "key": "p1", "op": "delete", "data": {}},
            {"entity": "no_such_entity", "key": "x", "op": "upsert", "data": {}}]
    change_set = changes.pulled(page)  # type: ignore[arg-type]
    assert change_set.entities == {("order", "o1"), ("parcel", "p1")}
    assert change_set.tables == {"orders", "parcels"}
    assert change_set.touches("parcels") and not change_set.touches("users")


def test_nobody_listening_costs_no_lookup(site) -> None:
    _path, db = site
    assert not changes.database_changed.connected()
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        changes.publish(db, ChangeSet(tables=frozenset({"orders"})))
    finally:
        db.conn.set_trace_callback(None)
    assert statements == []
