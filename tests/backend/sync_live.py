"""A real uvicorn server on 127.0.0.1 in a thread, stoppable and restartable on the same port."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from backend.app import create_app


class LiveServer:
    def __init__(self, db_url: str, port: int = 0) -> None:
        self.db_url = db_url
        self.port = port
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None
        self.app = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        self.app = create_app(self.db_url)
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        started = threading.Event()
        for _ in range(500):
            if self.server.started:
                started.set()
                break
            started.wait(0.01)
        assert self.server.started, "uvicorn did not start"
        return self

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(10)
            self.app.state.engine.dispose()
            self.server = self.thread = None

    def restart(self) -> None:
        self.stop()
        self.start()


PG_URL = os.environ.get("HANDOFF_TEST_PG_URL", "")


@contextmanager
def database_url(kind: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh store: a SQLite file, or a throw-away schema in the PostgreSQL of HANDOFF_TEST_PG_URL."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'backend.db'}"
        return
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    base = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


STORES = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
