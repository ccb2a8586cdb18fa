"""The supervisor's shift dashboard: KPI tiles against the previous shift, charts, people, the
exceptions queue and the locker grid — refreshed on a reader thread, never on the GUI thread.

Reads run on a short-lived thread with its own SQLite connection (WAL lets it read while the
database worker writes); the snapshot comes back through a queued signal. Writes (acknowledge,
reassign) go through `ctx.tasks` like every other write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.errors import OpRejected
from terminal.ops import apply_op
from terminal.people.badges import User
from terminal.stats.board import Snapshot, snapshot
from terminal.stats.export import KPI_TITLES, format_value, write_csv, write_report_pdf
from terminal.stats.kpis import KPI_KEYS
from terminal.stats.window import current_shift
from terminal.store import open_db
from ui.context import AppContext
from ui.pages import Page, PageSpec, register_page
from ui.stats.fleet import FleetTab
from ui.stats.reader import Reader

DEFAULT_REFRESH_S = 30
STATE_COLOURS = {"FREE": "#2e7d32", "RESERVED": "#f9a825", "OCCUPIED": "#1565c0", "OPEN": "#6a1b9a",
                 "FAULT": "#c62828", "OUT_OF_SERVICE": "#616161"}
# Lower is better for these; the change arrow turns red when they go up.
LOWER_IS_BETTER = {"otst_median_s", "otst_p90_s", "scan_error_per_1000", "at_risk", "late", "dwell_median_s",
                   "dwell_p90_s", "door_faults"}


def _t(text: str) -> str:
    return QCoreApplication.translate("StatsPage", text)


def _flat(value: Any) -> float | None:
    if isinstance(value, dict):
        return float(value.get("total", 0))
    return None if value is None else float(value)


class KpiTile(QFrame):
    """One KPI: its name, this shift's value and the change against the previous shift."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.value: Any = None
        self.previous: Any = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"kpi_{key}")
        layout = QVBoxLayout(self)
        self.title = QLabel(_t(KPI_TITLES[key]))
        self.title.setWordWrap(True)
        self.value_label = QLabel("—")
        self.value_label.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.change_label = QLabel("")
        for w in (self.title, self.value_label, self.change_label):
            layout.addWidget(w)

    def show_values(self, value: Any, previous: Any) -> None:
        self.value, self.previous = value, previous
        self.value_label.setText(format_value(self.key, value))
        now, before = _flat(value), _flat(previous)
        if now is None or before is None:
            self.change_label.setText(_t("no previous shift to compare") if now is not None else "")
            self.change_label.setStyleSheet("")
            return
        delta = now - before
        better = (delta < 0) if self.key in LOWER_IS_BETTER else (delta > 0)
        arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
        shown = format_value(self.key, abs(delta)) if self.key not in ("at_risk", "late", "door_faults") \
            else str(int(abs(delta)))
        self.change_label.setText(_t("%1 %2 against the previous shift").replace("%1", arrow).replace("%2", shown))
        colour = "#2e7d32" if better else "#c62828" if delta else "#616161"
        self.change_label.setStyleSheet(f"color: {colour};")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    sign = "−" if seconds < 0 else ""
    minutes = int(abs(seconds) // 60)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


class StatsPage(Page):
    """The shift dashboard (supervisor window)."""

    sig_refreshed = Signal()             # the tiles and tables now show the latest snapshot

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.snap: Snapshot | None = None
        self.reader = Reader("stats-reader", self)
        self.reader.sig_done.connect(self._show)
        self.reader.sig_failed.connect(lambda exc: self._failed(str(exc)))

        top = QHBoxLayout()
        self.window_label = QLabel(self.tr("Loading the shift…"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.csv_button = QPushButton(self.tr("Export CSV"))
        self.pdf_button = QPushButton(self.tr("Shift report (PDF)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        top.addWidget(self.window_label, 1)
        for b in (self.refresh_button, self.csv_button, self.pdf_button):
            top.addWidget(b)

        tiles = QGridLayout()
        self.tiles = {key: KpiTile(key) for key in KPI_KEYS}
        for i, key in enumerate(KPI_KEYS):
            tiles.addWidget(self.tiles[key], i // 8, i % 8)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._charts_tab(), self.tr("Charts"))
        self.people = _table([self.tr("Name"), self.tr("Role"), self.tr("Hours"), self.tr("Done"), self.tr("Rate /h")])
        self.tabs.addTab(self.people, self.tr("People"))
        self.risks = _table([self.tr("Order"), self.tr("State"), self.tr("Service"), self.tr("Ship by"),
                             self.tr("Time left"), self.tr("Work left")])
        self.tabs.addTab(self.risks, self.tr("At risk"))
        self.tabs.addTab(self._queue_tab(), self.tr("Exceptions"))
        self.lockers = QWidget()
        self.locker_grid = QGridLayout(self.lockers)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.lockers)
        self.tabs.addTab(scroll, self.tr("Lockers"))
        self.fleet = FleetTab(ctx)      # "This site" is every tab above; "Fleet" asks the backend
        self.tabs.addTab(self.fleet, self.tr("Fleet"))
        self.tabs.currentChanged.connect(lambda i: self.fleet.refresh() if self.tabs.widget(i) is self.fleet else None)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(1000 * self.ctx.settings.get("stats.refresh_s", DEFAULT_REFRESH_S))
        self.timer.timeout.connect(self.refresh)

    # -- building ------------------------------------------------------------------------------------
    def _charts_tab(self) -> QWidget:
        tab = QWidget()
        row = QHBoxLayout(tab)
        self.handover_chart, self.otst_chart, self.risk_chart = QChart(), QChart(), QChart()
        self.handover_chart.setTitle(self.tr("Orders handed over per hour (▲ carrier cut-off)"))
        self.otst_chart.setTitle(self.tr("Order-to-ship time (hours)"))
        self.risk_chart.setTitle(self.tr("At-risk and late orders through the shift"))
        for chart in (self.handover_chart, self.otst_chart, self.risk_chart):
            chart.legend().setVisible(chart is self.risk_chart)
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            row.addWidget(view)
        return tab

    def _queue_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.queue = _table([self.tr("Raised"), self.tr("Kind"), self.tr("Status"), self.tr("Assigned to"),
                             self.tr("Message")])
        buttons = QHBoxLayout()
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.assignee = QComboBox()
        self.reassign_button = QPushButton(self.tr("Reassign to"))
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.reassign_button.clicked.connect(self.reassign_selected)
        for w in (self.ack_button, self.reassign_button, self.assignee):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout.addWidget(self.queue, 1)
        layout.addLayout(buttons)
        return tab

    # -- refreshing ----------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Take a new snapshot on the reader thread; a request while one runs is taken right after it."""
        db_path, settings, now = self.ctx.db_path, self.ctx.settings, self.ctx.clock.now()

        def read() -> Snapshot:      # on the reader thread: its own connection, no widgets
            db = open_db(db_path)
            try:
                return snapshot(db, current_shift(db, now, settings), settings)
            finally:
                db.close()

        self.reader.run(read)

    def wait_idle(self) -> None:
        """Join the reader threads (tests, shutdown)."""
        self.reader.wait_idle()
        self.fleet.reader.wait_idle()

    def _failed(self, message: str) -> None:
        self.window_label.setText(self.tr("The figures could not be refreshed (%1); they will be tried again.")
                                  .replace("%1", message))

    def _show(self, snap: Snapshot) -> None:
        self.snap = snap
        w = snap.window
        self.window_label.setText(self.tr("Shift %1 – %2").replace("%1", w.start.strftime("%Y-%m-%d %H:%M"))
                                  .replace("%2", w.stop.strftime("%H:%M UTC")))
        for key, tile in self.tiles.items():
            tile.show_values(snap.kpis[key], snap.previous[key])
        _fill(self.people, [[p["name"], self.tr(p["role"]), f"{p['hours']:.2f}", str(p["count"]),
                             "—" if p["rate"] is None else f"{p['rate']:.1f}"] for p in snap.people])
        _fill(self.risks, [[r["ref"], self.tr("late") if r["state"] == "late" else self.tr("at risk"), r["service"],
                            r["ship_by"][:16].replace("T", " "), _duration(r["seconds_left"]),
                            _duration(r["remaining_s"])] for r in snap.risks])
        _fill(self.queue, [[e["raised_at"][:16].replace("T", " "), e["kind"], self.tr(e["status"]),
                            e["assigned_name"] or "", e["message"]] for e in snap.exceptions])
        self.assignee.clear()
        for p in snap.people:
            if self.assignee.findData(p["user_id"]) < 0:
                self.assignee.addItem(p["name"], p["user_id"])
        self._draw_charts(snap)
        self._draw_lockers(snap)
        self.sig_refreshed.emit()

    def _draw_charts(self, snap: Snapshot) -> None:
        cut = {}
        for hhmm, carrier in snap.cutoffs:
            cut.setdefault(hhmm[:2] + ":00", []).append(carrier)
        labels = [h + (" ▲" + ",".join(cut[h]) if h in cut else "") for h, _ in snap.handovers_per_hour]
        self._bars(self.handover_chart, labels, [float(n) for _, n in snap.handovers_per_hour], self.tr("orders"))
        self._bars(self.otst_chart, [f"{start:g}–{start + 2:g}" for start, _ in snap.otst_histogram],
                   [float(n) for _, n in snap.otst_histogram], self.tr("orders"))
        chart = self.risk_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        at_risk, late = QLineSeries(), QLineSeries()
        at_risk.setName(self.tr("at risk"))
        late.setName(self.tr("late"))
        for i, (_, n_risk, n_late) in enumerate(snap.risk_timeline):
            at_risk.append(i, n_risk)
            late.append(i, n_late)
        axis_y = QValueAxis()
        axis_y.setRange(0, max([1] + [max(r, lt) for _, r, lt in snap.risk_timeline]))
        x_values = QValueAxis()
        x_values.setRange(0, max(1, len(snap.risk_timeline) - 1))
        x_values.setTitleText(" · ".join(t for t, _, _ in snap.risk_timeline[::2]))
        x_values.setLabelsVisible(False)
        for series in (at_risk, late):
            chart.addSeries(series)
        chart.addAxis(x_values, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (at_risk, late):
            series.attachAxis(x_values)
            series.attachAxis(axis_y)

    @staticmethod
    def _bars(chart: QChart, labels: list[str], values: list[float], name: str) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bar_set = QBarSet(name)
        bar_set.append(values)
        series = QBarSeries()
        series.append(bar_set)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        axis_y = QValueAxis()
        axis_y.setRange(0, max([1.0, *values]))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)

    def _draw_lockers(self, snap: Snapshot) -> None:
        while self.locker_grid.count():
            item = self.locker_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.locker_cells: dict[str, QLabel] = {}
        cells = snap.compartments
        positions = {(c["site_id"], c["column_no"], c["row_no"]) for c in cells}
        by_place = len(positions) == len(cells)      # else fall back to one column per board
        max_row = max([c["row_no"] if by_place else c["lock_no"] for c in cells] or [1])
        for c in cells:
            dwell = _duration(c["dwell_s"]) if c["dwell_s"] is not None else ""
            label = QLabel(f"{c['board_no']}-{c['lock_no']} {c['size_class']}\n{self.tr(c['state'])}\n{dwell}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumSize(90, 60)
            colour = QColor(STATE_COLOURS.get(c["state"], "#9e9e9e")).name()
            label.setStyleSheet(f"background: {colour}; color: white; border-radius: 4px;")
            label.setObjectName(f"compartment_{c['id']}")
            column, row = (c["column_no"], c["row_no"]) if by_place else (c["board_no"] + 1, c["lock_no"])
            self.locker_grid.addWidget(label, max_row - row, column - 1)
            self.locker_cells[c["id"]] = label

    # -- actions ------------------------------------------------------------------------------------
    def _selected_exception(self) -> dict[str, Any] | None:
        row = self.queue.currentRow()
        if self.snap is None or not 0 <= row < len(self.snap.exceptions):
            return None
        return self.snap.exceptions[row]

    def _write(self, name: str, args: dict[str, Any], done: str) -> None:
        def work() -> Any:
            return apply_op(self.ctx.db, name, args, clock=self.ctx.clock)

        def ok(_: Any) -> None:
            self._say("ok", done)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._say("error", exc.message if isinstance(exc, OpRejected) else str(exc))

        run: Callable[..., Any] | None = getattr(self.ctx.tasks, "run", None)
        if run is not None:
            run(work, ok, failed, owner=self, description=name)
            return
        try:
            ok(work())
        except OpRejected as exc:
            failed(exc)

    def _say(self, level: str, text: str) -> None:
        if self.ctx.feedback is not None:
            getattr(self.ctx.feedback, level)(text)
        else:
            self.window_label.setText(text)

    def acknowledge_selected(self) -> None:
        exc = self._selected_exception()
        if exc is None or self.user is None:
            self._say("error", self.tr("Choose an exception in the list first."))
            return
        self._write("ExceptionAcknowledged", {"exception_id": exc["id"], "user_id": self.user.id},
                    self.tr("Exception acknowledged."))

    def reassign_selected(self) -> None:
        exc = self._selected_exception()
        target = self.assignee.currentData()
        if exc is None or self.user is None or not target:
            self._say("error", self.tr("Choose an exception and a person first."))
            return
        self._write("ExceptionReassigned", {"exception_id": exc["id"], "user_id": self.user.id,
                                            "assigned_to": target},
                    self.tr("Exception handed to %1.").replace("%1", self.assignee.currentText()))

    def export_csv(self, path: Path | None = None) -> Path | None:
        if self.snap is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), "shift.csv", "CSV (*.csv)")
            if not chosen:
                return None
            path = Path(chosen)
        write_csv(self.snap, path)
        self._say("ok", self.tr("Saved %1.").replace("%1", str(path)))
        return path

    def export_pdf(self, path: Path | None = None) -> Path | None:
        if self.snap is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Shift report"), "shift-report.pdf", "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        write_report_pdf(self.snap, path)
        self._say("ok", self.tr("Saved %1.").replace("%1", str(path)))
        return path


register_page(PageSpec(window="supervisor", key="stats", title="Shift", factory=StatsPage,
                       roles=("supervisor",), order=10))
