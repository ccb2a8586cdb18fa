"""`GET /v1/stats` over 100 sites: each site is the same simulated hour (3 pickers and a 32-door locker
on a 100-SKU, 150-order warehouse), seeded and pushed through the backend's real push path, then
the fleet figures are asked for through HTTP on a real uvicorn: cold (every site's stats mirror is
built by replaying its ops) and warm (mirrors current; only the KPI SQL and the pooling run)."""

from __future__ import annotations

import json
import random
import shutil
import socket
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import uvicorn

from backend import auth
from backend.app import create_app
from backend.changes import seed_entities
from backend.push import apply_push
from backend.seed import seed_from_terminal_db
from bench.stats_fixtures import SHIFT_START, _base, _t
from bench.table import Row, percentile
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db

SITES = 100
HOURS = 1.0
_LIFECYCLE = ("compartment_id", "courier_id", "deposited_at", "expires_at", "picked_up_at", "expired_at",
              "collected_at")


def _world(path: Path) -> None:
    from terminal.lockers.site import install_site

    rng = random.Random(4)
    db = open_db(path, create=True)
    db.execute("PRAGMA synchronous=OFF")
    people = [(f"pick{i}", "picker") for i in range(3)] + [("courier", "courier"), ("tech", "technician")]
    _base(db, rng, 100, people)
    for n in range(150):
        oid = f"o{n:05d}"
        db.execute("INSERT INTO orders (id, ref, service, carrier_code, delivery_method, recipient_name, created_at,"
                   " ship_by) VALUES (?, ?, 'NEXT_DAY', 'DPD', 'courier', 'R', ?, ?)",
                   (oid, f"S-{n:05d}", _t(-rng.uniform(1, 14)), _t(rng.choice((0.5, 3, 10, 30)))))
        for line, sku in enumerate(rng.sample(range(100), rng.randint(1, 3)), 1):
            db.execute("INSERT INTO order_lines (id, order_id, line_no, sku_code, qty) VALUES (?, ?, ?, ?, ?)",
                       (f"{oid}-{line}", oid, line, f"SKU-{sku:04d}", 1))
    db.conn.commit()
    install_site(db, "LK1", boards=2)
    db.close()


def _serve(url: str, stats_dir: Path) -> tuple[uvicorn.Server, threading.Thread, str, object]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = create_app(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}", app


def fleet_rows() -> list[Row]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    try:
        seed_db, shift_db = tmp / "seed.db", tmp / "shift.db"
        _world(seed_db)
        shutil.copy(seed_db, shift_db)
        db = open_db(shift_db)
        simulate_shift(db, shift_db, SimConfig(pickers=3, packers=0, hours=HOURS, seed=2, start=SHIFT_START))
        ops = [dict(r) for r in db.execute("SELECT seq, op_id, name, args, at FROM outbox ORDER BY seq")]
        parcels = [{**dict(r), **{c: None for c in _LIFECYCLE}, "status": "announced"}
                   for r in db.execute("SELECT * FROM parcels")]
        db.close()
        wire = [{**op, "args": json.loads(op["args"])} for op in ops]
        url = f"sqlite:///{tmp / 'backend.db'}"
        server, thread, base, app = _serve(url, tmp / "mirrors")
        engine = app.state.engine  # type: ignore[attr-defined]
        started = time.perf_counter()
        for n in range(SITES):
            site = f"S{n:03d}"
            seed_from_terminal_db(engine, site, seed_db)
            with engine.begin() as conn:
                seed_entities(conn, site, "parcel", parcels)
            code, _ = auth.make_enrollment_code(engine, site, "station")
            terminal = auth.enroll(engine, code, f"t{n}", "station")
            for i in range(0, len(wire), 500):
                apply_push(engine, terminal["terminal_id"], site, wire[i:i + 500])
        load_s = time.perf_counter() - started
        token = auth.make_integration_token(engine, "bench")
        query = {"from": SHIFT_START.isoformat(), "to": (SHIFT_START + timedelta(hours=HOURS)).isoformat()}
        headers = {"Authorization": f"Bearer {token}"}

        def ask(**extra: str) -> tuple[float, httpx.Response]:
            began = time.perf_counter()
            answer = httpx.get(f"{base}/v1/stats", params={**query, **extra}, headers=headers, timeout=600)
            return (time.perf_counter() - began) * 1000, answer

        cold_ms, cold = ask()
        warm = [ask()[0] for _ in range(5)]
        one = [ask(site="S050")[0] for _ in range(5)]
        server.should_exit = True
        thread.join(10)
        engine.dispose()
        figures = cold.json()
        note = (f"{SITES} sites × {len(ops)} ops ({SITES * len(ops)} replayed; {cold.headers['X-Handoff-Unreplayed']}"
                f" skipped); loading them took {load_s:.0f} s; fleet pick rate {figures['pick_rate_lph']:.0f} lph")
        return [
            Row("stats", f"/v1/stats over {SITES} sites, cold (mirrors built by replay)", f"{cold_ms / 1000:.1f} s",
                "once after a deploy", note),
            Row("stats", f"/v1/stats over {SITES} sites, warm (p50 / max)",
                f"{percentile(warm, 0.5):.0f} / {max(warm):.0f} ms", "a dashboard refresh",
                "mirrors current: KPI SQL per site + pooling, via HTTP on one uvicorn"),
            Row("stats", "/v1/stats for one site of 100, warm (p50)", f"{percentile(one, 0.5):.0f} ms",
                "a dashboard refresh", "?site=S050"),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
