"""The pull page reader (backend/pull_page.py) on both stores: each change's wire JSON is built by the
database, so it must say exactly what the row-by-row reader says, for any text and any data, and
pages must follow one another without a gap or a repeat, one site's changes only."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from backend.changes import EntityStore, read_changes
from backend.db import make_engine, migrate, read_conn
from backend.pull_page import pull_page_body, read_changes_json
from terminal.sync.protocol import decode_pull_response

#: text any store keeps (PostgreSQL text refuses NUL; UTF-8 has no lone surrogates)
_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_json: Any = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4), max_leaves=12)
#: (key, value or None for a delete): keys are few, so a key comes back, and deletes follow upserts
_writes = st.lists(st.tuples(st.sampled_from(["a", "b'\"\\", "ż→😀", "\t\n\x01", "x" * 200]), st.none() | _json),
                   min_size=1, max_size=25)


@pytest.fixture
def engine(store_url: str) -> Engine:
    built = make_engine(store_url)
    migrate(built)
    return built


def _write(engine: Engine, site: str, writes: list[tuple[str, Any]]) -> None:
    """Each write in its own transaction (one change-log row each), as pushes write them."""
    for key, value in writes:
        with engine.begin() as conn:
            store = EntityStore(conn, site)
            if value is None:
                store.delete("setting", key)
            else:
                store.upsert("setting", {"key": key, "value": value})
            store.flush()


def _pages(engine: Engine, site: str, limit: int) -> list[dict[str, Any]]:
    after, pages = 0, []
    while True:
        page = decode_pull_response(pull_page_body(engine, site, "T-none", after, 0, limit))
        pages.append(page)
        if not page["has_more"]:
            return pages
        assert page["position"] is not None and page["position"] > after
        after = page["position"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=_writes, other=_writes, limit=st.integers(1, 7))
def test_the_page_says_what_the_rows_say(engine: Engine, writes: list[tuple[str, Any]],
                                         other: list[tuple[str, Any]], limit: int) -> None:
    site, neighbour = f"S-{uuid.uuid4().hex[:8]}", f"N-{uuid.uuid4().hex[:8]}"
    for mine, theirs in zip(writes, other, strict=False):   # two sites' changes interleaved in the log
        _write(engine, site, [mine])
        _write(engine, neighbour, [theirs])
    _write(engine, site, writes[len(other):])
    with read_conn(engine) as conn, conn.begin():
        expected = read_changes(conn, site, 0, 10_000)
        built = read_changes_json(conn, site, 0, 10_000)
    assert [change_id for change_id, _ in built] == [change_id for change_id, _ in expected]
    assert [json.loads(text) for _, text in built] == [dict(change) for _, change in expected]
    pages = _pages(engine, site, limit)
    assert [c for page in pages for c in page["changes"]] == [dict(change) for _, change in expected]
    assert all(len(page["changes"]) <= limit for page in pages)
    assert pages[-1]["position"] == (expected[-1][0] if expected else 0)


def test_a_page_carries_the_terminals_rejections_and_an_empty_log_one_empty_page(engine: Engine,
                                                                                 tmp_path: Path) -> None:
    from backend import schema

    with engine.begin() as conn:
        conn.execute(schema.rejections.insert(), [
            {"terminal_id": "T1", "seq": seq, "op_id": f"op-{seq}", "code": "no", "message": f"refused {seq}",
             "at": "2026-01-01T00:00:00Z"} for seq in (1, 2, 3)])
    first = msgspec.json.decode(pull_page_body(engine, "S-empty", "T1", 0, 0, 2))
    assert first["changes"] == [] and first["has_more"] is True and first["position"] == 0
    assert [r["seq"] for r in first["rejections"]] == [1, 2]
    after_rejection = int(first["cursor"].split(".")[2])
    last = msgspec.json.decode(pull_page_body(engine, "S-empty", "T1", 0, after_rejection, 2))
    assert [r["message"] for r in last["rejections"]] == ["refused 3"] and last["has_more"] is False
    assert msgspec.json.decode(pull_page_body(engine, "S-empty", "T2", 0, 0, 2))["rejections"] == []
