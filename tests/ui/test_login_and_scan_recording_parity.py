"""Login and scan recording are core logic (terminal/people/login.py, terminal/scanning/recording.py):
the station window and the shift simulator produce the same operations for the same acts.

Before, each wrote its own: the simulator recorded scan kinds as "tote"/"location"/"item"/"parcel"
where the windows wrote the scan's class name, so the scan KPIs grouped one act two ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from terminal.clock import FixedClock
from terminal.config import Settings
from terminal.people.badges import user_for_badge
from terminal.scanning.types import BadgeScan, ItemScan, ToteScan, TypedScan, Unknown
from terminal.stats.simulate import SimConfig, Simulation
from terminal.store import open_db
from tools.fixture import fill_small_site
from ui.app import make_context, shutdown


def _ops(db: Any, since: int = 0) -> list[tuple[str, dict[str, Any]]]:
    rows = db.execute("SELECT name, args FROM outbox WHERE seq > ? ORDER BY seq", (since,)).fetchall()
    return [(name, json.loads(args)) for name, args in rows]


def _last_seq(db: Any) -> int:
    return int(db.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])


def _anonymous(ops: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Session ids are fresh and the terminal is named differently; the rest must be the same."""
    sessions: dict[str, str] = {}
    out = []
    for name, args in ops:
        args = dict(args)
        if "session_id" in args:
            args["session_id"] = sessions.setdefault(args["session_id"], f"session-{len(sessions) + 1}")
        args.pop("terminal", None)
        out.append((name, args))
    return out


@pytest.fixture
def station(qtbot, site_db_path: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    from ui.windows import make_window

    ctx = make_context(site_db_path, settings=Settings({"ui": {"sound": False}}), clock=clock, synchronous=True)
    window = make_window("station", ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    shutdown(ctx)


@pytest.fixture
def sim(tmp_path: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    db = open_db(tmp_path / "sim.db", create=True)
    fill_small_site(db)
    yield Simulation(db, tmp_path / "sim.db", SimConfig(), FixedClock(clock.now()))
    db.close()


def test_login_and_logout_are_the_same_ops_from_the_window_and_the_simulator(station, sim) -> None:
    db = station.ctx.db
    start = _last_seq(db)
    station.deliver_scan("B-1001")                          # Anna, a picker, scans her badge
    assert station.user is not None and station.role == "picker"
    station.logout()
    window_ops = _anonymous([op for op in _ops(db, start) if op[0] != "ScanRecorded"])

    session = sim.login(user_for_badge(sim.db, "B-1001"), "picker")
    sim.logout(session)
    assert window_ops == _anonymous(_ops(sim.db)) == [
        ("UserLoggedIn", {"user_id": "u-picker", "role": "picker", "session_id": "session-1"}),
        ("UserLoggedOut", {"session_id": "session-1"})]


def test_a_second_badge_closes_the_first_session_before_opening_its_own(station) -> None:
    db = station.ctx.db
    station.deliver_scan("B-1001")
    start = _last_seq(db)
    station.deliver_scan("B-1003")                          # Ewa takes over the station
    assert station.user is not None and station.user.id == "u-both"
    logins = _anonymous([op for op in _ops(db, start) if op[0] != "ScanRecorded"])
    assert [name for name, _ in logins] == ["UserLoggedOut", "UserLoggedIn"]
    assert logins[1][1]["user_id"] == "u-both"


@pytest.mark.parametrize("scan", [
    ToteScan(raw="T-1", code="T-1"),
    ItemScan(raw="5901234123457", sku_code="SKU-1", gtin="05901234123457"),
    BadgeScan(raw="B-4001", badge="B-4001", user_id="u-super"),
    Unknown(raw="XYZ", message="'XYZ' was read, but it is not a code Handoff knows."),
], ids=["tote", "item", "badge", "unknown"])
def test_a_scan_is_recorded_the_same_from_the_window_and_the_simulator(station, sim, scan: TypedScan) -> None:
    db = station.ctx.db
    station.deliver_scan("B-1001")
    start = _last_seq(db)
    station.route_scan(scan)
    [(name, recorded)] = [op for op in _ops(db, start) if op[0] == "ScanRecorded"]
    assert recorded["kind"] == type(scan).__name__
    # a badge, or a scan nobody could classify (it may be one), never leaves as read (ScanRecorded's secret)
    assert recorded["raw"] == ("***" if isinstance(scan, BadgeScan | Unknown) else scan.raw)

    before = _last_seq(sim.db)
    sim.scan(recorded["user_id"], recorded["context"], scan, recorded["accepted"], recorded["order_id"],
             recorded["reason"])
    assert _ops(sim.db, before) == [("ScanRecorded", recorded)]
