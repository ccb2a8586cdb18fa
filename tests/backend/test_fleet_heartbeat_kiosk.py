"""A kiosk's heartbeat end to end: emulated lock boards on a pseudo-terminal, the kiosk's periodic
board check, the background sync worker, a real backend on 127.0.0.1 — and the fleet's answer.

A board that goes silent is in the next heartbeat as offline; a faulted door is counted; a kiosk that
stops syncing is stale one interval after the report it missed (the backend's clock, moved by hand);
a heartbeat the backend refuses leaves the sync cycle a success."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sync_live import LiveServer, Terminal, enrol

from backend import auth
from backend.changes import seed_entities
from terminal.clock import FixedClock, SystemClock
from terminal.devices.health import DEVICES
from terminal.devices.lockboard.driver import LockBoardLine, Timings
from terminal.devices.lockboard.emulator import LockBoardEmulator
from terminal.lockers.kiosk import LockerKiosk
from terminal.ops import apply_op
from terminal.sync.cycle import sync_once
from terminal.sync.heartbeat import after_cycle, build_heartbeat
from terminal.sync.worker import SyncWorker

LOCKER = "LK1"
FAST = Timings(reply_timeout=0.1, open_timeout=0.3, poll_interval=0.01)
KEY = bytes(range(32))


def seed_locker(engine: Any, boards: int = 3) -> None:
    with engine.begin() as conn:
        auth.ensure_site(conn, LOCKER, kind="locker")
        seed_entities(conn, LOCKER, "lock_board", [
            {"id": f"B{n}", "site_id": LOCKER, "board_no": n, "port": "", "hook_closed_bit": 1,
             "ir_occupied_bit": 1, "has_infrared": 1} for n in range(boards)])
        seed_entities(conn, LOCKER, "compartment", [
            {"id": f"C{n}-{lock}", "site_id": LOCKER, "board_id": f"B{n}", "lock_no": lock, "size_class": "A",
             "column_no": n + 1, "row_no": lock, "state": "FREE", "door": "closed", "fault_reason": None}
            for n in range(boards) for lock in (1, 2)])


@pytest.fixture
def fleet(clocked_server: LiveServer) -> LiveServer:
    seed_locker(clocked_server.app.state.engine)
    return clocked_server


@pytest.fixture
def kiosk_terminal(fleet: LiveServer, tmp_path: Path) -> Iterator[Terminal]:
    DEVICES.forget()             # the process's device registry: nothing from another test
    term = enrol(fleet, tmp_path / "kiosk.db", site=LOCKER, role="kiosk")
    with term.client() as client:
        sync_once(term.db, client)          # the boards and compartments of the site arrive
    yield term
    term.db.close()
    DEVICES.forget()


@pytest.fixture
def emulator() -> Iterator[LockBoardEmulator]:
    with LockBoardEmulator(3, open_delay=0.02) as emu:
        yield emu


def health(server: LiveServer) -> list[dict[str, Any]]:
    token = auth.make_integration_token(server.app.state.engine)
    answer = httpx.get(f"{server.url}/v1/fleet/health", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["terminals"]


def wait_for(condition: Any, timeout: float = 10.0) -> None:
    done = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        done.wait(0.02)
    raise AssertionError("timed out")


def test_a_kiosk_reports_its_boards_doors_and_versions_and_goes_stale_when_it_stops(
        fleet, kiosk_terminal, emulator, backend_clock, tmp_path):
    term = kiosk_terminal
    settings = term.settings.with_overrides({"sync.interval_s": 0.2, "lockers.board_check_s": 0.05})
    line = LockBoardLine(emulator.path, timings=FAST)
    kiosk = LockerKiosk(term.db, line, settings=settings, key=KEY, site_id=LOCKER)
    check = kiosk.start_board_check()
    assert check.boards == [0, 1, 2]
    wait_for(lambda: DEVICES.snapshot().boards == {0: True, 1: True, 2: True})
    worker = SyncWorker(term.path, settings=settings)
    cycles: list[Exception | None] = []
    worker.cycle_done.connect(lambda result, error: cycles.append(error))
    worker.start()
    try:
        wait_for(lambda: len(cycles) >= 1 and health(fleet))
        (mine,) = health(fleet)
        assert cycles[0] is None
        assert mine["problems"] == [] and mine["role"] == "kiosk" and mine["sync_interval_s"] == 0.2
        assert (mine["boards_total"], mine["boards_online"]) == (3, 3)
        assert mine["app_version"] and mine["schema_version"] > 0 and mine["disk_free_bytes"] > 0

        emulator.set_silent(1)                         # a board stops answering; a door is faulted
        apply_op(term.db, "CompartmentFaulted", {"compartment_id": "C2-1", "reason": "hinge broken"})
        wait_for(lambda: DEVICES.snapshot().boards.get(1) is False)
        wait_for(lambda: health(fleet)[0]["boards_offline"] == [1] and health(fleet)[0]["doors_faulted"] == 1)
        assert health(fleet)[0]["problems"] == ["boards_offline", "doors_faulted"]
    finally:
        worker.stop()
        kiosk.stop()
        line.close()
    # the kiosk has stopped: one interval after the report it missed, the fleet lists it stale
    backend_clock.advance(seconds=0.2 * 2 + 0.1)
    assert health(fleet)[0]["problems"][0] == "stale"


def test_a_heartbeat_the_backend_refuses_does_not_fail_the_sync(fleet, kiosk_terminal):
    term = kiosk_terminal
    wrong = term.settings.with_overrides({"sync.interval_s": 10 * 86_400.0})   # over the backend's limit: 422
    with term.client() as client:
        result = sync_once(term.db, client)
        assert after_cycle(term.db, client, term.path, wrong, SystemClock(), None) is False
        assert after_cycle(term.db, client, term.path, term.settings, SystemClock(), None) is True
    assert result["acked"] == 0
    assert term.db.execute("SELECT value FROM sync_state WHERE key = 'last_error'").fetchone()[0] == ""
    assert [t["sync_interval_s"] for t in health(fleet)] == [10.0]


def test_no_heartbeat_is_tried_when_the_backend_cannot_be_reached(fleet, kiosk_terminal):
    from terminal.sync.client import SyncClient, SyncUnavailable

    term = kiosk_terminal
    with SyncClient("http://127.0.0.1:9", "x", timeout_s=1.0) as client:
        assert after_cycle(term.db, client, term.path, term.settings, SystemClock(),
                           SyncUnavailable("down")) is False
    assert health(fleet) == []


def test_the_outbox_backlog_is_reported_with_its_oldest_ops_age(kiosk_terminal):
    term = kiosk_terminal
    clock = FixedClock()
    apply_op(term.db, "CompartmentFaulted", {"compartment_id": "C0-1", "reason": "r"}, clock=clock)
    apply_op(term.db, "CompartmentFaulted", {"compartment_id": "C0-2", "reason": "r"}, clock=clock)
    clock.advance(seconds=90)
    body = build_heartbeat(term.db, term.path, term.settings, clock, sync_error="refused")
    assert (body["outbox_size"], body["outbox_age_s"], body["doors_faulted"]) == (2, 90.0, 2)
    assert body["sync_error"] == "refused" and body["boards"] == [] and body["scanner"]["state"] == "unknown"
    assert body["printer"] == {"state": "absent", "detail": ""}


def test_sync_now_reports_too_and_a_refused_cycle_still_reports_with_its_error(fleet, kiosk_terminal):
    from terminal.cli import run
    from terminal.sync.client import UpdateNeeded

    term = kiosk_terminal
    assert run(["sync", "now", "--db", str(term.path), "--json"]) == 0
    (mine,) = health(fleet)
    assert mine["problems"] == [] and mine["sync_error"] == ""
    # the terminal was updated past what this backend serves: its pull is refused (426) …
    with term.client() as client:
        term.db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'now')")
        term.db.conn.commit()
        with pytest.raises(UpdateNeeded) as refused:
            sync_once(term.db, client)
        assert after_cycle(term.db, client, term.path, term.settings, SystemClock(), refused.value)
    (mine,) = health(fleet)          # … and the fleet sees it, with the version it runs
    assert mine["problems"] == ["sync_error"] and mine["sync_error"] == "update_needed"
    assert mine["schema_version"] == 9999
