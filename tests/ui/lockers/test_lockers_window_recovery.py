"""Crash safety of the real kiosk window: SIGKILL `handoff run --role kiosk` between "unlock sent" and
"door closed", then start the window again and see start-up reconcile the door journal.

The child is the product as deployed: `python -c DRIVER` calls `ui.main.main(["run", "--role", "kiosk",
"--db", ...])` offscreen, with the lock board (`lockers.port`) on the emulator's pseudo-terminal set in a
HANDOFF_CONFIG file. The driver only finds the kiosk window once the event loop runs and feeds it what a
person does: badge and parcel scans through `deliver_scan`, taps on the start-screen buttons and keypad.
Both the child and the restarted window run on the wall clock, as `handoff run` does: every time stored
(deposited_at, the hold's expiry) comes from that one clock, the parent writes none (a FixedClock in the
parent once made the child find a parcel past its hold as soon as the calendar moved on)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from terminal.config import Settings
from terminal.lockers import codes
from terminal.lockers.site import store_announced_parcel
from tests.ui.lockers.conftest import KEY, SITE

CHILD_WAIT_S = 90.0            # start-up, imports and the unlock on a loaded two-core machine

DRIVER = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from ui.app import qt_app
    from ui.lockers.adapter import adapter_for
    from ui.main import main
    from ui.windows.kiosk import KioskWindow

    flow, db_path = sys.argv[1:3]
    app = qt_app()               # `handoff run` uses this same application; the driver's timer needs one
    steps = []                   # (condition on the window, action) done in order, polled on the loop

    def kiosk():
        return next((w for w in app.topLevelWidgets() if isinstance(w, KioskWindow) and w.isVisible()), None)

    def fail(why):
        print("DRIVER FAILED:", why, file=sys.stderr, flush=True)
        app.exit(3)

    def watch(window):
        adapter = adapter_for(window.ctx)
        adapter.refused.connect(lambda tag, code, message: fail(f"refused {code}: {message}"))
        adapter.finished.connect(lambda tag, result: done.append(result) if tag.endswith(":deposit") else None)

    def press(window, keys):
        keypad = window.current_page().keypad
        for key in keys:
            keypad.buttons[key].click()

    done = []
    steps.append((lambda w: True, watch))
    steps.append((lambda w: True, lambda w: w.deliver_scan("B-courier-1")))
    steps.append((lambda w: w.user is not None and "lockers.courier" in w.action_buttons,
                  lambda w: w.action_buttons["lockers.courier"].click()))
    steps.append((lambda w: w.current_key() == "lockers.courier", lambda w: w.deliver_scan("PX1")))
    if flow == "pickup":        # the parent closes the door on the parcel; then a recipient comes
        steps.append((lambda w: bool(done), lambda w: w.logout(force=True)))
        steps.append((lambda w: w.user is None and w.is_home(), lambda w: w.action_buttons["lockers.pickup"].click()))
        steps.append((lambda w: w.current_key() == "lockers.pickup", lambda w: press(w, [*"600100200123456", "OK"])))

    def tick():
        window = kiosk()
        if window is not None and steps and steps[0][0](window):
            steps.pop(0)[1](window)
        QTimer.singleShot(20, tick)

    QTimer.singleShot(0, tick)
    main(["run", "--role", "kiosk", "--db", db_path])
""")


