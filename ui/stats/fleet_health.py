"""The Fleet tab's list of terminals from `GET /v1/fleet/health`, worst first as the backend orders it.

One wrapped line per terminal — its name and site, then what is wrong in words — with a red edge for a
terminal that stopped reporting or has lock boards offline, amber for any other problem, grey when it
reports normally. Lines wrap rather than scroll sideways, so every size of screen shows them whole."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.stats.tiles import duration

RED, AMBER, GREY = "#c62828", "#ef6c00", "#9e9e9e"
URGENT = {"stale", "boards_offline"}


def since(seconds: float) -> str:
    """"40 s" under a minute (a 10 s sync interval is read in seconds), else as the dashboard's durations."""
    if seconds < 60:
        return QCoreApplication.translate("FleetHealth", "%1 s").replace("%1", str(int(seconds)))
    return duration(seconds)


def problem_text(problem: str, health: dict[str, Any]) -> str:
    """One problem of one terminal, as a supervisor reads it."""
    if problem == "stale":
        text = QCoreApplication.translate("FleetHealth", "Not reporting for %1")
        return text.replace("%1", since(health["silent_s"]))
    if problem == "boards_offline":
        offline = ", ".join(str(n) for n in health["boards_offline"])
        text = QCoreApplication.translate("FleetHealth", "Lock boards offline: %1 of %2 (board %3)")
        return (text.replace("%1", str(len(health["boards_offline"]))).replace("%2", str(health["boards_total"]))
                .replace("%3", offline))
    if problem == "backlog_growing":
        text = QCoreApplication.translate("FleetHealth", "Backlog growing: %1 ops waiting, the oldest for %2")
        return text.replace("%1", str(health["outbox_size"])).replace("%2", since(health["outbox_age_s"]))
    if problem == "sync_error":
        text = QCoreApplication.translate("FleetHealth", "Sync failing (%1)")
        return text.replace("%1", health["sync_error"])
    if problem == "doors_faulted":
        text = QCoreApplication.translate("FleetHealth", "Doors faulted: %1")
        return text.replace("%1", str(health["doors_faulted"]))
    if problem == "printer":
        detail = health["printer"]["detail"] or QCoreApplication.translate("FleetHealth", "a problem")
        return QCoreApplication.translate("FleetHealth", "Printer: %1").replace("%1", detail)
    if problem == "scanner":
        detail = health["scanner"]["detail"] or QCoreApplication.translate("FleetHealth", "a problem")
        return QCoreApplication.translate("FleetHealth", "Scanner: %1").replace("%1", detail)
    if problem == "low_disk":
        free_mb = (health["disk_free_bytes"] or 0) // 2**20
        text = QCoreApplication.translate("FleetHealth", "Disk almost full: %1 MB free")
        return text.replace("%1", str(free_mb))
    return problem.replace("_", " ")


def line_text(health: dict[str, Any]) -> str:
    """The terminal's line: bold name, site, then its problems (or that it reports normally)."""
    if health["problems"]:
        said = "; ".join(problem_text(p, health) for p in health["problems"])
    else:
        said = QCoreApplication.translate("FleetHealth", "Reporting normally; last report %1 ago")
        said = said.replace("%1", since(health["silent_s"]))
    where = QCoreApplication.translate("FleetHealth", "%1 at %2")
    where = where.replace("%1", f"<b>{html.escape(health['name'])}</b>").replace("%2", html.escape(health["site_id"]))
    return f"{where} — {html.escape(said)}"


def colour(health: dict[str, Any]) -> str:
    problems = set(health["problems"])
    return RED if problems & URGENT else AMBER if problems else GREY


class FleetHealthList(QWidget):
    """The terminals' lines; `show_health(terminals)` replaces them (the backend's order kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows: list[QLabel] = []
        self.terminals: list[dict[str, Any]] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.summary)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.terminals is not None:
            self.show_health(self.terminals)       # the same answer in the language just chosen

    def show_health(self, terminals: list[dict[str, Any]]) -> None:
        self.terminals = terminals
        for row in self.rows:
            self._layout.removeWidget(row)
            row.hide()             # gone from the screen now, not only when the deferred delete runs
            row.deleteLater()
        self.rows = []
        attention = sum(1 for t in terminals if t["problems"])
        if not terminals:
            none = QCoreApplication.translate("FleetHealth", "No terminal has reported its health to the backend yet.")
            self.summary.setText(none)
        else:
            text = QCoreApplication.translate("FleetHealth", "Terminals: %1 need attention, %2 report normally.")
            self.summary.setText(text.replace("%1", str(attention)).replace("%2", str(len(terminals) - attention)))
        for health in terminals:
            row = QLabel(line_text(health))
            row.setWordWrap(True)
            row.setFrameShape(QFrame.Shape.NoFrame)
            row.setProperty("problems", ",".join(health["problems"]))
            # a coloured left edge reads in the light and the dark theme alike; the text keeps the theme's
            row.setStyleSheet(f"QLabel {{ border-left: 6px solid {colour(health)}; padding: 4px 8px; }}")
            self._layout.addWidget(row)
            self.rows.append(row)
