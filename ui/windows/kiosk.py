"""The parcel-locker kiosk: touch-first, full screen, a start screen, idle reset, no way out without a technician.

Public pages (PageSpec.roles == ()) — recipient pickup, returns — open from big buttons on the start
screen; couriers and technicians scan a badge first and then see their pages too. After
`kiosk.idle_reset_s` seconds without a touch, key or scan the kiosk logs staff out, returns to the
start screen and to the default language — unless the visible page says it cannot be left yet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from terminal.scanning.types import TypedScan, Unknown
from ui.context import AppContext
from ui.i18n import language_switch
from ui.windows.base import RoleWindow
from ui.windows.login import LoginPanel

DEFAULT_IDLE_RESET_S = 60
TOUCH_MIN_PX = 80          # every kiosk button, whatever the theme says
ACTION_MIN_PX = 140        # the start screen's service buttons
_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


class ActivityFilter(QObject):
    """Application-wide event filter that restarts the idle timer on any touch, click or key."""

    def __init__(self, timer: QTimer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class KioskWindow(RoleWindow):
    kind = "kiosk"
    login_roles = ("courier", "technician")
    site_kind = "locker"
    requires_login = False
    title_text = QT_TRANSLATE_NOOP("RoleWindow", "Parcel locker")
    show_history = False    # other people's outcomes are nobody's business at a public kiosk
    footer_height = 130

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.idle_timer.timeout.connect(self.idle_reset)
        self.feedback.clear()   # the start screen begins clean, whatever the pages said while being built
        self._activity = ActivityFilter(self.idle_timer, self)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)
        self.sig_page_changed.connect(self._on_page_changed)

    # -- layout --------------------------------------------------------------------------------------
    def _make_login_panel(self) -> Any:
        panel = LoginPanel(self.who_logs_in(), keypad=True, cancellable=True)
        panel.sig_cancelled.connect(self.go_home)
        return panel

    def who_logs_in(self) -> str:
        return QT_TRANSLATE_NOOP("LoginPanel", "Couriers and technicians log in here.")

    def _build_body(self) -> QWidget:
        # Runs inside RoleWindow.__init__, before the first page build, so the kiosk state lives here.
        self._exit_allowed = False
        self.fullscreen = self.ctx.settings.get("kiosk.fullscreen", False)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        idle_s = self.ctx.settings.get("kiosk.idle_reset_s", DEFAULT_IDLE_RESET_S)
        self.idle_timer.setInterval(max(1, idle_s) * 1000)
        self.home = QWidget(objectName="kioskHome")
        self.welcome = QLabel(objectName="kioskWelcome", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.actions = QWidget(objectName="kioskActions")
        self.actions_layout = QGridLayout(self.actions)
        self.actions_layout.setSpacing(24)
        self.action_buttons: dict[str, QPushButton] = {}
        self.no_services = QLabel(objectName="noPages", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.staff_hint = QLabel(objectName="kioskStaffHint", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.staff_button = QPushButton(objectName="staffLogin")
        self.staff_button.clicked.connect(self._staff_clicked)
        self.home_language = QPushButton(objectName="homeLanguage")
        self.home_language.clicked.connect(self.toggle_language)
        self.exit_button = QPushButton(objectName="exitKiosk")
        self.exit_button.clicked.connect(self.request_exit)
        self.window_button = QPushButton(objectName="leaveFullScreen")
        self.window_button.clicked.connect(self.leave_fullscreen)
        staff_row = QHBoxLayout()
        for button in (self.staff_button, self.home_language, self.window_button, self.exit_button):
            button.setMinimumHeight(TOUCH_MIN_PX)
            staff_row.addWidget(button)
        layout = QVBoxLayout(self.home)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.welcome)
        layout.addSpacing(24)
        layout.addWidget(self.actions)
        layout.addWidget(self.no_services)
        layout.addStretch(1)
        layout.addWidget(self.staff_hint)
        layout.addLayout(staff_row)
        self.stack.insertWidget(0, self.home)
        self.home_button = QPushButton(objectName="homeButton")
        self.home_button.clicked.connect(self.go_home)
        self.header.layout().insertWidget(2, self.home_button)
        return super()._build_body()

    def _rebuild_pages(self) -> None:
        super()._rebuild_pages()
        self.nav.setVisible(False)
        for button in self.action_buttons.values():
            self.actions_layout.removeWidget(button)
            button.hide()          # deleteLater waits for the event loop; until then it would still paint
            button.deleteLater()
        self.action_buttons.clear()
        for spec in self.page_specs:
            button = QPushButton(objectName="kioskAction")
            button.setMinimumHeight(ACTION_MIN_PX)
            button.setProperty("pageKey", spec.key)
            button.clicked.connect(lambda _c=False, key=spec.key: self.show_page(key))
            self.action_buttons[spec.key] = button
        self._place_actions()
        self.retranslate_ui()

    def _place_actions(self) -> None:
        """Service buttons in a grid: one row of up to three in landscape (1280×800 has no room for
        two rows of 140 px buttons under the welcome), two columns in portrait."""
        columns = 3 if self.width() > self.height() else 2
        if columns == getattr(self, "_action_columns", 0) and not any(
                self.actions_layout.indexOf(b) < 0 for b in self.action_buttons.values()):
            return
        self._action_columns = columns
        for index, button in enumerate(self.action_buttons.values()):
            self.actions_layout.removeWidget(button)
            self.actions_layout.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_actions()

    # -- navigation ----------------------------------------------------------------------------------
    def _show_start(self) -> None:
        self.stack.setCurrentWidget(self.home)
        self.home_button.setVisible(False)
        self.sig_page_changed.emit("")

    def go_home(self) -> bool:
        """Back to the start screen, unless the visible page would lose work."""
        if not self._may_leave_page():
            return False
        self._show_start()
        self.feedback.clear()    # the last customer's "your return is in compartment 5" is not for the next
        return True

    def _staff_clicked(self) -> None:
        if self.user is None:
            self.show_login()
        else:
            self.logout()

    def show_login(self) -> None:
        self.stack.setCurrentWidget(self.login_panel)
        self.login_panel.focus_field()
        self.sig_page_changed.emit("")
        self._on_page_changed("login")

    def is_home(self) -> bool:
        return self.stack.currentWidget() is self.home

    def _on_page_changed(self, key: str) -> None:
        self.home_button.setVisible(not self.is_home())
        if self.is_home() and self.user is None:
            self.idle_timer.stop()
        else:
            self.idle_timer.start()

    def idle_reset(self) -> bool:
        """The idle timeout: log staff out, back to the start screen and the default language."""
        page = self.current_page()
        if page is not None and not page.can_leave():
            self.idle_timer.start()   # ask again later; never throw away a half-done pickup
            return False
        if self.user is not None:
            self.logout(force=True)
        self._show_start()
        self.feedback.clear()
        default = self.ctx.settings.get("ui.language", "pl")
        if language_switch().language != default:
            language_switch().set_language(default)
        return True

    # -- scans ---------------------------------------------------------------------------------------
    def route_scan(self, scan: TypedScan, source: str = "wedge") -> str:
        if self.idle_timer.isActive() or self.user is not None or not self.is_home():
            self.idle_timer.start()
        return super().route_scan(scan, source)

    def _offer_to_pages(self, scan: TypedScan) -> str:
        """On the start screen a scan (a pickup QR, say) goes to the first page that can use it."""
        used = super()._offer_to_pages(scan)
        if used or self.current_page() is not None:
            return used
        for spec in self.page_specs:
            page = self.pages[spec.key]
            if self._page_handles(page, scan):
                self.show_page(spec.key)
                return spec.key
        return ""

    def _unused_scan(self, scan: TypedScan) -> None:
        if self.is_home() and not isinstance(scan, Unknown):
            self.feedback.error(self.tr("Choose what you want to do first, then scan."))
            return
        super()._unused_scan(scan)

    # -- leaving the kiosk -----------------------------------------------------------------------------
    def is_technician(self) -> bool:
        return self.user is not None and self.user.has_role("technician")

    def request_exit(self) -> bool:
        """Close the kiosk — only for a logged-in technician."""
        if not self.is_technician():
            self.feedback.error(self.tr("Only a technician can close the kiosk; scan a technician badge."))
            return False
        self._exit_allowed = True
        return self.close()

    def force_close(self) -> None:
        """Close without a technician (application shutdown, tests)."""
        self._exit_allowed = True
        self.close()

    def leave_fullscreen(self) -> None:
        if not self.is_technician():
            self.feedback.error(self.tr("Only a technician can leave full screen; scan a technician badge."))
            return
        self.fullscreen = False
        self.showNormal()

    def present(self) -> None:
        if self.fullscreen:
            self.showFullScreen()
        else:
            self.show()

    def closeEvent(self, event: Any) -> None:
        if self._exit_allowed or self.is_technician():
            self.idle_timer.stop()
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self._activity)
            super().closeEvent(event)
            return
        event.ignore()
        self.feedback.error(self.tr("Only a technician can close the kiosk; scan a technician badge."))

    def changeEvent(self, event: QEvent) -> None:
        if (event.type() == QEvent.Type.WindowStateChange and self.fullscreen and not self._exit_allowed
                and not self.isFullScreen() and not self.is_technician()):
            QTimer.singleShot(0, self.showFullScreen)
        super().changeEvent(event)

    # -- language --------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        if not hasattr(self, "home"):
            return
        self.welcome.setText(self.tr("Welcome! What would you like to do?"))
        for spec in self.page_specs:
            self.action_buttons[spec.key].setText(QCoreApplication.translate("pages", spec.title))
        self.no_services.setText(self.tr("No services are installed on this kiosk yet."))
        self.no_services.setVisible(not self.page_specs)
        staff = self.user is not None
        self.staff_hint.setText(self.tr("Courier or technician? Scan your badge.") if not staff else
                                self.tr("Logged in as %1. Scan your badge again to log out.")
                                .replace("%1", self.user.name if self.user else ""))
        self.staff_button.setText(self.tr("Staff login") if not staff else self.tr("Log out"))
        self.home_language.setText(self.tr("Polski / English"))
        self.exit_button.setText(self.tr("Close kiosk"))
        self.exit_button.setVisible(self.is_technician())
        self.window_button.setText(self.tr("Leave full screen"))
        self.window_button.setVisible(self.is_technician() and self.fullscreen)
        self.logout_button.setText(self.tr("Log out"))   # no F12 on a touch screen
        self.home_button.setText(self.tr("Start"))
        self.home_button.setVisible(not self.is_home())
