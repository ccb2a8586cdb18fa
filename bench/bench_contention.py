"""Pushes of one site under contention on PostgreSQL: `handoff-backend serve --workers 4`, 8 terminals
pushing at once, each op (BatchStarted) reading the same orders in its own order.

Reported against a baseline measured in the same run: the same pushes sent one after another by one
client, so the ratio is what contention costs with one lock per site (backend/changes.py). Skipped
without HANDOFF_TEST_PG_URL (SQLite runs one writer at a time and one worker)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
import uuid

import httpx

from bench.bench_sync import ROOT, _free_port
from bench.table import Row

TERMINALS, PUSHES, OPS = 8, 10, 20
ORDERS = [f"ORD-{i}" for i in range(6)]


def _ops(rng: random.Random, terminal: int, push: int) -> list[dict]:
    return [{"seq": push * OPS + n + 1, "op_id": uuid.uuid4().hex, "name": "BatchStarted",
             "at": "2026-11-23T08:00:00.000Z",
             "args": {"batch_id": f"B-{terminal}-{push}-{n}", "picker_id": "u1", "tasks": [],
                      "orders": [{"order_id": o} for o in rng.sample(ORDERS, k=4)]}} for n in range(OPS)]


def _measure(url: str, concurrent: bool) -> tuple[float, list[int]]:
    from backend import auth
    from backend.db import make_engine, migrate
    from terminal.sync.protocol import SCHEMA_VERSION

    engine = make_engine(url)
    migrate(engine)
    codes = [auth.make_enrollment_code(engine, "WH1", "station")[0] for _ in range(TERMINALS)]
    engine.dispose()
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", url, "--port", str(port),
                                "--workers", "4", "--log-level", "error", "--enroll-per-minute", "1000"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    statuses: list[int] = []
    try:
        for _ in range(300):
            try:
                httpx.post(f"{base}/v1/push", json={}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        enrolled = [httpx.post(f"{base}/v1/enroll", json={"protocol": 1, "enrollment_code": code,
                                                          "terminal_name": f"t{i}", "role": "station"}).json()
                    for i, code in enumerate(codes)]

        def terminal(i: int) -> None:
            rng = random.Random(i)
            headers = {"Authorization": f"Bearer {enrolled[i]['token']}"}
            with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
                for push in range(PUSHES):
                    answer = client.post("/v1/push", json={"protocol": 1, "terminal_id": enrolled[i]["terminal_id"],
                                                           "schema_version": SCHEMA_VERSION,
                                                           "ops": _ops(rng, i, push)})
                    statuses.append(answer.status_code)

        started = time.perf_counter()
        if concurrent:
            threads = [threading.Thread(target=terminal, args=(i,)) for i in range(TERMINALS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            for i in range(TERMINALS):
                terminal(i)
        return time.perf_counter() - started, statuses
    finally:
        process.terminate()
        process.wait(30)


def _schema(base: str, name: str, *, create: bool) -> str:
    """A throw-away schema in the test PostgreSQL (created, or dropped), and the URL that uses it."""
    import psycopg

    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        if create:
            conn.execute(f"CREATE SCHEMA {name}")
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{name}"


def run() -> list[Row]:
    pg = os.environ.get("HANDOFF_TEST_PG_URL", "")
    if not pg or "options=" in pg:
        return [Row("sync", "8 terminals of one site pushing at once (PostgreSQL, 4 workers)", "skipped", "",
                    "needs HANDOFF_TEST_PG_URL without a search_path option")]
    try:
        serial, _ = _measure(_schema(pg, "bench_contention_serial", create=True), concurrent=False)
        together, statuses = _measure(_schema(pg, "bench_contention_together", create=True), concurrent=True)
    finally:
        for name in ("bench_contention_serial", "bench_contention_together"):
            _schema(pg, name, create=False)
    pushes = TERMINALS * PUSHES
    failed = sum(1 for s in statuses if s != 200)
    return [Row("sync", "8 terminals of one site pushing at once (PostgreSQL, 4 workers)",
                f"{pushes / together:,.1f} pushes/s", "0 × 503",
                f"{failed} of {pushes} not 200; {OPS} BatchStarted per push; × {serial / together:.2f} of the same "
                f"pushes sent one at a time ({pushes / serial:,.1f} pushes/s)")]
