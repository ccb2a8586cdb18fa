"""The status bar every role window shows: site, who is logged in, clock, language, and the backend.

The backend line is honest: with no `sync.backend_url` and no enrollment it says the terminal works
offline; with a backend it shows the address and — when `terminal.sync.status.sync_status(db)` exists —
online/offline, ops waiting, the age of the oldest one and the last successful sync. That reading
runs on the database worker every few seconds, never on the GUI thread. The sync helper extends
`describe_backend` / `BackendState` here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from terminal.clock import Clock
from terminal.config import Settings
from terminal.ops import ChangeSet
from terminal.people.badges import User
from terminal.sync.status import sync_status
from ui.context import AppContext
from ui.i18n import current_language

CLOCK_MS = 1000
DEFAULT_REFRESH_S = 5
BUSY_AFTER_MS = 300


@dataclass(frozen=True)
class BackendState:
    """What the worker read about sync; `status` is sync_status(db)."""

    url: str
    enrolled: bool
    status: dict[str, Any] = field(default_factory=dict)
    site_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def read_backend_state(db: sqlite_utils.Database, settings: Settings, site_kind: str = "",
                       clock: Clock | None = None) -> BackendState:
    """Worker side: settings, enrollment and sync status (ages on the window's clock, which stamped the ops)."""
    url = settings.get("sync.backend_url", "").strip()
    row = db.execute("SELECT value FROM sync_state WHERE key IN ('terminal_id', 'token') LIMIT 1").fetchone()
    status = dict(sync_status(db, clock=clock))
    enrolled = bool(status.get("enrolled")) if "enrolled" in status else row is not None
    if not url and enrolled:
        url = str(status.get("backend") or "")   # the address saved at enrollment
    site = db.execute(
        "SELECT name FROM sites ORDER BY (kind = ?) DESC, id LIMIT 1", (site_kind,)
    ).fetchone()
    return BackendState(url, enrolled, status, site[0] if site else "")


def human_age(seconds: float | None) -> str:
    """An age a person reads at a glance: 45 s, 12 min, 2 h 5 min."""
    if seconds is None:
        return "—"
    seconds = max(0, int(seconds))
    if seconds < 90:
        return QCoreApplication.translate("HandoffStatusBar", "%1 s").replace("%1", str(seconds))
    if seconds < 90 * 60:
        return QCoreApplication.translate("HandoffStatusBar", "%1 min").replace("%1", str(round(seconds / 60)))
    return (QCoreApplication.translate("HandoffStatusBar", "%1 h %2 min")
            .replace("%1", str(seconds // 3600)).replace("%2", str(seconds % 3600 // 60)))


class ElidingLabel(QLabel):
    """A label that gives way: the clock and the language must stay on screen, so where the bar is
    narrow the site, the user and the backend sentence share the shortfall and end in "…" (the whole
    text is in the tooltip)."""

    MIN_WIDTH = 80

    def __init__(self, objectName: str = "") -> None:  # noqa: N803 — Qt's own keyword
        super().__init__(objectName=objectName)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str, tooltip: str = "") -> None:  # noqa: N802 — Qt's name
        super().setText(text)
        self.setToolTip(tooltip or text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.MIN_WIDTH, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """What fits: the text, or its start and "…"."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())


class HandoffStatusBar(QStatusBar):
    """Site · user and role · clock · language · backend, kept current on its own."""

    def __init__(self, ctx: AppContext, site_kind: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.ctx = ctx
        self.site_kind = site_kind
        self.state: BackendState | None = None
        self.user: User | None = None
        self.role = ""
        self.site_label = ElidingLabel(objectName="siteLabel")
        self.user_status = ElidingLabel(objectName="userStatus")
        self.clock_label = QLabel(objectName="clockLabel")
        self.language_label = QLabel(objectName="languageLabel")
        self.backend_label = ElidingLabel(objectName="backendStatus")
        self.busy_label = QLabel(objectName="busyLabel")
        self.busy_label.setVisible(False)
        self.addWidget(self.site_label)
        self.addWidget(self.user_status)
        self.addWidget(self.backend_label, 1)   # takes what is left, and gives way first
        self.addPermanentWidget(self.busy_label)
        self.addPermanentWidget(self.language_label)
        self.addPermanentWidget(self.clock_label)
        self._clock_timer = QTimer(self, interval=CLOCK_MS, timeout=self.refresh_clock)
        refresh_s = ctx.settings.get("ui.status_refresh_s", DEFAULT_REFRESH_S)
        self._backend_timer = QTimer(self, interval=max(1, refresh_s) * 1000, timeout=self.refresh_backend)
        self._refreshing = False
        # Long work shows itself (DESIGN §9): "Working…" once the database worker has been busy a moment.
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self.busy_label.setVisible(True))
        ctx.tasks.sig_busy_changed.connect(self._on_busy)
        # ops waiting changes with every op: shown at once from the core's change events; the timer stays
        # for what no event carries across processes (a `handoff sync now` run from a shell)
        ctx.change_events().sig_changed.connect(self._on_changes)
        self.retranslate_ui()

    def start(self) -> None:
        """Begin the clock and the periodic backend reading (the window calls this when shown)."""
        self.refresh_clock()
        self.refresh_backend()
        self._clock_timer.start()
        self._backend_timer.start()

    def stop(self) -> None:
        self._clock_timer.stop()
        self._backend_timer.stop()

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_label.setVisible(False)

    def set_user(self, user: User | None, role: str = "") -> None:
        self.user, self.role = user, role
        self.retranslate_ui()

    def refresh_clock(self) -> None:
        self.clock_label.setText(self.ctx.local_time(self.ctx.clock.now(), seconds=True))

    def refresh_backend(self) -> None:
        """Read the backend state on the database worker; the labels change when it answers."""
        tasks = self.ctx.tasks
        if self._refreshing or tasks is None or tasks.closed:
            return
        self._refreshing = True
        db, settings, kind, clock = self.ctx.db, self.ctx.settings, self.site_kind, self.ctx.clock
        tasks.run(lambda: read_backend_state(db, settings, kind, clock), self._on_state, self._on_state_error,
                  owner=self, description="status bar")

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches("outbox", "sync_state"):
            self.refresh_backend()

    def _on_state(self, state: BackendState) -> None:
        self._refreshing = False
        self.state = state
        self.retranslate_ui()

    def apply_sync_status(self, status: dict[str, Any]) -> None:
        """A live status from the sync worker (via ui.sync.adapter): show it without waiting for the timer."""
        state = self.state
        url = (state.url if state and state.url else "") or str(status.get("backend") or "")
        self.state = BackendState(url, bool(status.get("enrolled", True)), dict(status),
                                  state.site_name if state else "", state.extra if state else {})
        self.retranslate_ui()

    def _on_state_error(self, exc: BaseException) -> None:
        self._refreshing = False
        self.backend_label.setText(self.tr("Sync status cannot be read: %1").replace("%1", str(exc)))

    def backend_text(self, *, full: bool = False) -> str:
        """The honest backend sentence for the current state. The bar names the backend by its host
        (the whole address fills a 1280 px bar on its own and cut the sentence); `full` — the tooltip —
        gives the address as configured."""
        state = self.state
        if state is None:
            return self.tr("Checking the backend…")
        if not state.url and not state.enrolled:
            return self.tr("No backend configured — working offline")
        if not state.url:
            return self.tr("Enrolled, but no backend address is set (sync.backend_url) — working offline")
        parts = [self.tr("Backend: %1").replace("%1", state.url if full else urlsplit(state.url).netloc or state.url)]
        status = state.status
        parts.append(self.tr("online") if status.get("online") else self.tr("offline"))
        if status.get("update_needed"):
            parts.append(self.tr("this terminal needs an update"))
        waiting = int(status.get("ops_waiting") or 0)
        parts.append(self.tr("%1 ops waiting").replace("%1", str(waiting)))
        if waiting:
            parts.append(self.tr("oldest %1").replace("%1", human_age(status.get("oldest_age_s"))))
        last = self.ctx.local_time(status.get("last_success"), seconds=True)
        parts.append(self.tr("last sync %1").replace("%1", last) if last else self.tr("never synced"))
        if status.get("last_error") and (not status.get("online") or status.get("last_error_code") == "quarantined"):
            # the core's sentence is English: the bar words its code, the tooltip keeps the details
            said = self.error_words().get(str(status.get("last_error_code") or ""))
            detail = str(status["last_error"])
            parts.append(self.tr("last error: %1").replace("%1", detail if full or not said else said))
        return " · ".join(parts)

    def error_words(self) -> dict[str, str]:
        """SyncError codes (terminal/sync/client.py) in the reader's language."""
        return {
            "unavailable": self.tr("the backend cannot be reached; work is kept and sent when it answers"),
            "refused": self.tr("the backend refused this terminal; ask a supervisor (details in the tooltip)"),
            "not_enrolled": self.tr("this terminal is not enrolled; ask a supervisor to enrol it"),
            "update_needed": self.tr("this terminal needs an update"),
            "gap": self.tr("the backend expects other operations; sync sorts it out on the next try"),
            "diverged": self.tr("the backend has another history for this terminal; sync re-sends its work"),
            "quarantined": self.tr("changes from the backend were set aside; see the supervisor's exceptions"),
            "failed": self.tr("sync failed (details in the tooltip)"),
        }

    def is_offline(self) -> bool:
        state = self.state
        return state is not None and (not state.url or not (state.status or {}).get("online"))

    def retranslate_ui(self) -> None:
        site = self.state.site_name if self.state and self.state.site_name else ""
        self.site_label.setText(site or self.tr("No site configured"))
        if self.user is None:
            self.user_status.setText(self.tr("Nobody logged in"))
        else:
            self.user_status.setText(self.tr("%1 (%2)").replace("%1", self.user.name)
                                     .replace("%2", role_name(self.role)))
        # the header names whoever is logged in, in bigger type; the bar says so only when nobody is,
        # which leaves the backend sentence its room on a portrait screen
        self.user_status.setHidden(self.user is not None)
        self.busy_label.setText(self.tr("Working…"))
        self.language_label.setText("PL" if current_language() == "pl" else "EN")
        self.language_label.setToolTip(self.tr("Language"))
        self.backend_label.setText(self.backend_text(), self.backend_text(full=True))
        self.backend_label.setProperty("offline", self.is_offline())
        self.backend_label.style().unpolish(self.backend_label)
        self.backend_label.style().polish(self.backend_label)
        self.refresh_clock()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def role_name(role: str) -> str:
    """The translated name of a user role."""
    names = {
        "picker": QCoreApplication.translate("roles", "picker"),
        "packer": QCoreApplication.translate("roles", "packer"),
        "stocker": QCoreApplication.translate("roles", "stocker"),
        "courier": QCoreApplication.translate("roles", "courier"),
        "technician": QCoreApplication.translate("roles", "technician"),
        "supervisor": QCoreApplication.translate("roles", "supervisor"),
    }
    return names.get(role, role)
