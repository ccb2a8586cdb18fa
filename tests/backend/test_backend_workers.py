"""`handoff-backend serve --workers N` (what packaging/systemd/handoff-backend.service runs): several
uvicorn worker processes on one store, each answering the sync API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def test_serve_with_workers_starts_them_and_answers(store_url: str) -> None:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve", "--db", store_url, "--port", str(port),
                                "--workers", "2", "--log-level", "warning"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        answered = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answered = httpx.post(f"http://127.0.0.1:{port}/v1/push", json={}, timeout=2)
                if len(_children(process.pid)) >= 3:   # 2 workers + the multiprocessing tracker
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        assert process.poll() is None, process.communicate()[1]
        assert answered is not None and answered.status_code == 401
        workers = [c for c in _children(process.pid)
                   if "multiprocessing" in Path(f"/proc/{c}/cmdline").read_text()]
        assert len(workers) >= 2
        refused = httpx.post(f"http://127.0.0.1:{port}/v1/push", json={}, timeout=5)
        assert refused.status_code == 401   # a real worker checked the (missing) token
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_refuses_zero_workers() -> None:
    result = subprocess.run([sys.executable, "-m", "backend.cli", "serve", "--workers", "0"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, env={**os.environ})
    assert result.returncode == 2 and result.stderr.strip() == "handoff-backend: --workers needs 1 or more."
