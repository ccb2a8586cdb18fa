"""TLS: the terminal verifies the backend's certificate, against the system store or a configured CA file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from sync_live import LiveServer, seed_catalogue

from backend import auth
from terminal.config import Settings
from terminal.store import open_db
from terminal.sync.client import SyncUnavailable
from terminal.sync.cycle import sync_once
from terminal.sync.enroll import client_for, enroll_terminal


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    chain, key, ca_file = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    ca.cert_pem.write_to_path(str(ca_file))
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}", tls=(str(chain), str(key))).start()
    seed_catalogue(server.app.state.engine)
    yield server, ca_file
    server.stop()


def test_a_certificate_from_an_unknown_ca_is_refused(tls_server, tmp_path):
    server, _ = tls_server
    code, _ = auth.make_enrollment_code(server.app.state.engine, "WH1", "station")
    with pytest.raises(SyncUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        enroll_terminal(tmp_path / "t.db", server.url, code, settings=Settings({}))
    stranger = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(stranger))
    with pytest.raises(SyncUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        enroll_terminal(tmp_path / "t.db", server.url, code, settings=Settings({"sync": {"ca_file": str(stranger)}}))


def test_the_configured_ca_file_is_trusted_for_enrollment_and_sync(tls_server, tmp_path):
    server, ca_file = tls_server
    settings = Settings({"sync": {"ca_file": str(ca_file)}})
    code, _ = auth.make_enrollment_code(server.app.state.engine, "WH1", "station")
    enroll_terminal(tmp_path / "t.db", server.url, code, settings=settings)
    db = open_db(tmp_path / "t.db")
    try:
        with client_for(tmp_path / "t.db", settings) as client:
            assert sync_once(db, client)["pulled"] >= 7
        # the same enrolled terminal without the CA file does not talk to the backend
        with client_for(tmp_path / "t.db", Settings({})) as client, pytest.raises(SyncUnavailable):
            sync_once(db, client)
    finally:
        db.close()


def test_serve_with_tls_cert_and_key_answers_over_https_only(tmp_path):
    """`handoff-backend serve --tls-cert --tls-key`: uvicorn's own TLS, checked by a real client."""
    import json
    import ssl
    import subprocess
    import sys
    import time

    import httpx
    from test_backend_workers import ROOT, _free_port

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    chain, key, ca_file = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    ca.cert_pem.write_to_path(str(ca_file))
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db",
                                f"sqlite:///{tmp_path / 'backend.db'}", "--port", str(port), "--log-level", "warning",
                                "--tls-cert", str(chain), "--tls-key", str(key)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1]
            try:
                answer = httpx.post(f"https://127.0.0.1:{port}/v1/push", json={}, timeout=2,
                                    verify=ssl.create_default_context(cafile=str(ca_file)))
            except httpx.ConnectError as exc:
                if isinstance(exc.__cause__, ssl.SSLError):
                    raise
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 401 and answer.http_version == "HTTP/1.1"
        assert json.loads(answer.text)["error"] == "unauthorized"
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.post(f"https://127.0.0.1:{port}/v1/push", json={}, timeout=5)   # not the system's CA
        with pytest.raises(httpx.TransportError):
            httpx.post(f"http://127.0.0.1:{port}/v1/push", json={}, timeout=5)    # no plain HTTP on that port
    finally:
        process.terminate()
        process.wait(30)


def test_serve_refuses_a_tls_cert_without_its_key(tmp_path, capsys):
    from backend import cli as backend_cli

    (tmp_path / "c.pem").write_text("x")
    with pytest.raises(SystemExit) as done:
        backend_cli.main(["serve", "--db", f"sqlite:///{tmp_path / 'b.db'}", "--tls-cert", str(tmp_path / "c.pem")])
    assert done.value.code == 2 and "go together" in capsys.readouterr().err
