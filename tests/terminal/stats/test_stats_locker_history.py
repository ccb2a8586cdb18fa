"""The locker KPIs as of a window's end, on a locker driven through its ops (issue 16).

One shift, every op at a time below (UTC, T0 = 06:00 on 2026-11-23), 16 compartments l01–l16:

    05:00  l16 out of service (stays so)
    04:00  P1 deposited in l01           08:00  P1 picked up
    07:00  return R1 dropped in l02      09:00  R1 collected
    09:00  P5 deposited in l15           10:00  l15 out of service   12:00  l15 back   13:00 P5 picked up
    10:00  P2 deposited in l03           (still in)
    10:30  l06 faulted (not_empty)       12:30  l06 back in service
    12:00  P3 deposited in l04, expires 13:00; expired 13:00 (still in)"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils
from locker_ops import Locker, comp
from shift_ops import T0

from terminal.cli import run
from terminal.clock import FixedClock, iso
from terminal.stats.kpis import compute_kpis
from terminal.stats.window import Window, WindowInFuture


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


@pytest.fixture
def shift(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    lk = Locker(fresh_db, FixedClock(T0 - h(3)))
    p1 = lk.deposit(T0 - h(2), comp(1))
    lk.out_of_service(T0 - h(1), comp(16))
    r1 = lk.deposit(T0 + h(1), comp(2), kind="return")
    lk.picked_up(T0 + h(2), p1)
    p5 = lk.deposit(T0 + h(3), comp(15))
    lk.collected(T0 + h(3), r1)
    lk.deposit(T0 + h(4), comp(3))
    lk.out_of_service(T0 + h(4), comp(15))
    lk.faulted(T0 + h(4.5), comp(6))
    p3 = lk.deposit(T0 + h(6), comp(4), expires=T0 + h(7))
    lk.back_in_service(T0 + h(6), comp(15))
    lk.back_in_service(T0 + h(6.5), comp(6))
    lk.picked_up(T0 + h(7), p5)
    lk.expired(T0 + h(7), p3)
    return fresh_db


def test_locker_utilisation_tw_counts_parcels_that_have_left(shift: sqlite_utils.Database) -> None:
    # Window 06:00–14:00, now 14:00. Active compartment-hours: l16 none (out of service all along);
    # l15 06–10 and 12–14 = 6 h; the other 14 × 8 h = 112 h → 118 h.
    # Occupied while active: P1 l01 06–08 = 2 h; R1 l02 07–09 = 2 h; P2 l03 10–14 = 4 h;
    # P3 l04 12–14 = 2 h (expired, still in); P5 l15 09–13 but l15 active only 09–10 and 12–13 = 2 h → 12 h.
    # (The old reading found compartments only through parcels.compartment_id, which the pickups
    # cleared: 6 h ÷ 120 h = 0.05.)
    result = compute_kpis(shift, Window(T0, T0 + h(8), T0 + h(8)))
    assert result["locker_utilisation_tw"] == pytest.approx(12 / 118)
    # At 14:00: P2 and P3 inside, 15 compartments in service.
    assert result["locker_utilisation"] == pytest.approx(2 / 15)
    assert result["door_faults"] == {"total": 1, "by_kind": {"not_empty": 1}, "out_of_service": 1, "faulted": 0}


def test_past_window_takes_locker_state_at_its_end_not_now(shift: sqlite_utils.Database) -> None:
    # Window 06:00–11:00 asked at 14:00. At 11:00 l15 and l16 were out of service (14 active) and l06
    # faulted; only P2 (l03) was in an active compartment (P5 was in l15, out of service) → 1 / 14.
    # (The old reading took today's states — l15 back, l06 repaired — and lost P5's compartment: 1 / 15,
    # out_of_service 1, faulted 0.)
    result = compute_kpis(shift, Window(T0, T0 + h(5), T0 + h(8)))
    assert result["locker_utilisation"] == pytest.approx(1 / 14)
    assert result["door_faults"] == {"total": 1, "by_kind": {"not_empty": 1}, "out_of_service": 2, "faulted": 1}
    # Time-weighted 06–11: active l15 06–10 = 4 h + 14 × 5 h = 74 h; occupied P1 2 h + R1 2 h +
    # P2 10–11 1 h + P5 09–10 1 h = 6 h.
    assert result["locker_utilisation_tw"] == pytest.approx(6 / 74)


def test_window_after_now_is_refused(shift: sqlite_utils.Database) -> None:
    # Evaluated at its own start, a window that has not begun counted open orders as late already.
    with pytest.raises(WindowInFuture, match="after now"):
        compute_kpis(shift, Window(T0 + h(9), T0 + h(17), T0 + h(8)))
    # A window that began before now and ends after it stops at now: 12:00–14:00. Active: l15 (back at
    # 12:00) and 14 others × 2 h = 30 h; occupied: P2 2 h, P3 2 h, P5 12–13 1 h = 5 h.
    result = compute_kpis(shift, Window(T0 + h(6), T0 + h(14), T0 + h(8)))
    assert result["locker_utilisation_tw"] == pytest.approx(5 / 30)


def test_stats_cli_refuses_a_window_after_now_in_one_sentence(
        shift: sqlite_utils.Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["stats", "--db", str(db_path), "--from", iso(T0 + h(10)), "--to", iso(T0 + h(18)),
                "--now", iso(T0 + h(8)), "--json"])
    err = capsys.readouterr().err.strip()
    assert code != 0 and "after now" in err and "\n" not in err
    assert run(["stats", "--db", str(db_path), "--from", iso(T0), "--to", iso(T0 + h(8)),
                "--now", iso(T0 + h(8)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["locker_utilisation_tw"] == pytest.approx(12 / 118)
