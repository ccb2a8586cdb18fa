"""The shift simulator drives the real picking and locker flows on a FixedClock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlite_utils
from sim_world import START, build_world

from terminal.clock import FixedClock
from terminal.stats.kpis import compute_kpis
from terminal.stats.simulate import SimConfig, simulate_shift
from terminal.stats.window import Window


def _run(db: sqlite_utils.Database, path: Path, seed: int = 3, hours: int = 3) -> tuple[dict, dict]:
    clock = FixedClock(START)
    report = simulate_shift(db, path, SimConfig(pickers=2, packers=1, hours=hours, seed=seed, start=START),
                            clock=clock)
    end = START + timedelta(hours=hours)
    assert clock.now() == end
    return report.counts, compute_kpis(db, Window(START, end, end))


def test_a_simulated_shift_produces_real_ops_and_kpis(fresh_db: sqlite_utils.Database, db_path: Path) -> None:
    build_world(fresh_db)
    counts, kpis = _run(fresh_db, db_path)
    assert counts["tasks"] > 50 and counts["batches"] >= 4 and counts["deposited"] > 5
    ops = dict(fresh_db.execute("SELECT name, count(*) FROM outbox GROUP BY name").fetchall())
    # every change went through named ops: picks, scans, logins, deposits
    assert ops["PickConfirmed"] >= counts["tasks"] - counts.get("shorts", 0)
    assert ops["BatchStarted"] == counts["batches"] and ops["ParcelDeposited"] == counts["deposited"]
    assert ops["UserLoggedIn"] == ops["UserLoggedOut"]          # everyone logged out at the end
    # pick rate: lines per picker-hour — 2 pickers × 3 h less their first minutes ≈ 6 h
    lines = fresh_db.execute(
        "SELECT count(*) FROM pick_tasks WHERE picked_qty > 0 AND done_at IS NOT NULL").fetchone()[0]
    assert 5.5 * kpis["pick_rate_lph"] < lines <= 6.0 * kpis["pick_rate_lph"]
    assert 30 < kpis["pick_rate_lph"] < 250                     # a believable human pick rate
    assert kpis["scan_error_per_1000"] is not None and kpis["locker_utilisation_tw"] > 0
    # the packer drives the real PackSession: packed orders, labels queued in the spool, handovers
    assert counts["packed"] > 10 and ops["PackageClosed"] == counts["packed"]
    assert ops["PackageLabelled"] == counts["labels_queued"] == counts["packed"]
    assert 10 < kpis["pack_rate_oph"] < 120
    # the first carrier leaves at 11:00, after this 06:00–09:00 shift: nothing is handed over yet
    assert ops.get("PackagesHandedOver", 0) == counts.get("handed_over", 0) == 0


def test_the_same_seed_gives_the_same_shift(tmp_path: Path) -> None:
    from terminal.store import open_db

    results = []
    for name in ("a", "b"):
        db = open_db(tmp_path / f"{name}.db", create=True)
        build_world(db, orders=40)
        results.append(_run(db, tmp_path / f"{name}.db", seed=5, hours=1))
        db.close()
    assert results[0] == results[1]


def test_simulate_cli_then_stats_cli(fresh_db: sqlite_utils.Database, db_path: Path, capsys) -> None:
    import json

    from terminal.cli import run

    build_world(fresh_db, orders=40)
    assert run(["simulate", "shift", "--db", str(db_path), "--pickers", "1", "--packers", "0", "--hours", "1",
                "--seed", "2", "--start", "2026-11-23T06:00:00Z", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["end"].startswith("2026-11-23T07:00") and report["counts"]["tasks"] > 10
    assert run(["stats", "--db", str(db_path), "--from", "2026-11-23T06:00:00Z", "--to", "2026-11-23T07:00:00Z",
                "--now", "2026-11-23T07:00:00Z", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pick_rate_lph"] > 10


def test_simulate_refuses_an_empty_database(fresh_db: sqlite_utils.Database, db_path: Path, capsys) -> None:
    from terminal.cli import run

    assert run(["simulate", "shift", "--db", str(db_path), "--pickers", "1", "--packers", "0", "--hours", "1"]) == 2
    assert "handoff demo" in capsys.readouterr().err


def test_risk_estimate_matches_the_picking_capabilitys(fresh_db: sqlite_utils.Database, db_path: Path) -> None:
    from terminal.picking.priority import measured_rates
    from terminal.stats.kpis import risk_params

    build_world(fresh_db)
    _run(fresh_db, db_path, hours=2)
    end = START + timedelta(hours=2)
    ours = risk_params(fresh_db, Window(START, end, end), None)
    theirs = measured_rates(fresh_db, end)
    assert theirs.pick_measured
    assert abs(ours["s_per_line"] - theirs.pick_s_per_line) < 1e-3
    # with packing installed the pack rate is measured too (SQL julianday vs Python datetimes: rounding)
    assert theirs.pack_measured and abs(ours["s_per_order"] - theirs.pack_s_per_order) < 1e-3
