"""Shift KPIs (DESIGN §8) by SQL over the terminal database, for a window [start, end).

Each KPI below states its exact SQL reading of the DESIGN definition. Common rules:

* The effective window is [start, stop) with stop = min(end, now) (see window.py). A window that
  starts after now is refused (WindowInFuture): nothing in it has happened yet. Every figure of a
  past window is taken as of its stop — states then, not now. "In the window"
  means the named moment column is >= start and < stop (ISO UTC text from `iso()` sorts as time).
* Durations are julianday differences in seconds, rounded to the millisecond.
* Percentiles use the nearest-rank method: for N sorted values, the p-th percentile is the value at
  rank ceil(p/100 × N) (1-based); the median is the 50th percentile by the same rule.
* Rates are fractions 0–1; a KPI with nothing to measure (empty denominator) is None (JSON null).
* Cancelled orders never count (status 'cancelled').

KPIs
----
otst_median_s, otst_p90_s
    Order-to-Ship Time = orders.handed_over_at − orders.created_at, for orders whose handed_over_at
    is in the window.
on_time_rate
    Denominator: non-cancelled orders whose ship_by is in the window. Numerator: those with
    handed_over_at IS NOT NULL AND handed_over_at <= ship_by (handed over exactly at ship_by is on
    time). ship_by after stop has not "fallen" yet, so it is outside the window.
pick_rate_lph
    Lines picked: pick_tasks with done_at in the window and picked_qty > 0 (a short line where some
    units were picked counts; a task shorted with nothing picked does not). Picker-hours: the
    overlap of every user_sessions row with role 'picker' — [login_at, logout_at, or stop if still
    logged in) — with the window, summed, in hours. Rate = lines / picker-hours; None with no
    picker-hours; 0.0 when pickers were logged in but picked nothing.
pack_rate_oph
    Orders packed: orders with packed_at in the window, per packer-hour (user_sessions role
    'packer', same overlap rule).
perfect_order_rate
    Packed orders = orders with packed_at in the window. Perfect when none of these exist for it:
    a rejected scan (scan_events.accepted = 0 with that order_id); a short (an order_lines row with
    short_qty > 0, or a pick_tasks row with status 'short'); a short_pick or weight_mismatch
    exception whose ref_id is the order, one of its packages, lines or pick tasks.
scan_error_per_1000
    1000 × scan_events with accepted = 0 ÷ all scan_events, `at` in the window (every context).
fill_rate
    For orders handed over in the window: Σ min(order_lines.packed_qty, qty) ÷ Σ qty (units packed
    into the packages that were handed over ÷ units ordered).
at_risk, late
    (None only when the database holds no orders at all.) Counts at the moment stop (= now for a
    window reaching now) over orders open at stop (created at or before stop, not handed over by
    stop, not cancelled by stop) with a ship_by: late = ship_by < stop; at_risk = not late and
    stop + estimated remaining work > ship_by − margin (DESIGN §5; at_risk here excludes the late
    ones, which are counted apart). Remaining work = (order lines with no pick task done by stop, or
    0 once picked_at <= stop) × seconds per line + (seconds per order unless packed_at <= stop),
    with the picking capability's own estimate (terminal.picking.priority.measured_rates at stop:
    this shift's measured seconds per picked line and per packed order, its defaults before there is
    data) and margin (`picking.safety_margin_min`, 30), so the dashboard and the picker's cart flag
    the same orders. The list with countdowns is `risk_list()`.
locker_utilisation, locker_utilisation_tw
    Occupied ÷ active compartments at stop, and the same time-weighted over the window, both read
    from the lockers' history as of stop (where each parcel was, when each compartment was in
    service): see lockers.py. The time-weighted figure is in [0, 1] by construction.
dwell_median_s, dwell_p90_s
    Delivery parcels with picked_up_at in the window: picked_up_at − deposited_at. Returns and
    parcels that expired and were collected by the courier have no picked_up_at and are not in it.
first_attempt_pickup_rate
    For each deposited delivery parcel, its outcome moment: picked_up_at if it was picked up at or
    before its expiry (expires_at, or expired_at when expires_at is missing), otherwise the expiry
    moment. Denominator: parcels whose outcome moment is in the window (picked up or expired);
    numerator: those picked up at or before expiry. A parcel that expired and was then collected (or
    picked up late) counts in the denominator only.
door_faults
    An object, or None on a terminal with no compartments and no door exceptions in the window:
    {"total": n, "by_kind": {kind: n}, "out_of_service": n, "faulted": n}. total/by_kind count the
    exceptions raised in the window whose kind is 'door_fault' or starts with 'door_' or is
    'compartment_fault'; the kind is details.fault / .reason / .kind when the exception carries
    one, else for a failed unlock its door_journal outcome (door_did_not_open,
    board_did_not_answer), else the reason audited by CompartmentFaulted in the same op (not_empty,
    door_open_unexpectedly, …), else the exception kind ('door_left_open' counts as left_open).
    out_of_service / faulted are the compartments OUT_OF_SERVICE / FAULT at stop, from the
    compartments' history (lockers.py), so a past window shows its own end, not today.
dock_to_stock_median_s, dock_to_stock_p90_s
    Receipt lines with put_away_at in the window: put_away_at − received_at (see dock_to_stock.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from terminal.clock import iso
from terminal.config import Settings
from terminal.stats import lockers
from terminal.stats.reader import SqlDb
from terminal.stats.returns import RETURN_KPI_KEYS
from terminal.stats.window import Window

KPI_KEYS = (
    "otst_median_s", "otst_p90_s", "on_time_rate", "pick_rate_lph", "pack_rate_oph",
    "perfect_order_rate", "scan_error_per_1000", "fill_rate", "at_risk", "late",
    "locker_utilisation", "locker_utilisation_tw", "dwell_median_s", "dwell_p90_s",
    "first_attempt_pickup_rate", "door_faults", "inventory_accuracy_rate",
    "dock_to_stock_median_s", "dock_to_stock_p90_s",
    *RETURN_KPI_KEYS,      # their definitions: terminal/stats/returns.py
)


SECONDS = "86400.0"
_NOT_CANCELLED_AT_STOP = "NOT (o.status = 'cancelled' AND (o.cancelled_at IS NULL OR o.cancelled_at <= :stop))"


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of already sorted values: the value at rank ceil(p/100 × N)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not denominator:
        return None
    return (numerator or 0) / denominator


def _column(db: SqlDb, sql: str, params: dict[str, Any]) -> list[float]:
    # Plain tuples, not sqlite3.Row: building 50k Row objects costs more than the query.
    cursor = db.conn.cursor()
    cursor.row_factory = None
    return [row[0] for row in cursor.execute(sql, params).fetchall()]


def _row(db: SqlDb, sql: str, params: dict[str, Any]) -> Any:
    return db.execute(sql, params).fetchone()


# -- Orders ---------------------------------------------------------------------------------------

def _sorted_like_sql(values: list[Any]) -> list[Any]:
    """`ORDER BY` of a REAL column (NULLs first), done by Python's sort: a shift's 50k values sort
    here in a few ms, where SQLite's sorter takes three times as long."""
    nulls = [v for v in values if v is None]
    return nulls + sorted(v for v in values if v is not None) if nulls else sorted(values)


