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
from stats_rows import Rows  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)     # the fixture sites are in UTC: shift 06:00–now


def _h(hours: float) -> str:
    return iso(datetime(2026, 11, 23, 6, tzinfo=UTC) + timedelta(hours=hours))


@pytest.fixture
def page(qtbot, fresh_db: sqlite_utils.Database, db_path: Path) -> StatsPage:
    rows = Rows(fresh_db)
    fresh_db.execute("INSERT INTO users (id, name, roles) VALUES ('sv', 'Sue', 'supervisor')")
    rows.session("p1", "picker", _h(0), _h(2))
    o = rows.order(created=_h(-3), ship_by=_h(1), handed=_h(1), packed=_h(0.5), lines=[(2, 2, 0, 2)])
    rows.task(o, done=_h(0.2), qty=2, picked_qty=2)
    rows.order(created=_h(-2), ship_by=_h(4.2))                     # open, ship_by 10:12: at risk at 10:00
    rows.order(created=_h(-30), handed=_h(-2))                      # previous shift: OTST 28 h
    rows.exception("weight_mismatch", _h(1), ref_id=o)
    c = rows.compartment(1, state="OCCUPIED")
    rows.compartment(2)
    rows.parcel(c, deposited=_h(2))
    fresh_db.conn.commit()
    ctx = AppContext(db_path=db_path, db=fresh_db, settings=Settings(), clock=FixedClock(NOW),
                     tasks=TaskManager(synchronous=True))
    widget = StatsPage(ctx, User("sv", "Sue", ("supervisor",), (), "en"))
    qtbot.addWidget(widget)
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
    assert page.locker_cells["C1"].text().endswith("2 h")      # in since 08:00, now 10:00


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
