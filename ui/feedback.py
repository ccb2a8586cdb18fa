"""Feedback for every scan: a big coloured banner, a sound, and the last ten scans (DESIGN §9).

`Feedback` implements the protocol in ui/context.py (`ok`, `error`, `info`). The banner flashes a
strong colour for a moment and then keeps a softer tint with the text until the next message, so a
person who looked away still sees what happened. Sounds use QtMultimedia when it loads and an audio
device exists; otherwise the app stays silent (never a crash)."""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, replace
from datetime import UTC, tzinfo
from importlib import resources

from PySide6.QtCore import QEvent, QLoggingCategory, QObject, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.clock import Clock, SystemClock, local_time
from terminal.config import Settings
from ui.coded_text import say_again
from ui.i18n import language_switch
from ui.qt_messages import quiet_audio_backend

HISTORY_SIZE = 10
FLASH_MS = 450
KIND_COLOURS = {"ok": "#37b24d", "error": "#f03e3e", "info": "#339af0"}


@dataclass(frozen=True)
class FeedbackEntry:
    at: str          # local HH:MM:SS
    kind: str        # ok | error | info
    text: str


@dataclass
class ScanEntry:
    """One row of the history panel: what was read and what came of it."""

    at: str
    raw: str         # the scan as read; "" for an outcome that no scan caused
    kind: str = ""   # the strongest outcome so far: "" < info < ok < error
    text: str = ""
    open: bool = True   # still taking the outcome of work the scan started on the database worker
    assumed: bool = False   # ✓/✗ from routing alone, until a word about the scan arrives


RANK = {"": 0, "info": 1, "ok": 2, "error": 3}
RAW_SHOWN = 22       # longer scans (GS1 strings) are elided in the panel; the tooltip has all of it
GLANCE_WORD = 32     # a longer unbroken run (a stuck scanner) cannot wrap: shown as its start … its end
SMALLEST_PT = 14         # the banner's type shrinks no further for a long sentence
SCAN_COLUMN_SHARE = 0.4   # the "Scan" column's widest share of the log; "Result" keeps the rest


def glance_text(text: str) -> str:
    """`text` as a line can wrap it: any word longer than GLANCE_WORD shortened in the middle, so a
    600-character scan is read as its start and end instead of pushing the layout sideways."""
    words = text.split(" ")
    return " ".join(w if len(w) <= GLANCE_WORD else f"{w[:GLANCE_WORD - 10]}…{w[-8:]}" for w in words)


def _wrapped_height(text: str, metrics: QFontMetrics, width: int) -> int:
    flags = int(Qt.AlignmentFlag.AlignCenter.value) | int(Qt.TextFlag.TextWordWrap.value)
    return metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), flags, text).height()


