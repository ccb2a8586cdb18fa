"""The dashboard's Fleet tab against a real backend on 127.0.0.1: a simulated hour is synced, the tab
fetches `/v1/stats` on its reader thread and shows the backend's figures; offline and not-enrolled
terminals get one clear sentence; a backend that takes the call and never answers does not hold up
the database writes queued meanwhile."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.people.badges import User
from terminal.stats.kpis import KPI_KEYS, compute_kpis
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from ui.context import AppContext
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402
from sync_live import LiveServer, enrol  # noqa: E402

NOW = START + timedelta(hours=1)          # the sim world's site is in UTC: shift 06:00–now


@pytest.fixture
def live(tmp_path: Path):  # type: ignore[no-untyped-def]
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    yield server
    server.stop()


@pytest.fixture
def pages(qtbot):  # type: ignore[no-untyped-def]
    """Makes dashboard pages, each with its own real task manager; shuts them down afterwards."""
    made: list[tuple[TaskManager, Any]] = []

    def make(path: Path, settings: Settings) -> StatsPage:
        db = open_db(path)
        tasks = TaskManager()
        made.append((tasks, db))
        ctx = AppContext(db_path=path, db=db, settings=settings, clock=FixedClock(NOW), tasks=tasks)
        page = StatsPage(ctx, User("sup", "Sup", ("supervisor",), (), "en"))
        qtbot.addWidget(page)
        return page

    yield make
    for tasks, db in made:
        tasks.shutdown()
        db.close()


def _load(qtbot, page: StatsPage) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(page.fleet.sig_loaded, timeout=30000):
        page.tabs.setCurrentWidget(page.fleet)      # choosing the tab asks the backend


def test_fleet_tab_shows_the_backends_figures_and_says_when_offline(qtbot, pages, live: LiveServer,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "site.db"
    db = open_db(path, create=True)
    build_world(db, orders=60, seed=5)
    db.close()
    seed_from_terminal_db(live.app.state.engine, "S1", path)
    term = enrol(live, path, site="S1")
    simulate_shift(term.db, path, SimConfig(pickers=2, packers=1, hours=1, seed=5, start=START))
    while term.db.execute("SELECT 1 FROM outbox WHERE acked = 0 LIMIT 1").fetchone():
        sync_once(term.db, term.client())
    local = compute_kpis(term.db, Window(START, NOW, datetime.now(UTC)))
    term.db.close()
    assert local["pick_rate_lph"] and local["scan_error_per_1000"] is not None

    token_file = tmp_path / "fleet.token"
    token_file.write_text(auth.make_integration_token(live.app.state.engine, "supervisors"))
    page = pages(path, Settings({"stats": {"fleet_token_file": str(token_file)}}))
    _load(qtbot, page)
    # the tiles show every figure but the returns' (the site's own, on their tab); the backend sends all of them
    shown = page.fleet.tiles
    assert {key: shown[key].value for key in shown} == {key: local[key] for key in shown}
    assert {key: page.fleet.figures.kpis[key] for key in KPI_KEYS} == local
    assert page.fleet.figures is not None and page.fleet.figures.scope == "fleet"
    assert "whole fleet" in page.fleet.status.text() and page.fleet.board.isVisibleTo(page.fleet)

    own = pages(path, Settings({}))              # no fleet token: the terminal's own, this site only
    _load(qtbot, own)
    assert own.fleet.figures is not None and own.fleet.figures.scope == "site"
    assert {key: own.fleet.tiles[key].value for key in own.fleet.tiles} == {key: local[key] for key in own.fleet.tiles}
    assert {key: own.fleet.figures.kpis[key] for key in KPI_KEYS} == local

    live.stop()
    _load(qtbot, page)
    assert "not available" in page.fleet.status.text() and "cannot be reached" in page.fleet.status.text()
    assert page.fleet.tiles["pick_rate_lph"].value == local["pick_rate_lph"]    # the last figures stay
    live.start()


def test_fleet_tab_without_a_backend_says_so(qtbot, pages, tmp_path: Path) -> None:
    path = tmp_path / "alone.db"
    open_db(path, create=True).close()
    page = pages(path, Settings({}))
    _load(qtbot, page)
    assert "no backend is configured" in page.fleet.status.text()
    assert all(tile.value is None for tile in page.fleet.tiles.values())
    assert not page.fleet.board.isVisibleTo(page.fleet)       # no sixteen dashes under the sentence


@pytest.fixture
def hanging_backend() -> Iterator[tuple[str, threading.Event, Callable[[], None]]]:
    """A loopback socket that accepts connections and never answers, until `hang_up()` closes them."""
    listener = socket.create_server(("127.0.0.1", 0))
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:            # the listener was closed: the test is over
                return
            held.append(conn)
            connected.set()

    threading.Thread(target=accept, name="hanging-backend", daemon=True).start()

    def hang_up() -> None:
        for conn in held:
            conn.close()

    yield f"http://127.0.0.1:{listener.getsockname()[1]}", connected, hang_up
    hang_up()
    listener.close()


def test_a_hanging_backend_does_not_hold_up_database_writes(qtbot, pages, hanging_backend,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    url, connected, hang_up = hanging_backend
    path = tmp_path / "site.db"
    db = open_db(path, create=True)
    db.execute("INSERT INTO users (id, name, roles) VALUES ('sup', 'Sup', 'supervisor')")
    db.execute("INSERT INTO exceptions (id, kind, raised_at, message) VALUES ('e1', 'short_pick', ?, 'm')",
               (iso(NOW - timedelta(minutes=5)),))
    db.conn.commit()
    db.close()
    token_file = tmp_path / "fleet.token"
    token_file.write_text("integration-token")
    page = pages(path, Settings({"sync": {"backend_url": url}, "stats": {"fleet_token_file": str(token_file)}}))
    with qtbot.waitSignal(page.sig_refreshed, timeout=30000):
        page.refresh()
    page.queue.selectRow(0)

    events: list[str] = []
    page.fleet.sig_loaded.connect(lambda: events.append("fleet answered"))
    page.ctx.tasks.sig_busy_changed.connect(lambda busy: None if busy else events.append("writes done"))
    page.tabs.setCurrentWidget(page.fleet)          # asks the backend, which takes the call and says nothing
    qtbot.waitUntil(connected.is_set, timeout=30000)
    assert page.fleet.busy

    page.acknowledge_selected()                     # a database write while the backend hangs
    qtbot.waitUntil(lambda: "writes done" in events, timeout=30000)
    assert events == ["writes done"] and page.fleet.busy      # written while the fetch still waits
    check = open_db(path)
    assert check.execute("SELECT status FROM exceptions WHERE id = 'e1'").fetchone()[0] == "acknowledged"
    check.close()

    with qtbot.waitSignal(page.fleet.sig_loaded, timeout=30000):
        hang_up()                                   # the backend drops the call: the tab says so
    assert events == ["writes done", "fleet answered"]
    assert "not available" in page.fleet.status.text()
