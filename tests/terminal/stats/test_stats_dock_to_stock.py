"""Dock-to-stock time: put_away_at − received_at of the lines put away in the window, median and p90 by
nearest rank, a past window as of its end, in `handoff stats --json`."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.cli import run
from terminal.clock import FixedClock, iso
from terminal.inventory.receiving_flow import open_plate, put_away, receive
from terminal.stats.kpis import compute_kpis, percentile
from terminal.stats.window import Window
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sim_world import START, build_world  # noqa: E402


def _site(path: Path):  # type: ignore[no-untyped-def]
    db = open_db(path, create=True)
    build_world(db, orders=2, skus=4, seed=5, locker=None)
    db.execute("INSERT INTO inbound_deliveries (id, ref, source, status) VALUES ('in1', 'ASN', 'asn', 'announced')")
    db.conn.commit()
    return db


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(waits=st.lists(st.tuples(st.integers(0, 240), st.one_of(st.none(), st.integers(0, 600))), min_size=1,
                      max_size=10),
       window_min=st.integers(30, 900))
def test_dock_to_stock_is_the_nearest_rank_of_the_lines_put_away_in_the_window(
        tmp_path_factory, waits, window_min) -> None:  # type: ignore[no-untyped-def]
    db = _site(tmp_path_factory.mktemp("d2s") / "t.db")
    clock = FixedClock(START)
    lpn = open_plate(db, "in1", None, clock=clock)
    events = []        # (moment, action) in time order, so the clock only moves forward
    for n, (received_after, wait) in enumerate(waits):
        at = START + timedelta(minutes=received_after)
        events.append((at, "receive", n, None))
        if wait is not None:
            events.append((at + timedelta(minutes=wait), "store", n, wait))
    events.sort(key=lambda e: (e[0], e[1] == "store"))
    lines: dict[int, str] = {}
    end = START + timedelta(minutes=window_min)
    expected = []
    for at, action, n, wait in events:
        clock.set(at)
        if action == "receive":
            lines[n] = receive(db, "in1", lpn, "SKU-001", 1, None, clock=clock)
        else:
            put_away(db, lines[n], "A-01-01-1L", None, None, clock=clock)
            if at < end:
                expected.append(wait * 60.0)
    clock.set(START + timedelta(minutes=2000))
    kpis = compute_kpis(db, Window(START, end, clock.now()))
    expected.sort()
    assert kpis["dock_to_stock_median_s"] == percentile(expected, 50)
    assert kpis["dock_to_stock_p90_s"] == percentile(expected, 90)
    if expected:
        assert 0 <= kpis["dock_to_stock_median_s"] <= kpis["dock_to_stock_p90_s"] <= max(expected)


def test_handoff_stats_json_has_dock_to_stock(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = _site(tmp_path / "t.db")
    clock = FixedClock(START)
    lpn = open_plate(db, "in1", None, clock=clock)
    line = receive(db, "in1", lpn, "SKU-002", 3, None, clock=clock)
    clock.advance(minutes=42)
    put_away(db, line, "A-01-01-1L", None, None, clock=clock)
    db.close()
    code = run(["stats", "--db", str(tmp_path / "t.db"), "--json", "--from", iso(START),
                "--to", iso(START + timedelta(hours=1))])
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["dock_to_stock_median_s"] == figures["dock_to_stock_p90_s"] == 42 * 60.0
