"""Property: on any simulated shift (the real ops, terminal/stats/simulate.py) and any window over it,
the KPIs keep the bounds DESIGN §8 promises — utilisations and rates in [0, 1], the scan error rate
in [0, 1000], p90 ≥ median — and a window that starts after now is refused."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sim_world import START, build_world

from terminal.clock import FixedClock
from terminal.stats.kpis import compute_kpis
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window, WindowInFuture
from terminal.store import open_db

RATES = ("on_time_rate", "perfect_order_rate", "fill_rate", "first_attempt_pickup_rate",
         "locker_utilisation", "locker_utilisation_tw")

shifts = st.builds(
    SimConfig,
    pickers=st.integers(1, 3), packers=st.integers(0, 2), hours=st.sampled_from([2.0, 5.5]),
    seed=st.integers(0, 10_000), start=st.just(START),
    short_p=st.floats(0, 0.3), wrong_item_p=st.floats(0, 0.3), courier_every_min=st.floats(10, 90),
    recipient_median_h=st.floats(0.2, 4), no_show_p=st.floats(0, 0.5), door_fail_p=st.floats(0, 0.2),
)
# a window as (start, end, now) offsets in minutes from the shift's start
windows = st.lists(st.tuples(st.integers(-120, 300), st.integers(1, 600), st.integers(0, 360)), min_size=3, max_size=6)


def check_bounds(kpis: dict) -> None:
    for key in RATES:
        assert kpis[key] is None or 0.0 <= kpis[key] <= 1.0, (key, kpis[key])
    assert kpis["scan_error_per_1000"] is None or 0.0 <= kpis["scan_error_per_1000"] <= 1000.0
    for rate in ("pick_rate_lph", "pack_rate_oph"):
        assert kpis[rate] is None or kpis[rate] >= 0.0
    for name in ("otst", "dwell"):
        median, p90 = kpis[f"{name}_median_s"], kpis[f"{name}_p90_s"]
        assert (median is None) == (p90 is None)
        assert median is None or p90 >= median
    faults = kpis["door_faults"]
    if faults is not None:
        assert faults["total"] == sum(faults["by_kind"].values())
        assert min(faults["out_of_service"], faults["faulted"]) >= 0


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=shifts, spans=windows)
def test_kpis_stay_in_bounds_on_random_simulated_shifts(config: SimConfig, spans: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shift.db"
        db = open_db(path, create=True)
        try:
            build_world(db, orders=60, seed=config.seed)
            simulate_shift(db, path, config, clock=FixedClock(START))
            shift = Window(START, START + timedelta(hours=config.hours), START + timedelta(hours=config.hours))
            check_bounds(compute_kpis(db, shift))
            for begin, length, now in spans:
                start = START + timedelta(minutes=begin)
                moment = START + timedelta(minutes=now)
                if start > moment:
                    with pytest.raises(WindowInFuture):
                        Window(start, start + timedelta(minutes=length), moment)
                    continue
                check_bounds(compute_kpis(db, Window(start, start + timedelta(minutes=length), moment)))
        finally:
            db.close()
