"""The status bar tells the truth about the backend."""

from __future__ import annotations

from terminal.config import Settings
from ui.app import make_context, shutdown
from ui.widgets.statusbar import human_age


def test_no_backend_means_offline(make_role_window) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.status.refresh_backend()
    assert window.status.backend_label.text() == "No backend configured — working offline"
    assert window.status.site_label.text() == "Magazyn Łódź-Olechów"
    assert window.status.clock_label.text() != ""


def test_a_configured_backend_shows_address_and_queue(make_role_window, site_db_path, clock) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(site_db_path, settings=Settings({"ui": {"sound": False},
                                                         "sync": {"backend_url": "http://127.0.0.1:9"}}),
                       clock=clock, synchronous=True)
    try:
        window = make_role_window("kiosk", ctx)
        window.deliver_scan("B-2001")          # UserLoggedIn now waits in the outbox (kiosks record no scans)
        window.status.refresh_backend()
        text = window.status.backend_label.text()
        assert text.startswith("Backend: 127.0.0.1:9 ·")
        assert window.status.backend_label.toolTip().startswith("Backend: http://127.0.0.1:9 ·")
        assert "No backend configured" not in text
        assert "1 ops waiting" in text and "offline" in text
        assert window.status.site_label.text() == "Paczkomat Łódź Piotrkowska 100"
    finally:
        shutdown(ctx)


def test_ages_read_at_a_glance() -> None:
    assert [human_age(s) for s in (None, 5, 600, 7500)] == ["—", "5 s", "10 min", "2 h 5 min"]


def test_a_long_backend_sentence_gives_way_to_the_clock(qtbot, make_role_window, site_db_path, clock) -> None:  # type: ignore[no-untyped-def]
    url = "http://sync-backend.warehouse-lodz-olechow.example.internal:8765/api/v1"
    ctx = make_context(site_db_path, settings=Settings({"ui": {"sound": False}, "sync": {"backend_url": url}}),
                       clock=clock, synchronous=True)
    try:
        window = make_role_window("station", ctx)
        window.resize(800, 600)
        window.status.refresh_backend()
        status, label, clock_label = window.status, window.status.backend_label, window.status.clock_label
        qtbot.waitUntil(lambda: clock_label.isVisible() and clock_label.geometry().right() <= status.width())
        assert label.text().startswith("Backend: sync-backend.warehouse-lodz-olechow.example.internal:8765 ·")
        assert label.toolTip().startswith(f"Backend: {url} ·")
        assert label.shown_text().endswith("…") and len(label.shown_text()) < len(label.text())
        assert label.geometry().right() < clock_label.geometry().left()
    finally:
        shutdown(ctx)


def test_ops_waiting_follow_an_op_from_another_connection_without_the_timer(qtbot, make_role_window, site_db_path,
                                                                             clock) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from terminal.ops import apply_op
    from terminal.store import open_db

    ctx = make_context(site_db_path, settings=Settings({"ui": {"sound": False},
                                                         "sync": {"backend_url": "http://127.0.0.1:9"}}),
                       clock=clock, synchronous=True)
    other = open_db(site_db_path)
    try:
        window = make_role_window("supervisor", ctx)
        window.status.refresh_backend()
        assert "0 ops waiting" in window.status.backend_label.text()
        for timer in window.status.findChildren(QTimer):
            timer.stop()
        apply_op(other, "UserLoggedIn", {"user_id": "u-super", "role": "supervisor", "session_id": "s-other"})
        qtbot.waitUntil(lambda: "1 ops waiting" in window.status.backend_label.text(), timeout=5000)
    finally:
        other.close()
        shutdown(ctx)
