"""The kiosk: public pages from the start screen, idle reset, and no way out without a technician."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from terminal.config import Settings
from terminal.people.badges import User
from terminal.scanning.types import CommandScan, TypedScan
from ui.app import make_context, shutdown
from ui.context import AppContext
from ui.i18n import language_switch
from ui.pages import Page, PageSpec, register_page, unregister_page


class PickupPage(Page):
    def __init__(self, ctx: AppContext, user: User | None) -> None:
        super().__init__(ctx, user)
        self.leavable = True

    def handle_scan(self, scan: TypedScan) -> bool:
        return isinstance(scan, CommandScan) and scan.command == "PICKUP"

    def can_leave(self) -> bool:
        return self.leavable


@pytest.fixture
def kiosk_pages() -> Iterator[None]:
    register_page(PageSpec("kiosk", "test-pickup", "Test pickup", PickupPage, (), order=1))
    register_page(PageSpec("kiosk", "test-courier", "Test deposit", PickupPage, ("courier",), order=2))
    yield
    unregister_page("kiosk", "test-pickup")
    unregister_page("kiosk", "test-courier")


def test_start_screen_shows_public_pages_and_staff_pages_after_a_badge(qtbot, make_role_window, kiosk_pages) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_role_window("kiosk")
    assert kiosk.is_home()
    assert "test-pickup" in kiosk.action_buttons and "test-courier" not in kiosk.action_buttons
    assert kiosk.action_buttons["test-pickup"].height() >= 80
    kiosk.deliver_scan("B-2001")
    assert kiosk.user is not None and "test-courier" in kiosk.action_buttons
    from PySide6.QtWidgets import QPushButton
    current = list(kiosk.action_buttons.values())
    stale = [b for b in kiosk.actions.findChildren(QPushButton) if all(b is not c for c in current)]
    assert kiosk.isVisible() and stale and all(b.isHidden() for b in stale)   # none painting under the new ones
    qtbot.mouseClick(kiosk.action_buttons["test-courier"], Qt.MouseButton.LeftButton)
    assert kiosk.current_key() == "test-courier"


def test_a_scan_on_the_start_screen_opens_the_page_that_uses_it(make_role_window, kiosk_pages) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_role_window("kiosk")
    kiosk.deliver_scan("CMD:PICKUP")
    assert kiosk.current_key() == "test-pickup"
    kiosk.go_home()
    kiosk.deliver_scan("CMD:NOTHING")
    assert kiosk.is_home() and kiosk.feedback.last.kind == "error"


def test_idle_reset_waits_for_the_page_then_goes_home_logged_out(make_role_window, kiosk_pages) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_role_window("kiosk")
    kiosk.deliver_scan("B-2001")
    language_switch().set_language("pl")
    kiosk.show_page("test-pickup")
    assert kiosk.idle_timer.isActive() and kiosk.idle_timer.interval() == 60_000
    page = kiosk.current_page()
    page.leavable = False
    kiosk.idle_timer.timeout.emit()            # the idle time has passed
    assert kiosk.current_key() == "test-pickup" and kiosk.user is not None
    assert kiosk.idle_timer.isActive()         # it will ask again
    page.leavable = True
    kiosk.idle_timer.timeout.emit()
    assert kiosk.is_home() and kiosk.user is None
    assert language_switch().language == "pl"  # the default language (ui.language, default pl)
    assert not kiosk.idle_timer.isActive()     # nothing to reset while idle on the start screen


def test_idle_reset_interval_comes_from_the_setting(qtbot, make_role_window, site_db_path, clock, kiosk_pages) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(site_db_path, settings=Settings({"ui": {"sound": False, "language": "en"},
                                                         "kiosk": {"idle_reset_s": 1}}),
                       clock=clock, synchronous=True)
    try:
        kiosk = make_role_window("kiosk", ctx)
        kiosk.show_page("test-pickup")
        assert kiosk.idle_timer.interval() == 1000
        with qtbot.waitSignal(kiosk.sig_page_changed, timeout=5000) as blocker:
            pass
        assert blocker.args == [""] and kiosk.is_home()
    finally:
        shutdown(ctx)


def test_only_a_technician_closes_the_kiosk(make_role_window) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_role_window("kiosk")
    assert kiosk.close() is False and kiosk.isVisible()
    assert kiosk.feedback.last.text == "Only a technician can close the kiosk; scan a technician badge."
    kiosk.deliver_scan("B-2001")               # a courier may not either
    assert kiosk.request_exit() is False and kiosk.isVisible()
    assert not kiosk.exit_button.isVisible()
    kiosk.deliver_scan("B-3001")               # a technician
    assert kiosk.exit_button.isVisible()
    assert kiosk.request_exit() is True and not kiosk.isVisible()


def test_full_screen_is_kept_without_a_technician(qtbot, make_role_window, site_db_path, clock) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(site_db_path, settings=Settings({"ui": {"sound": False}, "kiosk": {"fullscreen": True}}),
                       clock=clock, synchronous=True)
    try:
        kiosk = make_role_window("kiosk", ctx)
        kiosk.present()
        qtbot.waitUntil(kiosk.isFullScreen)
        kiosk.leave_fullscreen()
        assert kiosk.isFullScreen() and kiosk.feedback.last.kind == "error"
        kiosk.showNormal()
        qtbot.waitUntil(kiosk.isFullScreen)
        kiosk.deliver_scan("B-3001")
        kiosk.leave_fullscreen()
        qtbot.waitUntil(lambda: not kiosk.isFullScreen())
    finally:
        shutdown(ctx)
