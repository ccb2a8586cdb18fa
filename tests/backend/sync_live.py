"""A real uvicorn server on 127.0.0.1 in a thread, stoppable and restartable on the same port."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils
import uvicorn

from backend import auth
from backend.app import create_app
from backend.changes import seed_entities
from backend.notify import RecordingNotifier
from backend.ratelimit import Limits
from terminal.config import Settings
from terminal.store import open_db
from terminal.sync.enroll import client_for, enroll_terminal

SITE = "WH1"


class LiveServer:
    def __init__(self, db_url: str, port: int = 0, *, tls: tuple[str, str] | None = None, **app_options: Any) -> None:
        self.db_url = db_url
        # create_app's keywords (docs, limits, notification_retention, notify_config, …); a test enrols many
        # terminals from 127.0.0.1, so the rate limits are out of the way unless a test asks for them
        app_options.setdefault("limits", Limits(enroll_per_minute=1_000_000, open_per_minute=1_000_000))
        self.app_options = app_options
        self.notifier = RecordingNotifier()   # the SMS gateway: what recipients were sent, in memory
        self.port = port
        self.tls = tls   # (certificate chain file, key file): serve HTTPS
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None
        self.app = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        self.app = create_app(self.db_url, notifier=self.notifier, **self.app_options)
        certfile, keyfile = self.tls or (None, None)
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False,
                                ssl_certfile=certfile, ssl_keyfile=keyfile)
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
        if self.app.state.delivery is not None:   # lifespan is off here: the delivery worker starts by hand
            self.app.state.delivery.start()
        return self

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(10)
            self.app.state.stats_worker.stop()   # started at the first /v1/stats (lifespan is off here)
            if self.app.state.delivery is not None:
                self.app.state.delivery.stop()
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


def seed_catalogue(engine: Any, site: str = SITE, locations: int = 3, skus: int = 3) -> None:
    with engine.begin() as conn:
        auth.ensure_site(conn, site)
        seed_entities(conn, site, "layout", [{"id": "L1", "site_id": site, "name": "main", "toml": ""}])
        seed_entities(conn, site, "location", [
            {"code": f"A-{i:02d}", "layout_id": "L1", "zone": "A", "aisle": 1, "bay": i, "level": 1, "side": "L",
             "active": 1} for i in range(1, locations + 1)])
        seed_entities(conn, site, "sku", [
            {"code": f"SKU{i}", "name": f"Thing {i}", "length_mm": 10, "width_mm": 10, "height_mm": 10,
             "weight_g": 100, "image": None} for i in range(1, skus + 1)])


class Terminal:
    """An enrolled terminal database with its settings."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path, self.settings = path, settings
        self.db: sqlite_utils.Database = open_db(path, create=True)

    def client(self):  # type: ignore[no-untyped-def]
        return client_for(self.path, self.settings)


def enrol(server: LiveServer, path: Path, *, site: str = SITE, role: str = "station",
          backend_url: str | None = None) -> Terminal:
    engine = server.app.state.engine
    code, _ = auth.make_enrollment_code(engine, site, role)
    settings = Settings({})
    enroll_terminal(path, backend_url or server.url, code, name=path.stem, settings=settings)
    return Terminal(path, settings)


AT = "2026-11-23T08:00:00.000+00:00"


def wire_op(seq: int, name: str = "SyncTestStockSet", args: dict[str, Any] | None = None,
            **fields: Any) -> dict[str, Any]:
    """An op as a terminal pushes it: `SyncTestStockSet` setting A-01/SKU1 to `seq` unless told
    otherwise; `fields` replace any of the op's fields (op_id, at, …) as they stand."""
    op = {"seq": seq, "op_id": f"op-{seq}", "name": name, "at": AT,
          "args": args if args is not None else {"location": "A-01", "sku": "SKU1", "qty": seq}}
    return {**op, **fields}
