"""The stats projector (issue 16 §2): its state lives in the backend's store, so several backend
processes share one projection; a projector killed mid-way resumes without counting anything twice;
and projecting the log in any chunking gives the same parts as one pass."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, event, func, select
from sync_live import PG_URL, LiveServer, database_url
from sync_test_args import NeedsLocalRowArgs
from test_stats_fleet import END, START, _close, _site

from backend import auth, schema
from backend.db import make_engine, migrate
from backend.handlers import Args, ServerContext, handler
from backend.stats_mirror import REPLAY_ERROR_KIND
from backend.stats_parts import bucket_of
from backend.stats_projector import step
from terminal.clock import iso, parse_iso
from terminal.ops import OpContext, apply_op, operation
from terminal.stats.kpis import compute_kpis
from terminal.stats.pooled import combine, kpi_parts
from terminal.stats.window import Window
from terminal.store import schema_version
from terminal.sync.cycle import sync_once
from terminal.sync.outbox import next_batch

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "backend.cli"]


@operation("StatsTestOnlyInTests", args=NeedsLocalRowArgs)
def _only_in_tests(ctx: OpContext, args: Args) -> Args:
    ctx.audit("stats_test_only", details={"n": args["n"]})
    return {}


@handler("StatsTestOnlyInTests")
def _only_in_tests_server(ctx: ServerContext, args: Args) -> None:
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(url: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    process = subprocess.Popen([*CLI, "serve", "--db", url, "--port", str(port), "--log-level", "warning"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else "serve exited"
        try:
            httpx.get(f"{base}/v1/stats", timeout=2)
            return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("handoff-backend serve did not answer within a minute")


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    if not PG_URL:
        pytest.skip("needs PostgreSQL (HANDOFF_TEST_PG_URL)")
    with database_url("postgresql", tmp_path) as url:
        yield url


def _stats(base: str, token: str, **params: str) -> httpx.Response:
    query = {"from": START.isoformat(), "to": END.isoformat(), **params}
    return httpx.get(f"{base}/v1/stats", params=query, headers={"Authorization": f"Bearer {token}"}, timeout=120)


def test_two_backend_processes_on_one_postgres_share_one_projection(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    migrate(engine)
    servers = [_serve(pg_url), _serve(pg_url)]
    try:
        # site S1's terminal pushes to the first process, S2's to the second
        terms = {}
        for (site, seed), (_, base) in zip({"S1": 11, "S2": 23}.items(), servers, strict=True):
            shim = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(engine=engine)), url=base)
            terms[site] = _site(shim, tmp_path, site, seed)    # type: ignore[arg-type]
        # the serve processes' projectors follow the pushes with no /v1/stats asked for
        pushed = sum(t.db.execute("SELECT max(seq) FROM outbox").fetchone()[0] for t in terms.values())
        deadline, projected = time.monotonic() + 120, 0
        while time.monotonic() < deadline and projected < pushed:
            with engine.connect() as conn:
                projected = conn.execute(select(func.coalesce(func.sum(schema.stats_seqs.c.seq), 0))).scalar()
            time.sleep(0.2)
        assert projected == pushed, f"the projectors reached {projected} of {pushed} pushed ops on their own"
        token = auth.make_integration_token(engine, "supervisors")
        answers = [[_stats(base, token, **extra) for _, base in servers] for extra in ({}, {"site": "S1"},
                                                                                      {"site": "S2"})]
        for one, two in answers:
            assert one.status_code == two.status_code == 200, (one.text, two.text)
            assert one.headers["X-Handoff-Stats-Behind"] == two.headers["X-Handoff-Stats-Behind"] == "0"
            assert one.json() == two.json(), "the two backend processes serve different figures"
        window = Window(START, END, START + timedelta(days=365))
        local = combine([kpi_parts(t.db, window) for t in terms.values()])
        fleet = answers[0][0].json()
        for key, value in local.items():
            assert _close(fleet[key], value) if isinstance(value, float) else fleet[key] == value, key
        assert answers[1][0].json()["late"] == compute_kpis(terms["S1"].db, window)["late"] > 0
        with engine.connect() as conn:     # one projection in the store, not one per process
            assert conn.execute(select(func.count()).select_from(schema.stats_sites)).scalar() == 2
        for term in terms.values():
            term.db.close()
    finally:
        for process, _ in servers:
            process.send_signal(signal.SIGTERM)
        for process, _ in servers:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        engine.dispose()


def _projection(engine: Engine, site: str) -> dict[str, Any]:
    """What the projection stored for a site: its closed hours' parts, position and counts."""
    s, p, q, e = schema.stats_sites.c, schema.stats_parts.c, schema.stats_seqs.c, schema.exceptions.c
    with engine.connect() as conn:
        row = conn.execute(select(s.as_of, s.changes_cursor, s.unreplayed, s.replay_errors)
                           .where(s.site_id == site)).one()
        running = iso(bucket_of(parse_iso(row.as_of)))
        found = conn.execute(select(p.bucket, p.parts).where(p.site_id == site))
        hours = {r.bucket: json.loads(r.parts) for r in found}
        seqs = dict(conn.execute(select(q.terminal_id, q.seq).where(q.site_id == site)).all())
        raised = conn.execute(select(func.count()).where(e.kind == REPLAY_ERROR_KIND, e.site_id == site)).scalar()
    closed = {hour: parts for hour, parts in hours.items() if hour < running}
    return {"closed": closed, "seqs": seqs, "cursor": row.changes_cursor, "unreplayed": row.unreplayed,
            "replay_errors": row.replay_errors, "raised": raised}


