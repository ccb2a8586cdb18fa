"""Everything the supervisor dashboard shows beyond the KPI tiles, read in one go off the GUI thread.

`snapshot()` gathers the KPIs of the window and of the previous shift, the people table, the charts'
series, the at-risk list, the exceptions queue and the locker grid into plain data (no Qt), so the
dashboard, the CSV export and the PDF report all show the same numbers."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from terminal.clock import iso
from terminal.config import Settings
from terminal.stats.kpis import (
    SECONDS,
    compute_kpis,
    rate_per_hour,
    risk_counts,
    risk_list,
    risk_params,
)
from terminal.stats.pooled import SECOND_PARTS, combine, part_readers
from terminal.stats.window import Window, current_shift, previous_window, site_timezone

QUEUE_KINDS = ("short_pick", "weight_mismatch", "door_fault", "sync_rejection", "conflict")

# Every table a snapshot reads (the KPIs, the picking estimate, the lists, the grid). A write that
# touches none of them — a push acknowledged, sync state, the outbox — cannot move any figure, so
# the dashboard does not re-read for it (ui/stats/pages.py).
READS = frozenset({
    "orders", "order_lines", "pick_tasks", "packages", "scan_events", "user_sessions", "users",
    "exceptions", "audit_log", "parcels", "compartments", "lock_boards", "door_journal",
    "carrier_departures", "sites", "stock_counts",
    "receipt_lines",     # dock-to-stock (terminal/stats/dock_to_stock.py)
    "returns", "return_items",     # the returns KPIs (terminal/stats/returns.py)
})


@dataclass(frozen=True)
class Snapshot:
    """What one refresh read, handed from the reader thread to the GUI thread and never changed after."""

    window: Window
    kpis: dict[str, Any]
    previous: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    handovers_per_hour: list[tuple[str, int]] = field(default_factory=list)   # local "HH:00", count
    cutoffs: list[tuple[str, str]] = field(default_factory=list)              # local "HH:MM", carrier
    otst_histogram: list[tuple[float, int]] = field(default_factory=list)     # bin start (h), count
    risk_timeline: list[tuple[str, int, int]] = field(default_factory=list)   # local "HH:MM", at_risk, late
    risks: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    compartments: list[dict[str, Any]] = field(default_factory=list)


def people(db: sqlite_utils.Database, w: Window) -> list[dict[str, Any]]:
    """Pickers and packers with time logged in during the window, their output and rate (same rules
    as pick_rate_lph / pack_rate_oph, per person)."""
    params = w.params()
    sessions = db.execute(f"""
        SELECT s.user_id, u.name, s.role,
               round(sum(max(0.0, julianday(min(coalesce(s.logout_at, :stop), :stop))
                                  - julianday(max(s.login_at, :start)))) * {SECONDS}, 3) / 3600.0
        FROM user_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.role IN ('picker', 'packer') AND s.login_at < :stop
          AND (s.logout_at IS NULL OR s.logout_at > :start)
        GROUP BY s.user_id, s.role ORDER BY s.role, u.name""", params).fetchall()
    # Only the pickers listed are looked up: one index range each (pick_tasks_picker_done).
    picked = dict(db.execute("""
        SELECT picker_id, count(*) FROM pick_tasks
        WHERE picker_id IN (SELECT user_id FROM user_sessions WHERE role = 'picker' AND login_at < :stop
                                                              AND (logout_at IS NULL OR logout_at > :start))
          AND done_at >= :start AND done_at < :stop AND picked_qty > 0 GROUP BY picker_id""", params).fetchall())
    packed = dict(db.execute("""
        SELECT p.packed_by, count(DISTINCT p.order_id) FROM orders o JOIN packages p ON p.order_id = o.id
        WHERE o.packed_at >= :start AND o.packed_at < :stop GROUP BY p.packed_by""", params).fetchall())
    result = []
    for user_id, name, role, hours in sessions:
        count = int((picked if role == "picker" else packed).get(user_id, 0))
        result.append({"user_id": user_id, "name": name, "role": role, "hours": float(hours or 0.0),
                       "count": count, "rate": rate_per_hour(count, float(hours or 0.0))})
    return result


def handovers_per_hour(db: sqlite_utils.Database, w: Window) -> list[tuple[str, int]]:
    """Orders handed over in each local hour of the window (hours with none included)."""
    tz = site_timezone(db)
    counts: dict[str, int] = {}
    hour = w.start.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    while hour < w.stop:
        counts[hour.strftime("%H:00")] = 0
        hour += timedelta(hours=1)
    # Counted per UTC hour (stored times are iso() UTC text, so an hour is an index range of
    # orders_handed_over: no grouping sort), then each hour named in the site's zone.
    utc_hour = w.start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    while utc_hour < w.stop:
        following = utc_hour + timedelta(hours=1)
        n = db.execute("SELECT count(*) FROM orders WHERE handed_over_at >= ? AND handed_over_at < ?",
                       (iso(max(utc_hour, w.start)), iso(min(following, w.stop)))).fetchone()[0]
        if n:
            key = utc_hour.astimezone(tz).strftime("%H:00")
            counts[key] = counts.get(key, 0) + int(n)
        utc_hour = following
    return list(counts.items())


def cutoffs(db: sqlite_utils.Database, w: Window) -> list[tuple[str, str]]:
    """Carrier departures (local HH:MM, carrier) that fall inside the window."""
    tz = site_timezone(db)
    found = []
    day = w.start.astimezone(tz).date()
    while day <= w.stop.astimezone(tz).date():
        for departs, carrier in db.execute(
                "SELECT departs_at, carrier_code FROM carrier_departures WHERE weekday = ? ORDER BY departs_at",
                (day.weekday(),)):
            moment = datetime.combine(day, datetime.strptime(departs, "%H:%M").time(), tzinfo=tz)
            if w.start <= moment < w.stop:
                found.append((departs, carrier))
        day += timedelta(days=1)
    return found


def otst_histogram(values: list[float], bin_hours: float = 2.0, presorted: bool = False) -> list[tuple[float, int]]:
    """OTST counts in bins of `bin_hours` hours, from 0 to the largest value.

    `presorted` values (the KPI's own list) are counted by bisecting at each bin's edge instead of
    one step per order: with a whole number of seconds per bin and no negative value, `v // width`
    and the comparisons with the edges k × width are exact, so the counts are the same."""
    if not values:
        return []
    width = bin_hours * 3600
    bins = int(max(values) // width) + 1
    if presorted and width == int(width) and values[0] >= 0:
        edges = [0, *(bisect_left(values, (i + 1) * width) for i in range(bins - 1)), len(values)]
        return [(i * bin_hours, edges[i + 1] - edges[i]) for i in range(bins)]
    counts = [0] * bins
    for value in values:
        counts[int(value // width)] += 1
    return [(i * bin_hours, n) for i, n in enumerate(counts)]


def risk_timeline(db: sqlite_utils.Database, w: Window, settings: Settings | None = None,
                  points: int = 9, rates: dict[str, Any] | None = None,
                  at_stop: list[int] | None = None) -> list[tuple[str, int, int]]:
    """At-risk and late counts at evenly spaced moments through the window (the last one is stop),
    each with the work estimate measured at stop (measuring it again per point costs more than the
    chart is worth). `at_stop`: [at_risk, late] at stop with that estimate when the caller has them
    (the KPIs' own `risk` part: the same query at the same moment), so they are not counted twice."""
    tz = site_timezone(db)
    if w.stop <= w.start:
        return []
    rates = rates or risk_params(db, w, settings)
    step = (w.stop - w.start) / (points - 1)
    result = []
    for i in range(points):
        moment = w.start + step * i
        if moment == w.stop and at_stop is not None:
            at_risk, late = at_stop
        else:
            at_risk, late = risk_counts(db, Window(w.start, moment, moment), settings, rates)
        result.append((moment.astimezone(tz).strftime("%H:%M"), at_risk, late))
    return result


def exception_queue(db: sqlite_utils.Database, limit: int = 200) -> list[dict[str, Any]]:
    """Open and acknowledged exceptions, newest first (short picks, weight mismatches, door faults,
    sync rejections, conflicts, and any other kind a capability raises). `message_code` and
    `message_args` (JSON) word the sentence in the reader's language (terminal.exception_messages)."""
    rows = db.execute("""
        SELECT e.id, e.kind, e.raised_at, e.ref_type, e.ref_id, e.message, e.status,
               e.assigned_to, a.name AS assigned_name, e.acknowledged_at,
               CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.message_code') END AS message_code,
               CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.message_args') END AS message_args
        FROM exceptions e LEFT JOIN users a ON a.id = e.assigned_to
        WHERE e.status <> 'resolved' ORDER BY e.raised_at DESC LIMIT ?""", (limit,)).fetchall()
    return [dict(r) for r in rows]


def compartments(db: sqlite_utils.Database, w: Window) -> list[dict[str, Any]]:
    """Every compartment with its state and, while it holds a parcel, how long it has (dwell so far)."""
    rows = db.execute(f"""
        SELECT c.id, c.site_id, b.board_no, c.lock_no, c.size_class, c.column_no, c.row_no, c.state,
               p.tracking_number, p.status AS parcel_status,
               round((julianday(:stop) - julianday(p.deposited_at)) * {SECONDS}, 0) AS dwell_s
        FROM compartments c JOIN lock_boards b ON b.id = c.board_id
        LEFT JOIN parcels p ON p.compartment_id = c.id AND p.deposited_at <= :stop
             AND p.status IN ('deposited', 'expired')
        ORDER BY c.site_id, c.column_no, c.row_no DESC, b.board_no, c.lock_no""", w.params()).fetchall()
    return [dict(r) for r in rows]


class PreviousShiftCache:
    """The previous shift's KPIs, kept while neither the window nor the data has changed.

    Keyed by the previous window, the settings the estimate reads and the connection's data version
    (`PRAGMA data_version` moves when another connection commits; `total_changes` when this one
    writes), so a refresh within a shift does not recompute figures that cannot have changed, and any
    write anywhere makes the next refresh compute them afresh. Holds one entry; use it with one
    connection (the dashboard's reader keeps its own)."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._kpis: dict[str, Any] | None = None

    @staticmethod
    def _key_for(db: sqlite_utils.Database, w: Window, settings: Settings | None) -> tuple[Any, ...]:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        estimate = tuple(repr(settings.get(key, None)) for key in _ESTIMATE_SETTINGS) if settings else ()
        return (id(db), version, db.conn.total_changes, tuple(sorted(w.params().items())), estimate)

    def kpis(self, db: sqlite_utils.Database, w: Window, settings: Settings | None) -> dict[str, Any]:
        key = self._key_for(db, w, settings)
        if key != self._key or self._kpis is None:
            self._kpis = compute_kpis(db, w, settings)
            self._key = key
        return self._kpis


_ESTIMATE_SETTINGS = ("picking.rate_window_h", "picking.default_pick_s_per_line",
                      "picking.default_pack_s_per_order", "picking.safety_margin_min")


# Read on a second connection while the caller's connection reads the rest: the reads are
# independent and SQLite runs them outside the GIL, so a refresh takes about half as long on two
# cores. The CLI's split (pooled.SECOND_PARTS) less the perfect orders: the people table and the
# hourly handovers go there too, so by the per-part times of the 50k-order shift (idle machine) the
# halves take about as long, ≈110 ms each, with the perfect orders read beside the work estimate.
_SECOND_PARTS = tuple(name for name in SECOND_PARTS if name != "perfect_order")


def _second_connection(db: sqlite_utils.Database) -> sqlite_utils.Database | None:
    """Another connection to the same file, or None where one would not see the same data: an
    in-memory database, or a caller in the middle of its own (uncommitted) transaction."""
    from terminal.store.db import connect

    if db.conn.in_transaction:
        return None
    row = db.execute("PRAGMA database_list").fetchone()
    return connect(row[2]) if row and row[2] else None


def _read_all(db: sqlite_utils.Database, readers: dict[str, Callable[[sqlite_utils.Database], Any]]) -> dict[str, Any]:
    return {name: read(db) for name, read in readers.items()}


def snapshot(db: sqlite_utils.Database, window: Window, settings: Settings | None = None,
             previous: PreviousShiftCache | None = None, other: sqlite_utils.Database | None = None) -> Snapshot:
    """Everything the dashboard shows for `window`, and the previous shift's KPIs to compare with
    (from `previous` when its figures are still current).

    The work estimate at stop is measured once and shared by the KPIs, the timeline and the at-risk
    list; the OTST values behind the KPIs also make the histogram. Part of the reads run on a
    second connection at the same time (`_SECOND_PARTS`, the people table, the hourly handovers):
    `other` when the caller keeps one open (BoardReader), else one opened for this snapshot."""
    # The second connection's parts do not need the work estimate: they start before it is measured.
    there: dict[str, Callable[[sqlite_utils.Database], Any]] = {
        name: read for name, read in part_readers(window, settings).items() if name in _SECOND_PARTS}
    there["people"] = lambda other: people(other, window)
    there["handovers"] = lambda other: handovers_per_hour(other, window)
    own = other is None
    if own or db.conn.in_transaction:
        other = _second_connection(db) if own else None
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="stats-read") as pool:   # left only when it is done
            later = pool.submit(_read_all, other, there) if other is not None else None
            rates = risk_params(db, window, settings)
            readers = part_readers(window, settings, rates)
            found = {name: read(db) for name, read in readers.items() if name not in there}
            prev = (previous or PreviousShiftCache()).kpis(db, previous_window(window, db, settings), settings)
            timeline = risk_timeline(db, window, settings, rates=rates, at_stop=found["risk"])
            risks = risk_list(db, window, settings, rates)
            found.update(later.result() if later is not None else _read_all(db, there))
    finally:
        if own and other is not None:
            other.close()
    parts = {name: found[name] for name in readers}
    return Snapshot(
        window=window, kpis=combine([parts]), previous=prev,
        people=found["people"], handovers_per_hour=found["handovers"],
        cutoffs=cutoffs(db, window),
        otst_histogram=otst_histogram(parts["otst"], presorted=True),
        risk_timeline=timeline, risks=risks,
        exceptions=exception_queue(db),
        compartments=compartments(db, window),
    )


class BoardReader:
    """What the dashboard's reader keeps from one refresh to the next: its two connections (their
    schema and page caches stay warm) and the previous shift's figures. One refresh at a time
    (ui/stats/reader.py guarantees it); `close()` when the dashboard goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.previous = PreviousShiftCache()
        self._db: sqlite_utils.Database | None = None
        self._other: sqlite_utils.Database | None = None

    def read(self, now: datetime, settings: Settings | None = None) -> Snapshot:
        from terminal.store.db import connect, open_db

        if self._db is None:
            # The app opened this file already (migrated and quick-checked it, ui/app.py): checking
            # it again here read the whole file before the first figures — seconds on a busy site.
            self._db = open_db(self.path, migrate=False, verify=False)
            self._other = connect(self.path)
        return snapshot(self._db, current_shift(self._db, now, settings), settings, self.previous, self._other)

    def close(self) -> None:
        for db in (self._db, self._other):
            if db is not None:
                db.close()
        self._db = self._other = None


def kpi_rows(snap: Snapshot) -> list[tuple[str, Any, Any]]:
    """(key, this shift, previous shift) for each KPI; door faults as their total."""
    def flat(value: Any) -> Any:
        return value["total"] if isinstance(value, dict) else value
    return [(key, flat(snap.kpis[key]), flat(snap.previous[key])) for key in snap.kpis]


def window_label(w: Window) -> str:
    return f"{iso(w.start)} – {iso(w.stop)}"
