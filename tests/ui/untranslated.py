"""Find English a Polish reader would see: every visible string of a window, checked word by word.

What a person sees is read from the widgets the way they show it: labels (rich text as plain),
buttons, tool tips, placeholders, tab titles, table headers and cells, list and combo items, group
titles, the window title and any message box. A string is untranslated when it contains

* a word that only English has here — the vocabulary of every English source text the app can show
  (the .ts sources, the core's sentence catalogues) minus every word of the Polish translations and
  every word of the site's own data (names, products, places, which are the same in both languages);
* or a raw code (NEXT_DAY, door_did_not_open) that should have been put in words.

So the check needs no list of offenders: a new English sentence the core starts to show fails it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from importlib import resources

import sqlite_utils
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

WORD = re.compile(r"[A-Za-ząćęłńóśźżĄĆĘŁŃÓŚŹŻ]{3,}")
RAW_CODE = re.compile(r"\b(?:[A-Z]{2,}(?:_[A-Z0-9]+)+|[a-z]{2,}(?:_[a-z0-9]+)+)\b")
# Names that are the same in both languages (brands, standards, units) though the .ts has them in English
SAME_IN_BOTH = {"handoff", "dpd", "inpost", "gls", "ups", "dhl", "sscc", "gtin", "ean", "zpl", "pdf", "csv", "otst",
                "www", "http", "https", "api", "min", "demo"}


def _words(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(w.lower() for w in WORD.findall(re.sub(r"<[^>]+>", " ", text)))
    return found


def english_only_words(db: sqlite_utils.Database) -> set[str]:
    """Words English sources use that no Polish translation and no data value uses."""
    from terminal.exception_messages import MESSAGES as EXCEPTIONS
    from terminal.scanning.messages import MESSAGES as SCANNING
    from terminal.sentences import CATALOGUE

    root = ET.fromstring((resources.files("resources.translations") / "handoff_pl.ts").read_bytes())
    sources, polish = [], []
    for message in root.iter("message"):
        sources.append(message.findtext("source") or "")
        polish.append(message.findtext("translation") or "")
    import terminal.packing.messages  # noqa: F401  (each capability registers its sentences on import)
    import terminal.picking.session  # noqa: F401
    sources += list(CATALOGUE.values()) + list(EXCEPTIONS.values()) + list(SCANNING.values())
    return _words(sources) - _words(polish) - _words(data_texts(db)) - SAME_IN_BOTH


def polish_only_words(db: sqlite_utils.Database) -> set[str]:
    """Words the Polish translations use that no English source and no data value uses."""
    from terminal.exception_messages import MESSAGES as EXCEPTIONS
    from terminal.scanning.messages import MESSAGES as SCANNING
    from terminal.sentences import CATALOGUE

    root = ET.fromstring((resources.files("resources.translations") / "handoff_pl.ts").read_bytes())
    sources = [m.findtext("source") or "" for m in root.iter("message")]
    polish = [m.findtext("translation") or "" for m in root.iter("message")]
    sources += list(CATALOGUE.values()) + list(EXCEPTIONS.values()) + list(SCANNING.values())
    return _words(polish) - _words(sources) - _words(data_texts(db)) - SAME_IN_BOTH


def data_texts(db: sqlite_utils.Database) -> Iterator[str]:
    """Every text value the site stores that is data, not words of the app (people, products, places)."""
    for table in ("users", "skus", "sites", "carriers", "box_types", "locations", "orders", "lock_boards"):
        if not db[table].exists():
            continue
        columns = [c.name for c in db[table].columns if c.type.upper() == "TEXT" and c.name not in ("status",)]
        for row in db.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            yield from (str(v) for v in row if isinstance(v, str))


def _plain(text: str) -> str:
    if QtGui.Qt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every string a person can see in `window` and in open message boxes."""
    found: list[tuple[str, str]] = [("window title", window.windowTitle())]
    widgets = [window, *window.findChildren(QWidget)]
    widgets += [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    for w in widgets:
        if not w.isVisible():
            continue
        where = f"{type(w).__name__}#{w.objectName()}"
        if w.toolTip():
            found.append((f"{where} tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            found.append((where, _plain(w.text())))
        elif isinstance(w, QAbstractButton):
            found.append((where, w.text()))
        elif isinstance(w, QLineEdit | QTextEdit | QPlainTextEdit):
            found.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, QGroupBox):
            found.append((where, w.title()))
        elif isinstance(w, QTabBar):
            found += [(f"{where} tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            found += [(f"{where} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model, root = w.model(), QModelIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:        # a list model keeps columnCount to itself: one column
                columns = 1
            header = getattr(w, "horizontalHeader", None)
            if header is not None and header().isVisible():
                found += [(f"{where} header", str(model.headerData(i, Qt.Orientation.Horizontal) or ""))
                          for i in range(columns)]
            for r in range(min(model.rowCount(root), 200)):
                for c in range(columns):
                    value = model.index(r, c).data()
                    if isinstance(value, str):
                        found.append((f"{where} cell {r},{c}", value))
    return [(where, text) for where, text in found if text and text.strip()]


def words_of(text: str) -> list[str]:
    """The words of a sentence, leaving out what was scanned or typed: codes with digits or hyphens
    ("NOT-A-BADGE-42", "ENV-S", "R-100") are data whatever letters they hold."""
    tokens = [t for t in text.split() if not re.search(r"[\d-]", t.strip(".,;:!?()\"'«»„”"))]
    return [w for token in tokens for w in WORD.findall(token)]


def untranslated(texts: list[tuple[str, str]], english: set[str]) -> list[str]:
    """The visible strings a Polish reader would find English or raw codes in, with the words."""
    problems = []
    for where, text in texts:
        bad = sorted({w for w in words_of(text) if w.lower() in english} | set(RAW_CODE.findall(text)))
        if bad:
            problems.append(f"{where}: {text[:120]!r} — {', '.join(bad)}")
    return problems
