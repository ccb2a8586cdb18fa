"""The Fleet tab's list of the backend's own open exceptions (`GET /v1/exceptions`), newest first.

Exceptions no terminal raises — a pickup message or a shop webhook that died, a kiosk's suspicious
refusal of a remote command, statistics that could not replay an op — live in the backend's table only;
the dashboard's Exceptions tab lists this terminal's. One wrapped line each: when (site clock), where,
what kind, then the sentence in the reader's language from its code (ui/stats/exception_texts.py), with
an amber edge. A backend from before the route shows nothing (the list stays hidden)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.stats.exception_texts import exception_sentence, kind_word

AMBER = "#ef6c00"


def line_text(row: dict[str, Any], moment: Callable[[str], str]) -> str:
    """"09:04, site WH1 — message not delivered: The pickup code message for parcel … ."""
    where = QCoreApplication.translate("BackendExceptions", "%1 at %2")
    where = where.replace("%1", html.escape(moment(str(row["raised_at"])))).replace(
        "%2", f"<b>{html.escape(str(row['site_id']))}</b>")
    said = f"{kind_word(str(row['kind']))}: {exception_sentence(row)}"
    return f"{where} — {html.escape(said)}"


class BackendExceptionsList(QWidget):
    """The backend's open exceptions; `show_exceptions(rows, total)` replaces them (newest first)."""

    def __init__(self, moment: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.moment = moment
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows: list[QLabel] = []
        self.shown: tuple[list[dict[str, Any]], int] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.summary)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.shown is not None:
            self.show_exceptions(*self.shown)       # the same answer in the language just chosen

    def show_exceptions(self, rows: list[dict[str, Any]], total: int) -> None:
        self.shown = (rows, total)
        for label in self.rows:
            self._layout.removeWidget(label)
            label.hide()           # gone from the screen now, not only when the deferred delete runs
            label.deleteLater()
        self.rows = []
        if not rows:
            self.summary.setText(QCoreApplication.translate("BackendExceptions", "The backend has no open exceptions."))
        elif total > len(rows):
            text = QCoreApplication.translate("BackendExceptions", "Open exceptions on the backend: %1 (the newest %2"
                                              " below).")
            self.summary.setText(text.replace("%1", str(total)).replace("%2", str(len(rows))))
        else:
            text = QCoreApplication.translate("BackendExceptions", "Open exceptions on the backend: %1.")
            self.summary.setText(text.replace("%1", str(total)))
        for row in rows:
            label = QLabel(line_text(row, self.moment))
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.NoFrame)
            label.setProperty("kind", row["kind"])
            # the same coloured edge as the fleet health lines: readable in the light and the dark theme
            label.setStyleSheet(f"QLabel {{ border-left: 6px solid {AMBER}; padding: 4px 8px; }}")
            self._layout.addWidget(label)
            self.rows.append(label)
