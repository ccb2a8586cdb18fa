"""`handoff run` on an enrolled terminal (not --demo) syncs by itself: an op made in the window reaches a real
backend on 127.0.0.1 without anyone running `handoff sync now` (before, only --demo started a worker)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tty
from pathlib import Path

import pytest
from sqlalchemy import select

from backend import schema
from backend.seed import seed_from_terminal_db
from terminal.sync import state
from tools.fixture import BADGES

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "backend"))
from sync_live import SITE, LiveServer, enrol  # noqa: E402


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the scanner is a pty")
def test_an_enrolled_station_pushes_a_login_made_in_its_window_without_sync_now(tmp_path: Path,
                                                                                 site_db_path: Path) -> None:
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    master, slave = os.openpty()
    tty.setraw(slave)
    window = None
    try:
        # the backend gets the site's people first, as a real site is set up: enrolment hands the terminal
        # the site's badge key, and badges hashed under another key would be dropped
        seed_from_terminal_db(server.app.state.engine, SITE, site_db_path)
        terminal = enrol(server, site_db_path)
        terminal_id = state.get(terminal.db, "terminal_id")
        terminal.db.close()
        config = tmp_path / "config.toml"
        config.write_text(f'[sync]\ninterval_s = 0.3\n\n[scanning]\nserial_ports = ["{os.ttyname(slave)}"]\n\n'
                          '[ui]\nsound = false\n')
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HANDOFF_CONFIG": str(config),
               "HANDOFF_LOGGING__DIR": str(tmp_path / "logs")}
        env.pop("HANDOFF_EXIT_AFTER_SHOW", None)
        window = subprocess.Popen([sys.executable, "-m", "ui.main", "run", "--role", "station", "--db",
                                   str(site_db_path), "--quit-after", "60"], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        engine = server.app.state.engine
        ops = schema.ops.c

        def pushed() -> list[str]:
            with engine.connect() as conn:
                return list(conn.execute(select(ops.name).where(ops.terminal_id == terminal_id)).scalars())

        deadline = time.monotonic() + 45
        while "UserLoggedIn" not in pushed() and time.monotonic() < deadline:
            assert window.poll() is None, window.communicate()[1]
            os.write(master, f"{BADGES['packer']}\r".encode())   # the packer badge on the serial scanner
            time.sleep(1.0)
        assert "UserLoggedIn" in pushed(), "the login made in the window never reached the backend"
        with engine.connect() as conn:
            status = conn.execute(select(ops.status).where(ops.terminal_id == terminal_id,
                                                           ops.name == "UserLoggedIn")).scalars().first()
        assert status == "applied"
    finally:
        if window is not None:
            window.terminate()
            _, stderr = window.communicate(timeout=30)
            assert "Traceback" not in stderr, stderr
        os.close(master)
        os.close(slave)
        server.stop()
