"""The dashboard's data beyond the tiles: people, charts, queue, locker grid."""

from __future__ import annotations

from datetime import timedelta

from stats_rows import T0, Rows, at

from terminal.stats.board import (
    compartments,
    exception_queue,
    handovers_per_hour,
    otst_histogram,
    people,
    snapshot,
)
from terminal.stats.window import Window

W = Window(T0, T0 + timedelta(hours=8), T0 + timedelta(hours=8))


def test_people_table_rates(rows: Rows) -> None:
    rows.session("p1", "picker", at(0), at(2))        # 2 h, 3 lines → 1.5 lph
    rows.session("p2", "picker", at(1), at(2))        # 1 h, nothing → 0.0
    rows.session("k1", "packer", at(0), at(4))        # 4 h, 2 orders packed → 0.5 oph
    o = rows.order(created=at(-1), lines=[(1, 1, 0, 0)] * 3)
    for line in (1, 2, 3):
        rows.task(o, line=line, done=at(1), picker="p1")
    for _ in range(2):
        packed = rows.order(created=at(-1), packed=at(2))
        rows.db.execute("UPDATE packages SET packed_by = 'k1' WHERE id = ?", (rows.package(packed),))
    table = {(p["user_id"], p["role"]): (p["count"], p["hours"], p["rate"]) for p in people(rows.db, W)}
    assert table == {("p1", "picker"): (3, 2.0, 1.5), ("p2", "picker"): (0, 1.0, 0.0),
                     ("k1", "packer"): (2, 4.0, 0.5)}


def test_handovers_per_hour_and_histogram(rows: Rows) -> None:
    rows.order(created=at(-1), handed=at(0, minutes=10))   # OTST 1 h 10 min
    rows.order(created=at(-3), handed=at(0, minutes=50))   # 3 h 50 min
    rows.order(created=at(0), handed=at(2, minutes=30))    # 2 h 30 min
    hours = dict(handovers_per_hour(rows.db, W))            # the fixture site is in UTC
    assert len(hours) == 8 and hours["06:00"] == 2 and hours["08:00"] == 1 and hours["07:00"] == 0
    # 2-hour bins: [0,2) h → 1, [2,4) h → 2
    assert otst_histogram([4200.0, 13800.0, 9000.0]) == [(0.0, 1), (2.0, 2)]


def test_queue_and_locker_grid(rows: Rows) -> None:
    rows.exception("short_pick", at(1), ref_id="t1")
    rows.exception("door_fault", at(2), ref_id="C1")
    rows.db.execute("UPDATE exceptions SET status = 'resolved' WHERE kind = 'short_pick'")
    assert [e["kind"] for e in exception_queue(rows.db)] == ["door_fault"]
    c1 = rows.compartment(1)
    rows.compartment(2, state="OUT_OF_SERVICE")
    rows.parcel(c1, deposited=at(6))
    rows.db.execute("UPDATE compartments SET state = 'OCCUPIED' WHERE id = ?", (c1,))
    grid = {c["id"]: (c["state"], c["dwell_s"]) for c in compartments(rows.db, W)}
    assert grid == {"C1": ("OCCUPIED", 7200.0), "C2": ("OUT_OF_SERVICE", None)}


def test_snapshot_compares_with_the_previous_shift(rows: Rows) -> None:
    rows.order(created=at(-4), handed=at(-1))     # previous shift (22:00–06:00): OTST 3 h
    rows.order(created=at(0), handed=at(1))       # this shift: OTST 1 h
    snap = snapshot(rows.db, W)
    assert snap.kpis["otst_median_s"] == 3600.0 and snap.previous["otst_median_s"] == 10800.0
    assert len(snap.risk_timeline) == 9 and snap.risk_timeline[-1] == ("14:00", 0, 0)


def test_csv_and_pdf_report(rows: Rows, tmp_path) -> None:
    import csv

    from terminal.stats.export import format_value, write_csv, write_report_pdf

    rows.order(created=at(0), handed=at(1), ship_by=at(2))
    rows.exception("weight_mismatch", at(1), ref_id="x")
    snap = snapshot(rows.db, W)
    lines = list(csv.reader(write_csv(snap, tmp_path / "shift.csv").open(encoding="utf-8")))
    assert ["otst_median_s", "3600.0", ""] in lines and ["on_time_rate", "1.0", ""] in lines
    assert any(line[1:2] == ["weight_mismatch"] for line in lines)
    pdf = write_report_pdf(snap, tmp_path / "shift.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1500
    assert (format_value("otst_median_s", 3600.0), format_value("on_time_rate", 0.5),
            format_value("scan_error_per_1000", 4.25), format_value("late", 3), format_value("fill_rate", None)) == (
        "1:00", "50.0 %", "4.2 ‰", "3", "—")