def otst_values(db: SqlDb, w: Window) -> list[float]:
    """Order-to-Ship Times (s), sorted, of orders handed over in the window."""
    return _sorted_like_sql(_column(db, f"""
        SELECT round((julianday(handed_over_at) - julianday(created_at)) * {SECONDS}, 3) AS s
        FROM orders o
        WHERE handed_over_at >= :start AND handed_over_at < :stop AND status <> 'cancelled'""", w.params()))


def on_time_rate(db: SqlDb, w: Window) -> float | None:
    return _ratio(*on_time_counts(db, w))


def on_time_counts(db: SqlDb, w: Window) -> tuple[float, float]:
    """(numerator, denominator) of on_time_rate; the other *_counts functions likewise."""
    row = _row(db, """
        SELECT count(*),
               sum(handed_over_at IS NOT NULL AND julianday(handed_over_at) <= julianday(ship_by))
        FROM orders o
        WHERE ship_by >= :start AND ship_by < :stop AND status <> 'cancelled'""", w.params())
    return row[1] or 0, row[0] or 0


def role_hours(db: SqlDb, w: Window, role: str, user_id: str | None = None) -> float:
    """Hours of `role` sessions overlapping the window (a session still open ends at stop)."""
    params: dict[str, Any] = {**w.params(), "role": role, "user": user_id}
    row = _row(db, f"""
        SELECT round(sum(max(0.0, julianday(min(coalesce(logout_at, :stop), :stop))
                                  - julianday(max(login_at, :start)))) * {SECONDS}, 3)
        FROM user_sessions
        WHERE role = :role AND login_at < :stop AND (logout_at IS NULL OR logout_at > :start)
          AND (:user IS NULL OR user_id = :user)""", params)
    return float(row[0] or 0.0) / 3600.0   # seconds rounded to the ms first: julianday is not exact


