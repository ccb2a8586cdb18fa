"""`handoff run --demo`: a real backend on 127.0.0.1 (SQLite, a subprocess), the demo terminal enrolled
with it, and the sync worker running — stopped again when the app quits.

The backend database lives beside the demo database (`<db>.backend.db`) and is seeded once from the
demo data, so the terminal and the backend start from the same catalogue and orders. The terminal
keeps its enrollment across runs; only the port can change (`sync.demo_port`, default 8765)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from terminal.children import die_with_parent, port_free
from terminal.clock import Clock
from terminal.config import Settings
from terminal.store import open_db
from terminal.sync import state
from terminal.sync.enroll import enroll_terminal
from terminal.sync.worker import SyncWorker

log = logging.getLogger("ui.sync.demo")
SITE = "DEMO"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _backend_cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "backend.cli", *args], capture_output=True, text=True, check=True,
                          timeout=120)
    return done.stdout.strip()


class DemoSync:
    """The demo's backend process, enrollment and sync worker; `stop()` ends both."""

    def __init__(self, db_path: Path, settings: Settings, clock: Clock | None = None) -> None:
        self.db_path = Path(db_path)
        self.clock = clock   # the window's (the demo's own): last sync and waiting ages on the clock it shows
        self.settings = settings
        self.backend_db = Path(str(db_path) + ".backend.db")
        self.process: subprocess.Popen[bytes] | None = None
        self.worker: SyncWorker | None = None
        self.url = ""

    def start(self) -> DemoSync:
        url = f"sqlite:///{self.backend_db}"
        fresh = not self.backend_db.exists()
        if fresh:
            from terminal.lockers.codes import key_path

            site = self._site_id()
            extra: list[str] = []
            key_file = key_path(self.settings, self.db_path)
            if key_file.exists():   # the demo's parcel codes were made with this key: keep it
                extra = ["--site-key-file", str(key_file)]
            _backend_cli("seed", "--db", url, "--site", site, "--from-db", str(self.db_path), *extra)
        wanted = int(self.settings.get("sync.demo_port", 8765))
        port = wanted if wanted and port_free(wanted) else _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve", "--db", url, "--port", str(port), "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
            preexec_fn=die_with_parent(),   # a killed window must not leave its backend on the port
        )
        self._wait_listening(port)
        db = open_db(self.db_path)
        try:
            enrolled = bool(state.get(db, "terminal_id")) and not fresh
            if enrolled:
                state.put(db, backend_url=self.url)
        finally:
            db.close()
        if not enrolled:
            code = _backend_cli("enroll-code", "--db", url, "--site", self._site_id(), "--role", "station")
            enroll_terminal(self.db_path, self.url, code, name="demo-terminal", settings=self.settings)
        self.worker = SyncWorker(self.db_path, settings=self.settings.with_overrides(
            {"sync.interval_s": float(self.settings.get("sync.interval_s", 5.0))}), clock=self.clock)
        self.worker.start()
        log.info("demo backend on %s; sync worker started", self.url)
        return self

    def _site_id(self) -> str:
        db = open_db(self.db_path)
        try:
            row = db.execute("SELECT id FROM sites ORDER BY (kind = 'warehouse') DESC, id LIMIT 1").fetchone()
        finally:
            db.close()
        return str(row[0]) if row else SITE

    def _wait_listening(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                if self.process is not None and self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("The demo backend did not start.")

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


def start_demo_sync(app: Any, ctx: Any) -> tuple[DemoSync, Any] | None:
    """Start the demo backend and worker for `handoff run --demo`; never stops the app from opening."""
    from ui.sync.adapter import SyncAdapter

    try:
        demo = DemoSync(ctx.db_path, ctx.settings, ctx.clock).start()
    except Exception as exc:   # the demo still runs offline; the status bar says so
        log.warning("demo sync not started: %s", exc)
        return None
    assert demo.worker is not None
    adapter = SyncAdapter(demo.worker, app)
    app.aboutToQuit.connect(demo.stop)
    return demo, adapter
