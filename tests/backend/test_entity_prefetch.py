"""A push reads the entities its ops declare ahead, in one query per kind (backend/changes.py
`EntityStore.prefetch`). Property, on each store: after reading any keys ahead — present, absent, of
another site, repeated, already read or written in the store — every read gives what a store without
the read-ahead gives, and nothing read ahead is written back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, select
from sync_live import STORES, database_url

from backend import schema
from backend.changes import EntityStore, seed_entities
from backend.db import make_engine, migrate

KEYS = [f"S{i}" for i in range(6)] + ["s'1", "é|2", ""]
SLOTS = st.tuples(st.sampled_from(["setting", "order", "user"]), st.sampled_from(KEYS))


@pytest.fixture(scope="module", params=STORES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with database_url(request.param, tmp_path_factory.mktemp("prefetch")) as url:
        engine = make_engine(url)
        migrate(engine)
        with engine.begin() as conn:
            seed_entities(conn, "A", "setting", [{"key": key, "value": f"a-{key}"} for key in KEYS[::2]])
            seed_entities(conn, "B", "setting", [{"key": key, "value": f"b-{key}"} for key in KEYS])
        yield engine
        engine.dispose()


def _entities(conn: Connection) -> list[tuple[str, ...]]:
    return sorted(tuple(r) for r in conn.execute(select(schema.entities)))


def _run(engine: Engine, ahead: list[tuple[str, str]], written: list[tuple[str, str]],
         read: list[tuple[str, str]]) -> tuple[list[object], list[tuple[str, ...]]]:
    """What the reads gave and the entities after flush(), in a transaction then rolled back."""
    with engine.connect() as conn, conn.begin() as transaction:
        store = EntityStore(conn, "A")
        for entity, key in written:
            store.upsert(entity, {"key": key, "value": "new"}, key=key)
        store.prefetch(ahead)
        got = [store.get(entity, key) for entity, key in read]
        store.flush()
        after = _entities(conn)
        transaction.rollback()
    return got, after


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ahead=st.lists(SLOTS, max_size=8), written=st.lists(SLOTS, max_size=2), read=st.lists(SLOTS, max_size=8))
def test_reading_ahead_changes_no_read_and_writes_nothing(engine: Engine, ahead, written, read):
    assert _run(engine, ahead, written, read + ahead) == _run(engine, [], written, read + ahead)
