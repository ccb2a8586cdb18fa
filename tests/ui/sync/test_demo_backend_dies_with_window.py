"""`kill -9` of a window must take its demo backend with it: the next start gets the same port back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from terminal.store import open_db
from terminal.sync.pull import apply_change

WINDOW = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from terminal.config import Settings
    from ui.sync.demo import DemoSync
    demo = DemoSync(Path(sys.argv[1]), Settings({"sync": {"interval_s": 60.0, "demo_port": 0}})).start()
    print(demo.process.pid, demo.url, flush=True)
    time.sleep(120)
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); its state in /proc says it has ended
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_killed_window_takes_its_demo_backend_with_it(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with db.conn:   # the demo site, as a pulled row
        apply_change(db, {"entity": "site", "key": "WH-DEMO", "op": "upsert",
                          "data": {"id": "WH-DEMO", "name": "Demo warehouse", "kind": "warehouse"}})
    db.close()
    window = subprocess.Popen([sys.executable, "-c", WINDOW, str(db_path)], stdout=subprocess.PIPE, text=True)
    backend_pid = 0
    try:
        assert window.stdout is not None
        backend_pid = int(window.stdout.readline().split()[0])
        assert _alive(backend_pid)
        window.send_signal(signal.SIGKILL)
        window.wait(10)
        deadline = time.monotonic() + 10
        while _alive(backend_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(backend_pid), "the demo backend outlived its killed window"
    finally:
        window.kill()
        if backend_pid and _alive(backend_pid):
            os.kill(backend_pid, signal.SIGKILL)