def lines_picked(db: SqlDb, w: Window) -> int:
    return int(_row(db, """
        SELECT count(*) FROM pick_tasks
        WHERE done_at >= :start AND done_at < :stop AND picked_qty > 0""", w.params())[0])


def orders_packed(db: SqlDb, w: Window) -> int:
    return int(_row(db, """
        SELECT count(*) FROM orders o
        WHERE packed_at >= :start AND packed_at < :stop AND status <> 'cancelled'""", w.params())[0])


def rate_per_hour(count: int, hours: float) -> float | None:
    return count / hours if hours > 0 else None


_SPOILED = """
    SELECT order_id FROM scan_events WHERE accepted = 0 AND order_id IS NOT NULL
    UNION SELECT order_id FROM order_lines WHERE short_qty > 0
    UNION SELECT order_id FROM pick_tasks WHERE status = 'short'
    UNION SELECT e.ref_id FROM exceptions e WHERE e.kind IN ('short_pick', 'weight_mismatch')
    UNION SELECT p.order_id FROM exceptions e JOIN packages p ON p.id = e.ref_id
          WHERE e.kind IN ('short_pick', 'weight_mismatch')
    UNION SELECT l.order_id FROM exceptions e JOIN order_lines l ON l.id = e.ref_id
          WHERE e.kind IN ('short_pick', 'weight_mismatch')
    UNION SELECT t.order_id FROM exceptions e JOIN pick_tasks t ON t.id = e.ref_id
          WHERE e.kind IN ('short_pick', 'weight_mismatch')"""


def perfect_order_rate(db: SqlDb, w: Window) -> float | None:
    return _ratio(*perfect_order_counts(db, w))


def perfect_order_counts(db: SqlDb, w: Window) -> tuple[float, float]:
    # Perfect = packed orders (with an id) less the spoiled ones among them. The imperfect orders
    # are a small set gathered once and each looked up among the packed ones, rather than every
    # packed order looked up in the set (50k look-ups on a busy shift). The same count as
    # sum(o.id NOT IN spoiled) over the packed orders: a NULL id is neither perfect nor spoiled.
    row = _row(db, f"""
        WITH spoiled(order_id) AS ({_SPOILED})
        SELECT count(*), count(o.id) - (
            SELECT count(*) FROM orders s
            WHERE s.id IN (SELECT order_id FROM spoiled WHERE order_id IS NOT NULL)
              AND s.packed_at >= :start AND s.packed_at < :stop AND s.status <> 'cancelled')
        FROM orders o
        WHERE packed_at >= :start AND packed_at < :stop AND status <> 'cancelled'""", w.params())
    return row[1] or 0, row[0] or 0


def scan_error_per_1000(db: SqlDb, w: Window) -> float | None:
    ratio = _ratio(*scan_error_counts(db, w))
    return None if ratio is None else 1000.0 * ratio


def scan_error_counts(db: SqlDb, w: Window) -> tuple[float, float]:
    # Two counts, each an index range (scan_events_at; the rejected ones in the partial
    # scan_events_rejected_at), rather than one pass reading `accepted` for every scan.
    row = _row(db, """
        SELECT (SELECT count(*) FROM scan_events WHERE at >= :start AND at < :stop),
               (SELECT count(*) FROM scan_events WHERE accepted = 0 AND at >= :start AND at < :stop)""",
               w.params())
    return row[1] or 0, row[0] or 0


def fill_rate(db: SqlDb, w: Window) -> float | None:
    return _ratio(*fill_counts(db, w))


