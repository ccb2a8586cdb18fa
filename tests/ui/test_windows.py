"""Role windows on a real database: chooser, badge login and logout, scan routing, pages, language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminal.people.badges import User
from terminal.scanning.types import CommandScan, TypedScan
from ui.context import AppContext
from ui.i18n import language_switch
from ui.pages import Page, PageSpec, register_page, unregister_page
from ui.windows.chooser import RoleChooser


class RecordingPage(Page):
    """A test page: uses CMD:NEXT, refuses everything else, and can refuse to be left."""

    def __init__(self, ctx: AppContext, user: User | None) -> None:
        super().__init__(ctx, user)
        self.scans: list[TypedScan] = []
        self.leavable = True
        self.shown = 0

    def handle_scan(self, scan: TypedScan) -> bool:
        self.scans.append(scan)
        if isinstance(scan, CommandScan) and scan.command == "NEXT":
            self.ctx.feedback.ok("next task")   # type: ignore[union-attr]
            return True
        return False

    def on_shown(self) -> None:
        self.shown += 1

    def can_leave(self) -> bool:
        return self.leavable


@pytest.fixture
def station_pages() -> Iterator[None]:
    register_page(PageSpec("station", "test-pack", "Test packing", RecordingPage, ("packer",), order=1))
    register_page(PageSpec("station", "test-other", "Test other", RecordingPage, ("packer", "picker"), order=2))
    yield
    unregister_page("station", "test-pack")
    unregister_page("station", "test-other")


def outbox_names(ctx: AppContext) -> list[str]:
    return [row[0] for row in ctx.db.execute("SELECT name FROM outbox WHERE name != 'ScanRecorded' ORDER BY seq")]


def test_chooser_keys_and_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    chooser = RoleChooser()
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    chooser.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is chooser)
    with qtbot.waitSignal(chooser.sig_role_chosen) as blocker:
        qtbot.keyClick(chooser, Qt.Key.Key_2)
    assert blocker.args == ["kiosk"]
    with qtbot.waitSignal(chooser.sig_role_chosen) as blocker:
        qtbot.mouseClick(chooser.buttons["supervisor"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["supervisor"]


def test_login_by_scanned_badge_records_the_session(make_role_window, ui_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    assert window.stack.currentWidget() is window.login_panel
    window.deliver_scan("B-1002", "serial")
    assert window.user is not None and window.user.name == "Piotr Wiśniewski"
    assert window.role == "packer"
    assert outbox_names(ui_ctx) == ["UserLoggedIn"]
    assert window.status.user_status.text() == "Piotr Wiśniewski (packer)"
    assert window.feedback.last.kind == "ok"


def test_login_by_typed_badge(qtbot, make_role_window) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    qtbot.keyClicks(window.login_panel.badge_field, "B-1001")
    qtbot.keyClick(window.login_panel.badge_field, Qt.Key.Key_Return)
    assert window.user is not None and window.user.id == "u-picker"
    assert window.login_panel.badge_field.text() == ""


def test_unknown_badge_typed_or_scanned_is_a_clear_error(qtbot, make_role_window, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    qtbot.keyClicks(window.login_panel.badge_field, "B-9999")
    qtbot.keyClick(window.login_panel.badge_field, Qt.Key.Key_Return)
    assert window.user is None
    assert window.feedback.last.kind == "error"
    assert "B-9999" in window.feedback.last.text and "not known" in window.feedback.last.text
    assert window.banner.label.text() == window.feedback.last.text
    window.deliver_scan("ZZ-NOT-A-CODE")
    assert window.user is None and window.feedback.last.kind == "error"
    assert "ZZ-NOT-A-CODE" in window.feedback.last.text
    assert outbox_names(ui_ctx) == []


def test_a_badge_without_a_role_for_the_screen_is_refused(make_role_window, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("supervisor")
    window.deliver_scan("B-2001")      # a courier
    assert window.user is None
    assert "Tomasz Zieliński cannot log in at this screen" in window.feedback.last.text
    assert outbox_names(ui_ctx) == []


def test_logout_by_command_and_by_the_same_badge(make_role_window, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.deliver_scan("B-1002")
    session = window.session_id
    window.deliver_scan("CMD:LOGOUT")
    assert window.user is None and window.stack.currentWidget() is window.login_panel
    row = ui_ctx.db.execute("SELECT logout_at FROM user_sessions WHERE id = ?", (session,)).fetchone()
    assert row[0] is not None
    window.deliver_scan("B-1002")
    window.deliver_scan("B-1002")     # the same badge again logs out
    assert window.user is None
    assert outbox_names(ui_ctx) == ["UserLoggedIn", "UserLoggedOut", "UserLoggedIn", "UserLoggedOut"]


def test_another_badge_switches_the_user(make_role_window, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.deliver_scan("B-1002")
    window.deliver_scan("B-1001")
    assert window.user is not None and window.user.id == "u-picker"
    assert outbox_names(ui_ctx) == ["UserLoggedIn", "UserLoggedOut", "UserLoggedIn"]


def test_scans_go_to_the_visible_page_and_unused_ones_are_errors(make_role_window, station_pages) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.deliver_scan("CMD:NEXT")
    assert window.feedback.last.text == "Log in first: scan your badge."
    window.deliver_scan("B-1002")
    page = window.current_page()
    assert isinstance(page, RecordingPage) and window.current_key() == "test-pack" and page.shown == 1
    window.deliver_scan("CMD:NEXT")
    assert isinstance(page.scans[-1], CommandScan) and window.feedback.last.kind == "ok"
    window.deliver_scan("CMD:SHORT")
    assert window.feedback.last.kind == "error"
    assert window.feedback.last.text == "CMD:SHORT was read, but nothing on this screen uses it."
    assert [e.kind for e in window.feedback.entries][:3] == ["error", "ok", "ok"]


def test_function_keys_switch_pages_unless_the_page_holds_work(qtbot, make_role_window, station_pages) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.deliver_scan("B-1002")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.nav_buttons["test-pack"].text() == "F1  Test packing"
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.current_key() == "test-other"
    window.current_page().leavable = False
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_key() == "test-other"
    assert window.feedback.last.text == "Finish or cancel the task on this page first."
    assert window.logout() is False and window.user is not None
    window.current_page().leavable = True
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.current_key() == "test-pack"


def test_a_scan_while_a_text_field_has_focus_is_delivered_not_typed(qtbot, make_role_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from ui.scanning import wedge_filter

    window = make_role_window("station")
    installed = wedge_filter.install_wedge_filter(window)
    try:
        window.activateWindow()
        field = window.login_panel.badge_field
        field.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
        for index, char in enumerate("B-1002\n"):
            key = Qt.Key.Key_Return if char == "\n" else (ord(char) if char.isalnum() else Qt.Key.Key_Minus)
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, int(key), Qt.KeyboardModifier.NoModifier, "" if char == "\n" else char)
                event.setTimestamp(5000 + 4 * index)
                QApplication.sendEvent(field, event)
        assert window.user is not None and window.user.id == "u-packer"
        assert field.text() == ""
    finally:
        installed.remove()


def test_language_switch_retranslates_the_visible_window(qtbot, make_role_window) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    assert window.title_label.text() == "Pack station"
    assert window.login_panel.prompt.text() == "Scan your badge"
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.title_label.text() == "Stanowisko pakowania")
    assert window.login_panel.prompt.text() == "Zeskanuj swój identyfikator"
    assert window.status.backend_label.text() == "Brak skonfigurowanego serwera — praca offline"
    assert language_switch().language == "pl"
    language_switch().set_language("en")
    qtbot.waitUntil(lambda: window.title_label.text() == "Pack station")


def test_supervisor_without_pages_says_so(make_role_window) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("supervisor")
    window.deliver_scan("B-4001")
    assert window.user is not None
    if not window.page_specs:
        assert window.stack.currentWidget() is window.no_pages
        assert "No supervisor pages are installed yet" in window.no_pages.text()
    else:
        assert window.current_page() is not None


def test_every_routed_scan_is_recorded_for_the_scan_error_rate(make_role_window, station_pages, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")      # stations record by default (setting station.record_scans)
    window.deliver_scan("B-1002")
    window.deliver_scan("CMD:NEXT")
    window.deliver_scan("CMD:SHORT")
    rows = ui_ctx.db.execute(
        "SELECT context, raw, kind, accepted, reason, user_id FROM scan_events ORDER BY id").fetchall()
    assert [tuple(r)[:4] for r in rows] == [
        ("station", "***", "BadgeScan", 1), ("test-pack", "CMD:NEXT", "CommandScan", 1),
        ("station", "CMD:SHORT", "CommandScan", 0)]
    assert rows[2]["reason"] == "CMD:SHORT was read, but nothing on this screen uses it."
    assert rows[1]["user_id"] == "u-packer"
    # the outbox (pushed to the backend's ops log) never carries the badge either
    sent = [r[0] for r in ui_ctx.db.execute("SELECT args FROM outbox WHERE name = 'ScanRecorded'")]
    assert len(sent) == 3 and not any("B-1002" in args for args in sent)


def test_shutdown_ends_open_sessions(make_role_window, ui_ctx: AppContext, site_db_path) -> None:  # type: ignore[no-untyped-def]
    from terminal.store import open_db
    from ui.app import shutdown

    window = make_role_window("station")
    window.deliver_scan("B-1002")
    shutdown(ui_ctx)                       # what Ctrl+C or the end of the app does
    db = open_db(site_db_path)
    try:
        assert db.execute("SELECT count(*) FROM user_sessions WHERE logout_at IS NULL").fetchone()[0] == 0
    finally:
        db.close()


def test_a_broken_page_does_not_lock_people_out(make_role_window, station_pages) -> None:  # type: ignore[no-untyped-def]
    def broken(ctx: AppContext, user: User | None) -> Page:
        raise RuntimeError("no printer configured")

    register_page(PageSpec("station", "test-broken", "Test broken", broken, ("packer",), order=0))
    try:
        window = make_role_window("station")
        window.deliver_scan("B-1002")
        assert window.user is not None and window.current_key() == "test-pack"
        assert "test-broken" not in window.pages
        assert any("Test broken could not be opened (no printer configured)" in e.text
                   for e in window.feedback.entries)
    finally:
        unregister_page("station", "test-broken")


def test_the_station_says_picker_cart_while_a_picker_works(make_role_window) -> None:  # type: ignore[no-untyped-def]
    window = make_role_window("station")
    window.deliver_scan("B-1001", "serial")                    # a picker: the window rides on the cart
    assert window.role == "picker" and window.title_label.text() == "Picker cart"
    window.deliver_scan("B-1002", "serial")                    # a packer takes over the screen
    assert window.role == "packer" and window.title_label.text() == "Pack station"
    window.logout(force=True)
    assert window.title_label.text() == "Pack station"
