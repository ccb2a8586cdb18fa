"""The dashboard's Charts tab: handovers per hour with the carriers' departures, the order-to-ship
time histogram, and the at-risk / late counts through the shift.

Counts get whole-number axes (a supervisor reads "3 orders", never "0.75"); a chart with nothing to
show says so in its title instead of drawing an empty grid that looks like zero."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from terminal.stats.board import Snapshot

AT_RISK_COLOUR = "#e67700"     # the warning amber of the banners and tiles
LATE_COLOUR = "#c92a2a"        # the alert red


def count_axis(top: float) -> QValueAxis:
    """A 0-based axis with whole-number ticks, at most five of them."""
    step = max(1, math.ceil(top / 4))
    ticks = max(1, math.ceil(top / step))
    axis = QValueAxis()
    axis.setRange(0, step * ticks)
    axis.setTickCount(ticks + 1)
    axis.setLabelFormat("%d")
    return axis


class ChartsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        self.handover_chart, self.otst_chart, self.risk_chart = QChart(), QChart(), QChart()
        for chart in (self.handover_chart, self.otst_chart, self.risk_chart):
            chart.legend().setVisible(chart is self.risk_chart)
            chart.setMargins(QMargins(4, 4, 4, 4))
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            row.addWidget(view)
        self._titles(False, False, False)

    def _titles(self, handovers: bool, otst: bool, risks: bool) -> None:
        def title(text: str, shown: bool) -> str:
            return text if shown else self.tr("%1 — none yet").replace("%1", text)

        self.handover_chart.setTitle(title(self.tr("Handed over per hour (▲ carrier departs)"), handovers))
        self.otst_chart.setTitle(title(self.tr("Order-to-ship time, orders per 2 h"), otst))
        self.risk_chart.setTitle(title(self.tr("At-risk and late orders through the shift"), risks))

    def draw(self, snap: Snapshot) -> None:
        cut: dict[str, list[str]] = {}
        for hhmm, carrier in snap.cutoffs:
            cut.setdefault(hhmm[:2] + ":00", []).append(carrier)
        labels = [h + (" ▲" + ",".join(cut[h]) if h in cut else "") for h, _ in snap.handovers_per_hour]
        handed = [float(n) for _, n in snap.handovers_per_hour]
        self._bars(self.handover_chart, labels, handed, self.tr("orders"))
        otst = [float(n) for _, n in snap.otst_histogram]
        self._bars(self.otst_chart, [self.tr("%1–%2 h").replace("%1", f"{start:g}").replace("%2", f"{start + 2:g}")
                                     for start, _ in snap.otst_histogram], otst, self.tr("orders"))
        self._risks(snap)
        self._titles(any(handed), any(otst), any(r or lt for _, r, lt in snap.risk_timeline))

    def _risks(self, snap: Snapshot) -> None:
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
        axis_y = count_axis(max([1] + [max(r, lt) for _, r, lt in snap.risk_timeline]))
        # The moments are evenly spaced; every second one is named under the axis.
        x_values = QValueAxis()
        x_values.setRange(0, max(1, len(snap.risk_timeline) - 1))
        x_values.setTitleText(" · ".join(t for t, _, _ in snap.risk_timeline[::2]))
        x_values.setLabelsVisible(False)
        # warning amber and alert red: the palette's default blue and green would read as "fine"
        at_risk.setPen(QPen(QColor(AT_RISK_COLOUR), 3))
        late.setPen(QPen(QColor(LATE_COLOUR), 3))
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
        axis_y = count_axis(max([1.0, *values]))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
