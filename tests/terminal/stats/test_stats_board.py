"""The dashboard's data beyond the tiles: people, charts, queue, locker grid."""

from __future__ import annotations

from datetime import datetime, timedelta

from locker_ops import Locker, comp
from shift_ops import T0, Shift

from terminal.stats.board import (
    BoardReader,
    compartments,
    exception_queue,
    handovers_per_hour,
    otst_histogram,
    people,
    snapshot,
)
from terminal.stats.window import Window

W = Window(T0, T0 + timedelta(hours=8), T0 + timedelta(hours=8))


def t(hours: float = 0, minutes: float = 0) -> datetime:
    return T0 + timedelta(hours=hours, minutes=minutes)


def test_people_table_rates(shift: Shift) -> None:
    packed = [shift.order(created=t(-1)) for _ in range(2)]
    for oid in packed:
        shift.pick(t(-1), oid, picker="p2")                # before the window: not p2's
    first = shift.login(t(0), "p1", "picker")             # 2 h, 3 lines → 1.5 lph
    packer = shift.login(t(0), "k1", "packer")            # 4 h, 2 orders packed → 0.5 oph
    second = shift.login(t(1), "p2", "picker")            # 1 h, nothing → 0.0
    shift.pick(t(1), shift.order(created=t(-1), lines=[1, 1, 1]), picker="p1")
    for oid in packed:
        shift.pack(t(2), oid, packer="k1")
    shift.logout(t(2), first)
    shift.logout(t(2), second)
    shift.logout(t(4), packer)
    table = {(p["user_id"], p["role"]): (p["count"], p["hours"], p["rate"]) for p in people(shift.db, W)}
    assert table == {("p1", "picker"): (3, 2.0, 1.5), ("p2", "picker"): (0, 1.0, 0.0),
                     ("k1", "packer"): (2, 4.0, 0.5)}


def test_handovers_per_hour_and_histogram(shift: Shift) -> None:
    for created, handed in ((t(-1), t(0, 10)), (t(-3), t(0, 50)), (t(0), t(2, 30))):   # OTST 1:10, 3:50, 2:30
        shift.ship(shift.order(created=created), picked=handed, packed=handed, handed=handed)
    hours = dict(handovers_per_hour(shift.db, W))            # the fixture site is in UTC
    assert len(hours) == 8 and hours["06:00"] == 2 and hours["08:00"] == 1 and hours["07:00"] == 0
    # 2-hour bins: [0,2) h → 1, [2,4) h → 2
    assert otst_histogram([4200.0, 13800.0, 9000.0]) == [(0.0, 1), (2.0, 2)]


def test_queue_and_locker_grid(shift: Shift) -> None:
    lk = Locker(shift.db, shift.clock)
    shift.pick(t(1), shift.order(created=t(-1)), picked=[0])          # a short_pick exception
    lk.faulted(t(2), comp(3))                                          # a door_fault exception
    lk.back_in_service(t(3), comp(3))
    # Resolving happens on the backend and has no terminal op: the one direct write here.
    shift.db.execute("UPDATE exceptions SET status = 'resolved' WHERE kind = 'short_pick'")
    shift.db.conn.commit()
    assert [e["kind"] for e in exception_queue(shift.db)] == ["door_fault"]
    lk.deposit(t(6), comp(1))
    lk.out_of_service(t(6), comp(2))
    grid = {c["id"]: (c["state"], c["dwell_s"]) for c in compartments(shift.db, W)}
    assert grid.pop(comp(1)) == ("OCCUPIED", 7200.0) and grid.pop(comp(2)) == ("OUT_OF_SERVICE", None)
    assert set(grid.values()) == {("FREE", None)} and len(grid) == 14


