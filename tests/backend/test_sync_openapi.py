"""A short schemathesis run against the live backend's /openapi.json: no input gets a 5xx."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sync_live import LiveServer, enrol, seed_catalogue

from backend import auth


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder: Path = tmp_path_factory.mktemp("openapi")
    server = LiveServer(f"sqlite:///{folder / 'backend.db'}").start()
    seed_catalogue(server.app.state.engine)
    terminal = enrol(server, folder / "t.db")
    yield {"server": server, "terminal_token": (folder / "t.db.synctoken").read_text(),
           "integration_token": auth.make_integration_token(server.app.state.engine)}
    terminal.db.close()
    server.stop()


def test_no_input_makes_the_backend_fail(live):
    api = schemathesis.openapi.from_url(live["server"].url + "/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/push", "/v1/pull", "/v1/orders", "/v1/parcels", "/v1/enroll"}
    for operation in operations:
        _fuzz(operation, live)


def _fuzz(operation, live) -> None:
    token = live["integration_token"] if operation.path in ("/v1/orders", "/v1/parcels") else live["terminal_token"]

    @given(case=operation.as_strategy())
    # a short run by default; HANDOFF_FUZZ_EXAMPLES=200 for a long one
    @settings(max_examples=int(os.environ.get("HANDOFF_FUZZ_EXAMPLES", "6")), deadline=None,
              suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
        assert "application/json" in response.headers.get("content-type", "")

    check()
