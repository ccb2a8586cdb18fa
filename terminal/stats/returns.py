"""Returns KPIs (issue 19 §4, DESIGN §8) by SQL over the terminal database, for a window [start, stop),
each as of the window's stop (kpis.py's common rules: ISO UTC text compares as time, durations are
julianday differences in seconds to the millisecond, medians nearest-rank, rates 0–1 or None).

return_processing_median_s
    Returns (the `returns` table: a parcel scanned in at the returns desk) with graded_at in the
    window: graded_at − received_at, the median.
return_rate
    A cohort rate. Denominator: orders handed over in the window (handed_over_at in it, not cancelled
    by stop). Numerator: those of them with at least one return received (received_at) at or before
    stop. In [0, 1] by construction; a shop's later returns raise a past window's figure only when it
    is asked again with a later stop (the backend's fleet figures take each hour as of its end).
time_to_restock_median_s
    Returns with at least one unit graded `restock`, counted in the window holding the moment their
    last restocked unit went back on a shelf: that moment − received_at, the median (how long sellable
    stock sat on the returns desk)."""

from __future__ import annotations

from typing import Any

from terminal.stats.reader import SqlDb
from terminal.stats.window import Window

RETURN_KPI_KEYS = ("return_processing_median_s", "return_rate", "time_to_restock_median_s")
_SECONDS = "round((julianday({0}) - julianday(r.received_at)) * 86400.0, 3)"


def _values(db: SqlDb, sql: str, params: dict[str, str]) -> list[float]:
    return sorted(float(row[0]) for row in db.execute(sql, params).fetchall())


def processing_values(db: SqlDb, w: Window) -> list[float]:
    """Seconds from received to graded, sorted, of returns graded in the window."""
    return _values(db, f"SELECT {_SECONDS.format('r.graded_at')} FROM returns r"
                   " WHERE r.graded_at >= :start AND r.graded_at < :stop", w.params())


def rate_counts(db: SqlDb, w: Window) -> list[int]:
    """[orders handed over in the window with a return received by stop, orders handed over in it]."""
    row = db.execute(
        "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id"
        " AND r.received_at <= :stop)), 0) FROM orders o"
        " WHERE o.handed_over_at >= :start AND o.handed_over_at < :stop"
        " AND NOT (o.status = 'cancelled' AND (o.cancelled_at IS NULL OR o.cancelled_at <= :stop))",
        w.params()).fetchone()
    return [int(row[1]), int(row[0])]


def restock_values(db: SqlDb, w: Window) -> list[float]:
    """Seconds from received to the last unit restocked, sorted, of returns whose last restock is in the window."""
    return _values(db, f"SELECT {_SECONDS.format('i.last')} FROM returns r JOIN"
                   " (SELECT return_id, max(graded_at) AS last FROM return_items WHERE grade = 'restock'"
                   " GROUP BY return_id) i ON i.return_id = r.id WHERE i.last >= :start AND i.last < :stop",
                   w.params())


def parts(window: Window) -> dict[str, Any]:
    """The readers of the returns KPIs' parts (terminal/stats/pooled.py pools them like the others:
    value lists by union, the rate's counts by sums)."""
    return {"ret_processing": lambda db: processing_values(db, window),
            "ret_rate": lambda db: rate_counts(db, window),
            "ret_restock": lambda db: restock_values(db, window)}
