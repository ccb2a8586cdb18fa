"""Malformed, oversized and out-of-version requests get a 4xx with a message; the terminal shows
"update needed" and stops retrying."""

from __future__ import annotations

import gzip
import json
import threading

import pytest
from sync_live import wire_op

from terminal.ops import apply_op
from terminal.sync.client import SyncRefused, UpdateNeeded
from terminal.sync.cycle import sync_once
from terminal.sync.protocol import SUPPORTED_SCHEMAS
from terminal.sync.status import sync_status
from terminal.sync.worker import SyncWorker, backoff_delay


def _expect(response, status, word=""):
    assert response.status_code == status, response.text
    message = response.json()["message"]
    assert message and word.lower() in message.lower()


def test_malformed_bodies_get_4xx_with_a_message(api):
    client, body = api
    headers = {"Content-Type": "application/json"}
    _expect(client.post("/v1/push", content=b"{not json", headers=headers), 422)
    _expect(client.post("/v1/push", content=b"[1, 2]", headers=headers), 422)
    _expect(client.post("/v1/push", json={**body, "ops": "nope"}), 422, "ops")
    _expect(client.post("/v1/push", json={**body, "ops": [wire_op(1), wire_op(3)]}), 422, "seq")
    _expect(client.post("/v1/push", json={**body, "ops": [wire_op(1, name="drop table")]}), 422, "name")
    _expect(client.post("/v1/push", json={**body, "ops": [wire_op(i) for i in range(1, 502)]}), 422, "500")
    _expect(client.post("/v1/push", content=b"\x1f\x8b garbage", headers={**headers, "Content-Encoding": "gzip"}),
            400, "gzip")
    _expect(client.post("/v1/push", content=b"{}", headers={**headers, "Content-Encoding": "br"}), 415)
    _expect(client.get("/v1/pull", params={"cursor": "made-up"}), 400, "cursor")
    _expect(client.get("/v1/pull", params={"limit": 0}), 422, "limit")


def test_unknown_paths_and_methods_answer_with_a_message(api):
    client, _ = api
    _expect(client.get("/v1/nothing-here"), 404, "/v1/nothing-here")
    _expect(client.get("/v1/push"), 405, "not allowed")
    assert client.delete("/v1/pull").json()["protocol"] == 1


def test_oversized_bodies_get_413_even_when_compressed_or_unannounced(api):
    client, body = api
    big = {**body, "ops": [wire_op(1, args={"blob": "x" * (1 << 20)})]}
    raw = json.dumps(big).encode()
    _expect(client.post("/v1/push", content=raw, headers={"Content-Type": "application/json"}), 413, "limit")
    _expect(client.post("/v1/push", content=gzip.compress(raw),
                        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}), 413)

    def chunks():
        yield raw[:1000]
        yield raw[1000:]

    _expect(client.post("/v1/push", content=chunks(), headers={"Content-Type": "application/json"}), 413)


