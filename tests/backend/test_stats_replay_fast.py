"""The stats mirror's fast replay (issue 16, cold rebuild): one transaction per step, runs of changes
applied by executemany, statements straight to the connection — and the same mirror, row for row,
as the plain replay it replaced (every op and every change through sqlite_utils, one commit each,
changes one at a time), on random simulated shifts pushed through a real server, and on random
pages of changes that clash on UNIQUE columns."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sync_live import LiveServer, database_url
from test_stats_fleet import START, _site

from backend import stats_mirror as m
from backend.db import make_engine
from backend.stats_mirror import Position, advance, load_mirror
from backend.stats_parts import BUCKET
from terminal.stats.pooled import kpi_parts
from terminal.stats.window import Window
from terminal.sync.protocol import Change


def _plain_mirror() -> sqlite_utils.Database:
    """An empty mirror on sqlite_utils' own Database, as the replay had it before."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.deserialize(m._empty_mirror())
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys=OFF")
    return db


def _plain_replay(engine: Engine, site_id: str) -> tuple[sqlite_utils.Database, Position]:
    """The replay as it was: each change and each op by itself, each committed by itself."""
    db, position = _plain_mirror(), Position()
    changes = m._Changes(engine, site_id, 0)
    pending, log_end = m._pending_ops(engine, site_id, {}, None)
    for row in pending:
        m._apply_one_by_one(db, changes.upto(row.changes_before or 0))
        outcome = m._replay(db, row)
        if outcome == "refused":
            position.unreplayed += 1
        elif outcome is not None:
            position.replay_errors += 1
        position.seqs[row.terminal_id] = row.seq
    m._apply_one_by_one(db, changes.upto(log_end))
    position.changes = changes.cursor
    return db, position


# columns a handler fills with a fresh id of its own (new_id()): a replay makes new ones each time
_FRESH_IDS = {"exceptions": "id"}


def _tables(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                      " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    found = {}
    for name in names:
        columns = ", ".join(c[1] for c in db.execute(f"PRAGMA table_info({name})") if c[1] != _FRESH_IDS.get(name))
        found[name] = [tuple(r) for r in db.execute(f"SELECT rowid, {columns} FROM {name} ORDER BY rowid")]
    return found


@pytest.fixture(scope="module")
def shifts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, list[str]]]:
    """A SQLite backend with two sites, each a different random simulated shift pushed by its terminal."""
    tmp_path = tmp_path_factory.mktemp("fast")
    with database_url("sqlite", tmp_path) as url:
        live = LiveServer(url).start()
        live.app.state.stats_worker.stop()
        sites = []
        for n, seed in enumerate((5, 17)):
            site = f"F{n}"
            _site(live, tmp_path, site, seed).db.close()
            sites.append(site)
        live.stop()
        engine = make_engine(url)
        yield engine, sites
        engine.dispose()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 1), chunks=st.lists(st.integers(1, 700), max_size=3))
def test_the_fast_replay_makes_the_mirror_and_parts_of_the_plain_one(shifts: tuple[Engine, list[str]], pick: int,
                                                                    chunks: list[int]) -> None:
    engine, sites = shifts
    site = sites[pick]
    plain, plain_position = _plain_replay(engine, site)
    fast, position = load_mirror(None), Position()
    for size in chunks:                       # in steps of any size, as the worker projects
        position = advance(engine, fast, site, position, size).position
    position = advance(engine, fast, site, position).position
    assert position == plain_position and sum(position.seqs.values()) > 100
    assert _tables(fast) == _tables(plain)
    hour = START - BUCKET
    while hour < START + timedelta(hours=7):
        window = Window(hour, hour + BUCKET, hour + BUCKET)
        assert kpi_parts(fast, window) == kpi_parts(plain, window), hour
        hour += BUCKET
    fast.close()
    plain.close()


def _order(oid: str, ref: str, status: str) -> Change:
    return Change(entity="order", key=oid, op="upsert", data={
        "id": oid, "ref": ref, "service": "NEXT_DAY", "carrier_code": "DPD", "delivery_method": "courier",
        "recipient_name": "R", "created_at": "2026-01-05T08:00:00.000Z", "status": status})


_changes = st.lists(st.one_of(
    st.builds(_order, st.sampled_from(["o1", "o2", "o3", "o4"]), st.sampled_from(["A", "B", "C"]),
              st.sampled_from(["open", "picked", "packed"])),
    st.builds(lambda oid: Change(entity="order", key=oid, op="delete", data={"id": oid}),
              st.sampled_from(["o1", "o2", "o3", "o4"])),
    st.builds(lambda code, zone: Change(entity="location", key=code, op="upsert", data={
        "code": code, "layout_id": "L", "zone": zone, "aisle": 1, "bay": 1, "level": 1, "side": "L"}),
              st.sampled_from(["A-1", "A-2"]), st.sampled_from(["A", "B"]))), max_size=25)


@settings(max_examples=150, deadline=None)
@given(pages=st.lists(_changes, min_size=1, max_size=4))
def test_changes_applied_in_runs_land_as_one_by_one(pages: list[list[Change]]) -> None:
    # Orders share three refs (UNIQUE): runs that clash must come out as the one-at-a-time retry does.
    fast, plain = load_mirror(None), _plain_mirror()
    fast.conn.execute("BEGIN")
    for page in pages:
        m._apply_changes(fast, page)
        m._apply_one_by_one(plain, page)
    fast.conn.execute("COMMIT")
    assert _tables(fast) == _tables(plain)
    fast.close()
    plain.close()
