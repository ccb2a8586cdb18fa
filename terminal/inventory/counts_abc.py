"""Scheduled cycle counts by ABC class (issue 19 §3; documented in docs/OPERATIONS.md "Cycle counts").

The rule: rank the SKUs by units picked over the last `window_days` (pick movements on the stock card).
Class A is the top 20 % of SKUs by that rank (at least one SKU when any was picked), B the next 30 %,
C the rest, including SKUs not picked at all. Each location holding a SKU is counted at least every
INTERVAL_DAYS of its class (A 7, B 30, C 90 days): it is due when no count of that location and SKU
was booked within the interval and no count task for it is open. The due ones become count tasks
`abc:<day>:<location>|<sku>` (one CountsScheduled operation), A first, at most `limit`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from terminal.clock import iso

A_SHARE, B_SHARE = 0.20, 0.30
INTERVAL_DAYS = {"A": 7, "B": 30, "C": 90}


@dataclass(frozen=True)
class Due:
    task_id: str
    location_code: str
    sku_code: str
    abc: str


def abc_classes(db: sqlite_utils.Database, now: datetime, window_days: int = 30) -> dict[str, str]:
    """SKU → "A" | "B" | "C" for every SKU with stock or picks."""
    since = iso(now - timedelta(days=window_days))
    picked = db.execute(
        "SELECT s.code, coalesce(p.units, 0) FROM skus s LEFT JOIN (SELECT sku_code, -sum(delta) AS units"
        " FROM stock_movements WHERE kind = 'pick' AND at >= ? AND at <= ? GROUP BY sku_code) p ON p.sku_code = s.code"
        " ORDER BY 2 DESC, 1", (since, iso(now))).fetchall()
    ranked = [(r[0], int(r[1])) for r in picked]
    n = len(ranked)
    a_count = max(1, round(A_SHARE * n)) if n else 0
    b_count = round(B_SHARE * n)
    classes = {}
    for i, (sku, units) in enumerate(ranked):
        classes[sku] = "A" if i < a_count and units > 0 else "B" if i < a_count + b_count and units > 0 else "C"
    return classes


def due_counts(db: sqlite_utils.Database, now: datetime, *, window_days: int = 30,
               limit: int = 200) -> list[Due]:
    classes = abc_classes(db, now, window_days)
    day = now.date().isoformat()
    last = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT location_code, sku_code, max(at) FROM stock_counts GROUP BY 1, 2").fetchall()}
    open_tasks = {(r[0], r[1]) for r in db.execute(
        "SELECT location_code, sku_code FROM count_tasks WHERE status = 'open'").fetchall()}
    due = []
    for location, sku in db.execute("SELECT location_code, sku_code FROM inventory WHERE qty > 0"
                                    " ORDER BY location_code, sku_code").fetchall():
        abc = classes.get(sku, "C")
        counted = last.get((location, sku))
        if (location, sku) in open_tasks:
            continue
        if counted is not None and counted >= iso(now - timedelta(days=INTERVAL_DAYS[abc])):
            continue
        due.append(Due(f"abc:{day}:{location}|{sku}", location, sku, abc))
    due.sort(key=lambda d: (d.abc, d.location_code, d.sku_code))
    return due[:limit]


def schedule_op_args(due: list[Due]) -> dict[str, object]:
    return {"tasks": [{"task_id": d.task_id, "location_code": d.location_code, "sku_code": d.sku_code,
                       "source": f"abc_{d.abc}"} for d in due]}
