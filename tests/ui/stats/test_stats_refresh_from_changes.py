"""The dashboard re-reads when the core says something it shows was written (issue 13 §5), not on its
timer: an op applied on the real database worker, and the pages of a pull from a real backend on
127.0.0.1 applied by the real sync worker, each show up with the slow timer stopped; a burst of
pulled pages costs one re-read; a write the figures do not read costs none."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from terminal import changes
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.ops import ChangeSet, apply_op
from terminal.people.badges import User
from terminal.store import open_db
from terminal.sync.worker import SyncWorker
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.stats.pages import StatsPage

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "terminal" / "stats"))
sys.path.insert(0, str(ROOT / "backend"))
from shift_ops import T0, Shift  # noqa: E402
from sync_live import SITE, LiveServer, enrol, seed_catalogue, seed_entities  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)     # the fixture site is in UTC: shift 06:00–now
SUPERVISOR = User("sv", "Sue", ("supervisor",), (), "en")


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _shown(qtbot, ctx: AppContext) -> StatsPage:  # type: ignore[no-untyped-def]
    """The dashboard shown with its first figures, and its slow timer stopped: whatever it shows
    after this came from a change event."""
    page = StatsPage(ctx, SUPERVISOR)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.sig_refreshed, timeout=20000):
        page.on_shown()
    page.timer.stop()
    return page


def _count(page: StatsPage) -> list[int]:
    refreshes = [0]
    page.sig_refreshed.connect(lambda: refreshes.__setitem__(0, refreshes[0] + 1))
    return refreshes


@pytest.fixture
def packed_not_handed_over(db_path: Path) -> tuple[Path, str]:
    """An order picked and packed this shift through the ops, its package not yet handed over."""
    db = open_db(db_path, create=True)
    try:
        shift = Shift(db, FixedClock(_h(-1)))
        order = shift.order(created=_h(-2), ship_by=_h(8))
        shift.pick(_h(1), order)
        return db_path, shift.pack(_h(2), order)
    finally:
        db.close()


@pytest.fixture
def worker_ctx(packed_not_handed_over: tuple[Path, str]) -> Iterator[AppContext]:
    # the real database worker thread, as `handoff run` has it
    ctx = make_context(packed_not_handed_over[0], settings=Settings({"ui": {"sound": False}}), clock=FixedClock(NOW))
    yield ctx
    shutdown(ctx)


def test_dashboard_shows_an_op_from_its_change_event_without_the_timer(
        qtbot, worker_ctx: AppContext, packed_not_handed_over: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    page = _shown(qtbot, worker_ctx)
    assert page.tiles["otst_median_s"].value is None          # nothing handed over yet
    refreshes = _count(page)
    handover = {"package_ids": [packed_not_handed_over[1]], "carrier_code": "DPD", "user_id": "k1"}
    done = threading.Event()
    with qtbot.waitSignal(page.sig_refreshed, timeout=20000):
        # the way a station hands packages over: the op on the database worker, committed there
        worker_ctx.tasks.run(lambda: apply_op(worker_ctx.db, "PackagesHandedOver", handover, clock=FixedClock(_h(3))),
                             lambda _: done.set(), lambda exc: pytest.fail(str(exc)), description="hand over")
    assert done.is_set()
    assert page.tiles["otst_median_s"].value == 5 * 3600.0     # created 04:00, handed over 09:00
    assert page.tiles["otst_median_s"].value_label.text() == "5 h"
    assert refreshes[0] == 1


def test_dashboard_ignores_a_write_its_figures_do_not_read(qtbot, worker_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = _shown(qtbot, worker_ctx)
    refreshes = _count(page)
    # what a push acknowledgement writes: the outbox and the sync state, nothing a figure reads
    changes.publish(worker_ctx.db, ChangeSet(tables=frozenset({"outbox", "sync_state"})))
    qtbot.wait(page.change_delay_ms + 700)
    assert refreshes[0] == 0 and not page.reader.busy


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(f"sqlite:///{tmp_path / 'backend.db'}").start()
    yield server
    server.stop()


def test_a_burst_of_pulled_pages_refreshes_the_dashboard_once(qtbot, live: LiveServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    late = 700                    # more than one pull page (500 changes) of orders already late
    engine = live.app.state.engine
    seed_catalogue(engine)
    with engine.begin() as conn:
        seed_entities(conn, SITE, "site", [{"id": SITE, "name": "Hall", "kind": "warehouse", "timezone": "UTC"}])
        seed_entities(conn, SITE, "carrier", [{"code": "DPD", "name": "DPD"}])
        seed_entities(conn, SITE, "order", [
            {"id": f"o{n}", "ref": f"O{n}", "service": "NEXT_DAY", "carrier_code": "DPD", "delivery_method": "courier",
             "recipient_name": "R", "created_at": iso(_h(-3)), "ship_by": iso(_h(1)), "status": "open"}
            for n in range(late)])
    terminal = enrol(live, tmp_path / "terminal.db")
    terminal.db.close()
    ctx = make_context(terminal.path, settings=Settings({"ui": {"sound": False}}), clock=FixedClock(NOW))
    worker = SyncWorker(terminal.path, settings=terminal.settings, clock=FixedClock(NOW))
    outcome: list[Any] = []
    cycled = threading.Event()
    worker.cycle_done.connect(lambda result, error: (outcome.append((result, error)), cycled.set()))
    try:
        page = _shown(qtbot, ctx)
        assert page.tiles["late"].value is None                   # no orders on the terminal yet
        # Slack for a loaded machine: the pages of one pull arrive well within this of each other.
        page.change_delay_ms, page.change_max_delay_ms = 1500, 60000
        refreshes = _count(page)
        with qtbot.waitSignal(page.sig_refreshed, timeout=60000):
            worker.start()                                        # the first cycle runs at once
            assert cycled.wait(60)
        result, error = outcome[0]
        assert error is None and result["pages"] >= 2, outcome
        qtbot.wait(page.change_delay_ms + 1000)                   # nothing else is on its way
        assert refreshes[0] == 1
        assert page.tiles["late"].value == late
    finally:
        worker.stop()
        shutdown(ctx)
