"""The dashboard's "Fleet" tab: the backend's figures for this shift (terminal/stats/fleet.py).

Below the status line, the terminals' health (`GET /v1/fleet/health`, ui/stats/fleet_health.py), worst
first, then the backend's own open exceptions (`GET /v1/exceptions`, ui/stats/backend_exceptions.py),
newest first, above the figures; while the tab is shown it asks again every sync interval (`sync.interval_s`),
so a terminal that stops reporting shows up without anyone pressing Refresh.

The request runs on the tab's own reader thread (ui/stats/reader.py, like the dashboard's local
figures), never on the GUI thread and never on the database-write worker: a backend that does not
answer for its whole timeout must not hold up the writes queued behind it. With no backend
configured, or the backend unreachable, the tab says so in one sentence and keeps the figures it
last showed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from terminal.stats.fleet import FleetFigures, NoBackend, fetch_fleet
from terminal.stats.kpis import KPI_KEYS
from terminal.stats.returns import RETURN_KPI_KEYS
from terminal.stats.window import current_shift
from terminal.store import open_db
from terminal.sync.client import NotEnrolled, SyncUnavailable
from ui.context import AppContext
from ui.stats.backend_exceptions import BackendExceptionsList
from ui.stats.fleet_health import FleetHealthList
from ui.stats.reader import Reader
from ui.stats.tiles import KpiTile, TileGrid


class FleetTab(QWidget):
    """KPI tiles filled from `GET /v1/stats` for the current shift."""

    sig_loaded = Signal()          # tiles (or the message) now show the latest answer

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.figures: FleetFigures | None = None
        self.reader = Reader("fleet-reader", self)
        self.reader.sig_done.connect(self._show)
        self.reader.sig_failed.connect(self._failed)
        self.status = QLabel(self.tr("Fleet figures come from the backend; press Refresh."))
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        # the returns' figures are the site's own (their tab on the dashboard); 1280×800 fits two rows here
        self.tiles = {key: KpiTile(key) for key in KPI_KEYS if key not in RETURN_KPI_KEYS}
        board = TileGrid(self.tiles)
        # The tab shares the page with the site's own tiles: the fleet's scroll rather than being cut,
        # and stay hidden until the backend has given figures (sixteen dashes say nothing).
        self.health = FleetHealthList()
        self.health.setVisible(False)      # a backend from before fleet health has no list to show
        self.exceptions = BackendExceptionsList(lambda text: ctx.local_time(text, dated=True))
        self.exceptions.setVisible(False)  # nor one from before /v1/exceptions
        content = QWidget()
        stacked = QVBoxLayout(content)
        stacked.setContentsMargins(0, 0, 0, 0)
        stacked.addWidget(self.health)
        stacked.addWidget(self.exceptions)
        stacked.addWidget(board)
        stacked.addStretch(1)
        self.board = QScrollArea()
        self.board.setWidgetResizable(True)
        self.board.setFrameShape(QFrame.Shape.NoFrame)
        self.board.setWidget(content)
        self.board.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.board, 10)
        layout.addStretch(1)
        self.timer = QTimer(self)          # runs while the tab is shown (showEvent / hideEvent)
        self.timer.setInterval(int(1000 * max(1.0, float(ctx.settings.get("sync.interval_s", 10.0)))))
        self.timer.timeout.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.timer.stop()

    @property
    def busy(self) -> bool:
        return self.reader.busy

    def refresh(self) -> None:
        if self.busy:           # one question at a time; the answer on its way is the latest
            return
        if self.figures is None:        # later asks (the timer's every interval) keep the last answer's line
            self.status.setText(self.tr("Asking the backend…"))
        db_path, settings, now = self.ctx.db_path, self.ctx.settings, self.ctx.clock.now()

        def work() -> FleetFigures:       # on the reader thread: its own connection, no widgets
            db = open_db(db_path)
            try:
                window = current_shift(db, now, settings)
            finally:
                db.close()
            return fetch_fleet(db_path, settings, window)

        self.reader.run(work)

    def _show(self, figures: Any) -> None:
        self.figures = figures
        for key, tile in self.tiles.items():
            tile.show_values(figures.kpis.get(key), None, compare=False)
        if figures.health is not None:
            self.health.show_health(figures.health)
        self.health.setVisible(figures.health is not None)
        if figures.exceptions is not None:
            self.exceptions.show_exceptions(figures.exceptions, figures.exceptions_total)
        self.exceptions.setVisible(figures.exceptions is not None)
        self.board.setVisible(True)
        self.status.setText(self.tr("The whole fleet, from the backend.") if figures.scope == "fleet" else
                            self.tr("This site as the backend has it (set stats.fleet_token_file for the fleet)."))
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        # The usual reasons in the person's language; anything else as the core worded it.
        if isinstance(exc, NoBackend):
            reason = self.tr("no backend is configured; enrol this terminal (handoff enroll) to see fleet figures.")
        elif isinstance(exc, SyncUnavailable):
            reason = self.tr("the backend cannot be reached; the figures below are the last it gave.")
        elif isinstance(exc, NotEnrolled):
            reason = self.tr("the backend refused this terminal; enrol it again (handoff enroll).")
        else:
            reason = str(exc)
        self.status.setText(self.tr("Fleet figures are not available: %1").replace("%1", reason))
        self.sig_loaded.emit()