def test_gzip_bodies_are_accepted(api):
    client, body = api
    raw = json.dumps({**body, "ops": [wire_op(1), wire_op(2)]}).encode()
    answer = client.post("/v1/push", content=gzip.compress(raw),
                         headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["applied", "applied"]
    assert answer.json()["last_seq"] == 2


def test_an_unknown_op_name_stops_the_push_there_with_426(api):
    client, body = api
    answer = client.post("/v1/push", json={**body, "ops": [wire_op(1), wire_op(2, name="NoSuchOperation", args={})]})
    assert answer.status_code == 200 and answer.json()["last_seq"] == 1     # what came before it is applied
    assert [r["seq"] for r in answer.json()["results"]] == [1]
    _expect(client.post("/v1/push", json={**body, "ops": [wire_op(2, name="NoSuchOperation", args={})]}), 426,
            "NoSuchOperation")


def test_a_terminal_newer_than_the_backend_shows_update_needed_and_keeps_thewire_op(terminal):
    with terminal.client() as client:
        sync_once(terminal.db, client)
    apply_op(terminal.db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": 3})
    seq = terminal.db.execute("SELECT max(seq) FROM outbox").fetchone()[0] + 1
    # an op of a later app version (the backend's code does not know it), as that version would write it
    terminal.db.execute("INSERT INTO outbox (seq, op_id, name, args, at) VALUES (?, 'op-new', 'ShelfRelabelled',"
                        " '{}', '2026-11-23T08:00:00.000+00:00')", (seq,))
    terminal.db.execute("UPDATE op_seq SET last_seq = ?", (seq,))
    terminal.db.conn.commit()
    with terminal.client() as client, pytest.raises(UpdateNeeded, match="ShelfRelabelled"):
        sync_once(terminal.db, client)
    assert [tuple(r) for r in terminal.db.execute("SELECT name, acked FROM outbox ORDER BY seq")][-2:] == [
        ("SyncTestStockSet", 1), ("ShelfRelabelled", 0)]
    status = sync_status(terminal.db)
    assert status["state"] == "update needed" and status["ops_waiting"] == 1


def test_a_gap_is_a_409_with_the_expected_seq(api):
    client, body = api
    answer = client.post("/v1/push", json={**body, "ops": [wire_op(5)]})
    assert answer.status_code == 409 and answer.json()["expected_seq"] == 1


def test_wrong_protocol_or_schema_is_426(api):
    client, body = api
    _expect(client.post("/v1/push", json={**body, "protocol": 2}), 426, "protocol")
    _expect(client.post("/v1/push", json={**body, "schema_version": SUPPORTED_SCHEMAS[0] - 1}), 426, "schema")
    _expect(client.post("/v1/push", json={**body, "schema_version": SUPPORTED_SCHEMAS[1] + 1}), 426, "update")
    assert client.post("/v1/push", json={**body, "schema_version": SUPPORTED_SCHEMAS[0]}).status_code == 200
    _expect(client.get("/v1/pull", params={"protocol": 9}), 426)
    _expect(client.get("/v1/pull", params={"schema_version": 99999}), 426)


def test_the_terminal_shows_update_needed_and_stops_retrying(terminal, monkeypatch):
    monkeypatch.setattr("terminal.sync.cycle.schema_version", lambda db: 99999)
    with terminal.client() as client, pytest.raises(UpdateNeeded):
        sync_once(terminal.db, client)
    status = sync_status(terminal.db)
    assert status["update_needed"] and status["state"] == "update needed"
    assert "update" in status["last_error"].lower()

    worker = SyncWorker(terminal.path, settings=terminal.settings.with_overrides({"sync.interval_s": 0.01}))
    cycles: list[object] = []
    first = threading.Event()
    worker.cycle_done.connect(lambda result, error: (cycles.append(error), first.set()))
    worker.start()
    try:
        assert first.wait(10)
        assert worker.halted and isinstance(cycles[0], UpdateNeeded)
        assert not threading.Event().wait(0.3) and len(cycles) == 1     # no retry loop at 10 ms
    finally:
        worker.stop()


def test_a_request_the_backend_refuses_stops_the_worker_with_update_needed(terminal):
    with terminal.client() as client:
        sync_once(terminal.db, client)
    # one op bigger than a push may be (1 MiB): the backend answers 413 however often it is sent
    terminal.db.execute("INSERT INTO outbox (seq, op_id, name, args, at) VALUES (1, 'op-big', 'SyncTestStockSet', ?,"
                        " '2026-11-23T08:00:00.000+00:00')", (json.dumps({"blob": "x" * (1 << 20)}),))
    terminal.db.execute("UPDATE op_seq SET last_seq = 1")
    terminal.db.conn.commit()
    worker = SyncWorker(terminal.path, settings=terminal.settings.with_overrides({"sync.interval_s": 0.01}))
    cycles: list[object] = []
    first = threading.Event()
    worker.cycle_done.connect(lambda result, error: (cycles.append(error), first.set()))
    worker.start()
    try:
        assert first.wait(10)
        assert not threading.Event().wait(0.3) and len(cycles) == 1 and worker.halted
    finally:
        worker.stop()
    assert isinstance(cycles[0], SyncRefused) and "413" in str(cycles[0])
    status = sync_status(terminal.db)
    assert status["state"] == "update needed" and status["ops_waiting"] == 1


def test_the_worker_syncs_on_its_timer_and_on_demand(terminal):
    worker = SyncWorker(terminal.path, settings=terminal.settings.with_overrides({"sync.interval_s": 60.0}))
    statuses: list[dict] = []
    seen = threading.Condition()

    def on_status(status):
        with seen:
            statuses.append(status)
            seen.notify_all()

    worker.status_changed.connect(on_status)
    worker.start()
    try:
        with seen:
            assert seen.wait_for(lambda: len(statuses) >= 1, 10)
        apply_op(terminal.db, "SyncTestStockSet", {"location": "A-01", "sku": "SKU1", "qty": 3})
        worker.sync_now()
        with seen:
            assert seen.wait_for(lambda: len(statuses) >= 2, 10)
    finally:
        worker.stop()
    assert statuses[-1]["online"] and statuses[-1]["ops_waiting"] == 0


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    import random

    rand = random.Random(1)
    delays = [backoff_delay(n, base_s=1.0, max_s=60.0, rand=rand) for n in range(1, 10)]
    for n, delay in enumerate(delays, start=1):
        step = min(60.0, 2 ** (n - 1))
        assert step / 2 <= delay <= step
    assert len({round(d, 6) for d in delays}) == len(delays)