def test_a_projector_killed_mid_way_resumes_without_double_counting(server: LiveServer, tmp_path: Path) -> None:
    engine = server.app.state.engine
    term = _site(server, tmp_path, "S1", 11)
    for n in range(3):      # ops the CLI's projector has no handler for: replay errors, each raised once
        apply_op(term.db, "StatsTestOnlyInTests", {"n": n})
    sync_once(term.db, term.client())
    total = term.db.execute("SELECT max(seq) FROM outbox").fetchone()[0]
    projector = subprocess.Popen([*CLI, "stats", "project", "--db", server.db_url, "--jobs", "1", "--chunk", "40",
                                  "--pause", "0.3"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    q = schema.stats_seqs.c
    deadline, reached = time.monotonic() + 120, 0
    while time.monotonic() < deadline and not reached:
        with engine.connect() as conn:
            reached = conn.execute(select(func.coalesce(func.max(q.seq), 0))).scalar()
        time.sleep(0.02)
    projector.send_signal(signal.SIGKILL)       # somewhere in the second chunk (or its pause)
    projector.wait(30)
    assert 0 < reached < total, f"the projector was not killed mid-way ({reached} of {total} ops)"
    with engine.connect() as conn:
        assert 0 < conn.execute(select(func.max(q.seq))).scalar() < total

    resumed = subprocess.run([*CLI, "stats", "project", "--db", server.db_url, "--jobs", "1"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    after_resume = _projection(engine, "S1")
    assert list(after_resume["seqs"].values()) == [total], (resumed.stdout, resumed.stderr)
    assert after_resume["replay_errors"] == after_resume["raised"] == 3       # not 3 + what the killed run raised

    rebuilt = subprocess.run([*CLI, "stats", "rebuild", "--db", server.db_url, "--jobs", "1"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    from_scratch = _projection(engine, "S1")
    for key in ("seqs", "cursor", "unreplayed", "replay_errors"):
        assert after_resume[key] == from_scratch[key], key
    shared = set(after_resume["closed"]) & set(from_scratch["closed"])
    assert len(shared) >= len(from_scratch["closed"]) - 1 and shared
    differ = [hour for hour in sorted(shared) if after_resume["closed"][hour] != from_scratch["closed"][hour]]
    assert not differ, f"hours counted differently after the kill: {differ[:3]}"
    term.db.close()


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Any]]:
    """A SQLite backend whose site S1 has pushed a simulated shift (through a real server)."""
    tmp_path = tmp_path_factory.mktemp("chunks")
    with database_url("sqlite", tmp_path) as url:
        live = LiveServer(url).start()
        term = _site(live, tmp_path, "S1", 5)
        term.db.close()
        live.stop()
        engine = make_engine(url)
        yield engine, START + timedelta(hours=8)
        engine.dispose()


def _clear(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in (schema.stats_parts, schema.stats_seqs, schema.stats_sites):
            conn.execute(delete(table))


def _stored(engine: Engine) -> tuple[dict[str, Any], dict[str, int], tuple[int, int, int]]:
    s, p, q = schema.stats_sites.c, schema.stats_parts.c, schema.stats_seqs.c
    with engine.connect() as conn:
        hours = {r.bucket: json.loads(r.parts) for r in conn.execute(select(p.bucket, p.parts))}
        seqs = dict(conn.execute(select(q.terminal_id, q.seq)).all())
        counts = tuple(conn.execute(select(s.changes_cursor, s.unreplayed, s.replay_errors)).one())
    return hours, seqs, counts


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunks=st.lists(st.integers(1, 900), min_size=1, max_size=5))
def test_projecting_in_any_chunking_gives_the_parts_of_one_pass(logged: tuple[Engine, Any], chunks: list[int]) -> None:
    engine, now = logged
    _clear(engine)
    step(engine, "S1", now=now, fresh=True)
    one_pass = _stored(engine)
    assert one_pass[0] and any(parts["otst"] or parts["scan_error"][1] for parts in one_pass[0].values())
    _clear(engine)
    for size in chunks:
        step(engine, "S1", now=now, max_ops=size)
    step(engine, "S1", now=now)         # the rest
    chunked = _stored(engine)
    assert chunked[1] == one_pass[1] and chunked[2] == one_pass[2]
    assert sorted(chunked[0]) == sorted(one_pass[0])
    differ = [hour for hour in sorted(one_pass[0]) if chunked[0][hour] != one_pass[0][hour]]
    assert not differ, f"chunks {chunks}: hours differ from one pass: {differ[:3]}"


def test_a_push_committed_while_a_step_replays_waits_for_the_next_step(server: LiveServer, tmp_path: Path) -> None:
    """A step reads the ops it replays, then the change log page by page as it replays them. A push
    committed in between (the worker steps while a terminal still pushes) must reach the mirror as a
    terminal sees it: its ops first, then the rows the server re-sent for them — not those rows
    before the ops, which the handlers then refuse or replay onto later state."""
    term = _site(server, tmp_path, "S1", 11, push=False)
    terminal_id = term.db.execute("SELECT value FROM sync_state WHERE key = 'terminal_id'").fetchone()[0]
    first = next_batch(term.db, max_ops=500, raw_args=True)
    term.client().push(terminal_id, schema_version(term.db), first)
    engine = make_engine(server.db_url)       # the projector's own: the server's pulls are not watched
    pushed: list[int] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _push_the_rest(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not pushed and "changes.entity" in statement:    # the step has read its ops, not yet the changes
            pushed.append(sync_once(term.db, term.client())["acked"])

    try:
        now = START + timedelta(hours=8)
        step(engine, "S1", now=now)
        assert pushed and pushed[0] > len(first), "the rest was not pushed while the step ran"
        assert not step(engine, "S1", now=now).done.unreplayed, "ops refused on the mirror"
        stepped = _stored(engine)
        step(engine, "S1", now=now, fresh=True)
        one_pass = _stored(engine)
        assert stepped[1] == one_pass[1] and stepped[2] == one_pass[2]
        differ = [hour for hour in sorted(one_pass[0]) if stepped[0].get(hour) != one_pass[0][hour]]
        assert not differ, f"hours differ from one pass: {differ[:3]}"
    finally:
        engine.dispose()
        term.db.close()
