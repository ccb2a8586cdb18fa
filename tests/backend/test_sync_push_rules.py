"""sync-v1's push rules one by one: a duplicate gets the first answer, two concurrent pushes of one
terminal apply once (compare-and-set on last_seq), a transient store failure is a 503 that applies nothing."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from backend import schema
from backend.handlers import handler
from terminal.opargs import OpArgs
from terminal.ops import operation
from terminal.store import schema_version
from terminal.sync import state
from terminal.sync.client import SyncUnavailable
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import pending_count
from terminal.sync.state import load_token

GATE = {"entered": threading.Event(), "release": threading.Event(), "fail": False}


class GatedArgs(OpArgs):
    location: str | None = None   # the raw pushes below send stock args to every test op
    sku: str | None = None
    qty: int | None = None


@operation("SyncTestGated", args=GatedArgs)
def _gated_terminal(ctx, args):
    return {}


@handler("SyncTestGated")
def _gated_server(ctx, args):
    """+1 on a stock row; can wait for the test, or fail as a store that is briefly unavailable would."""
    if GATE["fail"]:
        raise OperationalError("UPDATE inventory", {}, Exception("could not obtain lock (test)"))
    GATE["entered"].set()
    GATE["release"].wait(5)
    row = ctx.store.get("inventory", "A-01|SKU1") or {"location_code": "A-01", "sku_code": "SKU1", "qty": 0}
    row["qty"] += 1
    ctx.store.upsert("inventory", row)


@pytest.fixture
def api(terminal, server):
    token = load_token(terminal.path.parent / "t1.db.synctoken")
    body = {"protocol": 1, "terminal_id": state.get(terminal.db, "terminal_id"),
            "schema_version": schema_version(terminal.db), "app_version": "t", "ops": []}
    GATE.update(entered=threading.Event(), release=threading.Event(), fail=False)
    yield server.url, {"Authorization": f"Bearer {token}"}, body
    GATE["release"].set()


def _op(seq, name="SyncTestStockSet", qty=None):
    args = {"location": "A-01", "sku": "SKU1", "qty": seq if qty is None else qty}
    return {"seq": seq, "op_id": f"op-{seq}", "name": name, "args": args, "at": "2026-11-23T08:00:00.000+00:00"}


def _stock(server):
    e = schema.entities.c
    with server.app.state.engine.connect() as conn:
        data = conn.execute(select(e.data).where(e.entity == "inventory", e.key == "A-01|SKU1")).scalar_one()
    return json.loads(data)["qty"]


def test_a_duplicate_gets_the_first_answer_and_has_no_effect(api, server):
    url, headers, body = api
    first = httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [_op(1), _op(2, qty=13)]}).json()
    assert [(r["status"], r["code"]) for r in first["results"]] == [("applied", None), ("rejected", "unlucky")]
    again = httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [_op(1), _op(2, qty=13), _op(3)]})
    assert again.status_code == 200 and again.json()["last_seq"] == 3
    assert [(r["status"], r["code"], r["op_id"]) for r in again.json()["results"]] == [
        ("duplicate", None, "op-1"), ("duplicate", "unlucky", "op-2"), ("applied", None, "op-3")]
    assert _stock(server) == 3


def test_failure1_a_seq_re_sent_with_another_op_id_or_args_is_not_a_duplicate(api, server):
    """Failure #1 (issue 13): the server answered "duplicate" for any seq it had, without comparing op_id."""
    url, headers, body = api
    assert httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [_op(1), _op(2)]}).status_code == 200
    other = {**_op(2), "op_id": "restored-2"}
    diverged = httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [other, _op(3)]})
    assert diverged.status_code == 409
    assert diverged.json()["error"] == "history_diverged" and diverged.json()["last_seq"] == 2
    assert diverged.json()["known_op_ids"] == [] and "restored from a backup" in diverged.json()["message"]
    changed = httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [_op(2, qty=7)]})
    assert changed.status_code == 409 and changed.json()["error"] == "op_mismatch"
    # an op the server has under another seq is never applied twice
    twice = httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [{**_op(1), "seq": 3}]})
    assert twice.status_code == 409 and twice.json()["known_op_ids"] == ["op-1"]
    assert _stock(server) == 2
    o = schema.ops.c
    with server.app.state.engine.connect() as conn:
        assert conn.execute(select(o.op_id).where(o.terminal_id == body["terminal_id"]).order_by(o.seq)
                            ).scalars().all() == ["op-1", "op-2"]


def test_two_concurrent_pushes_of_one_terminal_apply_once(api, server):
    url, headers, body = api
    batch = {**body, "ops": [{**_op(1), "name": "SyncTestGated"}]}
    answers: list[dict] = []

    def push() -> None:
        answers.append(httpx.post(f"{url}/v1/push", headers=headers, json=batch, timeout=30).json())

    pushers = [threading.Thread(target=push) for _ in range(2)]
    for thread in pushers:
        thread.start()
    assert GATE["entered"].wait(10)
    threading.Event().wait(0.3)          # the second push is in flight too (waiting for the store)
    GATE["release"].set()
    for thread in pushers:
        thread.join(30)
    assert sorted(a["results"][0]["status"] for a in answers) == ["applied", "duplicate"]
    assert _stock(server) == 1
    o = schema.ops.c
    with server.app.state.engine.connect() as conn:
        assert conn.execute(select(o.seq).where(o.terminal_id == body["terminal_id"])).scalars().all() == [1]


def test_a_transient_store_failure_is_a_503_that_applies_nothing(api, terminal, server):
    url, headers, body = api
    GATE["release"].set()
    GATE["fail"] = True
    answer = httpx.post(f"{url}/v1/push", headers=headers, json={**body, "ops": [_op(1), _op(2, "SyncTestGated")]})
    assert answer.status_code == 503 and answer.json()["message"]
    with server.app.state.engine.connect() as conn:
        assert conn.execute(select(schema.terminal_state.c.last_seq)).scalar_one() == 0
    # the terminal keeps its ops and sends them again once the store is back
    with terminal.client() as client:
        sync_once(terminal.db, client)
    from terminal.ops import apply_op

    apply_op(terminal.db, "SyncTestGated", {})
    with terminal.client() as client, pytest.raises(SyncUnavailable, match="503"):
        sync_once(terminal.db, client)
    assert pending_count(terminal.db) == 1
    GATE["fail"] = False
    with terminal.client() as client:
        sync_once(terminal.db, client)
    assert pending_count(terminal.db) == 0 and _stock(server) == 1
