"""The Fleet tab's terminal health, offscreen, against a real backend on 127.0.0.1 whose clock the test
moves: two kiosks report, one stops, and without anyone pressing Refresh the tab lists it first, red,
one sync interval after the report it missed; boards offline are red too, other problems amber."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend import auth
from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.people.badges import User
from terminal.store import open_db
from terminal.sync.state import load_token
from ui.context import AppContext
from ui.i18n import language_switch
from ui.stats.fleet_health import AMBER, GREY, RED
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
from sync_live import LiveServer, enrol  # noqa: E402

INTERVAL = 10.0


@pytest.fixture
def backend_clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def live(tmp_path: Path, backend_clock: FixedClock) -> Iterator[LiveServer]:
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}", clock=backend_clock).start()
    yield server
    server.stop()


def reporter(live: LiveServer, path: Path) -> Any:
    """A kiosk that reports by hand with its own token; `beat(**fields)` sends one heartbeat."""
    enrol(live, path, site="LK1", role="kiosk").db.close()
    http = httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {load_token(Path(f'{path}.synctoken'))}"})

    def beat(**fields: Any) -> None:
        body = {"app_version": "1.0", "schema_version": 71, "sync_interval_s": INTERVAL, **fields}
        assert http.post("/v1/heartbeat", json=body).status_code == 200

    return beat


@pytest.fixture
def page(qtbot, live: LiveServer, tmp_path: Path) -> Iterator[StatsPage]:  # type: ignore[no-untyped-def]
    path = tmp_path / "supervisor.db"
    enrol(live, path, site="WH1", role="supervisor").db.close()
    token_file = tmp_path / "fleet.token"
    token_file.write_text(auth.make_integration_token(live.app.state.engine, "supervisors"))
    db = open_db(path)
    tasks = TaskManager()
    # the supervisor's own terminal syncs every second: the tab asks the backend again that often
    settings = Settings({"sync": {"interval_s": 1.0}, "stats": {"fleet_token_file": str(token_file)}})
    ctx = AppContext(db_path=path, db=db, settings=settings, clock=FixedClock(), tasks=tasks)
    stats = StatsPage(ctx, User("sup", "Sup", ("supervisor",), (), "en"))
    qtbot.addWidget(stats)
    stats.show()
    yield stats
    stats.fleet.timer.stop()
    stats.fleet.reader.wait_idle()
    tasks.shutdown()
    db.close()


def rows(page: StatsPage) -> list[tuple[str, str, str]]:
    """(text, problems, edge colour) of each line, top to bottom."""
    found = []
    for row in page.fleet.health.rows:
        edge = next(c for c in (RED, AMBER, GREY) if c in row.styleSheet())
        found.append((row.text(), row.property("problems"), edge))
    return found


def test_the_fleet_tab_shows_a_terminal_that_stopped_reporting_within_one_interval(qtbot, page, live,
                                                                                   backend_clock, tmp_path):
    quiet, busy = reporter(live, tmp_path / "kiosk-quiet.db"), reporter(live, tmp_path / "kiosk-busy.db")
    quiet(printer={"state": "problem", "detail": "paper out"})
    busy()
    with qtbot.waitSignal(page.fleet.sig_loaded, timeout=30000):
        page.tabs.setCurrentWidget(page.fleet)
    assert page.fleet.health.isVisibleTo(page.fleet)
    assert [r[1:] for r in rows(page)] == [("printer", AMBER), ("", GREY)]
    assert "paper out" in rows(page)[0][0] and "Reporting normally" in rows(page)[1][0]
    assert "1 need attention, 1 report normally" in page.fleet.health.summary.text()

    # "busy" reports every interval; "quiet" has stopped. One interval after the report it missed,
    # the tab — refreshing on its own timer — lists it first, red.
    for _ in range(2):
        backend_clock.advance(seconds=INTERVAL)
        busy(boards=[{"board": 0, "online": True}])
    backend_clock.advance(seconds=0.5)
    # no Refresh pressed: the tab's own timer asks (an answer already on its way may come first)
    qtbot.waitUntil(lambda: rows(page)[0][1].startswith("stale"), timeout=30000)
    (stale_text, stale_problems, stale_edge), (_, busy_problems, busy_edge) = rows(page)
    assert (stale_problems, stale_edge) == ("stale,printer", RED)
    assert "kiosk-quiet" in stale_text and "Not reporting for 20 s" in stale_text
    assert (busy_problems, busy_edge) == ("", GREY)

    busy(boards=[{"board": 0, "online": True}, {"board": 1, "online": False}])
    qtbot.waitUntil(lambda: rows(page)[1][1] == "boards_offline", timeout=30000)
    assert [r[1:] for r in rows(page)] == [("stale,printer", RED), ("boards_offline", RED)]
    assert "Lock boards offline: 1 of 2 (board 1)" in rows(page)[1][0]

    language_switch().set_language("pl")          # the lines are worded again, in Polish
    try:
        qtbot.waitUntil(lambda: "Nie raportuje od 20 s" in rows(page)[0][0], timeout=5000)
        assert "Sterowniki zamków offline: 1 z 2 (sterownik 1)" in rows(page)[1][0]
    finally:
        language_switch().set_language("en")


def test_the_timer_runs_only_while_the_tab_is_shown(qtbot, page):
    assert not page.fleet.timer.isActive()
    with qtbot.waitSignal(page.fleet.sig_loaded, timeout=30000):
        page.tabs.setCurrentWidget(page.fleet)
    assert page.fleet.timer.isActive() and page.fleet.timer.interval() == 1000
    page.tabs.setCurrentIndex(0)
    assert not page.fleet.timer.isActive()
    assert page.fleet.health.summary.text().startswith("No terminal has reported")