class Child:
    """The kiosk process; `kill()` is SIGKILL, and every failure message carries its stderr."""

    def __init__(self, tmp_path: Path, db_path: Path, port: str, flow: str) -> None:
        config = tmp_path / "config.toml"
        config.write_text(f'[lockers]\nport = "{port}"\n[ui]\nsound = false\nlanguage = "en"\n'
                          "[lockboard]\nreply_timeout_ms = 2000\nopen_timeout_ms = 5000\n", encoding="utf-8")
        self.logs = tmp_path / f"{flow}-logs"
        env = {**os.environ, "PYTHONPATH": os.getcwd(), "HANDOFF_CONFIG": str(config),
               "QT_QPA_PLATFORM": "offscreen", "HANDOFF_LOGGING__DIR": str(self.logs)}
        self.stderr = open(tmp_path / f"{flow}.stderr", "w+", encoding="utf-8")  # noqa: SIM115 - kept to the end
        self.proc = subprocess.Popen([sys.executable, "-c", DRIVER, flow, str(db_path)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr, text=True)

    def wait_for(self, ready: Callable[[], bool], what: str) -> None:
        """Poll `ready` (an emulator Event, the journal) while the child lives; fail with its stderr."""
        waited = 0.0
        while not ready():
            time.sleep(0.05)     # a poll on real state with a deadline, not a guess at how long it takes
            waited += 0.05
            if self.proc.poll() is not None or waited >= CHILD_WAIT_S:
                state = f"exited with {self.proc.returncode}" if self.proc.poll() is not None else "still ran"
                self.kill()
                pytest.fail(f"the kiosk window process never reached {what} within {CHILD_WAIT_S} s and"
                            f" {state}; its stderr:\n{self.read_stderr()}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()                    # SIGKILL: no shutdown handler, no journal tidy-up
        self.proc.wait(timeout=10)

    def read_stderr(self) -> str:
        """Its stderr, then the end of its log (the adapter logs a flow's traceback there)."""
        self.stderr.seek(0)
        logs = sorted(self.logs.glob("*.log"))
        tail = "".join(log.read_text(encoding="utf-8")[-4000:] for log in logs)
        return self.stderr.read() + (f"\nits log:\n{tail}" if tail else "")


@pytest.fixture
def start_child(tmp_path, db_path, emulator):  # type: ignore[no-untyped-def]
    """`start_child(flow)` → a running kiosk window process; killed at the end whatever happened."""
    children: list[Child] = []

    def start(flow: str) -> Child:
        children.append(Child(tmp_path, db_path, emulator.path, flow))
        return children[-1]

    yield start
    for child in children:
        child.kill()
        child.stderr.close()


@pytest.fixture
def unlocks(emulator):  # type: ignore[no-untyped-def]
    """Every unlock frame the emulator receives, with an Event per count reached."""
    seen: list[tuple[int, int]] = []
    reached = [threading.Event() for _ in range(4)]

    def on_unlock(board: int, lock: int) -> None:
        seen.append((board, lock))
        reached[min(len(seen), 3)].set()

    emulator.unlock_received.connect(on_unlock)
    return seen, reached


@pytest.fixture
def child_site(site_db, db_path):  # type: ignore[no-untyped-def]
    """The site with one announced parcel and its key where `handoff run` looks for it (DB + .sitekey)."""
    codes.save_site_key(codes.key_path(Settings(), db_path), KEY)
    store_announced_parcel(site_db, KEY, SITE, "PX1", phone="600100200", pickup_code="123456", size_class="A")
    return site_db


def restart_window(qtbot, db_path: Path, emulator):  # type: ignore[no-untyped-def]
    """The kiosk window started as `handoff run` starts it; returns it with start-up's decisions."""
    from ui.app import make_context
    from ui.commands.run import start_devices
    from ui.lockers.adapter import adapter_for
    from ui.windows import make_window

    settings = Settings({"lockers": {"port": emulator.path}, "ui": {"sound": False, "language": "en"},
                         "lockboard": {"reply_timeout_ms": 2000, "open_timeout_ms": 5000}})
    ctx = make_context(db_path, settings=settings, synchronous=True)      # wall clock, as in the product
    window = make_window("kiosk", ctx)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_exit_allowed", True))
    with qtbot.waitSignal(adapter_for(ctx).started, timeout=int(CHILD_WAIT_S * 1000)) as blocker:
        start_devices("kiosk", ctx)
        window.present()
    qtbot.waitExposed(window)
    return window, ctx, blocker.args[0]


def close_restarted(ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.app import shutdown
    from ui.lockers.adapter import adapter_for

    adapter_for(ctx).shutdown()
    shutdown(ctx)


def journal(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in db.execute("SELECT outcome FROM door_journal ORDER BY rowid").fetchall()]


def door_open_recorded(db, rows: int) -> Callable[[], bool]:  # type: ignore[no-untyped-def]
    """The child has read the board's reply: its last journal row says the door opened (not yet closed)."""
    return lambda: len(outcomes := journal(db)) == rows and outcomes[-1] == "opened"


def parcel(db):  # type: ignore[no-untyped-def]
    return db.execute("SELECT status, compartment_id FROM parcels WHERE tracking_number = 'PX1'").fetchone()


def compartment_id(db, board: int, lock: int) -> str:  # type: ignore[no-untyped-def]
    return str(db.execute("SELECT c.id FROM compartments c JOIN lock_boards b ON b.id = c.board_id"
                          " WHERE b.board_no = ? AND c.lock_no = ?", (board, lock)).fetchone()[0])


def assert_start_screen(window) -> None:  # type: ignore[no-untyped-def]
    assert window.is_home() and window.current_page() is None
    assert window.welcome.isVisible() and window.welcome.text() == "Welcome! What would you like to do?"
    assert [e.text for e in window.feedback.entries if e.kind == "error"] == []


def test_kill_during_deposit_then_window_restart_records_the_parcel(
        qtbot, start_child, child_site, db_path, emulator, unlocks) -> None:
    seen, reached = unlocks
    child = start_child("deposit")
    child.wait_for(reached[1].is_set, "the deposit's unlock frame")
    child.wait_for(door_open_recorded(child_site, 1), "the journal's 'opened'")
    child.kill()                                         # the door is open, "door closed" never comes
    (board, lock), = seen
    comp = compartment_id(child_site, board, lock)
    assert journal(child_site) == ["opened"], child.read_stderr()
    assert parcel(child_site)[0] == "announced"
    emulator.put_item(board, lock)                       # the courier finished while the kiosk was dead
    emulator.close_door(board, lock)

    window, ctx, decided = restart_window(qtbot, db_path, emulator)
    try:
        assert [d["note"] for d in decided] == ["parcel found inside: recorded"], child.read_stderr()
        assert tuple(parcel(ctx.db)) == ("deposited", comp)
        assert ctx.db.execute("SELECT state FROM compartments WHERE id = ?", (comp,)).fetchone()[0] == "OCCUPIED"
        assert journal(ctx.db) == ["reconciled"]
        assert seen == [(board, lock)] and emulator.unlock_count(board, lock) == 1   # never re-unlocked
        assert_start_screen(window)
    finally:
        close_restarted(ctx)


def test_kill_during_pickup_then_window_restart_records_the_pickup(
        qtbot, start_child, child_site, db_path, emulator, unlocks) -> None:
    seen, reached = unlocks
    child = start_child("pickup")
    child.wait_for(reached[1].is_set, "the deposit's unlock frame")
    (board, lock), = seen
    child.wait_for(door_open_recorded(child_site, 1), "the journal's 'opened' for the deposit")
    emulator.put_item(board, lock)                       # the courier puts the parcel in and closes
    emulator.close_door(board, lock)
    child.wait_for(reached[2].is_set, "the pickup's unlock frame")
    child.wait_for(door_open_recorded(child_site, 2), "the journal's 'opened' for the pickup")
    child.kill()
    comp = compartment_id(child_site, board, lock)
    assert seen == [(board, lock), (board, lock)], child.read_stderr()
    assert journal(child_site) == ["closed", "opened"], child.read_stderr()
    assert tuple(parcel(child_site)) == ("deposited", comp)
    emulator.take_item(board, lock)                      # the recipient took it while the kiosk was dead
    emulator.close_door(board, lock)

    window, ctx, decided = restart_window(qtbot, db_path, emulator)
    try:
        assert [d["purpose"] for d in decided] == ["pickup"], child.read_stderr()
        assert parcel(ctx.db)[0] == "picked_up"
        assert ctx.db.execute("SELECT state FROM compartments WHERE id = ?", (comp,)).fetchone()[0] == "FREE"
        assert journal(ctx.db) == ["closed", "reconciled"]
        assert emulator.unlock_count(board, lock) == 2 and len(seen) == 2      # no third, automatic unlock
        assert_start_screen(window)
    finally:
        close_restarted(ctx)
