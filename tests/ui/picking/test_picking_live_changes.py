"""The picker's page follows the database through the core's change events, not a timer: a
cancellation the marketplace sends to a real backend reaches the cart's screen as soon as the sync
worker (its own thread and connection) applies the pulled page; and the page's only timer is the
ship-by countdown, which never reads the database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from picking_world import add_totes, build_warehouse
from PySide6.QtCore import QTimer

from backend import auth
from backend.seed import seed_from_terminal_db
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.people.badges import user_for_badge
from terminal.scanning.types import ToteScan
from terminal.store import open_db
from terminal.sync.worker import SyncWorker
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.picking.pages import PickingPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backend"))
from sync_live import LiveServer, enrol  # noqa: E402

SITE = "WAW1"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    yield live
    live.stop()


def _order(external_id: str, clock: FixedClock, **changes: Any) -> dict[str, Any]:
    body = {"external_id": external_id, "site_id": SITE, "carrier_code": "DPD", "service": "NEXT_DAY",
            "ref": external_id, "recipient": {"name": "Jan", "street": "Polna 1", "postcode": "00-001",
                                              "city": "Warszawa"},
            "ship_by": iso(clock.now() + timedelta(hours=6)), "lines": [{"sku_code": "SKU-MUG", "qty": 1}]}
    return {**body, **changes}


@pytest.fixture
def live_cart(qtbot, server: LiveServer, tmp_path: Path, clock: FixedClock) -> Iterator[tuple[AppContext, Any]]:
    path = tmp_path / "cart.db"
    db = open_db(path, create=True)
    build_warehouse(db)
    add_totes(db)
    db.close()
    seed_from_terminal_db(server.app.state.engine, SITE, path)
    term = enrol(server, path, site=SITE)
    term.db.close()
    token = auth.make_integration_token(server.app.state.engine, "marketplace")

    def post(body: dict[str, Any]) -> dict[str, Any]:
        answer = httpx.post(f"{server.url}/v1/orders", json=body, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    worker = SyncWorker(path, settings=Settings({"sync": {"interval_s": 3600.0}}), clock=clock)
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}}), clock=clock, synchronous=True)
    try:
        yield ctx, (post, worker)
    finally:
        worker.stop()
        shutdown(ctx)


def _synced(qtbot, worker: SyncWorker) -> None:
    with qtbot.waitSignal(_cycle_signal(worker), timeout=20000):
        worker.sync_now()


def _cycle_signal(worker: SyncWorker):  # type: ignore[no-untyped-def]
    """The worker's plain `cycle_done` event as a Qt signal (emitted on the worker's thread)."""
    from PySide6.QtCore import QObject, Signal

    class Relay(QObject):
        done = Signal(object)

    relay = Relay()
    worker.cycle_done.connect(lambda result, error: relay.done.emit(error))
    worker._relay = relay  # type: ignore[attr-defined]   # kept alive with the worker
    return relay.done


def test_a_pulled_cancellation_reaches_the_picking_page_without_a_timer(qtbot, live_cart, clock) -> None:
    ctx, (post, worker) = live_cart
    post(_order("R-GONE", clock))
    worker.start()
    _synced(qtbot, worker)                                   # the order arrives on the cart
    page = PickingPage(ctx, user_for_badge(ctx.db, "B-ALA"))
    qtbot.addWidget(page)
    page.show()
    page.on_shown()
    assert page.view is not None and page.view.batch_id is not None, page.message.text()
    page.handle_scan(ToteScan(raw="T-001", code="T-001"))
    assert page.view.state == "location", page.message.text()
    _synced(qtbot, worker)                                   # BatchStarted and ToteBound reach the server
    assert ctx.db.execute("SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0] == 0
    for timer in page.findChildren(QTimer):
        timer.stop()                                         # no timer can help from here on
    assert post(_order("R-GONE", clock, cancelled=True))["result"] == "cancelled"
    worker.sync_now()                                        # the pull applies on the worker's thread
    qtbot.waitUntil(lambda: "R-GONE was cancelled" in page.message.text(), timeout=20000)
    assert page.view is not None and page.view.current_task() is None


def test_the_only_timer_on_the_picking_page_is_a_countdown_that_reads_nothing(qtbot, live_cart, clock) -> None:
    ctx, (post, worker) = live_cart
    post(_order("R-1", clock))
    worker.start()
    _synced(qtbot, worker)
    page = PickingPage(ctx, user_for_badge(ctx.db, "B-ALA"))
    qtbot.addWidget(page)
    page.show()
    page.on_shown()
    timers = page.findChildren(QTimer)
    assert [t.interval() for t in timers if t.isActive()] == [1000]
    statements: list[str] = []
    ctx.db.conn.set_trace_callback(statements.append)
    try:
        for _ in range(3):
            timers[0].timeout.emit()
    finally:
        ctx.db.conn.set_trace_callback(None)
    assert statements == []
    assert "Ship by" in page.ship_by.text()
