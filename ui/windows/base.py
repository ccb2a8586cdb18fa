"""RoleWindow: badge login/logout, the page host, scan routing, feedback and the status bar.

Every scanner (wedge, serial, camera) ends in `deliver_scan(raw, source)`. The raw text is
classified on the database worker; badges and CMD:LOGOUT are handled here, everything else goes to
the visible page's `handle_scan`, and a scan nobody uses gets a clear red message."""

from __future__ import annotations

import logging
import socket
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.errors import HandoffError
from terminal.people.badges import User
from terminal.people.login import Login, LoginRefused, log_in_with_badge, log_out
from terminal.scanning.classify import classify
from terminal.scanning.recording import record_scan
from terminal.scanning.types import BadgeScan, CommandScan, PickupTokenScan, TypedScan, Unknown
from ui.coded_text import said
from ui.context import AppContext
from ui.feedback import Feedback, FeedbackBanner, ScanHistory, SoundPlayer
from ui.i18n import language_switch
from ui.pages import Page, PageSpec, pages_for
from ui.refusals import error_text
from ui.scanning.messages import unknown_text
from ui.taskman import TaskManager
from ui.widgets.statusbar import HandoffStatusBar, role_name

log = logging.getLogger(__name__)
MAX_FKEY_PAGES = 8


def shown_raw(scan: TypedScan) -> str:
    """A scan as the history panel shows it: FNC1 as the visible separator, and no secret a passer-by
    could copy off the screen (a badge logs its owner in, a pickup token opens a door)."""
    if isinstance(scan, BadgeScan):
        return scan.raw[:3] + "•••"
    if isinstance(scan, PickupTokenScan):
        return "•••"
    return "".join("|" if char == "\x1d" else char for char in scan.raw if char == "\x1d" or char.isprintable())


