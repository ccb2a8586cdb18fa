"""The dashboard page, standalone with real widgets: tiles equal the CLI's numbers, the queue acts."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from terminal.cli import run
from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.people.badges import User
from terminal.stats.kpis import KPI_KEYS
from ui.context import AppContext
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "stats"))
from locker_ops import Locker, comp  # noqa: E402
from shift_ops import T0, Shift  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)     # the fixture sites are in UTC: shift 06:00–now


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def page(qtbot, fresh_db: sqlite_utils.Database, db_path: Path) -> StatsPage:
    # made through the ops (tests/terminal/stats/shift_ops.py, locker_ops.py)
    shift = Shift(fresh_db, FixedClock(_h(-40)))
    shift.pulled("user", id="sv", name="Sue", roles="supervisor")
    previous = shift.order(created=_h(-30))
    shift.ship(previous, picked=_h(-3), packed=_h(-2.5), handed=_h(-2))   # previous shift: OTST 28 h
    session = shift.login(_h(0), "p1", "picker")
    o = shift.order(created=_h(-3), ship_by=_h(1), lines=[2])
    shift.pick(_h(0.2), o)
    shift.weight_mismatch(_h(0.4), o)
    shift.hand_over(_h(1), shift.pack(_h(0.5), o))                          # OTST 4 h, on time
    shift.logout(_h(2), session)
    shift.order(created=_h(-2), ship_by=_h(4.2))                     # open, ship_by 10:12: at risk at 10:00
    lk = Locker(fresh_db, shift.clock)
    for n in range(1, 9):                                           # 8 of 16 compartments in use since 08:00
        lk.deposit(_h(2), comp(n))
    ctx = AppContext(db_path=db_path, db=fresh_db, settings=Settings(), clock=FixedClock(NOW),
                     tasks=TaskManager(synchronous=True))
    widget = StatsPage(ctx, User("sv", "Sue", ("supervisor",), (), "en"))
    qtbot.addWidget(widget)
    widget.show()                  # a shown dashboard re-reads when an op changes what it shows
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.sig_refreshed, timeout=10000):
        widget.refresh()
    return widget


def test_tiles_show_the_clis_numbers(page: StatsPage, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["stats", "--db", str(db_path), "--now", iso(NOW), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert {key: page.tiles[key].value for key in KPI_KEYS} == cli
    assert cli["otst_median_s"] == 4 * 3600.0 and cli["at_risk"] == 1 and cli["locker_utilisation"] == 0.5
    assert page.tiles["otst_median_s"].value_label.text() == "4 h"
    # previous shift's OTST 28 h → now 4 h: down 24 h, which is better
    assert page.tiles["otst_median_s"].change_label.text() == "▼ 24 h"
    assert page.tiles["locker_utilisation"].value_label.text() == "50.0 %"
    assert page.risks.rowCount() == 1 and page.people.rowCount() == 1
    assert page.locker_cells[comp(1)].text().endswith("2 h")      # in since 08:00, now 10:00


def test_acknowledge_and_reassign_from_the_queue(page: StatsPage, qtbot) -> None:
    page.queue.selectRow(0)
    with qtbot.waitSignal(page.sig_refreshed, timeout=10000):
        page.acknowledge_selected()
    assert page.snap is not None and page.snap.exceptions[0]["status"] == "acknowledged"
    page.queue.selectRow(0)
    page.assignee.setCurrentIndex(page.assignee.findData("p1"))
    with qtbot.waitSignal(page.sig_refreshed, timeout=10000):
        page.reassign_selected()
    assert page.snap.exceptions[0]["assigned_to"] == "p1"
    assert page.queue.item(0, 3).text() == "P1"


def test_exports(page: StatsPage, tmp_path: Path) -> None:
    assert page.export_csv(tmp_path / "s.csv").read_text(encoding="utf-8").startswith("window_start")
    assert page.export_pdf(tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_at_risk_line_is_warning_amber_and_late_line_alert_red_not_blue_and_green(page: StatsPage) -> None:
    """The chart's default palette drew "at risk" blue and "late" green — colours that read as fine."""
    from PySide6.QtCharts import QLineSeries
    from PySide6.QtGui import QColor

    lines = {s.name(): s for s in page.charts.risk_chart.series() if isinstance(s, QLineSeries)}
    assert set(lines) == {"at risk", "late"}
    hue = {name: series.pen().color() for name, series in lines.items()}
    amber, red = QColor("#e67700"), QColor("#c92a2a")
    assert hue["at risk"] == amber and hue["late"] == red
    for colour in hue.values():        # neither is the blue or the green of the default palette
        assert not (colour.blue() > colour.red() or colour.green() > colour.red())
