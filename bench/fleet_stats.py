"""`GET /v1/stats` over 10, 100 and 1,000 simulated sites on PostgreSQL, cold and warm.

A site is a simulated shift (3 pickers and a 32-door locker on a 100-SKU warehouse, 150 orders per
hour) of one hour, and again of four hours (two history lengths: warm must not grow with history). The
first site is seeded and pushed through the backend's real push path; the other sites are copies
of its logs made in SQL (same ops, same changes, under their own site and terminal ids), so the
projector has N real logs to replay.

* cold: `stats rebuild` of every site from its log, sites in parallel on this machine's cores —
  what a store needs once before /v1/stats answers (after that the projector follows the log);
  the per-site-hour cost is the goal's unit. Above HANDOFF_BENCH_FLEET_COLD sites (default 100)
  the copies' projections are copied too (in SQL) instead of rebuilt, to keep the run short: warm
  reads exactly the same rows either way. The longer history is rebuilt at the smallest size only.
* warm: /v1/stats for the fleet over the last hour of history, through HTTP on a real uvicorn.
* baseline (not this project's code): one plain PostgreSQL aggregate over the same window of the
  ops log (ops per site in the window, read by psycopg) — the least a query over history does.

Env: HANDOFF_BENCH_PG_URL (default HANDOFF_TEST_PG_URL, else the local test database),
HANDOFF_BENCH_FLEET_SITES (default "10,100,1000"), HANDOFF_BENCH_FLEET_COLD (default 100)."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine, text

from backend import auth
from backend.app import create_app
from backend.changes import seed_entities
from backend.push import apply_push
from backend.seed import seed_from_terminal_db
from backend.stats import run_sites
from bench.stats_fixtures import SHIFT_START, _base, _t
from bench.table import Row, percentile
from terminal.clock import iso, parse_iso
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db

PG_URL = os.environ.get("HANDOFF_BENCH_PG_URL") or os.environ.get("HANDOFF_TEST_PG_URL") or \
    "postgresql://handoff:handoff@127.0.0.1:5432/handoff_test"
SIZES = [int(n) for n in os.environ.get("HANDOFF_BENCH_FLEET_SITES", "10,100,1000").split(",") if n.strip()]
COLD_MAX = int(os.environ.get("HANDOFF_BENCH_FLEET_COLD", "100"))
HISTORIES = (1.0, 4.0)
ORDERS_PER_HOUR = 150
_LIFECYCLE = ("compartment_id", "courier_id", "deposited_at", "expires_at", "picked_up_at", "expired_at",
              "collected_at")


def _world(path: Path, orders: int) -> None:
    from terminal.lockers.site import install_site

    rng = random.Random(4)
    db = open_db(path, create=True)
    db.execute("PRAGMA synchronous=OFF")
    people = [(f"pick{i}", "picker") for i in range(3)] + [("courier", "courier"), ("tech", "technician")]
    _base(db, rng, 100, people)
    for n in range(orders):
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


def _serve(url: str) -> tuple[uvicorn.Server, threading.Thread, str, Any]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = create_app(url)
    app.state.stats_worker.stop()     # the bench projects itself (timed); requests only read
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}", app


def _first_site(engine: Engine, tmp: Path, hours: float) -> int:
    """Site S0000 seeded and its simulated shift pushed through the real push path; its op count."""
    seed_db, shift_db = tmp / f"seed-{hours}.db", tmp / f"shift-{hours}.db"
    _world(seed_db, round(ORDERS_PER_HOUR * hours))     # a longer history is busier all along
    shutil.copy(seed_db, shift_db)
    db = open_db(shift_db)
    simulate_shift(db, shift_db, SimConfig(pickers=3, packers=0, hours=hours, seed=2, start=SHIFT_START))
    ops = [{**dict(r), "args": json.loads(r["args"])} for r in db.execute("SELECT seq, op_id, name, args, at"
                                                                         " FROM outbox ORDER BY seq")]
    parcels = [{**dict(r), **{c: None for c in _LIFECYCLE}, "status": "announced"}
               for r in db.execute("SELECT * FROM parcels")]
    db.close()
    seed_from_terminal_db(engine, "S0000", seed_db)
    with engine.begin() as conn:
        seed_entities(conn, "S0000", "parcel", parcels)
    code, _ = auth.make_enrollment_code(engine, "S0000", "station")
    terminal = auth.enroll(engine, code, "t0", "station")
    for i in range(0, len(ops), 500):
        apply_push(engine, terminal["terminal_id"], "S0000", ops[i:i + 500])
    return len(ops)


def _copy_logs(engine: Engine, upto: int, have: int) -> None:
    """Sites S{have}..S{upto-1}: copies of S0000's site row, terminal, ops log and change log."""
    with engine.begin() as conn:
        tid = conn.execute(text("SELECT id FROM terminals WHERE site_id = 'S0000'")).scalar_one()
        first = conn.execute(text("SELECT min(id) FROM changes WHERE site_id = 'S0000'")).scalar_one()
        for n in range(have, upto):
            site, term = f"S{n:04d}", f"{tid}-{n}"
            base = conn.execute(text("SELECT max(id) FROM changes")).scalar_one() - first + 1
            conn.execute(text("INSERT INTO sites (id, name, kind, site_key, created_at, key_version) SELECT :s, name,"
                              " kind, site_key, created_at, key_version FROM sites WHERE id = 'S0000'"), {"s": site})
            conn.execute(text("INSERT INTO terminals (id, site_id, name, role, token_hash, enrolled_at) SELECT :t, :s,"
                              " name, role, :h, enrolled_at FROM terminals WHERE id = :t0"),
                         {"t": term, "s": site, "t0": tid, "h": uuid.uuid4().hex})
            conn.execute(text("INSERT INTO terminal_state (terminal_id, last_seq) SELECT :t, last_seq"
                              " FROM terminal_state WHERE terminal_id = :t0"), {"t": term, "t0": tid})
            conn.execute(text("INSERT INTO changes (id, site_id, entity, key, op, data) SELECT id + :b, :s, entity,"
                              " key, op, data FROM changes WHERE site_id = 'S0000' ORDER BY id"),
                         {"b": base, "s": site})
            conn.execute(text("INSERT INTO ops (terminal_id, seq, op_id, name, args, at, status, code, applied_at,"
                              " changes_before) SELECT :t, seq, op_id, name, args, at, status, code, applied_at,"
                              " changes_before + :b FROM ops WHERE terminal_id = :t0"),
                         {"t": term, "b": base, "t0": tid})
        conn.execute(text("SELECT setval(pg_get_serial_sequence('changes', 'id'), (SELECT max(id) FROM changes))"))