def fit_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` with every word wider than `width` pixels shortened in the middle to half of it: such a
    word cannot wrap, so it would widen its label and push its neighbours aside; shortened, a
    600-character scan (read as its start and end) takes no more lines than a short one."""
    if width <= 0:
        return glance_text(text)
    half = max(width // 2, metrics.horizontalAdvance("M" * 8))
    return " ".join(word if metrics.horizontalAdvance(word) <= width
                    else metrics.elidedText(word, Qt.TextElideMode.ElideMiddle, half)
                    for word in text.split(" "))


class SoundPlayer(QObject):
    """Plays ok.wav / error.wav; silent when sound is off, Qt runs offscreen, or QtMultimedia is missing."""

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects: dict[str, QObject] = {}
        self.enabled = settings.get("ui.sound", True) and os.environ.get("QT_QPA_PLATFORM") != "offscreen"
        if self.enabled:
            self._load()

    def _load(self) -> None:
        # The FFmpeg backend lists every optional codec library it cannot find; nothing to act on here.
        QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false")
        quiet_audio_backend()
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError:  # QtMultimedia needs system audio libraries (libpulse) that a box may lack
            self.enabled = False
            return
        if not QMediaDevices.audioOutputs():
            self.enabled = False
            return
        folder = resources.files("resources.sounds")
        for kind in ("ok", "error"):
            with resources.as_file(folder / f"{kind}.wav") as path:
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(0.8)
                self._effects[kind] = effect

    def play(self, kind: str) -> None:
        effect = self._effects.get(kind)
        if self.enabled and effect is not None:
            effect.play()  # type: ignore[attr-defined]


class FeedbackBanner(QFrame):
    """The large coloured strip with the last message in big type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackBanner")
        self.setProperty("state", "idle")
        self.setProperty("flash", False)
        self.label = QLabel(self)
        self.label.setObjectName("feedbackText")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text = ""        # the whole message; the label shows it with unbreakable runs shortened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.label)
        self._dim = QTimer(self)
        self._dim.setSingleShot(True)
        self._dim.setInterval(FLASH_MS)
        self._dim.timeout.connect(lambda: self._set(flash=False))

    def show_message(self, kind: str, text: str) -> None:
        self.text = text
        self._fit()
        self._set(state=kind, flash=True)
        self._dim.start()

    def _fit(self) -> None:
        """The message in the theme's big type; a sentence too long for the strip in smaller type (down
        to SMALLEST_PT) rather than cut at the bottom."""
        margins = self.layout().contentsMargins()
        width = self.contentsRect().width() - margins.left() - margins.right()
        height = self.contentsRect().height() - margins.top() - margins.bottom()
        if self.label.styleSheet():
            self.label.setStyleSheet("")          # back to the theme's size to measure from it
        self.label.ensurePolished()
        font = QFont(self.label.font())
        text = fit_words(self.text, QFontMetrics(font), width)
        while (height > 0 and font.pointSizeF() > SMALLEST_PT
               and _wrapped_height(text, QFontMetrics(font), width) > height):
            font.setPointSizeF(max(SMALLEST_PT, font.pointSizeF() - 2))
            text = fit_words(self.text, QFontMetrics(font), width)
        if font.pointSizeF() != self.label.font().pointSizeF():
            # the widget's own sheet: the theme's rule would win over setFont
            self.label.setStyleSheet(f"font-size: {font.pointSizeF():g}pt;")
        self.label.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def settle(self) -> None:
        """End the flash now (screenshots, tests): keep the softer tint and the text."""
        self._dim.stop()
        self._set(flash=False)

    def clear(self) -> None:
        self._dim.stop()
        self.text = ""
        self.label.setText("")
        self._set(state="idle", flash=False)

    def _set(self, **props: object) -> None:
        for name, value in props.items():
            self.setProperty(name, value)
        # A dynamic property only restyles after a re-polish (Qt style sheets cache by property).
        for widget in (self, self.label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


def _outcome_replaces(entry: ScanEntry, kind: str) -> bool:
    """An error outranks an ok, an ok a prompt; a word outranks the ✓/✗ routing assumed, a prompt excepted."""
    if entry.assumed:
        return kind != "info"
    return RANK[kind] > RANK[entry.kind] or (kind == entry.kind and not entry.text)


class ScanHistory(QTableWidget):
    """The last ten scans, newest first: time, what was read, and the outcome in its colour with a mark
    (✓ ✗ ·) that does not rely on colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("scanHistory")
        self.setProperty("elides", True)     # a summary: the banner says it whole, the tooltip has the scan
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # "Scan" as wide as its longest entry but never more than its share, so "Result" always shows
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._entries: list[ScanEntry] = []
        self.retranslate_ui()

    def set_entries(self, entries: list[ScanEntry]) -> None:
        self._entries = entries
        self._fill()

    def _fill(self) -> None:
        self.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            raw = entry.raw if len(entry.raw) <= RAW_SHOWN else entry.raw[:RAW_SHOWN - 1] + "…"
            mark = {"ok": "✓", "error": "✗"}.get(entry.kind, "·")
            result = f"{mark} {entry.text or self._kind_text(entry.kind)}"
            for column, text in enumerate((entry.at, raw or "—", result)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.kind)
                item.setToolTip(entry.raw if column == 1 else entry.text)
                if column == 2:   # mid-tone colours that stay readable on light, dark and black themes
                    item.setForeground(QColor(KIND_COLOURS.get(entry.kind, "#868e96")))
                self.setItem(row, column, item)
        self._fit_scan_column()

    def _fit_scan_column(self) -> None:
        """The "Scan" column fits what it shows now (it shrinks again after a long scan), up to its share."""
        wanted = max(self.sizeHintForColumn(1), self.horizontalHeader().sectionSizeHint(1))
        self.setColumnWidth(1, min(wanted, int(self.viewport().width() * SCAN_COLUMN_SHARE)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_scan_column()

    def _kind_text(self, kind: str) -> str:
        return {"ok": self.tr("OK"), "error": self.tr("Error"), "info": self.tr("Info")}.get(kind, "")

    def retranslate_ui(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Scan"), self.tr("Result")])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class Feedback(QObject):
    """The ui.context.Feedback implementation a role window installs as `ctx.feedback`."""

    sig_feedback = Signal(str, str)   # kind, text — after the banner and the history have changed

    def __init__(self, banner: FeedbackBanner, history: ScanHistory, sounds: SoundPlayer,
                 clock: Clock | None = None, parent: QObject | None = None, *, zone: tzinfo = UTC) -> None:
        super().__init__(parent)
        self.zone = zone   # the site's: the log's times match the status bar's and the supervisor's
        self.banner = banner
        self.history = history
        self.sounds = sounds
        self.clock = clock or SystemClock()
        self.entries: deque[FeedbackEntry] = deque(maxlen=HISTORY_SIZE)   # every message, newest first
        self.scans: deque[ScanEntry] = deque(maxlen=HISTORY_SIZE)         # the history panel's rows
        self._in_scan = False
        language_switch().sig_language_changed.connect(self._say_again)

    def _say_again(self, _language: str) -> None:
        """After a language switch the banner and the log word their sentences anew (ui.coded_text.Said);
        a sentence that cannot (a scanned text, a device's own words) stays as it was."""
        self.entries = deque((replace(e, text=say_again(e.text)) for e in self.entries), maxlen=HISTORY_SIZE)
        for scan in self.scans:
            scan.text = say_again(scan.text)
        if self.entries and self.banner.label.text():
            self.banner.label.setText(self.entries[0].text)
        self.history.set_entries(list(self.scans))

    def ok(self, message: str) -> None:
        self._show("ok", message)

    def error(self, message: str) -> None:
        self._show("error", message)

    def info(self, message: str) -> None:
        self._show("info", message)

    @property
    def last(self) -> FeedbackEntry | None:
        return self.entries[0] if self.entries else None

    def clear(self) -> None:
        """Forget the banner text (the history stays); used when a kiosk resets to its start screen."""
        self.banner.clear()

    def scan_started(self, raw: str) -> None:
        """A scan is being routed: what is said until `scan_finished` is its outcome in the history."""
        for entry in self.scans:
            entry.open = False
        self.scans.appendleft(ScanEntry(self._now(), raw))
        self._in_scan = True
        self.history.set_entries(list(self.scans))

    def scan_finished(self, used: bool) -> None:
        """Routing is done. A scan nothing was said about gets ✓ when something used it, ✗ otherwise;
        the row stays open for the outcome of work the scan left running on the database worker."""
        self._in_scan = False
        if self.scans and self.scans[0].kind == "":
            self.scans[0].kind, self.scans[0].assumed = ("ok" if used else "error"), True
            self.history.set_entries(list(self.scans))

    def _now(self) -> str:
        return local_time(self.clock.now(), self.zone, seconds=True)

    def _attach(self, kind: str, message: str) -> None:
        newest = self.scans[0] if self.scans else None
        if newest is not None and newest.open and (self._in_scan or newest.assumed or newest.kind in ("", "info")):
            if _outcome_replaces(newest, kind):
                newest.kind, newest.text, newest.assumed = kind, message, False
            if not self._in_scan and kind in ("ok", "error"):
                newest.open = False      # the late outcome has arrived
        elif kind in ("ok", "error"):    # an outcome no scan caused (a button, the sync worker): its own row
            self.scans.appendleft(ScanEntry(self._now(), "", kind, message, open=False))
        else:
            return                       # a prompt outside a scan: the banner is enough
        self.history.set_entries(list(self.scans))

    def _show(self, kind: str, message: str) -> None:
        self.entries.appendleft(FeedbackEntry(self._now(), kind, message))
        self.banner.show_message(kind, message)
        self._attach(kind, message)
        if kind in ("ok", "error"):
            self.sounds.play(kind)
        self.sig_feedback.emit(kind, message)

