"""A simulated shift on the demo site, shown in the real supervisor window: the tiles equal the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.demo import generate
from terminal.stats.kpis import KPI_KEYS
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.store import open_db
from tools.fixture import badge_for_role
from ui.app import make_context, shutdown
from ui.stats.pages import StatsPage

START = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)     # 06:00 in Warsaw: a shift begins
END = START + timedelta(hours=1, minutes=30)


@pytest.fixture
def simulated_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    db = open_db(path, create=True)
    generate(db, seed=3, orders=80, now=START, db_path=path, settings=Settings(), shift_history=False)
    report = simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=1.5, seed=4, start=START),
                            Settings(), clock=FixedClock(START))
    assert report.counts["tasks"] > 20
    db.close()
    return path


def test_simulated_shift_in_the_supervisor_window_matches_the_cli(qtbot, simulated_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from terminal.cli import run
    from ui.windows import make_window

    ctx = make_context(simulated_db, settings=Settings({"ui": {"sound": False}}), clock=FixedClock(END),
                       synchronous=True)
    try:
        window = make_window("supervisor", ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.deliver_scan(badge_for_role(ctx.db, "supervisor"))
        page = window.current_page()
        assert isinstance(page, StatsPage)
        qtbot.waitUntil(lambda: page.snap is not None, timeout=20000)
        page.wait_idle()
        assert run(["stats", "--db", str(simulated_db), "--now", iso(END), "--json"]) == 0
        cli = json.loads(capsys.readouterr().out)
        assert {key: page.tiles[key].value for key in KPI_KEYS} == cli
        assert cli["pick_rate_lph"] > 20 and cli["scan_error_per_1000"] is not None
        assert page.tiles["pick_rate_lph"].value_label.text() == f"{cli['pick_rate_lph']:.1f} /h"
        assert page.people.rowCount() >= 2 and len(page.locker_cells) == 48
        window.logout(force=True)
    finally:
        shutdown(ctx)
