"""The stats projector's worker keeps out of a backlog drain: it steps once pushes pause (`quiet`), at
most `late` after they began, and at once when a /v1/stats request waits for it (bench/bench_sync_floor.py
measured projecting between the batches of a drain at half of the backend's time)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from backend import auth
from backend.changes import seed_entities
from backend.db import make_engine, migrate
from backend.push import apply_push
from backend.stats_worker import StatsWorker
from terminal.ids import new_id
from terminal.sync.protocol import WireOp

SITE = "S1"
AT = "2026-11-23T08:00:00.000+00:00"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'backend.db'}")
    migrate(engine)
    with engine.begin() as conn:
        auth.ensure_site(conn, SITE)
        seed_entities(conn, SITE, "user", [{"id": "U1", "name": "A", "roles": "picker", "zones": "",
                                            "language": "pl", "active": 1}])
    yield engine
    engine.dispose()


def _push_logins(engine: Engine, count: int) -> None:
    code, _ = auth.make_enrollment_code(engine, SITE, "station")
    terminal_id = auth.enroll(engine, code, "T", "station")["terminal_id"]
    ops = [WireOp(seq=seq, op_id=new_id(), name="UserLoggedIn", args={"user_id": "U1", "role": "picker",
                                                                       "session_id": new_id()}, at=AT)
           for seq in range(1, count + 1)]
    assert apply_push(engine, terminal_id, SITE, ops).status == 200


@contextmanager
def _pushes_keep_coming(worker: StatsWorker) -> Iterator[None]:
    """Kick the worker every 50 ms, as a push committing after each batch of a drain does."""
    done = threading.Event()

    def kick() -> None:
        while not done.wait(0.05):
            worker.kick()

    kicker = threading.Thread(target=kick, daemon=True)
    worker.kick()
    kicker.start()
    try:
        yield
    finally:
        done.set()
        kicker.join()


def _until_projected(worker: StatsWorker, within: float) -> float:
    started = time.monotonic()
    while worker.behind(SITE) and time.monotonic() - started < within:
        time.sleep(0.05)
    assert worker.behind(SITE) == 0, f"not projected within {within} s"
    return time.monotonic() - started


def test_the_worker_waits_while_pushes_keep_coming_and_steps_once_they_pause(engine: Engine) -> None:
    _push_logins(engine, 20)
    worker = StatsWorker(engine, interval=0.05, quiet=1.0, late=600.0)
    try:
        with _pushes_keep_coming(worker):
            worker.start()
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline:    # 40 kicks and 40 intervals: no step in between
                assert worker.behind(SITE) == 20
                time.sleep(0.05)
        _until_projected(worker, within=60.0)
    finally:
        worker.stop()


def test_the_worker_steps_at_most_late_after_pushes_began(engine: Engine) -> None:
    _push_logins(engine, 20)
    worker = StatsWorker(engine, interval=60.0, quiet=1.0, late=1.5)
    try:
        with _pushes_keep_coming(worker):
            worker.start()
            _until_projected(worker, within=60.0)   # while the pushes go on
    finally:
        worker.stop()


def test_a_stats_request_does_not_wait_for_the_pushes_to_pause(engine: Engine) -> None:
    _push_logins(engine, 20)
    worker = StatsWorker(engine, interval=60.0, quiet=1.0, late=600.0)
    try:
        with _pushes_keep_coming(worker):
            worker.start()
            assert worker.wait_caught_up(SITE, wait=60.0) == 0
    finally:
        worker.stop()
