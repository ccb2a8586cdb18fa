"""The baseline for the stats figures: DuckDB computing the same shift KPIs over the same data.

The `duckdb` wheel cannot read a SQLite file by itself: its `sqlite` extension is downloaded on
first use, which a bench run must not do. So the tables the KPIs read are copied out of the SQLite
file once (through Python's sqlite3 and a CSV per table, times turned into epoch seconds as a
columnar engine would keep them) into a DuckDB file beside the bench cache, and DuckDB answers
from that copy. The copy is not timed; the queries are, warm in-process and as a whole process
(`python -m bench.duck_baseline FILE`), beside `handoff stats --json` on the SQLite file.

The queries follow the DESIGN §8 readings of terminal/stats/kpis.py (counts, rates, nearest-rank
percentiles, the at-risk estimate from the last 4 h of steps) closely enough to do the same work;
the locker figures are the simple "now" readings."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

# table -> (columns, those holding ISO times)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "orders": (("id", "status", "created_at", "ship_by", "picked_at", "packed_at", "handed_over_at", "cancelled_at"),
               ("created_at", "ship_by", "picked_at", "packed_at", "handed_over_at", "cancelled_at")),
    "order_lines": (("id", "order_id", "qty", "picked_qty", "short_qty", "packed_qty"), ()),
    "pick_tasks": (("id", "order_id", "line_id", "status", "picker_id", "picked_qty", "done_at"), ("done_at",)),
    "packages": (("id", "order_id", "packed_by", "packed_at"), ("packed_at",)),
    "scan_events": (("at", "accepted", "order_id"), ("at",)),     # "at" is a keyword in DuckDB: quoted
    "user_sessions": (("user_id", "role", "login_at", "logout_at"), ("login_at", "logout_at")),
    "exceptions": (("kind", "ref_id", "raised_at"), ("raised_at",)),
    "parcels": (("kind", "status", "deposited_at", "picked_up_at", "collected_at", "expires_at", "expired_at"),
                ("deposited_at", "picked_up_at", "collected_at", "expires_at", "expired_at")),
}


def _epoch(text: str | None) -> float | None:
    return datetime.fromisoformat(text).timestamp() if text else None


def copy_to_duckdb(sqlite_path: Path, duck_path: Path) -> Path:
    """The KPI tables of `sqlite_path` in a DuckDB file (made once; kept beside the bench cache)."""
    import duckdb

    if duck_path.exists():
        return duck_path
    source = sqlite3.connect(str(sqlite_path))
    building = duck_path.with_suffix(".building")
    building.unlink(missing_ok=True)
    con = duckdb.connect(str(building))
    with tempfile.TemporaryDirectory() as folder:
        for table, (columns, times) in TABLES.items():
            file = Path(folder) / f"{table}.csv"
            with file.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(columns)
                timed = [columns.index(c) for c in times]
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                    values = list(row)
                    for i in timed:
                        values[i] = _epoch(values[i])
                    writer.writerow(["" if v is None else v for v in values])
            types = ", ".join(f"'{c}': '{'DOUBLE' if c in times else _type(c)}'" for c in columns)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{file}', header = true, "
                        f"columns = {{{types}}}, nullstr = '')")
    con.close()
    source.close()
    building.rename(duck_path)
    return duck_path


def _type(column: str) -> str:
    return "INTEGER" if column in ("qty", "picked_qty", "short_qty", "packed_qty", "accepted") else "VARCHAR"


def kpis(con: Any, start: float, stop: float) -> dict[str, Any]:
    """The shift KPIs over [start, stop) (epoch seconds), by DuckDB."""
    p = {"start": start, "stop": stop}

    def one(sql: str, params: dict[str, Any] = p) -> Any:
        return con.execute(sql, params).fetchone()

    otst = one("""SELECT quantile_disc(s, 0.5), quantile_disc(s, 0.9) FROM (
        SELECT round(handed_over_at - created_at, 3) AS s FROM orders
        WHERE handed_over_at >= $start AND handed_over_at < $stop AND status <> 'cancelled')""")
    on_time = one("""SELECT count(*), count(*) FILTER (WHERE handed_over_at IS NOT NULL AND handed_over_at <= ship_by)
        FROM orders WHERE ship_by >= $start AND ship_by < $stop AND status <> 'cancelled'""")
    hours = dict(con.execute("""SELECT role, sum(greatest(0, least(coalesce(logout_at, $stop), $stop)
                                                   - greatest(login_at, $start))) / 3600.0
        FROM user_sessions WHERE login_at < $stop AND (logout_at IS NULL OR logout_at > $start) GROUP BY role""",
                             p).fetchall())
    lines = one("SELECT count(*) FROM pick_tasks WHERE done_at >= $start AND done_at < $stop AND picked_qty > 0")
    packed = one("SELECT count(*) FROM orders WHERE packed_at >= $start AND packed_at < $stop "
                 "AND status <> 'cancelled'")
    perfect = one("""WITH spoiled AS (
            SELECT order_id FROM scan_events WHERE accepted = 0
            UNION SELECT order_id FROM order_lines WHERE short_qty > 0
            UNION SELECT order_id FROM pick_tasks WHERE status = 'short'
            UNION SELECT ref_id FROM exceptions WHERE kind IN ('short_pick', 'weight_mismatch')
            UNION SELECT p.order_id FROM exceptions e JOIN packages p ON p.id = e.ref_id
                  WHERE e.kind IN ('short_pick', 'weight_mismatch'))
        SELECT count(*), count(*) FILTER (WHERE id NOT IN (SELECT order_id FROM spoiled WHERE order_id IS NOT NULL))
        FROM orders WHERE packed_at >= $start AND packed_at < $stop AND status <> 'cancelled'""")
    scans = one("SELECT count(*), count(*) FILTER (WHERE accepted = 0) FROM scan_events "
                "WHERE \"at\" >= $start AND \"at\" < $stop")
    fill = one("""SELECT sum(least(l.packed_qty, l.qty)), sum(l.qty)
        FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.handed_over_at >= $start AND o.handed_over_at < $stop AND o.status <> 'cancelled'""")
    since = {"since": stop - 4 * 3600, "stop": stop}
    pick_s = one("""SELECT avg(gap) FROM (SELECT t - lag(t) OVER (PARTITION BY who ORDER BY t) AS gap FROM (
        SELECT coalesce(picker_id, '') AS who, done_at AS t FROM pick_tasks
        WHERE done_at >= $since AND done_at <= $stop AND status = 'done')) WHERE gap <= 900""", since)[0] or 60.0
    pack_s = one("""SELECT avg(gap) FROM (SELECT t - lag(t) OVER (PARTITION BY who ORDER BY t) AS gap FROM (
        SELECT coalesce(packed_by, '') AS who, packed_at AS t FROM packages
        WHERE packed_at >= $since AND packed_at <= $stop)) WHERE gap <= 900""", since)[0] or 120.0
    risk = one("""SELECT count(*) FILTER (WHERE ship_by < $stop),
               count(*) FILTER (WHERE ship_by >= $stop AND $stop + remaining > ship_by - 1800)
        FROM (SELECT o.ship_by,
                     CASE WHEN o.picked_at <= $stop THEN 0 ELSE (SELECT count(*) FROM order_lines l
                          WHERE l.order_id = o.id AND NOT EXISTS (SELECT 1 FROM pick_tasks t
                                WHERE t.line_id = l.id AND t.done_at <= $stop)) END * $s_line
                     + CASE WHEN o.packed_at <= $stop THEN 0 ELSE $s_order END AS remaining
              FROM orders o WHERE o.ship_by IS NOT NULL AND o.created_at <= $stop
                AND (o.handed_over_at IS NULL OR o.handed_over_at > $stop)
                AND NOT (o.status = 'cancelled' AND (o.cancelled_at IS NULL OR o.cancelled_at <= $stop)))""",
               {"stop": stop, "s_line": pick_s, "s_order": pack_s})
    dwell = one("""SELECT quantile_disc(picked_up_at - deposited_at, 0.5),
               quantile_disc(picked_up_at - deposited_at, 0.9)
        FROM parcels WHERE kind = 'delivery' AND picked_up_at >= $start AND picked_up_at < $stop""")
    locker = one("""SELECT count(*) FROM parcels WHERE deposited_at <= $stop
        AND coalesce(picked_up_at, collected_at, $stop + 1) > $stop""", {"stop": stop})

    def ratio(n: Any, d: Any) -> float | None:
        return float(n or 0) / float(d) if d else None

    return {"otst_median_s": otst[0], "otst_p90_s": otst[1], "on_time_rate": ratio(on_time[1], on_time[0]),
            "pick_rate_lph": ratio(lines[0], hours.get("picker")),
            "pack_rate_oph": ratio(packed[0], hours.get("packer")),
            "perfect_order_rate": ratio(perfect[1], perfect[0]),
            "scan_error_per_1000": ratio(1000 * scans[1], scans[0]),
            "fill_rate": ratio(fill[0], fill[1]), "at_risk": risk[1], "late": risk[0],
            "dwell_median_s": dwell[0], "dwell_p90_s": dwell[1], "parcels_in": locker[0]}


def main(argv: list[str]) -> int:
    """`python -m bench.duck_baseline DUCKDB_FILE START STOP`: one process, as `handoff stats --json` is."""
    import duckdb

    con = duckdb.connect(argv[0], read_only=True)
    print(json.dumps(kpis(con, float(argv[1]), float(argv[2]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
