"""Sync throughput and latency against a real backend process on 127.0.0.1.

* push ops/s for one terminal, batches of 500 (SQLite; PostgreSQL too when HANDOFF_TEST_PG_URL is set);
* time to drain a backlog (BENCH_SYNC_BACKLOG ops, default 100,000) through the terminal's own client;
* time to pull BENCH_SYNC_PULL changes (default 100,000) into a terminal database;
* N terminals (BENCH_SYNC_TERMINALS, default 200) each pushing 10 ops every 5 s for 15 s → p50/p99.

The outbox is filled with valid UserLoggedIn/UserLoggedOut rows in bulk (what is measured is sync,
not the local fsync per op); the backend re-executes each op with its real handler."""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.table import Row, percentile

ROOT = Path(__file__).resolve().parents[1]
SITE = "BENCH"
AT = "2026-11-23T08:00:00.000+00:00"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Backend:
    """`handoff-backend serve` in its own process (the client must not share a GIL with it)."""

    def __init__(self, url: str) -> None:
        from backend.db import make_engine, migrate

        self.url = url
        self.engine = make_engine(url)
        migrate(self.engine)
        self.port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", url, "--port",
                                      str(self.port), "--log-level", "warning"], env=env, cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(1000):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("backend did not start")

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.engine.dispose()


def _seed(backend: Backend) -> None:
    from backend import auth
    from backend.changes import seed_entities

    with backend.engine.begin() as conn:
        auth.ensure_site(conn, SITE)
        seed_entities(conn, SITE, "user", [{"id": "U1", "name": "Bench", "roles": "picker", "zones": "",
                                            "language": "pl", "active": 1}])


def _terminal(backend: Backend, folder: Path, name: str) -> tuple[Any, Path]:
    from backend import auth
    from terminal.config import Settings
    from terminal.store import open_db
    from terminal.sync.enroll import enroll_terminal

    code, _ = auth.make_enrollment_code(backend.engine, SITE, "station")
    path = folder / f"{name}.db"
    enroll_terminal(path, backend.http, code, settings=Settings({}))
    return open_db(path), path


def _fill_outbox(db: Any, count: int) -> None:
    from terminal.ids import new_id
    from terminal.store import transaction

    start = int(db.execute("SELECT last_seq FROM op_seq").fetchone()[0])
    rows = []
    session = ""
    for seq in range(start + 1, start + count + 1):
        if seq % 2:
            session = new_id()
            rows.append((seq, new_id(), "UserLoggedIn", json.dumps({"user_id": "U1", "role": "picker",
                                                                   "session_id": session}), AT))
        else:
            rows.append((seq, new_id(), "UserLoggedOut", json.dumps({"session_id": session}), AT))
    with transaction(db):
        db.conn.executemany("INSERT INTO outbox (seq, op_id, name, args, at) VALUES (?, ?, ?, ?, ?)", rows)
        db.execute("UPDATE op_seq SET last_seq = ?", (start + count,))


def _push_rate(store: str, url: str, folder: Path, ops: int) -> tuple[float, float]:
    """(ops/s for `ops` ops in batches of 500, seconds)"""
    from terminal.config import Settings
    from terminal.sync.cycle import push_all
    from terminal.sync.enroll import client_for
    from terminal.sync.state import get

    backend = Backend(url)
    try:
        _seed(backend)
        db, path = _terminal(backend, folder, f"push-{store}")
        _fill_outbox(db, ops)
        with client_for(path, Settings({})) as client:
            started = time.perf_counter()
            push_all(db, client, get(db, "terminal_id"))
            elapsed = time.perf_counter() - started
        db.close()
        return ops / elapsed, elapsed
    finally:
        backend.close()


def _pull_time(url: str, folder: Path, changes: int) -> float:
    from backend.changes import seed_entities
    from terminal.config import Settings
    from terminal.sync.cycle import pull_all
    from terminal.sync.enroll import client_for

    backend = Backend(url)
    try:
        _seed(backend)
        with backend.engine.begin() as conn:
            seed_entities(conn, SITE, "setting", ({"key": f"bench.k{i}", "value": str(i)} for i in range(changes)))
        db, path = _terminal(backend, folder, "pull")
        with client_for(path, Settings({})) as client:
            started = time.perf_counter()
            totals = pull_all(db, client, limit=1000)
            elapsed = time.perf_counter() - started
        assert totals["applied"] >= changes
        db.close()
        return elapsed
    finally:
        backend.close()


