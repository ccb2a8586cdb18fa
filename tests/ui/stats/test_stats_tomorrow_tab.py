"""The dashboard's Tomorrow tab against a real backend on 127.0.0.1: each locker's expected fill
tomorrow, fullest first, the nearly full ones marked; every locker with the fleet token, the own
locker with the terminal's token; without a backend one sentence."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from backend import auth
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.people.badges import User
from terminal.store import open_db
from terminal.sync.cycle import sync_once
from ui.context import AppContext
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
from locker_world import add_locker  # noqa: E402
from sync_live import LiveServer, enrol  # noqa: E402


@pytest.fixture
def live(tmp_path: Path):  # type: ignore[no-untyped-def]
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    yield server
    server.stop()


def _page(qtbot, path: Path, settings: Settings):  # type: ignore[no-untyped-def]
    db = open_db(path)
    tasks = TaskManager()
    ctx = AppContext(db_path=path, db=db, settings=settings, clock=FixedClock(datetime.now(UTC)), tasks=tasks)
    page = StatsPage(ctx, User("sup", "Sup", ("supervisor",), (), "en"))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.tomorrow.sig_loaded, timeout=30000):
        page.tabs.setCurrentWidget(page.tomorrow)          # choosing the tab asks the backend
    return page, tasks, db


def _rows(page: StatsPage) -> list[list[str]]:
    table = page.tomorrow.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_tomorrow_tab_shows_each_lockers_expected_fill_fullest_first(qtbot, live: LiveServer, tmp_path: Path) -> None:
    engine = live.app.state.engine
    add_locker(engine, "LK1", "AA", (52.23, 21.01))
    add_locker(engine, "LK2", "AAAA", (52.25, 21.01))
    token = auth.make_integration_token(engine, "supervisors")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    for site, tracking in (("LK1", "T1"), ("LK1", "T2"), ("LK2", "T3")):
        answer = httpx.post(f"{live.url}/v1/parcels", headers={"Authorization": f"Bearer {token}"}, json={
            "site_id": site, "tracking_number": tracking, "recipient_phone": "600100200",
            "expected_deposit_at": iso(tomorrow)})
        assert answer.status_code == 200, answer.text
    path = tmp_path / "sup.db"
    term = enrol(live, path, site="LK1", role="supervisor")
    sync_once(term.db, term.client())
    term.db.close()
    token_file = tmp_path / "fleet.token"
    token_file.write_text(token)
    page, tasks, db = _page(qtbot, path, Settings({"stats": {"fleet_token_file": str(token_file)}}))
    try:
        rows = _rows(page)
        assert [row[:3] for row in rows] == [["LK1", "2", "2"], ["LK2", "4", "1"]]
        assert rows[0][3] == "100 % — nearly full" and rows[1][3] == "25 %"
        assert rows[0][4].endswith(page.ctx.local_time(iso(tomorrow)))
        assert "1 of 2 lockers nearly full" in page.tomorrow.status.text()
    finally:
        tasks.shutdown()
        db.close()
    own, tasks, db = _page(qtbot, path, Settings({}))      # the terminal's own token: its locker only
    try:
        assert [row[0] for row in _rows(own)] == ["LK1"]
        assert "This locker" in own.tomorrow.status.text()
    finally:
        tasks.shutdown()
        db.close()


def test_tomorrow_tab_without_a_backend_says_so(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "alone.db"
    open_db(path, create=True).close()
    page, tasks, db = _page(qtbot, path, Settings({}))
    try:
        assert "no backend is configured" in page.tomorrow.status.text()
        assert not page.tomorrow.table.isVisibleTo(page.tomorrow)
    finally:
        tasks.shutdown()
        db.close()
