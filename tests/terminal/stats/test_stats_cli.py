"""`handoff stats` end to end in-process, and the shift windows behind its defaults."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from shift_ops import T0, Shift

from terminal.cli import run
from terminal.clock import iso
from terminal.stats.kpis import KPI_KEYS
from terminal.stats.window import current_shift, previous_window, shift_bounds, window_for


def at(hours: float) -> str:
    return iso(T0 + timedelta(hours=hours))


def test_stats_json_has_exactly_the_keys(shift: Shift, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    oid = shift.order(created=T0 - timedelta(hours=1), ship_by=T0 + timedelta(hours=2), lines=[2])
    shift.pick(T0 + timedelta(minutes=30), oid, picked=[1])
    shift.hand_over(T0 + timedelta(hours=1), shift.pack(T0 + timedelta(minutes=45), oid))
    code = run(["stats", "--db", str(db_path), "--from", at(0), "--to", at(8), "--now", at(10), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert list(out) == list(KPI_KEYS)
    # one order: OTST 2 h, on time, 1 of 2 units picked and packed
    assert (out["otst_median_s"], out["on_time_rate"], out["fill_rate"]) == (7200.0, 1.0, 0.5)
    assert out["pick_rate_lph"] is None and out["door_faults"] is None


def test_stats_accepts_z_and_naive_times(shift: Shift, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["stats", "--db", str(db_path), "--from", "2026-11-23T06:00:00Z", "--to", "2026-11-23T14:00",
                "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["otst_median_s"] is None


@pytest.mark.parametrize("argv", [["--from", "yesterday"], ["--to", "2026-13-01"]])
def test_bad_iso_is_one_clear_sentence(shift: Shift, db_path: Path, capsys: pytest.CaptureFixture[str],
                                       argv: list[str]) -> None:
    assert run(["stats", "--db", str(db_path), *argv, "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("handoff: --") and "is not an ISO 8601 time" in err
    assert err.count("\n") == 0 and "Traceback" not in err


def test_to_before_from_is_refused(shift: Shift, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["stats", "--db", str(db_path), "--from", at(2), "--to", at(1), "--json"]) == 2
    assert "is not after --from" in capsys.readouterr().err


def test_shift_bounds_in_warsaw() -> None:
    tz = ZoneInfo("Europe/Warsaw")
    starts = [time(6), time(14), time(22)]
    # 2026-11-23 08:30 UTC = 09:30 Warsaw (CET, UTC+1) → shift 06:00–14:00 local = 05:00–13:00 UTC
    begin, end = shift_bounds(datetime(2026, 11, 23, 8, 30, tzinfo=UTC), tz, starts)
    assert (begin.astimezone(UTC), end.astimezone(UTC)) == (
        datetime(2026, 11, 23, 5, tzinfo=UTC), datetime(2026, 11, 23, 13, tzinfo=UTC))
    # 02:00 local belongs to the night shift that began at 22:00 the day before
    begin, end = shift_bounds(datetime(2026, 11, 23, 1, 0, tzinfo=UTC), tz, starts)
    assert begin.astimezone(UTC) == datetime(2026, 11, 22, 21, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 11, 23, 5, tzinfo=UTC)


def test_default_window_is_current_shift_and_previous_is_the_one_before(shift: Shift) -> None:
    now = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)      # the fixture's sites are in UTC
    w = current_shift(shift.db, now)
    assert (w.start, w.stop) == (datetime(2026, 11, 23, 6, tzinfo=UTC), now)
    prev = previous_window(w, shift.db)
    assert (prev.start, prev.stop) == (datetime(2026, 11, 22, 22, tzinfo=UTC), datetime(2026, 11, 23, 6, tzinfo=UTC))
    later = datetime(2026, 11, 23, 19, tzinfo=UTC)
    only_to = window_for(shift.db, later, None, datetime(2026, 11, 23, 18, tzinfo=UTC))
    assert only_to.start == datetime(2026, 11, 23, 14, tzinfo=UTC)


def test_stats_cli_imports_no_other_command_nor_sqlite_utils(shift: Shift, db_path: Path) -> None:
    # `handoff stats` used to import every command module (labels, devices, numpy) and sqlite_utils
    # before reading anything: most of its 0.55 s. Which modules a fresh process loads is what counts.
    import subprocess
    import sys

    probe = ("import json, sys; from terminal.cli import run; code = run(sys.argv[1:]); "
             "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in "
             "('sqlite_utils', 'numpy') or m.startswith(('terminal.labels', 'terminal.devices', "
             "'terminal.cli.commands.label')))]), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, "stats", "--db", str(db_path), "--from", at(0), "--to", at(8),
                           "--now", at(8), "--json"], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[3])
    code, heavy = json.loads(done.stderr.strip().splitlines()[-1])
    assert code == 0 and heavy == []
    assert list(json.loads(done.stdout)) == list(KPI_KEYS)


def test_stats_on_a_database_of_an_older_schema_migrates_it_first(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import re
    import sqlite3

    from terminal.store import LATEST_VERSION, open_db
    from terminal.store.migrate import available_migrations

    path = tmp_path / "old.db"
    open_db(path, create=True).close()
    newest = available_migrations()[-1]
    with sqlite3.connect(path) as conn:     # as if the newest migration had not run yet: its tables dropped
        for table in re.findall(r"CREATE TABLE (\w+)", newest.sql):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM schema_migrations WHERE version = ?", (LATEST_VERSION,))
    assert run(["stats", "--db", str(path), "--json"]) == 0
    assert list(json.loads(capsys.readouterr().out)) == list(KPI_KEYS)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == LATEST_VERSION
    assert run(["stats", "--db", str(tmp_path / "missing.db"), "--json"]) == 2
    assert "missing.db" in capsys.readouterr().err
