"""The shift report PDF a supervisor saves is in the screen's language, with Polish letters, human
units and site times (issue 15, Shift report PDF).

It was Helvetica ("Zieli■ska"), all English, raw ISO UTC times, "Minutes left -2533" and dwell
"46:51" that read as minutes. The test reads the text back out of the PDF with pypdf."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils
from pypdf import PdfReader

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.people.badges import User
from ui.context import AppContext
from ui.i18n import language_switch
from ui.stats.pages import StatsPage
from ui.taskman import TaskManager

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "terminal" / "stats"))
from shift_ops import T0, Shift  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def report_text(qtbot, fresh_db: sqlite_utils.Database, db_path: Path, tmp_path: Path, language: str) -> str:  # type: ignore[no-untyped-def]
    shift = Shift(fresh_db, FixedClock(_h(-60)))
    shift.pulled("site", id="WH", name="Warehouse", kind="warehouse", timezone="Europe/Warsaw")
    shift.pulled("user", id="az", name="Anna Zielińska", roles="picker,packer")
    shift.pulled("user", id="sv", name="Sue", roles="supervisor")
    shift.order(created=_h(-60), ship_by=NOW - timedelta(days=2, hours=6, minutes=13))   # 2 d 6 h late
    session = shift.login(_h(0), "az", "picker")
    o = shift.order(created=_h(-3), ship_by=_h(1), lines=[2])
    shift.pick(_h(0.2), o, picker="az")
    shift.weight_mismatch(_h(0.4), o)
    shift.hand_over(_h(1), shift.pack(_h(0.5), o))
    shift.logout(_h(2), session)
    ctx = AppContext(db_path=db_path, db=fresh_db, settings=Settings(), clock=FixedClock(NOW),
                     tasks=TaskManager(synchronous=True))
    language_switch().set_language(language)
    page = StatsPage(ctx, User("sv", "Sue", ("supervisor",), (), language))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.sig_refreshed, timeout=10000):
        page.refresh()
    path = page.export_pdf(tmp_path / f"shift-{language}.pdf")
    assert path is not None
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_shift_report_in_polish_has_polish_letters_units_and_site_times(qtbot, fresh_db, db_path,  # type: ignore[no-untyped-def]
                                                                         tmp_path) -> None:
    text = report_text(qtbot, fresh_db, db_path, tmp_path, "pl")
    assert "Raport zmiany" in text and "Zamówienia spóźnione i zagrożone" in text and "Otwarte wyjątki" in text
    assert "Anna Zielińska" in text                         # a font with ń: not "Zieli■ska"
    assert "2 d 6 h spóźnienia" in text                     # not "-3253" minutes
    assert "Następny dzień" in text and "NEXT_DAY" not in text
    assert "07:24" in text and "ważyło" in text    # the weight mismatch (06:24 UTC), worded in Polish from its code
    assert "Zmiana 2026-11-23, 06:00–11:00 (czas lokalny)" in text   # the shift began 06:00 site time; now 10:00 UTC
    for english in ("Shift report", "Minutes left", "Open exceptions", "weighed", "late"):
        assert english not in text, english
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)      # no raw ISO moments


def test_shift_report_in_english_reads_durations_in_hours_not_clock_digits(qtbot, fresh_db, db_path,  # type: ignore[no-untyped-def]
                                                                            tmp_path) -> None:
    text = report_text(qtbot, fresh_db, db_path, tmp_path, "en")
    assert "Shift report" in text and "Anna Zielińska" in text
    assert "2 d 6 h late" in text and "Next day" in text
    assert "Order-to-ship time, median" in text and "4 h" in text            # OTST 4 h, not "4:00"
    assert "weighed" in text and "Raport" not in text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)