async def _fleet(backend: Backend, terminals: int, seconds: float, period: float) -> list[float]:
    from backend import auth
    from terminal.ids import new_id
    from terminal.sync.protocol import SCHEMA_VERSION

    identities = []
    for i in range(terminals):
        code, _ = auth.make_enrollment_code(backend.engine, SITE, "station")
        identities.append(auth.enroll(backend.engine, code, f"sim-{i}", "station"))
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=terminals, max_keepalive_connections=terminals)
    async with httpx.AsyncClient(base_url=backend.http, timeout=30, limits=limits) as client:

        async def one(identity: dict[str, str]) -> None:
            headers = {"Authorization": f"Bearer {identity['token']}"}
            seq = 0
            first = True
            await asyncio.sleep(random.uniform(0, period))
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                tick = time.perf_counter()
                ops = []
                for _ in range(10):
                    seq += 1
                    ops.append({"seq": seq, "op_id": new_id(), "name": "UserLoggedIn", "at": AT,
                                "args": {"user_id": "U1", "role": "picker", "session_id": new_id()}})
                body = {"protocol": 1, "terminal_id": identity["terminal_id"], "schema_version": SCHEMA_VERSION,
                        "app_version": "bench", "ops": ops}
                started = time.perf_counter()
                answer = await client.post("/v1/push", json=body, headers=headers)
                if not first:   # the first push of each terminal opens its connection: warm-up
                    latencies.append(time.perf_counter() - started)
                first = False
                answer.raise_for_status()
                await asyncio.sleep(max(0.0, period - (time.perf_counter() - tick)))

        await asyncio.gather(*(one(identity) for identity in identities))
    return latencies


def _fleet_latency(url: str, terminals: int) -> list[float]:
    backend = Backend(url)
    try:
        _seed(backend)
        return asyncio.run(_fleet(backend, terminals, seconds=15.0, period=5.0))
    finally:
        backend.close()


def run() -> list[Row]:
    rows: list[Row] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    stores = {"SQLite": f"sqlite:///{folder / 'backend-push.db'}"}
    pg = os.environ.get("HANDOFF_TEST_PG_URL", "")
    if pg:
        stores["PostgreSQL"] = pg
    push_ops = int(os.environ.get("BENCH_SYNC_PUSH", "10000"))
    for store, url in stores.items():
        if store == "PostgreSQL":
            _reset_pg(url)
        rate, _ = _push_rate(store, url, folder, push_ops)
        rows.append(Row("sync", f"push ops/s, one terminal, batches of 500 ({store})", f"{rate:,.0f}",
                        "≥ 2,000", f"{push_ops:,} ops, backend in its own process"))
    backlog = int(os.environ.get("BENCH_SYNC_BACKLOG", "100000"))
    rate, elapsed = _push_rate("drain", f"sqlite:///{folder / 'backend-drain.db'}", folder, backlog)
    rows.append(Row("sync", f"drain a {backlog:,}-op backlog (SQLite)", f"{elapsed:.1f} s", "≤ 60 s",
                    f"{rate:,.0f} ops/s"))
    changes = int(os.environ.get("BENCH_SYNC_PULL", "100000"))
    elapsed = _pull_time(f"sqlite:///{folder / 'backend-pull.db'}", folder, changes)
    rows.append(Row("sync", f"pull {changes:,} changes into a terminal (SQLite backend)", f"{elapsed:.1f} s", "",
                    f"{changes / elapsed:,.0f} changes/s, pages of 1,000"))
    terminals = int(os.environ.get("BENCH_SYNC_TERMINALS", "200"))
    for store, url in stores.items():
        if store == "PostgreSQL":
            _reset_pg(url)
        else:
            url = f"sqlite:///{folder / 'backend-fleet.db'}"
        latencies = _fleet_latency(url, terminals)
        rows.append(Row("sync", f"{terminals} terminals pushing 10 ops every 5 s: p50 / p99 ({store})",
                        f"{percentile(latencies, 0.5) * 1000:.0f} / {percentile(latencies, 0.99) * 1000:.0f} ms",
                        "p99 ≤ 250 ms (PostgreSQL)",
                        f"{len(latencies)} warm pushes in 15 s; one uvicorn process; client on the same 2 cores"))
    return rows


def _reset_pg(url: str) -> None:
    """Drop the backend's tables so each PostgreSQL measurement starts empty."""
    from backend.db import make_engine
    from backend.schema import metadata

    engine = make_engine(url)
    metadata.drop_all(engine)
    engine.dispose()


if __name__ == "__main__":
    from bench.table import print_table

    print_table(run())