def fill_counts(db: SqlDb, w: Window) -> tuple[float, float]:
    row = _row(db, """
        SELECT sum(min(l.packed_qty, l.qty)), sum(l.qty)
        FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.handed_over_at >= :start AND o.handed_over_at < :stop AND o.status <> 'cancelled'""",
        w.params())
    return row[0] or 0, row[1] or 0


_OPEN_AT_STOP = f"""
    o.ship_by IS NOT NULL AND o.created_at <= :stop
    AND (o.handed_over_at IS NULL OR o.handed_over_at > :stop) AND {_NOT_CANCELLED_AT_STOP}"""

_REMAINING_S = """(
    CASE WHEN o.picked_at IS NOT NULL AND o.picked_at <= :stop THEN 0 ELSE
        (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id AND NOT EXISTS (
            SELECT 1 FROM pick_tasks t WHERE t.line_id = l.id AND t.done_at <= :stop))
    END * :s_per_line
    + CASE WHEN o.packed_at IS NOT NULL AND o.packed_at <= :stop THEN 0 ELSE :s_per_order END)"""


# One person's consecutive steps (`who`, `at`) for the seconds-per-step estimate, as
# terminal.picking.priority.measured_rates counts them: picks done, and packages closed.
PICK_STEPS = ("SELECT coalesce(picker_id, '') AS who, done_at AS at FROM pick_tasks"
              " WHERE done_at >= :since AND done_at <= :stop AND status = 'done'")
PACK_STEPS = ("SELECT coalesce(packed_by, '') AS who, packed_at AS at FROM packages"
              " WHERE packed_at >= :since AND packed_at <= :stop")
MAX_STEP_S = 900.0      # a longer gap is a break, not a step


def _seconds_per_step(db: SqlDb, sql: str, since: str, stop: str) -> tuple[float, int]:
    """Average gap (s) between one person's consecutive events, gaps over 15 min left out (breaks).

    The steps come in person-then-time order straight from the steps indexes (migration 0061, no
    sort), with julianday taken once per event in SQL; the gaps are taken here in one pass. SQLite's
    `lag() OVER (PARTITION BY who ORDER BY at)` did the same with the same doubles in the same order,
    at half again the cost (tests/terminal/stats/test_stats_steps_rewrite.py compares the two).
    The moments come as one column and each person's number of steps apart (in one read
    transaction, so both see the same rows): a person's name on each of 40k rows was a quarter of
    the time."""
    cursor = db.conn.cursor()
    cursor.row_factory = None
    params = {"since": since, "stop": stop}
    own = not db.conn.in_transaction
    if own:
        cursor.execute("BEGIN")
    try:
        steps = cursor.execute(f"SELECT count(*) FROM ({sql}) GROUP BY who ORDER BY who", params).fetchall()
        moments = [m for (m,) in cursor.execute(f"SELECT julianday(at) FROM ({sql}) ORDER BY who, at", params)]
    finally:
        if own:
            cursor.execute("COMMIT")
    total, count, first = 0.0, 0, 0
    for (n,) in steps:
        last = moments[first]
        for moment in moments[first + 1:first + n]:
            gap = (moment - last) * 86400.0
            if gap <= MAX_STEP_S:
                total += gap
                count += 1
            last = moment
        first += n
    return (total / count if count else 0.0), count


def risk_params(db: SqlDb, w: Window, settings: Settings | None) -> dict[str, Any]:
    """The same estimate the picking capability flags orders with (DESIGN §5): its
    terminal.picking.priority.measured_rates — seconds per picked line and per packed order from
    the gaps between one person's consecutive picks / packs over the last `picking.rate_window_h`
    hours, its defaults below MIN_SAMPLES steps — computed here in SQL (the Python version parses
    every row and takes a second on a 50k-order shift), and its margin."""
    from terminal.picking import priority as p

    settings = settings or Settings()
    since = iso(w.stop - timedelta(hours=settings.get("picking.rate_window_h", p.RATE_WINDOW_H)))
    stop = iso(w.stop)
    pick_s, pick_n = _seconds_per_step(db, PICK_STEPS, since, stop)
    pack_s, pack_n = _seconds_per_step(db, PACK_STEPS, since, stop)
    if pick_n < p.MIN_SAMPLES:
        pick_s = settings.get("picking.default_pick_s_per_line", p.DEFAULT_PICK_S_PER_LINE)
    if pack_n < p.MIN_SAMPLES:
        pack_s = settings.get("picking.default_pack_s_per_order", p.DEFAULT_PACK_S_PER_ORDER)
    margin_s = 60.0 * float(settings.get("picking.safety_margin_min", p.SAFETY_MARGIN_MIN))
    # No order can need more work than its most lines allow: beyond this many seconds after the
    # moment, a ship_by cannot be at risk, so the per-order work estimate is skipped for those.
    most_lines = db.execute("SELECT coalesce(max(line_no), 0) FROM order_lines").fetchone()[0]
    reach = margin_s + most_lines * float(pick_s) + float(pack_s) + 1.0
    return {**w.params(), "s_per_line": float(pick_s), "s_per_order": float(pack_s), "margin": margin_s,
            "reach_days": reach / 86400.0}


