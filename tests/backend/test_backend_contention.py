"""PostgreSQL under contention: `handoff-backend serve --workers 4`, 8 terminals of one site pushing at
once, every op reading the same orders in its own order. With per-entity advisory locks taken as
handlers read, two pushes took A-then-B and B-then-A and deadlocked (503 "store busy"); with one lock
per site (backend/changes.py) every push answers 200 and the log has no deadlock."""

from __future__ import annotations

import random
import subprocess
import sys
import threading

import httpx
import pytest
from sync_live import PG_URL, database_url
from test_backend_revoke import _wait_until_serving
from test_backend_workers import ROOT, _free_port

from backend import auth
from backend.db import make_engine, migrate
from terminal.sync.protocol import SCHEMA_VERSION

TERMINALS, PUSHES, OPS = 8, 6, 20
ORDERS = [f"ORD-{i}" for i in range(6)]


def _batch(rng: random.Random, terminal: int, seq: int) -> dict:
    orders = rng.sample(ORDERS, k=4)        # the same orders, read in a different order by each op
    return {"seq": seq, "op_id": f"t{terminal}-{seq}", "name": "BatchStarted", "at": "2026-11-23T08:00:00.000Z",
            "args": {"batch_id": f"B-{terminal}-{seq}", "picker_id": "u1", "orders": [{"order_id": o, "tote_slot": slot}
                                                                     for slot, o in enumerate(orders, 1)],
                     "tasks": []}}


@pytest.mark.skipif(not PG_URL, reason="needs HANDOFF_TEST_PG_URL (PostgreSQL)")
def test_eight_terminals_of_one_site_pushing_at_once_on_four_workers_never_get_a_503(tmp_path):
    with database_url("postgresql", tmp_path) as url:
        engine = make_engine(url)
        migrate(engine)
        codes = [auth.make_enrollment_code(engine, "WH1", "station")[0] for _ in range(TERMINALS)]
        engine.dispose()
        port = _free_port()
        process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", url, "--port", str(port),
                                    "--workers", "4", "--log-level", "warning"], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        base = f"http://127.0.0.1:{port}"
        statuses: list[int | str] = []
        try:
            _wait_until_serving(process, base)
            enrolled = [httpx.post(f"{base}/v1/enroll", json={"protocol": 1, "enrollment_code": code,
                                                              "terminal_name": f"t{i}", "role": "station"}).json()
                        for i, code in enumerate(codes)]
            start = threading.Barrier(TERMINALS)

            def terminal(i: int) -> None:
                rng = random.Random(i)
                headers = {"Authorization": f"Bearer {enrolled[i]['token']}"}
                with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                    start.wait()
                    for push in range(PUSHES):
                        ops = [_batch(rng, i, push * OPS + n + 1) for n in range(OPS)]
                        try:
                            answer = client.post("/v1/push", json={"protocol": 1,
                                                                   "terminal_id": enrolled[i]["terminal_id"],
                                                                   "schema_version": SCHEMA_VERSION, "ops": ops})
                        except httpx.HTTPError as exc:   # counted, so a lost answer fails with its reason
                            statuses.append(type(exc).__name__)
                        else:
                            statuses.append(answer.status_code)

            threads = [threading.Thread(target=terminal, args=(i,)) for i in range(TERMINALS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(300)
        finally:
            process.terminate()
            try:
                _, log = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                _, log = process.communicate()
        assert statuses == [200] * (TERMINALS * PUSHES), sorted(set(statuses))
        assert "deadlock" not in log.lower(), log[-2000:]