class RoleWindow(QMainWindow):
    """Base of the station, kiosk and supervisor windows."""

    kind = ""                               # PageSpec.window: station | kiosk | supervisor
    login_roles: tuple[str, ...] = ()       # user roles that may log in, in preference order
    site_kind = "warehouse"
    requires_login = True                   # False at the kiosk: public pages work without a badge
    # ScanRecorded per routed scan for the scan error rate (DESIGN §8); setting <window>.record_scans
    # overrides; a page that records its own (with the order id) sets Page.records_own_scans.
    records_scans = False
    footer_height = 220                     # feedback banner + last scans; the main area keeps the rest
    show_history = True
    title_text = "Handoff"                  # English source, translated in retranslate_ui

    sig_user_changed = Signal(object)       # User | None, after login or logout
    sig_page_changed = Signal(str)          # page key ("" for the login / start screen)
    sig_scan_routed = Signal(object, str)   # (TypedScan, who used it: "login", "logout", page key, "unused")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks: TaskManager = ctx.tasks
        self.user: User | None = None
        self.role = ""
        self.session_id = ""
        self.page_specs: list[PageSpec] = []
        self.pages: dict[str, Page] = {}
        self.setProperty("role", self.kind)
        self.setObjectName(f"{self.kind}Window")

        self.banner = FeedbackBanner()
        self.history = ScanHistory()
        self.feedback = Feedback(self.banner, self.history, SoundPlayer(ctx.settings, self), ctx.clock, self,
                                 zone=ctx.site_zone())
        ctx.feedback = self.feedback
        self.tasks.sig_unhandled_error.connect(self._on_unhandled_error)
        self._errors_shown = 0
        self.feedback.sig_feedback.connect(self._count_errors)

        self._build_header()
        self.stack = QStackedWidget(objectName="pageHost")
        self.login_panel = self._make_login_panel()
        self.login_panel.sig_badge_entered.connect(self.login_with_badge)
        self.stack.addWidget(self.login_panel)
        self.no_pages = QLabel(objectName="noPages", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.stack.addWidget(self.no_pages)
        self.status = HandoffStatusBar(ctx, self.site_kind, self)
        self.setStatusBar(self.status)
        self.setCentralWidget(self._build_body())
        # The window's minimum size must not follow every text change: that resizes a kiosk under the
        # person's finger, and platforms without size hints (offscreen) warn on each change.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(1280, 800)
        self._build_shortcuts()
        self.retranslate_ui()
        self._rebuild_pages()
        self._show_start()

    # -- layout -------------------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.header = QWidget(objectName="header")
        self.title_label = QLabel(objectName="windowTitle")
        self.demo_mark = QLabel(objectName="demoMark")
        self.demo_mark.setVisible(self.ctx.demo)
        self.user_label = QLabel(objectName="userLabel")
        self.language_button = QPushButton(objectName="languageButton")
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(self.toggle_language)
        self.logout_button = QPushButton(objectName="logoutButton")
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout_button.clicked.connect(lambda: self.logout())
        row = QHBoxLayout(self.header)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(self.title_label)
        row.addWidget(self.demo_mark)
        row.addStretch(1)
        row.addWidget(self.user_label)
        row.addWidget(self.language_button)
        row.addWidget(self.logout_button)

    def _build_body(self) -> QWidget:
        """Header, then pages (with a page list at stations), feedback banner and the last scans."""
        self.nav = QWidget(objectName="navBar")
        self.nav_layout = QVBoxLayout(self.nav)
        self.nav_layout.setContentsMargins(8, 8, 8, 8)
        self.nav_layout.addStretch(1)
        self.nav_buttons: dict[str, QPushButton] = {}
        middle = QHBoxLayout()
        middle.addWidget(self.nav)
        middle.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.banner, 3)
        bottom.addWidget(self.history, 2)
        self.history.setVisible(self.show_history)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(middle, 1)
        footer = QWidget()
        footer_layout = QVBoxLayout(footer)
        footer_layout.setContentsMargins(12, 4, 12, 8)
        footer_layout.addLayout(bottom)
        footer.setMaximumHeight(self.footer_height)
        self.footer = footer
        layout.addWidget(footer)
        return body

    def _make_login_panel(self) -> Any:
        from ui.windows.login import LoginPanel

        return LoginPanel(self.who_logs_in())

    def who_logs_in(self) -> str:
        """English source sentence for the login panel (translated in the LoginPanel context)."""
        return QT_TRANSLATE_NOOP("LoginPanel", "Staff log in here.")

    def _build_shortcuts(self) -> None:
        """F1..F8 switch pages (at stations and supervisors), F9 switches language, F12 logs out."""
        self._fkeys: list[QShortcut] = []
        for number in range(1, MAX_FKEY_PAGES + 1):
            shortcut = QShortcut(QKeySequence(f"F{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=number: self._fkey(n))
            self._fkeys.append(shortcut)
        QShortcut(QKeySequence("F9"), self, activated=self.toggle_language)
        QShortcut(QKeySequence("F12"), self, activated=lambda: self.logout())

    # -- login and logout ----------------------------------------------------------------------------
    def login_with_badge(self, badge: str) -> None:
        """Log in with the badge on the worker (terminal.people.login); the window follows when it answers."""
        if self.user is not None and not self._may_leave_page():
            return
        db, clock, roles = self.ctx.db, self.ctx.clock, self.login_roles
        terminal = self.ctx.settings.get("terminal.name", socket.gethostname())
        previous = self.session_id
        self.tasks.run(lambda: log_in_with_badge(db, badge, roles, previous_session=previous, terminal=terminal,
                                                 clock=clock),
                       self._on_logged_in, self._on_login_failed, owner=self, description="login")

    def _on_logged_in(self, login: Login) -> None:
        name = login.user.name
        self.feedback.ok(said(lambda: self.tr("Welcome, %1.").replace("%1", name)))
        self._set_user(login.user, login.role, login.session_id)   # after the welcome: a page's message stays on top

    def _on_login_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LoginRefused):
            self.feedback.error(self.tr("%1 cannot log in at this screen; it is for: %2.")
                                .replace("%1", exc.user.name).replace("%2", ", ".join(role_name(r) for r in exc.roles)))
        elif isinstance(exc, HandoffError):
            self.feedback.error(str(exc))
        else:
            log.error("login failed: %r", exc)
            self.feedback.error(self.tr("Login failed: %1").replace("%1", str(exc)))
        if self.user is None:
            self.login_panel.focus_field()

    def logout(self, *, force: bool = False) -> bool:
        """End the session (UserLoggedOut on the worker). Refused while the page would lose work."""
        if self.user is None:
            return False
        if not force and not self._may_leave_page():
            return False
        name, session_id = self.user.name, self.session_id
        if session_id and not self.tasks.closed:   # after shutdown the database is gone already
            db, clock = self.ctx.db, self.ctx.clock
            self.tasks.run(lambda: log_out(db, session_id, clock=clock),
                           None, self._on_logout_failed, owner=self, description="logout")
        self._set_user(None, "", "")
        self.feedback.info(said(lambda: self.tr("%1 logged out.").replace("%1", name)))
        return True

    def _on_logout_failed(self, exc: BaseException) -> None:
        self.feedback.error(error_text(exc))

    def _set_user(self, user: User | None, role: str, session_id: str) -> None:
        self.user, self.role, self.session_id = user, role, session_id
        self.status.set_user(user, role)
        self.retranslate_ui()
        self._rebuild_pages()
        self._show_start()
        self.sig_user_changed.emit(user)

    # -- pages ---------------------------------------------------------------------------------------
    def _rebuild_pages(self) -> None:
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        for button in self.nav_buttons.values():
            self.nav_layout.removeWidget(button)
            button.hide()          # deleteLater waits for the event loop; until then it would still take room
            button.deleteLater()
        self.pages.clear()
        self.nav_buttons.clear()
        visible = self.user is not None or not self.requires_login
        self.page_specs = []
        for spec in pages_for(self.kind, self.user) if visible else []:
            try:
                page = spec.factory(self.ctx, self.user)
            except Exception as exc:  # one broken page must not lock everybody out of the screen
                log.exception("page %s could not be built", spec.key)
                self.feedback.error(self.tr("The page %1 could not be opened (%2); tell a supervisor.")
                                    .replace("%1", QCoreApplication.translate("pages", spec.title))
                                    .replace("%2", str(exc) or type(exc).__name__))
                continue
            index = len(self.page_specs)
            self.page_specs.append(spec)
            page.setProperty("pageKey", spec.key)
            self.pages[spec.key] = page
            self.stack.addWidget(page)
            button = QPushButton(objectName=f"nav_{spec.key}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, key=spec.key: self.show_page(key))
            button.setProperty("fkey", index + 1 if index < MAX_FKEY_PAGES else 0)
            self.nav_layout.insertWidget(self.nav_layout.count() - 1, button)
            self.nav_buttons[spec.key] = button
        self._retranslate_pages()
        self.nav.setVisible(self.user is not None and len(self.page_specs) > 1)

    def _retranslate_pages(self) -> None:
        for spec in self.page_specs:
            button = self.nav_buttons.get(spec.key)
            if button is not None:
                fkey = button.property("fkey")
                title = QCoreApplication.translate("pages", spec.title)
                button.setText(f"F{fkey}  {title}" if fkey else title)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def current_key(self) -> str:
        page = self.current_page()
        return str(page.property("pageKey")) if page is not None else ""

    def show_page(self, key: str) -> bool:
        """Bring a page to the front unless the visible one refuses to be left."""
        page = self.pages.get(key)
        if page is None:
            return False
        if page is self.current_page():
            return True
        if not self._may_leave_page():
            return False
        self.stack.setCurrentWidget(page)
        for other, button in self.nav_buttons.items():
            button.setChecked(other == key)
        self.feedback.clear()      # the last page's message is not about this one (the history keeps it)
        self._enter_page(page)
        self.sig_page_changed.emit(key)
        return True

    def _enter_page(self, page: Page) -> None:
        """on_shown, then keyboard focus into the page unless it chose a field itself (keyboard-only use)."""
        page.on_shown()
        focused = QApplication.focusWidget()
        if focused is None or not page.isAncestorOf(focused):
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _may_leave_page(self) -> bool:
        page = self.current_page()
        if page is None or page.can_leave():
            return True
        self.feedback.error(self.tr("Finish or cancel the task on this page first."))
        return False

    def _show_start(self) -> None:
        """What shows after login/logout: the first page, the no-pages note, or the login panel."""
        if self.user is None and self.requires_login:
            self.stack.setCurrentWidget(self.login_panel)
            self.login_panel.focus_field()
            self.sig_page_changed.emit("")
        elif self.page_specs:
            self.stack.setCurrentWidget(self.pages[self.page_specs[0].key])
            for key, button in self.nav_buttons.items():
                button.setChecked(key == self.page_specs[0].key)
            self._enter_page(self.pages[self.page_specs[0].key])
            self.sig_page_changed.emit(self.page_specs[0].key)
        else:
            self.stack.setCurrentWidget(self.no_pages)
            self.sig_page_changed.emit("")

    def _fkey(self, number: int) -> None:
        if number <= len(self.page_specs):
            self.show_page(self.page_specs[number - 1].key)

    # -- scans ---------------------------------------------------------------------------------------
    def deliver_scan(self, raw: str, source: str = "wedge") -> None:
        """The single entry for every scanner: classify on the worker, then route on the GUI thread."""
        if self.tasks.closed:
            return   # the app is shutting down; the database is closing
        db, settings = self.ctx.db, self.ctx.settings
        self.tasks.run(lambda: classify(db, raw, settings=settings), lambda scan: self.route_scan(scan, source),
                       self._on_classify_failed, owner=self, description="classify scan")

    def _on_classify_failed(self, exc: BaseException) -> None:
        self.feedback.error(self.tr("The scan could not be read: %1").replace("%1", str(exc)))

    def route_scan(self, scan: TypedScan, source: str = "wedge") -> str:
        """Handle a typed scan: badges and LOGOUT here, the rest to the visible page. Returns who used it:
        "login", "logout", a page key, "refused" (the page holds work) or "unused"."""
        user, errors_before = self.user, self._errors_shown
        self.feedback.scan_started(shown_raw(scan))
        used = "unused"
        try:
            used = self._route(scan)
        finally:
            self.feedback.scan_finished(used not in ("unused", "refused"))
        self._record_scan(scan, used, user, self._errors_shown > errors_before)
        self.sig_scan_routed.emit(scan, used)
        return used

    def _route(self, scan: TypedScan) -> str:
        page = self.current_page()
        if isinstance(scan, BadgeScan) and not (page is not None and self.user is not None
                                                and page.claims_badge(scan)):
            used = self._badge_scanned(scan)
        elif isinstance(scan, CommandScan) and scan.command.upper() == "LOGOUT":
            if self.user is None:
                self.feedback.error(self.tr("Nobody is logged in here."))
                used = "unused"
            else:
                used = "logout" if self.logout() else "refused"
        else:
            used = self._offer_to_pages(scan)
            if not used:
                self._unused_scan(scan)
                used = "unused"
        return used

    def _count_errors(self, kind: str, _text: str) -> None:
        if kind == "error":
            self._errors_shown += 1

    def _record_scan(self, scan: TypedScan, used: str, user: User | None, errored: bool) -> None:
        """ScanRecorded for the scan error rate (DESIGN §8), unless the page records its own (with order)."""
        page = self.pages.get(used)
        if page is not None and page.records_own_scans:
            return
        if not self.ctx.settings.get(f"{self.kind}.record_scans", self.records_scans) or self.tasks.closed:
            return
        last = self.feedback.last
        db, clock = self.ctx.db, self.ctx.clock
        user_id, context = (user.id if user else None), (self.kind if page is None else used)
        accepted, reason = used != "unused" and not errored, (last.text if errored and last else None)
        self.tasks.run(lambda: record_scan(db, scan, user_id=user_id, context=context, accepted=accepted,
                                           reason=reason, clock=clock),
                       None, lambda exc: log.warning("scan not recorded: %s", exc), description="scan record")

    def _badge_scanned(self, scan: BadgeScan) -> str:
        if self.user is not None and scan.user_id == self.user.id:
            self.logout()
            return "logout"
        self.login_with_badge(scan.badge or scan.raw)
        return "login"

    def _offer_to_pages(self, scan: TypedScan) -> str:
        page = self.current_page()
        if page is not None and self._page_handles(page, scan):
            return self.current_key()
        return ""

    def _page_handles(self, page: Page, scan: TypedScan) -> bool:
        try:
            return bool(page.handle_scan(scan))
        except HandoffError as exc:
            self.feedback.error(error_text(exc))
            return True
        except Exception as exc:  # a page bug must not take the station down; the person sees it
            log.exception("page %s failed on a scan", page.property("pageKey"))
            self.feedback.error(self.tr("This scan could not be handled (%1); tell a supervisor.")
                                .replace("%1", type(exc).__name__))
            return True

    def _unused_scan(self, scan: TypedScan) -> None:
        if isinstance(scan, Unknown):
            self.feedback.error(unknown_text(scan) or self.tr("%1 was read, but it is not a code Handoff knows.")
                                .replace("%1", scan.raw))
        elif self.user is None and self.requires_login:
            self.feedback.error(self.tr("Log in first: scan your badge."))
        else:
            self.feedback.error(self.tr("%1 was read, but nothing on this screen uses it.").replace("%1", scan.raw))

    def _on_unhandled_error(self, exc: BaseException) -> None:
        self.feedback.error(error_text(exc) if isinstance(exc, HandoffError) else
                            self.tr("Background work failed: %1").replace("%1", repr(exc)))

    # -- language ------------------------------------------------------------------------------------
    def toggle_language(self) -> None:
        language_switch().toggle()

    def title_source(self) -> str:
        """The English title for the header (translated in retranslate_ui); a window may vary it by role."""
        return self.title_text

    def retranslate_ui(self) -> None:
        title = QCoreApplication.translate("RoleWindow", self.title_source())
        self.title_label.setText(title)
        self.demo_mark.setText(self.tr("DEMO"))
        window_title = f"Handoff — {title}" + (f" — {self.tr('DEMO')}" if self.ctx.demo else "")
        self.setWindowTitle(window_title)
        if self.user is None:
            self.user_label.setText("")
        else:
            self.user_label.setText(f"{self.user.name} · {role_name(self.role)}")
        self.language_button.setText(self.tr("EN") if language_switch().language == "pl" else self.tr("PL"))
        self.language_button.setToolTip(self.tr("Switch language (F9)"))
        self.logout_button.setText(self.tr("Log out (F12)"))
        self.logout_button.setVisible(self.user is not None)
        self.no_pages.setText(self.tr("No pages are installed for this screen yet."))
        self._retranslate_pages()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- life cycle ----------------------------------------------------------------------------------
    def present(self) -> None:
        """Show the window the way its role wants (the kiosk overrides this for full screen)."""
        self.show()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.status.start()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # Upright, the banner is narrow and its sentence takes more lines; the page has height to spare.
        tall = self.height() > self.width()
        height = self.footer_height * 3 // 2 if tall else self.footer_height
        if self.footer.maximumHeight() != height:
            self.footer.setMaximumHeight(height)

    def closeEvent(self, event: Any) -> None:
        if self.user is not None and self.session_id:
            self.logout(force=True)
        self.status.stop()
        super().closeEvent(event)

