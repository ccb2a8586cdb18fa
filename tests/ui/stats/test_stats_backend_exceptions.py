"""The backend's own exceptions on the supervisor's Fleet tab, offscreen, against a real backend on
127.0.0.1 (SQLite and PostgreSQL): a pickup message that died at a stopped SMTP server shows as one
line in English and, after a language switch, in Polish, at the supervisor of that site — with its own
token, and nothing of it at another site's; a backend without /v1/exceptions shows no list at all."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.people.badges import User
from terminal.store import open_db
from ui.context import AppContext
from ui.i18n import language_switch
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
from delivery_live import COMPARTMENT, SITE, Kiosk, MailServer, notification_key, notify_config  # noqa: E402
from sync_live import STORES, LiveServer, database_url, enrol  # noqa: E402


@pytest.fixture(params=STORES)
def dead_letter(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[LiveServer, str]]:
    """A backend whose deposited message for one parcel at SITE died (the SMTP server never up)."""
    with database_url(request.param, tmp_path) as url:
        mail = MailServer()
        server = LiveServer(url, notify_config=notify_config(mail=mail),
                            notification_key=notification_key(tmp_path)).start()
        try:
            kiosk = Kiosk(server, tmp_path)
            parcel = kiosk.announce("TRK-UI", recipient_email="ola@example.com")
            kiosk.push("ParcelDeposited", parcel_id=parcel, compartment_id=COMPARTMENT)
            moment = datetime.now(UTC)
            for hours in range(1, 7):
                server.app.state.delivery.run_once(moment + timedelta(hours=hours))
            assert ("deposited", "email", "dead") in kiosk.outbox()
            yield server, parcel
        finally:
            server.stop()


def _page(qtbot, server: LiveServer, path: Path, site: str) -> tuple[StatsPage, TaskManager]:  # type: ignore[no-untyped-def]
    """A supervisor's dashboard at `site` asking the backend with its own (site-scoped) token."""
    enrol(server, path, site=site, role="supervisor").db.close()
    db = open_db(path)
    tasks = TaskManager()
    ctx = AppContext(db_path=path, db=db, settings=Settings({"sync": {"interval_s": 60.0}}), clock=FixedClock(),
                     tasks=tasks)
    page = StatsPage(ctx, User("sup", "Sup", ("supervisor",), (), "en"))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.fleet.sig_loaded, timeout=30000):
        page.tabs.setCurrentWidget(page.fleet)
    return page, tasks


def _close(page: StatsPage, tasks: TaskManager) -> None:
    page.fleet.timer.stop()
    page.fleet.reader.wait_idle()
    tasks.shutdown()
    page.ctx.db.close()


def test_a_dead_pickup_message_shows_on_the_fleet_tab_of_its_site(qtbot, dead_letter, tmp_path):
    server, parcel = dead_letter
    page, tasks = _page(qtbot, server, tmp_path / "supervisor.db", SITE)
    try:
        listed = page.fleet.exceptions
        assert listed.isVisibleTo(page.fleet), page.fleet.status.text()
        assert [row.property("kind") for row in listed.rows] == ["notification_dead"]
        text = listed.rows[0].text()
        assert f"<b>{SITE}</b>" in text and "message not delivered" in text
        assert f"The pickup code message for parcel {parcel} could not be sent by e-mail after 4 attempt(s)" in text
        assert "Open exceptions on the backend: 1." in listed.summary.text()
        assert "ola@example.com" not in text
        language_switch().set_language("pl")        # the same answer, worded again in Polish
        try:
            qtbot.waitUntil(lambda: "wiadomość niedostarczona" in listed.rows[0].text(), timeout=5000)
            assert f"Wiadomości „kod odbioru” dla paczki {parcel} nie udało się wysłać kanałem e-mail po 4 próbach" \
                in listed.rows[0].text()
            assert "Otwarte wyjątki na backendzie: 1." in listed.summary.text()
        finally:
            language_switch().set_language("en")
    finally:
        _close(page, tasks)

    elsewhere, tasks = _page(qtbot, server, tmp_path / "elsewhere.db", "WH-OTHER")
    try:      # another site's supervisor: the backend answers its site only, where nothing died
        assert elsewhere.fleet.exceptions.rows == []
        assert elsewhere.fleet.exceptions.summary.text() == "The backend has no open exceptions."
    finally:
        _close(elsewhere, tasks)


def test_a_backend_without_the_route_shows_no_list(qtbot, dead_letter, tmp_path):
    server, _ = dead_letter
    server.app.router.routes[:] = [r for r in server.app.router.routes if getattr(r, "path", "") != "/v1/exceptions"]
    page, tasks = _page(qtbot, server, tmp_path / "supervisor.db", SITE)
    try:
        assert page.fleet.board.isVisibleTo(page.fleet)            # the figures came
        assert not page.fleet.exceptions.isVisibleTo(page.fleet)   # and no list, not an error
        assert page.fleet.figures is not None and page.fleet.figures.exceptions is None
    finally:
        _close(page, tasks)
