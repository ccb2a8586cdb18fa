"""The dashboard refresh as a supervisor sees it: the real StatsPage (offscreen) over the 50k-order
shift, from the moment a change event arrives to the tiles, tables, charts and locker grid showing
the new snapshot — the reader thread's snapshot plus the GUI thread's drawing — and how long of that
the GUI thread itself was busy (the rest of the time it stays free for scans and clicks).

The change-event delay (ui/stats/pages.py CHANGE_DELAY_MS, which gathers a burst into one read) is
not counted: each round starts the refresh the delay's timer would start."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any


def screen_refresh(path: Path, now: datetime, rounds: int = 9) -> tuple[list[float], list[float], float]:
    """(whole refresh ms per round, GUI-thread ms per round, first refresh ms) on the page shown at 1280×800."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from terminal.clock import FixedClock
    from terminal.config import Settings
    from terminal.people.badges import User
    from terminal.store import open_db
    from ui.context import AppContext
    from ui.stats.pages import StatsPage
    from ui.taskman import TaskManager

    app = QApplication.instance() or QApplication([])
    db = open_db(path)
    ctx = AppContext(db_path=path, db=db, settings=Settings({"ui": {"sound": False}}), clock=FixedClock(now),
                     tasks=TaskManager(synchronous=True))
    page = StatsPage(ctx, User("sv", "Sue", ("supervisor",), (), "en"))
    gui_ms: list[float] = []
    show = page._show

    def timed_show(snap: Any) -> None:
        started = time.perf_counter()
        show(snap)
        app.processEvents()            # the layout and painting the new figures cause
        gui_ms.append((time.perf_counter() - started) * 1000)

    page.reader.sig_done.disconnect(page._show)
    page.reader.sig_done.connect(timed_show)
    page.resize(1280, 800)
    page.show()
    totals: list[float] = []
    try:
        for _ in range(rounds + 1):
            loop = QEventLoop()
            page.sig_refreshed.connect(loop.quit)
            started = time.perf_counter()
            page.refresh()
            loop.exec()
            totals.append((time.perf_counter() - started) * 1000)
            page.sig_refreshed.disconnect(loop.quit)
    finally:
        page.wait_idle()
        page.close()
        page.board.close()
        if ctx.changes is not None:
            ctx.changes.close()
        page.deleteLater()
        app.processEvents()
        db.close()
    return totals[1:], gui_ms[1:], totals[0]
