"""The dashboard's queries in the shape they had before the refresh was made fast (issue 8), kept
verbatim so test_stats_same_figures.py can prove the new shapes give exactly the same figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlite_utils

from terminal.clock import iso, parse_iso
from terminal.config import Settings
from terminal.stats import kpis as k
from terminal.stats.board import Snapshot, compartments, cutoffs, exception_queue
from terminal.stats.pooled import combine, kpi_parts
from terminal.stats.window import Window, previous_window, site_timezone

SECONDS = k.SECONDS


def otst_values(db: sqlite_utils.Database, w: Window) -> list[float]:
    return [r[0] for r in db.execute(f"""
        SELECT round((julianday(handed_over_at) - julianday(created_at)) * {SECONDS}, 3) AS s
        FROM orders o
        WHERE handed_over_at >= :start AND handed_over_at < :stop AND status <> 'cancelled'
        ORDER BY s""", w.params()).fetchall()]


def perfect_order_counts(db: sqlite_utils.Database, w: Window) -> tuple[float, float]:
    row = db.execute(f"""
        WITH spoiled(order_id) AS ({k._SPOILED})
        SELECT count(*), sum(o.id NOT IN (SELECT order_id FROM spoiled WHERE order_id IS NOT NULL))
        FROM orders o
        WHERE packed_at >= :start AND packed_at < :stop AND status <> 'cancelled'""", w.params()).fetchone()
    return row[1] or 0, row[0] or 0


def scan_error_counts(db: sqlite_utils.Database, w: Window) -> tuple[float, float]:
    row = db.execute("""
        SELECT count(*), sum(accepted = 0) FROM scan_events
        WHERE at >= :start AND at < :stop""", w.params()).fetchone()
    return row[1] or 0, row[0] or 0


def _seconds_per_step(db: sqlite_utils.Database, sql: str, since: str, stop: str) -> tuple[float, int]:
    row = db.execute(f"""
        SELECT avg(gap), count(gap) FROM (
            SELECT (julianday(at) - julianday(lag(at) OVER (PARTITION BY who ORDER BY at))) * {SECONDS} AS gap
            FROM ({sql}))
        WHERE gap <= 900""", {"since": since, "stop": stop}).fetchone()
    return float(row[0] or 0.0), int(row[1] or 0)


def risk_params(db: sqlite_utils.Database, w: Window, settings: Settings | None) -> dict[str, Any]:
    from terminal.picking import priority as p

    settings = settings or Settings()
    since = iso(w.stop - timedelta(hours=settings.get("picking.rate_window_h", p.RATE_WINDOW_H)))
    stop = iso(w.stop)
    pick_s, pick_n = _seconds_per_step(db, "SELECT coalesce(picker_id, '') AS who, done_at AS at FROM pick_tasks"
                                       " WHERE done_at >= :since AND done_at <= :stop AND status = 'done'", since, stop)
    pack_s, pack_n = _seconds_per_step(db, "SELECT coalesce(packed_by, '') AS who, packed_at AS at FROM packages"
                                       " WHERE packed_at >= :since AND packed_at <= :stop", since, stop)
    if pick_n < p.MIN_SAMPLES:
        pick_s = settings.get("picking.default_pick_s_per_line", p.DEFAULT_PICK_S_PER_LINE)
    if pack_n < p.MIN_SAMPLES:
        pack_s = settings.get("picking.default_pack_s_per_order", p.DEFAULT_PACK_S_PER_ORDER)
    margin_s = 60.0 * float(settings.get("picking.safety_margin_min", p.SAFETY_MARGIN_MIN))
    most_lines = db.execute("SELECT coalesce(max(line_no), 0) FROM order_lines").fetchone()[0]
    reach = margin_s + most_lines * float(pick_s) + float(pack_s) + 1.0
    return {**w.params(), "s_per_line": float(pick_s), "s_per_order": float(pack_s), "margin": margin_s,
            "reach_days": reach / 86400.0}


def risk_counts(db: sqlite_utils.Database, w: Window, settings: Settings | None = None,
                rates: dict[str, Any] | None = None) -> tuple[int, int]:
    params = {**rates, **w.params()} if rates else risk_params(db, w, settings)
    row = db.execute(f"""
        SELECT coalesce(sum(o.ship_by < :stop), 0),
               coalesce(sum(CASE WHEN o.ship_by >= :stop AND julianday(o.ship_by) < julianday(:stop) + :reach_days
                                 THEN julianday(:stop) + {k._REMAINING_S} / {SECONDS}
                                      > julianday(o.ship_by) - :margin / {SECONDS}
                                 ELSE 0 END), 0)
        FROM orders o WHERE {k._OPEN_AT_STOP}""", params).fetchone()
    return int(row[1]), int(row[0])


def risk_list(db: sqlite_utils.Database, w: Window, settings: Settings | None = None) -> list[dict[str, Any]]:
    rows = db.execute(f"""
        SELECT * FROM (
            SELECT o.id, o.ref, o.service, o.carrier_code, o.ship_by, o.status,
                   round((julianday(o.ship_by) - julianday(:stop)) * {SECONDS}, 3) AS seconds_left,
                   round({k._REMAINING_S}, 3) AS remaining_s
            FROM orders o WHERE {k._OPEN_AT_STOP} AND julianday(o.ship_by) < julianday(:stop) + :reach_days)
        WHERE seconds_left <= 0 OR seconds_left - remaining_s < :margin
        ORDER BY seconds_left""", risk_params(db, w, settings)).fetchall()
    return [{**dict(r), "state": "late" if r["seconds_left"] < 0 else "at_risk"} for r in rows]


def kpis(db: sqlite_utils.Database, w: Window, settings: Settings | None = None) -> dict[str, Any]:
    """compute_kpis with every changed part read the old way."""
    parts = kpi_parts(db, w, settings)
    parts["otst"] = otst_values(db, w)
    parts["perfect_order"] = list(perfect_order_counts(db, w))
    parts["scan_error"] = list(scan_error_counts(db, w))
    if parts["risk"] is not None:
        parts["risk"] = list(risk_counts(db, w, settings))
    return combine([parts])


def people(db: sqlite_utils.Database, w: Window) -> list[dict[str, Any]]:
    params = w.params()
    sessions = db.execute(f"""
        SELECT s.user_id, u.name, s.role,
               round(sum(max(0.0, julianday(min(coalesce(s.logout_at, :stop), :stop))
                                  - julianday(max(s.login_at, :start)))) * {SECONDS}, 3) / 3600.0
        FROM user_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.role IN ('picker', 'packer') AND s.login_at < :stop
          AND (s.logout_at IS NULL OR s.logout_at > :start)
        GROUP BY s.user_id, s.role ORDER BY s.role, u.name""", params).fetchall()
    picked = dict(db.execute("""
        SELECT picker_id, count(*) FROM pick_tasks
        WHERE done_at >= :start AND done_at < :stop AND picked_qty > 0 GROUP BY picker_id""", params).fetchall())
    packed = dict(db.execute("""
        SELECT p.packed_by, count(DISTINCT p.order_id) FROM orders o JOIN packages p ON p.order_id = o.id
        WHERE o.packed_at >= :start AND o.packed_at < :stop GROUP BY p.packed_by""", params).fetchall())
    result = []
    for user_id, name, role, hours in sessions:
        count = int((picked if role == "picker" else packed).get(user_id, 0))
        result.append({"user_id": user_id, "name": name, "role": role, "hours": float(hours or 0.0),
                       "count": count, "rate": k.rate_per_hour(count, float(hours or 0.0))})
    return result


def handovers_per_hour(db: sqlite_utils.Database, w: Window) -> list[tuple[str, int]]:
    tz = site_timezone(db)
    counts: dict[str, int] = {}
    hour = w.start.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    while hour < w.stop:
        counts[hour.strftime("%H:00")] = 0
        hour += timedelta(hours=1)
    for utc_hour, n in db.execute("SELECT substr(handed_over_at, 1, 13) AS h, count(*) FROM orders"
                                  " WHERE handed_over_at >= :start AND handed_over_at < :stop GROUP BY h",
                                  w.params()):
        key = parse_iso(utc_hour + ":00:00+00:00").astimezone(tz).strftime("%H:00")
        counts[key] = counts.get(key, 0) + int(n)
    return list(counts.items())


def otst_histogram(values: list[float], bin_hours: float = 2.0) -> list[tuple[float, int]]:
    if not values:
        return []
    bins = int(max(values) // (bin_hours * 3600)) + 1
    counts = [0] * bins
    for value in values:
        counts[int(value // (bin_hours * 3600))] += 1
    return [(i * bin_hours, n) for i, n in enumerate(counts)]


def risk_timeline(db: sqlite_utils.Database, w: Window, settings: Settings | None = None,
                  points: int = 9) -> list[tuple[str, int, int]]:
    tz = site_timezone(db)
    if w.stop <= w.start:
        return []
    rates = risk_params(db, w, settings)
    step = (w.stop - w.start) / (points - 1)
    result = []
    for i in range(points):
        moment = w.start + step * i
        at_risk, late = risk_counts(db, Window(w.start, moment, moment), settings, rates)
        result.append((moment.astimezone(tz).strftime("%H:%M"), at_risk, late))
    return result


def snapshot(db: sqlite_utils.Database, window: Window, settings: Settings | None = None) -> Snapshot:
    return Snapshot(
        window=window, kpis=kpis(db, window, settings),
        previous=kpis(db, previous_window(window, db, settings), settings),
        people=people(db, window),
        handovers_per_hour=handovers_per_hour(db, window),
        cutoffs=cutoffs(db, window),
        otst_histogram=otst_histogram(otst_values(db, window)),
        risk_timeline=risk_timeline(db, window, settings),
        risks=risk_list(db, window, settings),
        exceptions=exception_queue(db),
        compartments=compartments(db, window),
    )
