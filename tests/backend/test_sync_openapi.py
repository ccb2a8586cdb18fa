"""Schemathesis against the backend's OpenAPI (taken from the app object: /openapi.json is off by
default), every endpoint, on SQLite and PostgreSQL, valid and invalid inputs: no input gets a 5xx."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from sync_live import STORES, LiveServer, database_url, enrol, seed_catalogue

from backend import auth
from backend.ratelimit import Limits
from backend.support import make_token as make_support_token


def _import_all_of_schemathesis() -> None:
    """Import schemathesis whole now, while collecting. It is a pytest plugin, so pytest rewrites its
    modules as they are imported; one imported lazily inside a hypothesis test (which raises the
    recursion limit) made CPython 3.11's compile() fail with "AST constructor recursion depth mismatch"
    in two full-suite runs — a CPython bug (gh-106905), not ours."""
    import contextlib
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(schemathesis.__path__, "schemathesis."):
        with contextlib.suppress(ImportError):   # an optional integration whose library is absent (allure)
            importlib.import_module(module.name)


_import_all_of_schemathesis()


@pytest.fixture(scope="module", params=STORES)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder: Path = tmp_path_factory.mktemp("openapi")
    with database_url(request.param, folder) as url:
        # limits high enough that the fuzzer reaches the routes behind them (429 is tested elsewhere)
        server = LiveServer(url, limits=Limits(enroll_per_minute=10_000, open_per_minute=10_000)).start()
        seed_catalogue(server.app.state.engine)
        seed_catalogue(server.app.state.engine, site="LK1")
        terminal = enrol(server, folder / "t.db")
        yield {"server": server, "terminal_token": (folder / "t.db.synctoken").read_text(),
               "integration_token": auth.make_integration_token(server.app.state.engine),
               "support_token": make_support_token(server.app.state.engine, "fuzz-agent")}
        terminal.db.close()
        server.stop()


def test_docs_and_the_schema_are_not_served_unless_asked_for(live):
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert httpx.get(live["server"].url + path).status_code == 404


def test_no_input_makes_the_backend_fail(live):
    api = schemathesis.openapi.from_dict(live["server"].app.openapi())
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/push", "/v1/pull", "/v1/orders", "/v1/parcels", "/v1/enroll",
                                              "/v1/stats"}
    for operation in operations:
        for mode in GenerationMode:   # inputs the schema allows, and inputs it does not
            _fuzz(operation, mode, live)


def _fuzz(operation, mode, live) -> None:
    token = live["integration_token"] if operation.path in ("/v1/orders", "/v1/parcels") else live["terminal_token"]
    if operation.path.startswith("/v1/support/"):
        token = live["support_token"]

    @given(case=operation.as_strategy(generation_mode=mode))
    # a short run by default; HANDOFF_FUZZ_EXAMPLES=200 for a long one
    @settings(max_examples=int(os.environ.get("HANDOFF_FUZZ_EXAMPLES", "15")), deadline=None,
              suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call(base_url=live["server"].url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert response.status_code < 500, (case.method, case.path, case.body, case.query, response.status_code,
                                             response.text[:300])
        assert "application/json" in response.headers.get("content-type", "")
        if response.status_code >= 400:
            assert response.json()["message"].strip()

    check()


def test_serve_docs_turns_docs_and_the_schema_on(tmp_path):
    server = LiveServer(f"sqlite:///{tmp_path / 'b.db'}", docs=True).start()
    try:
        schema = httpx.get(server.url + "/openapi.json")
        assert schema.status_code == 200 and "/v1/push" in schema.json()["paths"]
        assert httpx.get(server.url + "/docs").status_code == 200
    finally:
        server.stop()