def _copy_projections(engine: Engine, upto: int, have: int) -> None:
    """The projection of S0000 copied to sites S{have}..S{upto-1} (their logs are copies of its log)."""
    with engine.begin() as conn:
        for table, cols in (("stats_sites", "version, changes_cursor, unreplayed, replay_errors, first_bucket, as_of,"
                                            " mirror, updated_at"), ("stats_parts", "bucket, parts")):
            conn.execute(text(f"INSERT INTO {table} (site_id, {cols}) SELECT 'S' || lpad(n::text, 4, '0'), {cols}"
                              f" FROM {table}, generate_series(CAST(:a AS integer), CAST(:b AS integer)) AS n"
                              " WHERE site_id = 'S0000'"),
                         {"a": have, "b": upto - 1})
        conn.execute(text("UPDATE stats_sites SET changes_cursor = (SELECT max(id) FROM changes c"
                          " WHERE c.site_id = stats_sites.site_id) WHERE site_id >= :lo AND site_id < :hi"),
                     {"lo": f"S{have:04d}", "hi": f"S{upto:04d}"})
        conn.execute(text("INSERT INTO stats_seqs (terminal_id, site_id, seq) SELECT t.id, t.site_id, s.last_seq"
                          " FROM terminals t JOIN terminal_state s ON s.terminal_id = t.id"
                          " WHERE t.site_id <> 'S0000' AND t.site_id >= :lo AND t.site_id < :hi"),
                     {"lo": f"S{have:04d}", "hi": f"S{upto:04d}"})


