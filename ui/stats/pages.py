"""The supervisor's shift dashboard: KPI tiles against the previous shift, charts, people, the
exceptions queue and the locker grid — refreshed on a reader thread, never on the GUI thread.

Reads run on a short-lived thread with its own SQLite connection (WAL lets it read while the
database worker writes); the snapshot comes back through a queued signal. Writes (acknowledge,
reassign) go through `ctx.tasks` like every other write.

When it refreshes: when the core says something the figures read was written (a committed op, an
applied pull checkpoint — `ctx.change_events()`), gathered for `CHANGE_DELAY_MS` so a burst (a pull
of many pages, a run of scans) costs one read; and on a slow clock (`stats.refresh_s`) because
some figures move with time alone (see `__init__`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.clock import local_time
from terminal.errors import OpRejected
from terminal.ops import ChangeSet, apply_op
from terminal.people.badges import User
from terminal.stats.board import READS, BoardReader, Snapshot
from terminal.stats.export import write_csv, write_report_pdf
from terminal.stats.kpis import KPI_KEYS
from terminal.stats.returns import RETURN_KPI_KEYS
from ui.context import AppContext
from ui.order_words import service_name
from ui.pages import Page, PageSpec, register_page
from ui.stats.charts import ChartsTab
from ui.stats.exception_texts import exception_sentence
from ui.stats.fleet import FleetTab
from ui.stats.reader import Reader
from ui.stats.report_words import report_words
from ui.stats.tiles import STOCK_KPIS, KpiTile, TileGrid, duration, number, word
from ui.stats.tomorrow import TomorrowTab
from ui.widgets.statusbar import role_name

DEFAULT_REFRESH_S = 60
# A change waits this long for the rest of its burst (each change of the burst waits again) before
# the dashboard re-reads, so the pages of one pull or a run of scans cost one read...
CHANGE_DELAY_MS = 300
# ...but never longer than this after the burst's first change: a steady stream of ops still shows.
CHANGE_MAX_DELAY_MS = 2000
STATE_COLOURS = {"FREE": "#2e7d32", "RESERVED": "#f9a825", "OCCUPIED": "#1565c0", "OPEN": "#6a1b9a",
                 "FAULT": "#c62828", "OUT_OF_SERVICE": "#616161"}
def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)      # headers: StatsPage.retranslate
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    # Columns as wide as their longest entry (names, order numbers are not cut); the last takes the rest.
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    # the last column (a sentence) wraps in a taller row rather than ending in "…"
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    """Show `rows`, touching only the cells whose text changed: a refresh mostly shows the same
    hundreds of rows again, and every new item made the table measure its rows and columns anew
    (ResizeToContents) on the GUI thread."""
    table.setUpdatesEnabled(False)
    try:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = table.item(r, c)
                if item is None:
                    table.setItem(r, c, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
    finally:
        table.setUpdatesEnabled(True)


def _closer(reader: Reader, board: BoardReader) -> Callable[[], None]:
    """Close the board's connections once the read in progress (if any) has finished; holds no
    reference to the page, which is gone by then."""
    def close() -> None:
        reader.wait_idle()
        board.close()
    return close


QWIDGETSIZE_MAX = (1 << 24) - 1
SHORT_PAGE_PX = 900     # below this page height the tiles keep to two rows


class StatsPage(Page):
    """The shift dashboard (supervisor window)."""

    sig_refreshed = Signal()             # the tiles and tables now show the latest snapshot

    def __init__(self, ctx: AppContext, user: User | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, user, parent)
        self.snap: Snapshot | None = None
        self.reader = Reader("stats-reader", self)
        # Kept between refreshes (warm connections, the previous shift's figures); only the reader
        # thread uses it, and it is closed once that thread is done with it.
        self.board = BoardReader(ctx.db_path)
        self.destroyed.connect(_closer(self.reader, self.board))
        self.reader.sig_done.connect(self._show)
        self.reader.sig_failed.connect(lambda exc: self._failed(str(exc)))

        top = QHBoxLayout()
        self.window_label = QLabel()
        self.window_label.setWordWrap(True)   # the shift, its times and the time zone: two lines on a portrait screen
        self.refresh_button, self.csv_button, self.pdf_button = QPushButton(), QPushButton(), QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        top.addWidget(self.window_label, 1)
        for b in (self.refresh_button, self.csv_button, self.pdf_button):
            top.addWidget(b)

        self.tiles = {key: KpiTile(key) for key in KPI_KEYS}
        # the warehouse stock's and the returns desk's figures have tabs of their own: a third row of tiles
        # squeezed the tabs at 1280×800
        tiles = TileGrid({key: tile for key, tile in self.tiles.items()
                          if key not in STOCK_KPIS and key not in RETURN_KPI_KEYS})

        self.tabs = QTabWidget()
        # Each tab's object name is its stable key (tools/screenshots.py names its pictures by it).
        self.charts = ChartsTab()
        self._add_tab(self.charts, "charts")
        self.people = _table(5)
        self._add_tab(self.people, "people")
        self.risks = _table(6)
        self._add_tab(self.risks, "at-risk")
        self._add_tab(self._queue_tab(), "exceptions")
        self.lockers = QWidget()
        self.locker_grid = QGridLayout(self.lockers)
        self.locker_cells: dict[str, QLabel] = {}
        self._locker_places: list[tuple[Any, ...]] | None = None    # (id, column, row) of each cell shown
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.lockers)
        self._add_tab(scroll, "lockers")
        self._add_tab(self._stock_tab(), "stock")
        returns = QScrollArea()         # scrolls rather than squeezing the tiles on a short screen
        returns.setWidgetResizable(True)
        returns.setWidget(TileGrid({key: self.tiles[key] for key in RETURN_KPI_KEYS}))
        self._add_tab(returns, "returns")
        self.fleet = FleetTab(ctx)      # "This site" is every tab above; "Fleet" asks the backend
        self._add_tab(self.fleet, "fleet")
        self.tabs.currentChanged.connect(lambda i: self.fleet.refresh() if self.tabs.widget(i) is self.fleet else None)
        self.tomorrow = TomorrowTab(ctx)    # the lockers' expected fill tomorrow, from the backend
        self._add_tab(self.tomorrow, "tomorrow")
        self.tabs.currentChanged.connect(lambda i: self.tomorrow.refresh() if self.tabs.widget(i) is self.tomorrow
                                         else None)

        # The tiles take the rows they need while the window has the height, and scroll when it has
        # not (a 1280 x 800 screen with three rows of tiles and the Fleet tab open: the wheel scrolls them;
        # a scroll bar would narrow every tile below what its Polish words need)
        self.tiles_box = tiles_box = QScrollArea()
        tiles_box.setWidgetResizable(True)
        tiles_box.setFrameShape(QFrame.Shape.NoFrame)
        tiles_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tiles_box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tiles_box.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        tiles_box.setWidget(tiles)
        self.tile_grid = tiles
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(tiles_box)
        layout.addWidget(self.tabs, 1)

        # Written data arrives as change events (below). This slow clock remains because figures move
        # with time alone while nothing is written: orders become late or at risk as their ship-by
        # nears, the minutes left to a cut-off and the dwell of parcels still in grow, and the shift's
        # hours (the rates' denominators, the time-weighted locker figure) lengthen.
        self.timer = QTimer(self)
        self.timer.setInterval(1000 * self.ctx.settings.get("stats.refresh_s", DEFAULT_REFRESH_S))
        self.timer.timeout.connect(self.refresh)
        self.change_delay_ms, self.change_max_delay_ms = CHANGE_DELAY_MS, CHANGE_MAX_DELAY_MS
        self.change_timer = QTimer(self)
        self.change_timer.setSingleShot(True)
        self.change_timer.timeout.connect(self._burst_over)
        self._burst = QElapsedTimer()        # since the first change not yet read
        ctx.change_events().sig_changed.connect(self._on_changes)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # a short screen keeps two rows of tiles in view (the rest scroll), so the tabs keep their rows
        tile = next(iter(self.tiles.values()))
        spacing = max(self.tile_grid.grid.verticalSpacing(), 0)
        two_rows = 2 * tile.sizeHint().height() + spacing
        self.tiles_box.setMaximumHeight(two_rows if event.size().height() < SHORT_PAGE_PX else QWIDGETSIZE_MAX)

    def retranslate(self) -> None:
        """Every text again in the language just chosen; the figures are shown again from the snapshot."""
        self.refresh_button.setText(self.tr("Refresh"))
        self.csv_button.setText(self.tr("Export CSV"))
        self.pdf_button.setText(self.tr("Shift report (PDF)"))
        titles = {"charts": self.tr("Charts"), "people": self.tr("People"), "at-risk": self.tr("At risk"),
                  "exceptions": self.tr("Exceptions"), "lockers": self.tr("Lockers"), "fleet": self.tr("Fleet"),
                  "tomorrow": self.tr("Tomorrow"), "stock": self.tr("Stock"), "returns": self.tr("Returns")}
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, titles[self.tabs.widget(index).objectName().removeprefix("tab_")])
        self.people.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Logged in"),
                                               self.tr("Done"), self.tr("Rate /h")])
        self.risks.setHorizontalHeaderLabels([self.tr("Order"), self.tr("State"), self.tr("Service"),
                                              self.tr("Ship by"), self.tr("Time left"), self.tr("Work left")])
        self.queue.setHorizontalHeaderLabels([self.tr("Raised"), self.tr("Kind"), self.tr("Status"),
                                              self.tr("Assigned to"), self.tr("Message")])
        self.ack_button.setText(self.tr("Acknowledge"))
        self.reassign_button.setText(self.tr("Reassign to"))
        if self.snap is None:
            self.window_label.setText(self.tr("Loading the shift…"))
        else:
            self._show(self.snap)

    # -- building ------------------------------------------------------------------------------------
    def _add_tab(self, widget: QWidget, key: str) -> None:
        widget.setObjectName(f"tab_{key}")
        self.tabs.addTab(widget, "")

    def _stock_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(TileGrid({key: tile for key, tile in self.tiles.items() if key in STOCK_KPIS}))
        layout.addStretch(1)
        return tab

    def _queue_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.queue = _table(5)
        buttons = QHBoxLayout()
        self.ack_button = QPushButton()
        self.assignee = QComboBox()
        self.reassign_button = QPushButton()
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
        self.change_timer.stop()
        self._burst.invalidate()
        super().hideEvent(event)

    def _on_changes(self, changes: ChangeSet) -> None:
        """The core wrote something: re-read once the burst is over, if it touched what the figures read."""
        if not changes.touches(*READS):
            return
        if not self.isVisible():         # on_shown reads afresh when the page comes back
            return
        if not self._burst.isValid():
            self._burst.start()
        left = self.change_max_delay_ms - self._burst.elapsed()
        self.change_timer.start(max(0, min(self.change_delay_ms, left)))

    def _burst_over(self) -> None:
        self._burst.invalidate()
        self.refresh()

    def refresh(self) -> None:
        """Take a new snapshot on the reader thread; a request while one runs is taken right after it."""
        board, settings, now = self.board, self.ctx.settings, self.ctx.clock.now()

        def read() -> Snapshot:      # on the reader thread: the board's own connections, no widgets
            return board.read(now, settings)

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
        ctx = self.ctx
        self.window_label.setText(self.tr("Shift %1, %2–%3 (site time) · ▲▼ against the previous shift")
                                  .replace("%1", w.start.astimezone(ctx.site_zone()).strftime("%Y-%m-%d"))
                                  .replace("%2", ctx.local_time(w.start)).replace("%3", ctx.local_time(w.stop)))
        for key, tile in self.tiles.items():
            tile.show_values(snap.kpis[key], snap.previous[key])

        zone, said = ctx.site_zone(), dict[str, str]()

        def moment(text: str) -> str:     # stored UTC → the site's clock; the date only when not today
            # (hundreds of rows share a few ship_by times: each is worded once)
            if text not in said:
                said[text] = local_time(text, zone, today=w.stop)
            return said[text]

        def left(seconds: float) -> str:
            return duration(seconds) if seconds >= 0 else self.tr("%1 overdue").replace("%1", duration(-seconds))

        _fill(self.people, [[p["name"], role_name(p["role"]), duration(p["hours"] * 3600), str(p["count"]),
                             "—" if p["rate"] is None else number(p["rate"])] for p in snap.people])
        _fill(self.risks, [[r["ref"], self.tr("late") if r["state"] == "late" else self.tr("at risk"),
                            service_name(r["service"]),
                            moment(r["ship_by"]), left(r["seconds_left"]), duration(r["remaining_s"])]
                           for r in snap.risks])
        _fill(self.queue, [[moment(e["raised_at"]), word(e["kind"]), word(e["status"]),
                            e["assigned_name"] or "", exception_sentence(e)] for e in snap.exceptions])
        self.assignee.clear()
        for p in snap.people:
            if self.assignee.findData(p["user_id"]) < 0:
                self.assignee.addItem(p["name"], p["user_id"])
        self.charts.draw(snap)
        self._draw_lockers(snap)
        self.sig_refreshed.emit()

    def _draw_lockers(self, snap: Snapshot) -> None:
        cells = snap.compartments
        positions = {(c["site_id"], c["column_no"], c["row_no"]) for c in cells}
        by_place = len(positions) == len(cells)      # else fall back to one column per board
        max_row = max([c["row_no"] if by_place else c["lock_no"] for c in cells] or [1])
        places = [(c["id"], *((c["column_no"], c["row_no"]) if by_place else (c["board_no"] + 1, c["lock_no"])))
                  for c in cells]
        if places != self._locker_places:          # other compartments, or moved: lay the grid out anew
            self._locker_places = places
            while self.locker_grid.count():
                item = self.locker_grid.takeAt(0)
                if item.widget():
                    item.widget().hide()          # off screen now; deleted when control returns to the loop
                    item.widget().deleteLater()
            self.locker_cells = {}
            for compartment_id, column, row in places:
                label = QLabel()
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setMinimumSize(90, 60)
                label.setObjectName(f"compartment_{compartment_id}")
                self.locker_grid.addWidget(label, max_row - row, column - 1)
                self.locker_cells[compartment_id] = label
        # The same grid as the last refresh: only the cells whose state or dwell changed are redrawn.
        for c in cells:
            label = self.locker_cells[c["id"]]
            dwell = duration(c["dwell_s"]) if c["dwell_s"] is not None else ""
            text = f"{c['board_no']}-{c['lock_no']} {c['size_class']}\n{word(c['state'])}\n{dwell}"
            if label.text() != text:
                label.setText(text)
            style = f"background: {QColor(STATE_COLOURS.get(c['state'], '#9e9e9e')).name()}; color: white;" \
                    " border-radius: 4px;"
            if label.styleSheet() != style:
                label.setStyleSheet(style)

    # -- actions ------------------------------------------------------------------------------------
    def _selected_exception(self) -> dict[str, Any] | None:
        row = self.queue.currentRow()
        if self.snap is None or not 0 <= row < len(self.snap.exceptions):
            return None
        return self.snap.exceptions[row]

    def _write(self, name: str, args: dict[str, Any], done: str) -> None:
        def work() -> Any:
            return apply_op(self.ctx.db, name, args, clock=self.ctx.clock)

        def ok(_: Any) -> None:        # the op's change event refreshes the queue (_on_changes)
            self._say("ok", done)

        def failed(exc: BaseException) -> None:
            self._say("error", exc.message if isinstance(exc, OpRejected) else str(exc))

        self.ctx.tasks.run(work, ok, failed, owner=self, description=name)

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
        write_report_pdf(self.snap, path, words=report_words())
        self._say("ok", self.tr("Saved %1.").replace("%1", str(path)))
        return path


register_page(PageSpec(window="supervisor", key="stats", title="Shift", factory=StatsPage,
                       roles=("supervisor",), order=10))
