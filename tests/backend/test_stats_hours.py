"""The hours of KPI parts join into the parts of their window (backend/stats_parts.py): the
invariant /v1/stats stands on. On a simulated shift with a locker (every KPI has data), for any
window of whole hours and any "now" — before, inside or after the window — the joined hours give
the KPIs that the terminal's own SQL gives for the whole window."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backend.stats_parts import BUCKET, bucket_after, bucket_of, join_hours
from terminal.stats.kpis import KPI_KEYS, compute_kpis
from terminal.stats.pooled import combine, kpi_parts
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

HOURS = 6


@pytest.fixture(scope="module")
def shift_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    path = tmp_path_factory.mktemp("hours") / "shift.db"
    db = open_db(path, create=True)
    build_world(db, orders=80, seed=3)
    simulate_shift(db, path, SimConfig(pickers=3, packers=2, hours=HOURS - 1, seed=3, start=START, door_fail_p=0.1))
    yield db
    db.close()


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(-2, HOURS), length=st.integers(1, 4), now_min=st.integers(-60, 60 * (HOURS + 3)))
def test_a_windows_hours_join_into_its_figures(shift_db: sqlite_utils.Database, first: int, length: int,
                                               now_min: int) -> None:
    start = START + timedelta(hours=first)
    end = start + length * BUCKET
    now = START + timedelta(minutes=now_min)
    assume(start <= now)                         # else refused by /v1/stats (window_in_future)
    hours, hour = [], start
    while hour < end and hour <= now:
        # as the projector has them: each hour taken at its end, the one running at now, none later
        hours.append(kpi_parts(shift_db, Window(hour, hour + BUCKET, now)))
        hour += BUCKET
    joined = combine([join_hours(hours)])
    whole = compute_kpis(shift_db, Window(start, end, now))
    differ = {k: (joined[k], whole[k]) for k in KPI_KEYS if not _same(joined[k], whole[k])}
    assert not differ, f"[{start}, {end}) at {now}: {differ}"


def test_the_simulated_shift_has_every_kind_of_figure(shift_db: sqlite_utils.Database) -> None:
    figures = compute_kpis(shift_db, Window(START, START + HOURS * BUCKET, START + HOURS * BUCKET))
    for key in ("pick_rate_lph", "pack_rate_oph", "on_time_rate", "locker_utilisation_tw",
                "dwell_median_s", "first_attempt_pickup_rate", "door_faults", "at_risk", "perfect_order_rate"):
        assert figures[key] is not None, key
    assert figures["door_faults"]["total"] > 0


def test_hours_are_whole_utc_hours() -> None:
    moment = START + timedelta(minutes=95, seconds=3)
    assert bucket_of(moment) == START + BUCKET and bucket_after(moment) == START + 2 * BUCKET
    assert bucket_after(START) == START
    with pytest.raises(ValueError):
        join_hours([])