def _moment_params(db: SqlDb, w: Window, settings: Settings | None,
                   rates: dict[str, Any] | None) -> dict[str, Any]:
    """The estimate (`rates` when another moment's is reused) with this window's moments, and
    `reach_bound`: stop + reach + a minute as stored text. ship_by is stored as iso() text (UTC,
    milliseconds), which sorts as time — the reading `ship_by < :stop` already relies on — so an
    order at or past the bound is neither late nor within reach. Testing that text first keeps the
    scan an index range (orders_risk) and spares two julianday calls per open order; orders inside
    it are still judged by the julianday test, so the counts are the same."""
    params = {**rates, **w.params()} if rates else risk_params(db, w, settings)
    params["reach_bound"] = iso(w.stop + timedelta(days=float(params["reach_days"]), minutes=1))
    return params


def risk_counts(db: SqlDb, w: Window, settings: Settings | None = None,
                rates: dict[str, Any] | None = None) -> tuple[int, int]:
    """(at_risk, late) at the moment stop; `rates` reuses an estimate already measured (risk_params)."""
    params = _moment_params(db, w, settings, rates)
    row = _row(db, f"""
        SELECT coalesce(sum(o.ship_by < :stop), 0),
               coalesce(sum(CASE WHEN o.ship_by >= :stop
                                  AND julianday(o.ship_by) < julianday(:stop) + :reach_days
                                 THEN julianday(:stop) + {_REMAINING_S} / {SECONDS}
                                      > julianday(o.ship_by) - :margin / {SECONDS}
                                 ELSE 0 END), 0)
        FROM orders o WHERE {_OPEN_AT_STOP} AND o.ship_by < :reach_bound""", params)
    return int(row[1]), int(row[0])


