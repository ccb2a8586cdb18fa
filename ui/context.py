"""What every window and page gets: the database, settings, clock, background worker, feedback.

Contract for pages (see ui/pages.py): pages never write SQL; they call the core (sessions, apply_op)
through `ctx.tasks` for anything that writes, report every scan's outcome through `ctx.feedback`, and
refresh from `ctx.change_events().sig_changed` rather than on a timer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Protocol

import sqlite_utils

from terminal.clock import Clock, SystemClock, local_time, site_timezone
from terminal.config import Settings
from ui.changes import ChangeAdapter
from ui.taskman import TaskManager


class Feedback(Protocol):
    """Colour flash + sound + text for the person at the screen (DESIGN §9)."""

    def ok(self, message: str) -> None: ...
    def error(self, message: str) -> None: ...
    def info(self, message: str) -> None: ...


@dataclass
class AppContext:
    db_path: Path
    db: sqlite_utils.Database
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    feedback: Feedback | None = None     # set by the window that shows it
    # the one database worker (ui.app.make_context makes it; tests pass TaskManager(synchronous=True))
    tasks: TaskManager = field(default_factory=TaskManager)
    demo: bool = False
    changes: ChangeAdapter | None = None  # what the core wrote, on the GUI thread (see change_events)
    _site_zone: tzinfo | None = field(default=None, init=False, repr=False)

    def site_zone(self) -> tzinfo:
        """The site's time zone (read once): every time a person reads is on this clock."""
        if self._site_zone is None:
            self._site_zone = site_timezone(self.db)
        return self._site_zone

    def local_time(self, moment: datetime | str | None, *, seconds: bool = False, dated: bool = False) -> str:
        """A moment on the site's clock ("09:04"); `dated` adds the date when it is not today's."""
        return local_time(moment, self.site_zone(), seconds=seconds, today=self.clock.now() if dated else None)

    def change_events(self) -> ChangeAdapter:
        """The one adapter over the core's change events for this database (made on first use)."""
        if self.changes is None:
            self.changes = ChangeAdapter(self.db_path)
        return self.changes
