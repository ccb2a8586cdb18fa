"""Every window reads time on the site's clock (issue 15, Clock).

The station and the kiosk showed the machine's zone (09:xx) while the supervisor showed the site's
(10:xx "site time") for the same events, and the status bar's last sync was wall time beside the
demo's clock. The machine here is put on UTC so the old reading (`astimezone()`) shows in the test."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from terminal.clock import FixedClock, iso
from terminal.config import Settings
from terminal.ops import apply_op
from terminal.store import open_db
from terminal.sync import state
from ui.app import make_context, shutdown
from ui.sync.adapter import SyncAdapter
from ui.sync.demo import DemoSync
from ui.widgets.statusbar import HandoffStatusBar

MOMENT = datetime(2026, 11, 23, 8, 0, 5, tzinfo=UTC)       # 09:00:05 at the site (Europe/Warsaw, the default)


@pytest.fixture(autouse=True)
def machine_on_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("role", ["station", "kiosk", "supervisor"])
def test_every_window_shows_the_site_time_in_the_status_bar_and_the_scan_log(make_role_window, clock: FixedClock,
                                                                              role: str) -> None:  # type: ignore[no-untyped-def]
    clock.set(MOMENT)
    window = make_role_window(role)
    window.status.refresh_clock()
    assert window.status.clock_label.text() == "09:00:05"
    window.deliver_scan("NOT-A-BADGE-42")
    assert window.feedback.scans[0].at == "09:00:05"


def test_last_sync_is_on_the_windows_clock_not_wall_time(qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    """`handoff run --demo` runs on the demo's own morning; the worker stamps the sync on that clock."""
    db = open_db(db_path, create=True)
    db.execute("INSERT INTO sites (id, name, kind) VALUES ('WH-DEMO', 'Demo warehouse', 'warehouse')")
    db.execute("INSERT INTO users (id, name, roles) VALUES ('U1', 'Ala', 'picker')")
    db.conn.commit()
    clock = FixedClock(MOMENT)
    settings = Settings({"sync": {"interval_s": 60.0, "demo_port": 0}})
    demo = DemoSync(db_path, settings, clock).start()
    try:
        assert demo.worker is not None
        adapter = SyncAdapter(demo.worker)
        ctx = make_context(db_path, settings=settings, clock=clock, synchronous=True)
        bar = HandoffStatusBar(ctx)
        qtbot.addWidget(bar)
        adapter.attach(bar)
        apply_op(db, "UserLoggedIn", {"user_id": "U1", "role": "picker", "session_id": "s1"}, clock=clock)
        with qtbot.waitSignal(adapter.sig_status_changed, timeout=20000,
                              check_params_cb=lambda s: s["ops_waiting"] == 0 and s["last_success"]):
            adapter.sync_now()
        assert state.get(db, "last_success") == iso(MOMENT)
        assert "last sync 09:00:05" in bar.backend_label.text()
        bar.refresh_clock()
        assert bar.clock_label.text() == "09:00:05"
        shutdown(ctx)
    finally:
        demo.stop()
    db.close()
