"""Every endpoint needs a valid token; terminals are confined to themselves and their site; no secret in logs."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import httpx
from sync_live import enrol, seed_catalogue

from backend import auth
from terminal.sync.cycle import sync_once
from terminal.sync.state import load_token

ENDPOINTS = [("POST", "/v1/push"), ("GET", "/v1/pull"), ("POST", "/v1/orders"), ("POST", "/v1/parcels"),
             ("GET", "/v1/stats"), ("POST", "/v1/parcels/P1/extend"), ("POST", "/v1/parcels/P1/cancel"),
             ("GET", "/v1/lockers/forecast"), ("POST", "/v1/support/open"), ("POST", "/v1/support/out-of-service"),
             ("GET", "/v1/support/commands/{command_id}"), ("GET", "/v1/support/log"),
             ("POST", "/v1/heartbeat"), ("GET", "/v1/fleet/health"), ("GET", "/v1/events"),
             ("GET", "/v1/exceptions"), ("POST", "/v1/inbound"), ("PUT", "/v1/faces")]


def test_no_endpoint_answers_without_a_valid_token(server):
    paths = {route.path for route in server.app.routes if route.path.startswith("/v1/")}
    routes = {path.replace("P1", "{parcel_id}") for _, path in ENDPOINTS}
    assert paths == routes | {"/v1/enroll"}   # enroll needs a one-time code instead
    for method, path in ENDPOINTS:
        for header in (None, "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer"):
            headers = {"Authorization": header} if header else {}
            answer = httpx.request(method, server.url + path, headers=headers, json={})
            assert answer.status_code == 401, (method, path, header)
            assert answer.json()["message"]


def test_tokens_of_one_kind_do_not_open_the_other_kind(terminal, server):
    token = load_token(terminal.path.parent / "t1.db.synctoken")
    integration = auth.make_integration_token(server.app.state.engine)
    assert httpx.post(f"{server.url}/v1/orders", headers={"Authorization": f"Bearer {token}"},
                      json={}).status_code == 401
    assert httpx.get(f"{server.url}/v1/pull", headers={"Authorization": f"Bearer {integration}"}).status_code == 401
    for either in (token, integration):   # neither a terminal's nor a shop's token opens a door remotely
        assert httpx.get(f"{server.url}/v1/support/log", headers={"Authorization": f"Bearer {either}"}
                         ).status_code == 401


def test_a_terminal_cannot_push_as_another_or_read_another_site(server, tmp_path):
    seed_catalogue(server.app.state.engine, "WH1")
    seed_catalogue(server.app.state.engine, "WH2", locations=1, skus=1)
    mine = enrol(server, tmp_path / "a.db", site="WH1")
    other = enrol(server, tmp_path / "b.db", site="WH2")
    from terminal.sync import state

    victim_id = state.get(other.db, "terminal_id")
    token = load_token(tmp_path / "a.db.synctoken")
    answer = httpx.post(f"{server.url}/v1/push", headers={"Authorization": f"Bearer {token}"}, json={
        "protocol": 1, "terminal_id": victim_id, "schema_version": state_schema(mine.db), "app_version": "x",
        "ops": [{"seq": 1, "op_id": "x", "name": "SyncTestStockSet", "args": {}, "at": "2026-01-01T00:00:00Z"}]})
    assert answer.status_code == 403 and "own" in answer.json()["message"]
    with other.client() as client:
        sync_once(other.db, client)
    assert {r[0] for r in other.db.execute("SELECT code FROM skus")} == {"SKU1"}
    assert {r[0] for r in other.db.execute("SELECT code FROM locations")} == {"A-01"}
    assert [r[0] for r in other.db.execute("SELECT id FROM sites")] == ["WH2"]


def state_schema(db) -> int:
    from terminal.store import schema_version

    return schema_version(db)


def test_codes_are_single_use_and_expire(server, tmp_path):
    from datetime import timedelta

    engine = server.app.state.engine
    code, _ = auth.make_enrollment_code(engine, "WH1", "station")
    body = {"protocol": 1, "enrollment_code": code, "terminal_name": "a", "role": "station"}
    assert httpx.post(f"{server.url}/v1/enroll", json=body).status_code == 200
    assert httpx.post(f"{server.url}/v1/enroll", json=body).status_code == 403
    stale, _ = auth.make_enrollment_code(engine, "WH1", "station", ttl=timedelta(seconds=-1))
    refused = httpx.post(f"{server.url}/v1/enroll", json={**body, "enrollment_code": stale})
    assert refused.status_code == 403 and "expired" in refused.json()["message"]


def test_secrets_never_reach_logs_or_the_database_in_clear(server, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    engine = server.app.state.engine
    seed_catalogue(engine)
    code, _ = auth.make_enrollment_code(engine, "LK1", "kiosk", kind="locker")
    from terminal.config import Settings
    from terminal.sync.enroll import enroll_terminal

    enroll_terminal(tmp_path / "k.db", server.url, code, settings=Settings({}))
    token = load_token(tmp_path / "k.db.synctoken")
    integration = auth.make_integration_token(engine)
    httpx.post(f"{server.url}/v1/parcels", headers={"Authorization": f"Bearer {integration}"},
               json={"site_id": "LK1", "tracking_number": "T1", "recipient_phone": "600100200"})
    from terminal.store import open_db
    from terminal.sync.enroll import client_for

    db = open_db(tmp_path / "k.db")
    with client_for(tmp_path / "k.db", Settings({})) as client:
        sync_once(db, client)
    from sqlalchemy import select

    from backend import schema

    ((phone, message),) = server.notifier.sent
    with engine.connect() as conn:
        hashes = conn.execute(select(schema.terminals.c.token_hash)).scalars().all()
        logged = conn.execute(select(schema.notifications.c.recipient, schema.notifications.c.body)).one()
    pickup = message.split("Pickup code: ")[1][:6]
    qr = message.split("QR: ")[1].strip()
    assert "notification for" in caplog.text         # the notifier did log, masked
    for secret in (token, code, pickup, qr, integration):
        assert secret not in caplog.text
    assert token not in hashes and auth.digest(token) in hashes
    assert pickup not in str(logged) and qr not in str(logged) and "100200" not in str(logged)
    backend_file = server.db_url.split("///", 1)[1] if server.db_url.startswith("sqlite") else None
    if backend_file:
        wal = Path(backend_file + "-wal")
        raw = Path(backend_file).read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        for secret in (token, code, integration, pickup, qr, phone):
            assert secret.encode() not in raw, secret
    for name in ("k.db.synctoken", "k.db.sitekey"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600
    assert token not in (tmp_path / "k.db").read_bytes().decode("latin-1")
