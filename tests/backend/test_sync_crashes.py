"""Invariant 1 when processes die: SIGKILL of the terminal at random points, SIGKILL of the server."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import select
from sync_live import LiveServer

from backend import auth, schema
from backend.changes import seed_entities
from backend.db import make_engine, migrate
from terminal.config import Settings
from terminal.ops import apply_op
from terminal.store import open_db, transaction
from terminal.sync import state
from terminal.sync.client import SyncError
from terminal.sync.cycle import sync_once
from terminal.sync.enroll import client_for, enroll_terminal
from terminal.sync.outbox import pending_count

ROOT = Path(__file__).resolve().parents[2]
LOOP = Path(__file__).with_name("sync_terminal_loop.py")
SITE = "WH1"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "HANDOFF_CONFIG": os.devnull + ".none.toml"}


def _seed_user(engine) -> None:
    with engine.begin() as conn:
        auth.ensure_site(conn, SITE)
        seed_entities(conn, SITE, "user", [{"id": "U1", "name": "Ala", "roles": "picker", "zones": "",
                                            "language": "pl", "active": 1}])


def _check_exactly_once(engine, db) -> None:
    terminal_id = state.get(db, "terminal_id")
    local = [tuple(r) for r in db.execute("SELECT seq, op_id FROM outbox ORDER BY seq").fetchall()]
    o = schema.ops.c
    with engine.connect() as conn:
        remote = [tuple(r) for r in conn.execute(select(o.seq, o.op_id).where(o.terminal_id == terminal_id)
                                                 .order_by(o.seq))]
        e = schema.entities.c
        sessions = conn.execute(select(e.data).where(e.entity == "user_session")).scalars().all()
    assert remote == local
    local_sessions = {r[0]: r[1] for r in db.execute("SELECT id, logout_at FROM user_sessions").fetchall()}
    assert {json.loads(s)["id"]: json.loads(s)["logout_at"] for s in sessions} == local_sessions


def _sync_until_quiet(db, client) -> None:
    for _ in range(50):
        try:
            sync_once(db, client)
        except SyncError:
            continue
        if pending_count(db) == 0:
            return
    raise AssertionError("never quiet")


def test_sigkill_of_the_terminal_at_random_points_loses_and_doubles_nothing(tmp_path):
    """A terminal-side test: runs against the SQLite backend only (the store is not what is tested)."""
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    try:
        _kill_terminal_rounds(server, tmp_path)
    finally:
        server.stop()


def _kill_terminal_rounds(server, tmp_path):
    engine = server.app.state.engine
    _seed_user(engine)
    db_path = tmp_path / "t.db"
    code, _ = auth.make_enrollment_code(engine, SITE, "station")
    enroll_terminal(db_path, server.url, code, settings=Settings({}))
    db = open_db(db_path)
    with client_for(db_path, Settings({})) as client:
        sync_once(db, client)
    rand = random.Random(11)
    for round_no in range(2):
        proc = subprocess.Popen([sys.executable, str(LOOP), str(db_path), "400", str(round_no)],
                                stdout=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)
        assert proc.stdout is not None
        kill_after = rand.randint(5, 40)
        for lines, _line in enumerate(proc.stdout, start=1):
            if lines >= kill_after:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with client_for(db_path, Settings({})) as client:
        _sync_until_quiet(db, client)
    _check_exactly_once(engine, db)
    db.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", url, "--port", str(port),
                             "--log-level", "warning"], env=_env(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode()) from None
            threading.Event().wait(0.02)
    raise AssertionError("backend did not start")


def test_sigkill_of_the_server_during_pushes(store_url, tmp_path):
    engine = make_engine(store_url)
    migrate(engine)
    _seed_user(engine)
    code, _ = auth.make_enrollment_code(engine, SITE, "station")
    port = _free_port()
    proc = _serve(store_url, port)
    db_path = tmp_path / "t.db"
    try:
        enroll_terminal(db_path, f"http://127.0.0.1:{port}", code, settings=Settings({}))
        db = open_db(db_path)
        with client_for(db_path, Settings({})) as client:
            sync_once(db, client)
        session = None
        from terminal.ids import new_id

        with transaction(db):       # one local commit for the setup; the pushes are what is tested
            for _ in range(300):
                if session is None:
                    session = new_id()
                    apply_op(db, "UserLoggedIn", {"user_id": "U1", "role": "picker", "session_id": session})
                else:
                    apply_op(db, "UserLoggedOut", {"session_id": session})
                    session = None
        errors: list[Exception] = []
        pusher_db = open_db(db_path)

        def push() -> None:
            with client_for(db_path, Settings({})) as client:
                try:
                    sync_once(pusher_db, client, batch_size=10)
                except SyncError as exc:
                    errors.append(exc)

        thread = threading.Thread(target=push)
        thread.start()
        while db.execute("SELECT count(*) FROM outbox WHERE acked = 1").fetchone()[0] < 60 and thread.is_alive():
            threading.Event().wait(0.005)
        proc.send_signal(signal.SIGKILL)          # mid-way through the batches
        proc.wait(10)
        thread.join(30)
        pusher_db.close()
        assert errors, "the push should have been cut off"
        assert 0 < pending_count(db) < 300
        proc = _serve(store_url, port)
        with client_for(db_path, Settings({})) as client:
            _sync_until_quiet(db, client)
        _check_exactly_once(engine, db)
        db.close()
    finally:
        proc.kill()
        proc.wait(10)
        engine.dispose()
