"""KPI parts and their pooling: one site's figures and a fleet's are the same arithmetic.

`kpi_parts` reads, by the SQL in kpis.py, everything a KPI is made of for one database — the
numerator and denominator of every rate, the raw durations behind every percentile, the counts —
and `combine` turns any number of those into the KPI object of DESIGN §8. A terminal's
`handoff stats` is `combine([parts])`; the backend's `/v1/stats` is `combine` over the parts of
every site's mirror (backend/stats_mirror.py). Pure Python and JSON-friendly on purpose: both sides
call it, so the definitions cannot drift.

How several sites pool (the fleet figures):
* sums — at_risk, late, door_faults (total, by_kind, out_of_service, faulted): added up;
* pooled rates — on_time_rate, perfect_order_rate, fill_rate, first_attempt_pickup_rate,
  scan_error_per_1000, locker_utilisation, locker_utilisation_tw, pick_rate_lph, pack_rate_oph:
  Σ numerators ÷ Σ denominators (lines ÷ picker-hours, occupied ÷ active compartments, …),
  not an average of the sites' rates;
* pooled percentiles — otst_*, dwell_*, dock_to_stock_*, return_processing_median_s,
  time_to_restock_median_s: nearest-rank over the union of every site's values (return_rate pools as a rate).
A KPI is None when no site has anything to measure for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

from terminal.config import Settings
from terminal.stats import kpis as k
from terminal.stats import returns as ret
from terminal.stats.count_accuracy import count_accuracy_counts
from terminal.stats.dock_to_stock import dock_to_stock_values
from terminal.stats.reader import SqlDb
from terminal.stats.window import Window

Parts = dict[str, Any]


def part_readers(window: Window, settings: Settings | None = None,
                 rates: dict[str, Any] | None = None) -> dict[str, Callable[[SqlDb], Any]]:
    """How each part is read, by name: independent read-only queries, so a caller may run them on
    more than one connection (the dashboard does); `kpi_parts` runs them all on one."""
    def risk(db: SqlDb) -> list[int] | None:
        at_risk, late = k.risk_counts(db, window, settings, rates)
        # a locker terminal without orders has nothing to count: None, not zero
        return [at_risk, late] if db.execute("SELECT 1 FROM orders LIMIT 1").fetchone() is not None else None

    return {
        "otst": lambda db: k.otst_values(db, window),
        "dwell": lambda db: k.dwell_values(db, window),
        "on_time": lambda db: list(k.on_time_counts(db, window)),
        "perfect_order": lambda db: list(k.perfect_order_counts(db, window)),
        "scan_error": lambda db: list(k.scan_error_counts(db, window)),
        "fill": lambda db: list(k.fill_counts(db, window)),
        "locker": lambda db: list(k.locker_counts(db, window)),
        "locker_tw": lambda db: list(k.locker_tw_counts(db, window)),
        "first_attempt": lambda db: list(k.first_attempt_counts(db, window)),
        "pick": lambda db: [k.lines_picked(db, window), k.role_hours(db, window, "picker")],
        "pack": lambda db: [k.orders_packed(db, window), k.role_hours(db, window, "packer")],
        "risk": risk,
        "door_faults": lambda db: k.door_faults(db, window),
        "count_accuracy": lambda db: list(count_accuracy_counts(db, window)),
        "dock_to_stock": lambda db: dock_to_stock_values(db, window),
        **ret.parts(window),
    }


# Read on a second connection, when there is one, while the first reads the rest: the reads are
# independent and SQLite runs them outside the GIL. Picked so the halves take about as long on a
# 50k-order shift (bench/bench_stats.py); the dashboard splits its refresh the same way (board.py).
SECOND_PARTS = ("on_time", "perfect_order", "scan_error", "fill", "pick", "pack")


def kpi_parts(db: SqlDb, window: Window, settings: Settings | None = None,
              rates: dict[str, Any] | None = None, other: SqlDb | None = None) -> Parts:
    """The parts of every KPI for one database: {name: [numerator, denominator]}, value lists, counts.
    `rates`: the at-risk estimate at the window's stop when the caller has measured it already;
    `other`: a second connection to the same file, which reads SECOND_PARTS meanwhile."""
    readers = part_readers(window, settings, rates)
    if other is None:
        return {name: read(db) for name, read in readers.items()}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="stats-parts") as pool:
        there = {name: pool.submit(read, other) for name, read in readers.items() if name in SECOND_PARTS}
        found = {name: read(db) for name, read in readers.items() if name not in there}
        found.update({name: future.result() for name, future in there.items()})
    return {name: found[name] for name in readers}


def _sum_ratio(parts: list[Parts], name: str, scale: float = 1.0) -> float | None:
    numerator = sum(float(p[name][0] or 0) for p in parts)
    denominator = sum(float(p[name][1] or 0) for p in parts)
    return scale * (numerator / denominator) if denominator > 0 else None


def _door_faults(parts: list[Parts]) -> dict[str, Any] | None:
    found = [p["door_faults"] for p in parts if p["door_faults"] is not None]
    if not found:
        return None
    by_kind: dict[str, int] = {}
    for faults in found:
        for kind, n in faults["by_kind"].items():
            by_kind[kind] = by_kind.get(kind, 0) + int(n)
    return {"total": sum(int(f["total"]) for f in found), "by_kind": dict(sorted(by_kind.items())),
            "out_of_service": sum(int(f["out_of_service"]) for f in found),
            "faulted": sum(int(f["faulted"]) for f in found)}


def _percentiles(name: str, parts: list[Parts]) -> dict[str, float | None]:
    """{name_median_s, name_p90_s} over the union of the sites' values (parts kept before the KPI
    existed have none)."""
    values = sorted(chain.from_iterable(p.get(name, ()) for p in parts))
    return {f"{name}_median_s": k.percentile(values, 50), f"{name}_p90_s": k.percentile(values, 90)}


def combine(many: Iterable[Parts]) -> dict[str, Any]:
    """The KPI object (keys exactly KPI_KEYS) of one or more sites' parts, pooled as the module says."""
    parts = list(many)
    otst = sorted(chain.from_iterable(p["otst"] for p in parts))
    dwell = sorted(chain.from_iterable(p["dwell"] for p in parts))
    # parts made before the returns existed (a backend's stored hours, a caller's own) have none of theirs
    returned = sorted(chain.from_iterable(p.get("ret_processing", ()) for p in parts))
    restocked = sorted(chain.from_iterable(p.get("ret_restock", ()) for p in parts))
    return_counts = [{"ret_rate": p.get("ret_rate") or [0, 0]} for p in parts]
    risks = [p["risk"] for p in parts if p["risk"] is not None]
    result: dict[str, Any] = {
        "otst_median_s": k.percentile(otst, 50),
        "otst_p90_s": k.percentile(otst, 90),
        "on_time_rate": _sum_ratio(parts, "on_time"),
        "pick_rate_lph": _sum_ratio(parts, "pick"),
        "pack_rate_oph": _sum_ratio(parts, "pack"),
        "perfect_order_rate": _sum_ratio(parts, "perfect_order"),
        "scan_error_per_1000": _sum_ratio(parts, "scan_error", 1000.0),
        "fill_rate": _sum_ratio(parts, "fill"),
        "at_risk": sum(int(r[0]) for r in risks) if risks else None,
        "late": sum(int(r[1]) for r in risks) if risks else None,
        "locker_utilisation": _sum_ratio(parts, "locker"),
        "locker_utilisation_tw": _sum_ratio(parts, "locker_tw"),
        "dwell_median_s": k.percentile(dwell, 50),
        "dwell_p90_s": k.percentile(dwell, 90),
        "first_attempt_pickup_rate": _sum_ratio(parts, "first_attempt"),
        "door_faults": _door_faults(parts),
        "inventory_accuracy_rate": _sum_ratio(parts, "count_accuracy"),
        **_percentiles("dock_to_stock", parts),
        "return_processing_median_s": k.percentile(returned, 50),
        "return_rate": _sum_ratio(return_counts, "ret_rate"),
        "time_to_restock_median_s": k.percentile(restocked, 50),
    }
    assert tuple(result) == k.KPI_KEYS
    return result

