"""A pull killed mid-way, and a power cut that takes the staged pages committed without fsync
(terminal/sync/pull.py `_staging_commits`): the terminal shows nothing of them, and the next sync
ends with the terminal equal to the backend.

The terminal pulls in its own process (SIGKILL'd while pages are staged); the backend's pages pass a
proxy that delays each, so the kill lands between pages. A power cut is modelled by what it can do
to a WAL database committed with synchronous=NORMAL: drop every commit since the last fsync (the
last FULL commit) and nothing before — here, the files copied at that commit put back."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_proxy import FaultProxy
from sqlalchemy import select
from sync_live import LiveServer

from backend import auth, schema
from backend.changes import seed_entities
from terminal.config import Settings
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.cycle import push_all, sync_once
from terminal.sync.enroll import client_for, enroll_terminal

ROOT = Path(__file__).resolve().parents[2]
SITE = "WH1"
BACKLOG = 120
PULL = ("import sys; from pathlib import Path; from terminal.config import Settings;"
        " from terminal.store import open_db; from terminal.sync.cycle import pull_all;"
        " from terminal.sync.enroll import client_for; db = open_db(Path(sys.argv[1]));"
        " pull_all(db, client_for(Path(sys.argv[1]), Settings({})), limit=5)")


def _settings(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(db.execute("SELECT key, value FROM settings WHERE key LIKE 'cut.%'").fetchall())


@pytest.mark.parametrize("power_cut", [False, True], ids=["killed", "killed-and-power-cut"])
def test_a_pull_cut_while_staging_shows_nothing_and_the_next_sync_ends_equal(tmp_path: Path,
                                                                             power_cut: bool) -> None:
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    proxy = FaultProxy(server.port, delay_s=0.04)
    try:
        engine = server.app.state.engine
        with engine.begin() as conn:
            auth.ensure_site(conn, SITE)
            seed_entities(conn, SITE, "user", [{"id": "U1", "name": "Ala", "roles": "picker", "zones": "",
                                                "language": "pl", "active": 1}])
        path = tmp_path / "t.db"
        code, _ = auth.make_enrollment_code(engine, SITE, "station")
        enroll_terminal(path, proxy.url, code, settings=Settings({}))
        db = open_db(path)
        with client_for(path, Settings({})) as client:
            sync_once(db, client)   # the user
        with engine.begin() as conn:
            seed_entities(conn, SITE, "setting", ({"key": f"cut.{i:03d}", "value": str(i)} for i in range(BACKLOG)))
        # an acknowledged op: its checkpoint is past the backlog, so every page before the last is staged
        apply_op(db, "UserLoggedIn", {"user_id": "U1", "role": "picker", "session_id": "S1", "terminal": "t"})
        with client_for(path, Settings({})) as client:
            assert push_all(db, client, state.get(db, "terminal_id")) == 1
        assert state.write_checkpoint(db) > 0 and _settings(db) == {}
        db.close()
        durable = tmp_path / "at-last-fsync"
        durable.mkdir()
        for name in ("t.db", "t.db-wal"):   # the last FULL commit (the acknowledgement) is on the disk
            if (tmp_path / name).exists():
                shutil.copy(tmp_path / name, durable / name)

        proxy.inject("delay", "/v1/pull", times=BACKLOG)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOFF_CONFIG": os.devnull + ".none.toml"}
        child = subprocess.Popen([sys.executable, "-c", PULL, str(path)], cwd=ROOT, env=env)
        watcher = open_db(path)
        deadline = time.monotonic() + 60
        while state.get(watcher, "cursor") in ("", None) or watcher.execute(
                "SELECT count(*) FROM sync_deferred").fetchone()[0] < 15:
            assert child.poll() is None and time.monotonic() < deadline, "the pull ended before it was cut"
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        staged = watcher.execute("SELECT count(*) FROM sync_deferred").fetchone()[0]
        watcher.close()
        assert 15 <= staged < BACKLOG
        if power_cut:
            for name in ("t.db", "t.db-wal", "t.db-shm"):
                (tmp_path / name).unlink(missing_ok=True)
                if (durable / name).exists():
                    shutil.copy(durable / name, tmp_path / name)

        db = open_db(path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert _settings(db) == {}   # staged is not visible, whatever the cut took
        with client_for(path, Settings({})) as client:
            proxy.clear()
            sync_once(db, client)
        with engine.connect() as conn:
            e = schema.entities.c
            rows = conn.execute(select(e.key, e.data).where(e.site_id == SITE, e.entity == "setting")).all()
        assert _settings(db) == {key: json.loads(data)["value"] for key, data in rows}
        assert len(_settings(db)) == BACKLOG
        assert db.execute("SELECT count(*) FROM sync_deferred").fetchone()[0] == 0
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2   # FULL again for what follows
        db.close()
    finally:
        proxy.close()
        server.stop()
