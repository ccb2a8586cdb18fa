"""The dashboard redraws in place (issue 16, refresh on the GUI thread): table cells and locker cells
whose text did not change are kept, the rest are rewritten. A page refreshed again and again while
the shift goes on — rows added, gone, moved up; parcels in and out; sessions ended — shows exactly
what a page opened afresh on the same data shows."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtWidgets import QTableWidget

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.people.badges import User
from ui.context import AppContext
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "stats"))
from locker_ops import Locker, comp  # noqa: E402
from shift_ops import T0, Shift  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _page(qtbot: Any, db: sqlite_utils.Database, db_path: Path) -> StatsPage:
    ctx = AppContext(db_path=db_path, db=db, settings=Settings(), clock=FixedClock(NOW),
                     tasks=TaskManager(synchronous=True))
    page = StatsPage(ctx, User("sv", "Sue", ("supervisor",), (), "en"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def _refreshed(qtbot: Any, page: StatsPage) -> StatsPage:
    with qtbot.waitSignal(page.sig_refreshed, timeout=10000):
        page.refresh()
    return page


def _cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def _shown(page: StatsPage) -> dict[str, Any]:
    return {"people": _cells(page.people), "risks": _cells(page.risks), "queue": _cells(page.queue),
            "lockers": {cid: (label.text(), label.styleSheet(), page.locker_grid.getItemPosition(
                page.locker_grid.indexOf(label))) for cid, label in page.locker_cells.items()}}


def test_a_page_refreshed_in_place_shows_what_a_new_page_shows(qtbot, fresh_db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                               db_path: Path) -> None:
    shift = Shift(fresh_db, FixedClock(_h(-40)))
    shift.pulled("user", id="sv", name="Sue", roles="supervisor")
    lk = Locker(fresh_db, shift.clock)
    kept = _page(qtbot, fresh_db, db_path)
    sessions = [shift.login(_h(0), "p1", "picker")]
    orders: list[str] = []
    parcels: list[str] = []

    def more_at_risk() -> None:           # rows added at the top and the bottom of the list
        orders.extend(shift.order(created=_h(-2), ship_by=_h(hours)) for hours in (3.9, 4.3, 1.0, 4.1))

    def one_handed_over() -> None:        # a row gone from the middle: the rest move up
        oid = orders.pop(1)
        shift.pick(_h(3.0), oid)
        shift.hand_over(_h(3.5), shift.pack(_h(3.2), oid))

    def a_mismatch() -> None:             # the queue grows at the top
        shift.weight_mismatch(_h(3.6), orders[0])

    def parcels_in() -> None:
        parcels.extend(lk.deposit(_h(1 + n / 4), comp(n)) for n in (1, 2, 3))

    def one_picked_up() -> None:          # a locker cell changes state and colour
        lk.picked_up(_h(3.8), parcels.pop(0))

    def session_over() -> None:
        shift.logout(_h(3.9), sessions.pop())
        sessions.append(shift.login(_h(3.95), "p2", "picker"))

    steps = (more_at_risk, parcels_in, one_handed_over, a_mismatch, one_picked_up, session_over, one_handed_over)
    for step in (None, *steps):
        if step is not None:
            step()
        in_place = _shown(_refreshed(qtbot, kept))
        fresh = _refreshed(qtbot, _page(qtbot, fresh_db, db_path))
        assert in_place == _shown(fresh), step
        fresh.close()
    assert len(in_place["risks"]) >= 2 and in_place["queue"] and len(in_place["people"]) == 2
    assert any("\n" in text and text.split("\n")[2] for text, _, _ in in_place["lockers"].values())
