"""The dashboard's "Tomorrow" tab: each locker's expected fill tomorrow, from the backend
(terminal/stats/forecast.py), fullest first.

Asked on the tab's own reader thread (ui/stats/reader.py), as the Fleet tab asks: a backend that
does not answer must not hold up the GUI or the database writes. Without a backend the tab says so
in one sentence and keeps the rows it last showed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.stats.fleet import NoBackend
from terminal.stats.forecast import Forecast, fetch_forecast
from terminal.sync.client import NotEnrolled, SyncUnavailable
from ui.context import AppContext
from ui.stats.reader import Reader

NEARLY_FULL_COLOUR = "#c62828"


class TomorrowTab(QWidget):
    """One row per locker: compartments, parcels expected at tomorrow's peak, the fill, and when."""

    sig_loaded = Signal()          # the rows (or the message) now show the latest answer

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.forecast: Forecast | None = None
        self.reader = Reader("forecast-reader", self)
        self.reader.sig_done.connect(self._show)
        self.reader.sig_failed.connect(self._failed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setVisible(False)        # until the backend answered: empty headers say nothing
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels([self.tr("Locker"), self.tr("Compartments"), self.tr("Expected"),
                                              self.tr("Fill"), self.tr("Busiest at")])
        if self.forecast is None:
            self.status.setText(self.tr("Tomorrow's locker fill comes from the backend; press Refresh."))
        else:
            self._show(self.forecast)

    @property
    def busy(self) -> bool:
        return self.reader.busy

    def refresh(self) -> None:
        if self.busy:
            return
        self.status.setText(self.tr("Asking the backend…"))
        db_path, settings = self.ctx.db_path, self.ctx.settings
        self.reader.run(lambda: fetch_forecast(db_path, settings))   # its own connection, no widgets

    def _show(self, forecast: Any) -> None:
        self.forecast = forecast
        self.table.setRowCount(len(forecast.lockers))
        for row, locker in enumerate(forecast.lockers):
            fill = f"{locker.expected_fill * 100:.0f} %" if locker.expected_fill is not None else "–"
            if locker.nearly_full:
                fill = self.tr("%1 — nearly full").replace("%1", fill)
            texts = [locker.name, str(locker.compartments), str(locker.expected_peak), fill,
                     self.ctx.local_time(locker.peak_at, dated=True) if locker.expected_peak else "–"]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if locker.nearly_full and column == 3:
                    item.setForeground(QBrush(QColor(NEARLY_FULL_COLOUR)))
                self.table.setItem(row, column, item)
        self.table.setVisible(True)
        full = sum(1 for locker in forecast.lockers if locker.nearly_full)
        scope = (self.tr("Every locker, from the backend.") if forecast.scope == "fleet" else
                 self.tr("This locker as the backend has it (set stats.fleet_token_file for every locker)."))
        self.status.setText(self.tr("Tomorrow (%1): %2 of %3 lockers nearly full. %4").replace("%1", forecast.day)
                            .replace("%2", str(full)).replace("%3", str(len(forecast.lockers))).replace("%4", scope))
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NoBackend):
            reason = self.tr("no backend is configured; enrol this terminal (handoff enroll) to see the forecast.")
        elif isinstance(exc, SyncUnavailable):
            reason = self.tr("the backend cannot be reached; the rows below are the last it gave.")
        elif isinstance(exc, NotEnrolled):
            reason = self.tr("the backend refused this terminal; enrol it again (handoff enroll).")
        else:
            reason = str(exc)
        self.status.setText(self.tr("The forecast is not available: %1").replace("%1", reason))
        self.sig_loaded.emit()
