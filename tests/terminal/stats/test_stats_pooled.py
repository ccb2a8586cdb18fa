"""Pooling of KPI parts (terminal/stats/pooled.py), worked out by hand: sums add, rates pool their
numerators and denominators (not the mean of the sites' rates), percentiles rank the union."""

from __future__ import annotations

from typing import Any

from terminal.stats.kpis import KPI_KEYS
from terminal.stats.pooled import combine


def _site(**given: Any) -> dict[str, Any]:
    empty: dict[str, Any] = {"otst": [], "dwell": [], "risk": None, "door_faults": None}
    for name in ("on_time", "perfect_order", "scan_error", "fill", "locker", "locker_tw", "first_attempt",
                 "pick", "pack", "count_accuracy"):
        empty[name] = [0, 0]
    return {**empty, **given}


def test_no_sites_and_empty_sites_give_null_everywhere() -> None:
    assert combine([]) == {key: None for key in KPI_KEYS}
    assert combine([_site(), _site()]) == {key: None for key in KPI_KEYS}


def test_two_sites_pool_by_volume() -> None:
    a = _site(on_time=[9, 10], pick=[30, 2.0], scan_error=[1, 1000], otst=[100.0, 300.0],
              risk=[1, 2], door_faults={"total": 2, "by_kind": {"left_open": 2}, "out_of_service": 1, "faulted": 0})
    b = _site(on_time=[0, 90], pick=[10, 8.0], scan_error=[9, 1000], otst=[200.0],
              risk=[3, 0], door_faults={"total": 1, "by_kind": {"door_did_not_open": 1}, "out_of_service": 0,
                                        "faulted": 1})
    got = combine([a, b])
    # on time: (9 + 0) / (10 + 90) = 0.09 — the mean of 0.9 and 0.0 would be 0.45
    assert got["on_time_rate"] == 0.09
    # pick rate: 40 lines / 10 picker-hours = 4.0 — the mean of 15 and 1.25 would be 8.125
    assert got["pick_rate_lph"] == 4.0
    assert got["scan_error_per_1000"] == 5.0                       # 10 rejected of 2,000 scans
    # union [100, 200, 300]: median rank ceil(1.5) = 2, p90 rank ceil(2.7) = 3
    assert (got["otst_median_s"], got["otst_p90_s"]) == (200.0, 300.0)
    assert (got["at_risk"], got["late"]) == (4, 2)
    assert got["door_faults"] == {"total": 3, "by_kind": {"door_did_not_open": 1, "left_open": 2},
                                  "out_of_service": 1, "faulted": 1}
    assert got["pack_rate_oph"] is None and got["dwell_median_s"] is None


def test_a_site_without_orders_does_not_make_the_fleet_counts_null() -> None:
    locker_only = _site(locker=[3, 4])
    warehouse = _site(risk=[0, 5], locker=[0, 0])
    got = combine([locker_only, warehouse])
    assert (got["at_risk"], got["late"]) == (0, 5)
    assert got["locker_utilisation"] == 0.75
