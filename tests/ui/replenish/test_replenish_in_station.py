"""The stocker's replenishment flow in the real station window: badge login, raw scans through
deliver_scan, the quantity typed as key events, a wrong scan, a partial refill, "reserve empty"."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.inventory.ledger import balance_errors, on_hand
from terminal.inventory.replenish import pending
from terminal.ops import apply_op
from terminal.people.badges import register_badge
from terminal.picking.batching import plan_batch
from terminal.stats.simulate import users_with_role
from terminal.store import open_db
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.replenish.pages import ReplenishPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "inventory"))
from replenish_world import FACE_MAX, START, faces_world  # noqa: E402


@pytest.fixture
def stock_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """The faced hall, a stocker with badge B-STOCK, and two faces a picker found short (two tasks)."""
    path = tmp_path / "hall.db"
    db = open_db(path, create=True)
    faces_world(db)
    db.execute("INSERT INTO users (id, name, roles, language) VALUES ('ewa', 'Ewa', 'stocker', 'en')")
    register_badge(db, "B-STOCK", "ewa")
    db.conn.commit()
    faces = {r[0] for r in db.execute("SELECT location_code FROM pick_faces")}
    shorted: set[str] = set()
    for picker in users_with_role(db, "picker"):
        plan = plan_batch(db, picker, START + timedelta(minutes=5))
        assert plan is not None
        apply_op(db, "BatchStarted", plan.op_args())
        for task in plan.tasks:
            if task.location_code in faces - shorted and len(shorted) < 2:
                apply_op(db, "PickShorted", {"task_id": task.task_id, "reason": "empty", "picker_id": picker.id})
                shorted.add(task.location_code)
    assert len(shorted) == 2
    db.close()
    ctx = make_context(path, settings=Settings({"ui": {"sound": False}}),
                       clock=FixedClock(START + timedelta(minutes=20)), synchronous=True)
    yield ctx
    shutdown(ctx)


def test_stocker_refills_a_face_from_reserve_in_the_station_window(qtbot, stock_ctx: AppContext, themed) -> None:
    from ui.windows import make_window

    db = stock_ctx.db
    before = pending(db)
    assert len(before) == 2
    window = make_window("station", stock_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.deliver_scan("B-STOCK")
    assert window.user is not None and window.user.id == "ewa"
    assert window.show_page("replenish")
    page = window.current_page()
    assert isinstance(page, ReplenishPage) and page.view is not None
    last = lambda: window.feedback.last  # noqa: E731
    task = page.view.task
    assert task is not None and task.id == before[0].id              # the most urgent first
    assert page.face.text() == f"To: {task.location}" and page.face.fontInfo().pointSize() >= 50
    assert page.view.source == task.source[0] and "found it short" in page.why.text()
    assert "Orders waiting" in page.waiting.text() or "No order" in page.waiting.text()

    window.deliver_scan(task.location)                 # the face first: refused, nothing written
    assert last().kind == "error" and "is the pick face" in last().text
    window.deliver_scan(task.source[0])
    assert last().kind == "ok" and task.sku in last().text
    window.deliver_scan("SKU-059" if task.sku != "SKU-059" else "SKU-058")
    assert last().kind == "error" and "Wrong item" in last().text
    window.deliver_scan(task.sku)
    assert page.count.isEnabled()
    qtbot.keyClicks(page.count, str(FACE_MAX + 1))     # more than fits: refused
    qtbot.keyClick(page.count, Qt.Key.Key_Return)
    assert last().kind == "error" and f"1 to {FACE_MAX}" in last().text
    qtbot.keyClicks(page.count, "3")                   # a partial refill: the face stays below min
    qtbot.keyClick(page.count, Qt.Key.Key_Return)
    assert last().kind == "ok" and "pick face" in last().text
    window.deliver_scan(task.location)
    assert "refilled with 3" in last().text and "new task" in last().text
    assert on_hand(db, task.location, task.sku) == 3
    assert on_hand(db, task.source[0], task.sku) == 497

    # the next task: its reserve turns out empty; the supervisor is told and the task waits
    second = page.view.task
    assert second is not None
    window.deliver_scan(second.source[0])
    window.deliver_scan("CMD:EMPTY")
    assert "booked empty" in last().text
    assert on_hand(db, second.source[0], second.sku) == 0
    assert db.execute("SELECT count(*) FROM exceptions WHERE kind = 'reserve_empty'").fetchone()[0] == 1
    names = [r[0] for r in db.execute("SELECT name FROM outbox WHERE name NOT IN ('ScanRecorded', 'UserLoggedIn')"
                                      " ORDER BY seq")]
    assert names[-2:] == ["FaceReplenished", "ReserveFoundEmpty"]
    assert balance_errors(db) == []
