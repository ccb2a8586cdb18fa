"""`handoff-backend revoke` and `rotate-site-key`: a revoked token is refused on the next request, by
every process serving the store, and the terminal shows the one sentence saying to enrol again."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sync_live import enrol, seed_catalogue
from test_backend_workers import ROOT, _free_port

from backend import auth
from backend import cli as backend_cli
from backend.auth import REVOKED_MESSAGE
from terminal.cli import run
from terminal.lockers import codes
from terminal.sync.client import NotEnrolled
from terminal.sync.cycle import sync_once


def _backend(capsys, *args: str) -> dict:
    with pytest.raises(SystemExit) as done:
        backend_cli.main([*args, "--json"])
    captured = capsys.readouterr()
    assert done.value.code == 0, captured.err
    return json.loads(captured.out)


def _terminal_id(path: Path, capsys) -> str:
    assert run(["sync", "status", "--db", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["terminal_id"]


def test_a_revoked_terminal_is_refused_at_once_although_its_token_was_checked_before(server, tmp_path, capsys):
    # the identity cache of backend/auth.py answered 200 for a deleted/revoked terminal until a restart
    seed_catalogue(server.app.state.engine)
    term = enrol(server, tmp_path / "t1.db")
    other = enrol(server, tmp_path / "t2.db")
    with term.client() as client:
        sync_once(term.db, client)          # the token has been checked (and was cached) by the server
    revoked = _backend(capsys, "revoke", "--db", server.db_url, "--terminal", _terminal_id(term.path, capsys))
    assert revoked["revoked"] == [_terminal_id(term.path, capsys)]
    with term.client() as client, pytest.raises(NotEnrolled, match="enrol it again"):
        sync_once(term.db, client)
    assert run(["sync", "status", "--db", str(term.path), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert REVOKED_MESSAGE in status["last_error"]
    with other.client() as client:           # the site's other terminal goes on syncing
        sync_once(other.db, client)
    token = (tmp_path / "t1.db.synctoken").read_text().strip()
    answer = httpx.get(f"{server.url}/v1/pull", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json()["error"] == "revoked"
    assert answer.json()["message"] == REVOKED_MESSAGE
    term.db.close()
    other.db.close()


def test_revoke_a_whole_site_and_unknown_names_are_refused_with_a_sentence(server, tmp_path, capsys):
    seed_catalogue(server.app.state.engine)
    seed_catalogue(server.app.state.engine, site="WH2")
    a, b = enrol(server, tmp_path / "a.db"), enrol(server, tmp_path / "b.db")
    elsewhere = enrol(server, tmp_path / "c.db", site="WH2")
    assert len(_backend(capsys, "revoke", "--db", server.db_url, "--site", "WH1")["revoked"]) == 2
    for term in (a, b):
        with term.client() as client, pytest.raises(NotEnrolled):
            sync_once(term.db, client)
    with elsewhere.client() as client:
        sync_once(elsewhere.db, client)
    for args in (["--terminal", "nope"], ["--site", "NOPE"]):
        with pytest.raises(SystemExit) as done:
            backend_cli.main(["revoke", "--db", server.db_url, *args])
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("handoff-backend: there is no") and len(err.strip().splitlines()) == 1
    for term in (a, b, elsewhere):
        term.db.close()


def test_rotating_the_site_key_revokes_its_terminals_and_reannouncing_reissues_waiting_codes(server, tmp_path,
                                                                                             capsys):
    engine = server.app.state.engine
    seed_catalogue(engine, site="LK1")
    integration = {"Authorization": f"Bearer {auth.make_integration_token(engine)}"}
    parcel = {"site_id": "LK1", "tracking_number": "T1", "recipient_phone": "600100200"}
    first = httpx.post(f"{server.url}/v1/parcels", headers=integration, json=parcel).json()
    old_code = server.notifier.sent[-1][1].split("Pickup code: ")[1][:6]
    kiosk = enrol(server, tmp_path / "k.db", site="LK1", role="kiosk")
    old_key = codes.load_site_key(tmp_path / "k.db.sitekey")
    rotated = _backend(capsys, "rotate-site-key", "--db", server.db_url, "--site", "LK1")
    assert rotated["key_version"] == 2 and rotated["reissue"] == ["T1"] and len(rotated["revoked"]) == 1
    with kiosk.client() as client, pytest.raises(NotEnrolled):
        sync_once(kiosk.db, client)
    again = httpx.post(f"{server.url}/v1/parcels", headers=integration, json=parcel).json()
    assert again == {"parcel_id": first["parcel_id"], "result": "reissued"}
    assert httpx.post(f"{server.url}/v1/parcels", headers=integration, json=parcel).json()["result"] == "existing"
    new_code = server.notifier.sent[-1][1].split("Pickup code: ")[1][:6]
    fresh = enrol(server, tmp_path / "k2.db", site="LK1", role="kiosk")
    with fresh.client() as client:
        sync_once(fresh.db, client)
    new_key = codes.load_site_key(tmp_path / "k2.db.sitekey")
    assert new_key != old_key
    (stored,) = fresh.db.execute("SELECT code_hmac FROM parcels WHERE tracking_number = 'T1'").fetchone()
    assert codes.matches(stored, codes.code_hmac(new_key, "600100200", new_code))
    assert not codes.matches(stored, codes.code_hmac(new_key, "600100200", old_code))
    assert _backend(capsys, "rotate-site-key", "--db", server.db_url, "--site", "LK1")["reissue"] == ["T1"]
    kiosk.db.close()
    fresh.db.close()


def test_enrolment_roles_are_a_closed_list_on_the_command_line_and_the_wire(server, capsys):
    with pytest.raises(SystemExit) as done:
        backend_cli.main(["enroll-code", "--db", server.db_url, "--site", "WH1", "--role", "root';--"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "a terminal role is one of station, kiosk, supervisor" in err and "root';--" in err
    with pytest.raises(auth.UnknownRole):
        auth.make_enrollment_code(server.app.state.engine, "WH1", "admin")
    code, _ = auth.make_enrollment_code(server.app.state.engine, "WH1", "station")
    body = {"protocol": 1, "enrollment_code": code, "terminal_name": "t", "role": "root';--"}
    refused = httpx.post(f"{server.url}/v1/enroll", json=body)
    assert refused.status_code == 422 and refused.json()["message"].startswith("role: ")
    assert "'station'" in refused.json()["message"]
    assert httpx.post(f"{server.url}/v1/enroll", json={**body, "role": "station"}).status_code == 200


def test_revocation_reaches_every_worker_of_serve_workers(store_url, tmp_path, capsys):
    """Two uvicorn worker processes on one store: each has answered the token before the revocation;
    after it, every request (whichever worker takes it) is refused."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", store_url, "--port", str(port),
                                "--workers", "2", "--log-level", "warning"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, url)
        code = _backend(capsys, "enroll-code", "--db", store_url, "--site", "WH1", "--role", "station")["code"]
        enrolled = httpx.post(f"{url}/v1/enroll", json={"protocol": 1, "enrollment_code": code,
                                                        "terminal_name": "w", "role": "station"}).json()
        headers = {"Authorization": f"Bearer {enrolled['token']}"}
        # new connections spread over the workers; 20 answers make it all but certain both saw the token
        before = [httpx.get(f"{url}/v1/pull", headers=headers, timeout=10).status_code for _ in range(20)]
        assert before == [200] * 20
        _backend(capsys, "revoke", "--db", store_url, "--terminal", enrolled["terminal_id"])
        after = [httpx.get(f"{url}/v1/pull", headers=headers, timeout=10) for _ in range(20)]
        assert [a.status_code for a in after] == [401] * 20
        assert {a.json()["message"] for a in after} == {REVOKED_MESSAGE}
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            if httpx.post(f"{url}/v1/push", json={}, timeout=2).status_code == 401:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the backend did not start serving")