def risk_list(db: SqlDb, w: Window, settings: Settings | None = None,
              rates: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Late and at-risk orders at stop, most urgent first (equally urgent ones by id, whatever index
    the query plan reads), with seconds left to ship_by (negative when late) and the estimated
    remaining work in seconds."""
    rows = db.execute(f"""
        SELECT * FROM (
            SELECT o.id, o.ref, o.service, o.carrier_code, o.ship_by, o.status,
                   round((julianday(o.ship_by) - julianday(:stop)) * {SECONDS}, 3) AS seconds_left,
                   round({_REMAINING_S}, 3) AS remaining_s
            FROM orders o WHERE {_OPEN_AT_STOP} AND o.ship_by < :reach_bound
                           AND julianday(o.ship_by) < julianday(:stop) + :reach_days)
        WHERE seconds_left <= 0 OR seconds_left - remaining_s < :margin
        ORDER BY seconds_left, id""", _moment_params(db, w, settings, rates)).fetchall()
    return [{**dict(r), "state": "late" if r["seconds_left"] < 0 else "at_risk"} for r in rows]


# -- Lockers (the occupancy and compartment-state readings are in lockers.py) ---------------------

locker_counts = lockers.locker_counts
locker_tw_counts = lockers.locker_tw_counts


def locker_utilisation(db: SqlDb, w: Window) -> float | None:
    return _ratio(*locker_counts(db, w))


def locker_utilisation_tw(db: SqlDb, w: Window) -> float | None:
    return _ratio(*locker_tw_counts(db, w))


def dwell_values(db: SqlDb, w: Window) -> list[float]:
    return _column(db, f"""
        SELECT round((julianday(picked_up_at) - julianday(deposited_at)) * {SECONDS}, 3) AS s
        FROM parcels p
        WHERE kind = 'delivery' AND deposited_at IS NOT NULL
          AND picked_up_at >= :start AND picked_up_at < :stop
        ORDER BY s""", w.params())


def first_attempt_pickup_rate(db: SqlDb, w: Window) -> float | None:
    return _ratio(*first_attempt_counts(db, w))


def first_attempt_counts(db: SqlDb, w: Window) -> tuple[float, float]:
    row = _row(db, """
        SELECT count(*), sum(first_attempt) FROM (
            SELECT CASE WHEN picked_up_at IS NOT NULL
                             AND (expiry IS NULL OR julianday(picked_up_at) <= julianday(expiry))
                        THEN 1 ELSE 0 END AS first_attempt,
                   CASE WHEN picked_up_at IS NOT NULL
                             AND (expiry IS NULL OR julianday(picked_up_at) <= julianday(expiry))
                        THEN picked_up_at ELSE expiry END AS outcome_at
            FROM (SELECT picked_up_at, coalesce(expires_at, expired_at) AS expiry
                  FROM parcels WHERE kind = 'delivery' AND deposited_at IS NOT NULL))
        WHERE outcome_at >= :start AND outcome_at < :stop""", w.params())
    return row[1] or 0, row[0] or 0


_DOOR_KINDS = "(e.kind = 'door_fault' OR e.kind LIKE 'door\\_%' ESCAPE '\\' OR e.kind = 'compartment_fault')"

# The kind of a door fault: the exception's own detail when it carries one; else, for an unlock that
# failed, the journal row's outcome; else the reason CompartmentFaulted audited in the same op; else
# the exception kind itself ("door_left_open" → "left_open").
_DOOR_FAULT_KIND = """coalesce(
    json_extract(e.details, '$.fault'), json_extract(e.details, '$.reason'), json_extract(e.details, '$.kind'),
    (SELECT CASE j.outcome WHEN 'not_opened' THEN 'door_did_not_open' WHEN 'unknown' THEN 'board_did_not_answer' END
       FROM door_journal j WHERE j.id = json_extract(e.details, '$.journal_id')
        AND j.outcome IN ('not_opened', 'unknown')),
    (SELECT json_extract(a.details, '$.reason') FROM audit_log a
      WHERE a.action = 'compartment_faulted' AND a.ref_id = e.ref_id AND a.at = e.raised_at LIMIT 1),
    CASE e.kind WHEN 'door_left_open' THEN 'left_open' ELSE e.kind END)"""


def door_faults(db: SqlDb, w: Window) -> dict[str, Any] | None:
    rows = db.execute(f"""
        SELECT {_DOOR_FAULT_KIND} AS k, count(*)
        FROM exceptions e
        WHERE {_DOOR_KINDS} AND e.raised_at >= :start AND e.raised_at < :stop AND json_valid(e.details)
        GROUP BY k ORDER BY k""", w.params()).fetchall()
    states = lockers.compartment_states(db, w)
    if not rows and not states[0]:
        return None
    by_kind = {str(k): int(n) for k, n in rows}
    return {"total": sum(by_kind.values()), "by_kind": by_kind,
            "out_of_service": int(states[1]), "faulted": int(states[2])}


# -- All of them ----------------------------------------------------------------------------------

def compute_kpis(db: SqlDb, window: Window, settings: Settings | None = None,
                 rates: dict[str, Any] | None = None, other: SqlDb | None = None) -> dict[str, Any]:
    """Every KPI of DESIGN §8 for `window`, keyed exactly as KPI_KEYS (None where there is no data).

    Computed as the pooled figures of one site (terminal/stats/pooled.py), so a terminal's figures
    and the backend's fleet figures are the same arithmetic over the same parts. `other`: a second
    connection to the same file to read half of them on at the same time."""
    from terminal.stats.pooled import combine, kpi_parts

    return combine([kpi_parts(db, window, settings, rates, other)])


def to_json(kpis: dict[str, Any]) -> str:
    return json.dumps(kpis, ensure_ascii=False, sort_keys=False)