def _history(tmp: Path, hours: float) -> list[Row]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{plain}{'&' if '?' in plain else '?'}options=-csearch_path%3D{schema}"
    server, thread, base, app = _serve(url)
    engine = app.state.engine
    rows: list[Row] = []
    try:
        ops = _first_site(engine, tmp, hours)
        end = SHIFT_START + timedelta(hours=hours)
        query = {"from": (end - timedelta(hours=1)).isoformat(), "to": end.isoformat()}
        headers = {"Authorization": f"Bearer {auth.make_integration_token(engine, 'bench')}"}
        have, projected = 1, 0
        for sites in SIZES:
            _copy_logs(engine, sites, have)
            have = sites
            cold_note = ""
            if sites <= COLD_MAX and (hours == HISTORIES[0] or sites == SIZES[0]):
                began = time.perf_counter()
                run_sites(url, engine, None, os.cpu_count() or 1, fresh=True, now=end)
                cold_s = time.perf_counter() - began
                projected = sites
                per = 1000 * cold_s / (sites * hours)
                with engine.connect() as conn:
                    image = conn.execute(text("SELECT avg(length(mirror)) FROM stats_sites")).scalar() or 0
                rows.append(Row("stats", f"fleet stats cold: rebuild {sites} sites × {hours:g} h history",
                                f"{cold_s:.1f} s", "≤ 20 ms per site-hour",
                                f"{per:.0f} ms per site-hour ({sites * ops} ops replayed on {os.cpu_count()} cores;"
                                f" stored mirror {float(image) / 1024:.0f} KiB per site)"))
            else:
                if projected == 0:
                    run_sites(url, engine, "S0000", 1, fresh=True, now=end)
                    projected = 1
                _copy_projections(engine, sites, projected)
                projected = sites
                cold_note = "; projections copied, not rebuilt (see HANDOFF_BENCH_FLEET_COLD)"
            warm = []
            for _ in range(6):
                began = time.perf_counter()
                answer = httpx.get(f"{base}/v1/stats", params=query, headers=headers, timeout=600)
                warm.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200 and answer.headers["X-Handoff-Sites"] == str(sites), answer.text
            warm = warm[1:]
            baseline = _baseline(plain, schema, query)
            p50 = percentile(warm, 0.5)
            rows.append(Row("stats", f"/v1/stats warm, {sites} sites × {hours:g} h history (p50 / max)",
                            f"{p50:.0f} / {max(warm):.0f} ms", "≤ 300 ms at 1,000 sites, flat in history",
                            f"{1000 * p50 / sites:.0f} µs per site; baseline (one PostgreSQL aggregate of the window's"
                            f" ops, psycopg) {baseline:.0f} ms → ×{p50 / baseline:.2f}{cold_note}"))
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    return rows


def _baseline(plain: str, schema: str, query: dict[str, str]) -> float:
    """The same window's rows aggregated by PostgreSQL itself (ops per site and kind), p50 of 5."""
    import psycopg

    times = []
    with psycopg.connect(plain, options=f"-csearch_path={schema}") as conn:
        for _ in range(5):
            began = time.perf_counter()
            conn.execute("SELECT t.site_id, o.name, count(*) FROM ops o JOIN terminals t ON t.id = o.terminal_id"
                         " WHERE o.at >= %s AND o.at < %s GROUP BY t.site_id, o.name",
                         (iso(parse_iso(query["from"])), iso(parse_iso(query["to"])))).fetchall()
            times.append((time.perf_counter() - began) * 1000)
    return percentile(times, 0.5)


def fleet_rows() -> list[Row]:
    try:
        import psycopg

        psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 — no PostgreSQL here: say so in the table
        return [Row("stats", "/v1/stats fleet", "skipped", "", f"no PostgreSQL at HANDOFF_BENCH_PG_URL ({exc})"[:120])]
    tmp = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    try:
        return [row for hours in HISTORIES for row in _history(tmp, hours)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