def test_snapshot_compares_with_the_previous_shift(shift: Shift) -> None:
    # previous shift (22:00–06:00): OTST 3 h; this shift: OTST 1 h
    shift.ship(shift.order(created=t(-4)), picked=t(-2), packed=t(-1.5), handed=t(-1))
    shift.ship(shift.order(created=t(0)), picked=t(0.5), packed=t(0.75), handed=t(1))
    snap = snapshot(shift.db, W)
    assert snap.kpis["otst_median_s"] == 3600.0 and snap.previous["otst_median_s"] == 10800.0
    assert len(snap.risk_timeline) == 9 and snap.risk_timeline[-1] == ("14:00", 0, 0)


def test_csv_and_pdf_report(shift: Shift, tmp_path) -> None:
    import csv

    from terminal.stats.export import format_value, write_csv, write_report_pdf

    oid = shift.order(created=t(0), ship_by=t(2))
    shift.pick(t(0.5), oid)
    shift.weight_mismatch(t(0.75), oid)
    shift.hand_over(t(1), shift.pack(t(0.8), oid))
    snap = snapshot(shift.db, W)
    lines = list(csv.reader(write_csv(snap, tmp_path / "shift.csv").open(encoding="utf-8")))
    assert ["otst_median_s", "3600.0", ""] in lines and ["on_time_rate", "1.0", ""] in lines
    assert any(line[1:2] == ["weight_mismatch"] for line in lines)
    pdf = write_report_pdf(snap, tmp_path / "shift.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1500
    assert (format_value("otst_median_s", 3600.0), format_value("on_time_rate", 0.5),
            format_value("scan_error_per_1000", 4.25), format_value("late", 3), format_value("fill_rate", None)) == (
        "1 h", "50.0 %", "4.2 ‰", "3", "—")


def test_board_reads_lists_every_table_a_snapshot_reads(shift: Shift, db_path) -> None:  # type: ignore[no-untyped-def]
    """The dashboard skips change sets that touch none of READS; a table read but missing there would
    leave a figure stale after a write to it. SQLite's authorizer names every table a statement reads."""
    import sqlite3

    from terminal.stats.board import READS
    from terminal.store.db import connect

    lk = Locker(shift.db, shift.clock)
    session = shift.login(t(0), "p1", "picker")
    shift.ship(shift.order(created=t(-1), ship_by=t(3)), picked=t(1), packed=t(2), handed=t(2))
    shift.order(created=t(-1), ship_by=t(5))
    lk.deposit(t(1), comp(1))
    lk.faulted(t(2), comp(3))
    shift.logout(t(3), session)
    read: set[str] = set()

    def note(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and table and not table.startswith(("sqlite_", "pragma_")):
            read.add(table)
        return sqlite3.SQLITE_OK

    other = connect(db_path)
    try:
        for conn in (shift.db.conn, other.conn):
            conn.set_authorizer(note)
        snap = snapshot(shift.db, W, other=other)
    finally:
        shift.db.conn.set_authorizer(None)
        other.close()
    assert snap.kpis["otst_median_s"] == 3 * 3600.0 and snap.compartments     # it did read the shift
    assert read and read <= READS, sorted(read - READS)


def test_board_reader_first_read_does_not_quick_check_the_whole_file(shift: Shift, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The dashboard's first refresh ran SQLite's quick_check over the whole database (the app had
    done it at start): 1.5 s before the first figures on the bench's 50k-order shift."""
    from terminal.store import db as store_db
    from terminal.store.health import check_opened

    verified: list[bool] = []

    def recording(conn, file, *, verify: bool) -> None:  # type: ignore[no-untyped-def]
        verified.append(verify)
        check_opened(conn, file, verify=verify)

    monkeypatch.setattr(store_db, "check_opened", recording)
    shift.ship(shift.order(created=t(-1)), picked=t(1), packed=t(2), handed=t(2))
    reader = BoardReader(db_path)
    try:
        snap = reader.read(t(7.5))          # the shift 06:00–14:00, seen at 13:30
    finally:
        reader.close()
    assert snap.kpis["otst_median_s"] == 3 * 3600.0
    assert verified == [False]        # still refused if it were not a Handoff file, but not re-verified
