"""`handoff run` on an enrolled terminal: the sync worker runs in the background while the window is open.

A real station pushes what it does and pulls what the backend has every `sync.interval_s` (with
backoff when the backend cannot be reached) without anyone typing `handoff sync now`; the status bar
shows each cycle's result. A terminal that is not enrolled has nothing to sync with and starts none."""

from __future__ import annotations

import logging
from typing import Any

from terminal.sync import state
from terminal.sync.worker import SyncWorker

log = logging.getLogger("ui.sync.background")


def start_enrolled_sync(app: Any, ctx: Any) -> tuple[SyncWorker, Any] | None:
    """Start the worker (and its Qt adapter) when the terminal is enrolled; stopped when the app quits."""
    from ui.sync.adapter import SyncAdapter

    if not state.get(ctx.db, "terminal_id"):
        log.info("not enrolled: no background sync (enrol with `handoff enroll --backend URL --code CODE`)")
        return None
    worker = SyncWorker(ctx.db_path, settings=ctx.settings)
    adapter = SyncAdapter(worker, app)
    app.aboutToQuit.connect(worker.stop)
    worker.start()
    log.info("background sync started (every %s s)", worker.interval_s)
    return worker, adapter
