"""Measure a window the way a person looks at it: is every text whole, and does anything overlap?

`audit(window)` walks the visible widgets and compares what their text needs (font metrics, the
style's own size hints, a rich-text layout for HTML labels) with the room they were given, and the
geometry of siblings with each other and with their parent. It returns the problems as sentences
naming the widget, so a failing test says what to fix. Used by tests/ui/test_layout_fit.py and by
`make screenshots`, which prints the problems of every picture it takes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QStyle,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

TOLERANCE_PX = 1   # sub-pixel rounding between font metrics and layout
FOCUS_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin   # the delegate's text margin inside a cell


@dataclass(frozen=True)
class Problem:
    widget: str
    kind: str      # "clipped" (text does not fit), "overlap", "outside" (cut by its parent)
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget} — {self.detail}"


def describe(widget: QWidget) -> str:
    """A path a developer can find: class#objectName up to the window, plus the text."""
    parts = []
    w: QWidget | None = widget
    while w is not None and len(parts) < 4:
        name = w.objectName()
        parts.append(f"{type(w).__name__}#{name}" if name else type(w).__name__)
        w = w.parentWidget()
    text = _text(widget)
    shown = f" {text[:40]!r}" if text else ""
    return " < ".join(parts) + shown


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return ""


def _is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text()))


def _label_problem(label: QLabel) -> str:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return ""
    room = label.contentsRect()
    indent = max(label.indent(), 0) if label.indent() >= 0 else 0
    width = room.width() - 2 * label.margin() - indent
    height = room.height() - 2 * label.margin()
    if _is_rich(label):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(max(width, 1))
            need_w, need_h = doc.idealWidth(), doc.size().height()
        else:
            need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        metrics = QFontMetrics(label.font())
        flags = int(label.alignment().value) | (int(Qt.TextFlag.TextWordWrap.value) if label.wordWrap() else 0)
        bound = metrics.boundingRect(QRect(0, 0, max(width, 1) if label.wordWrap() else 100_000, 100_000),
                                     flags, text)
        need_w, need_h = bound.width(), bound.height()
        if label.wordWrap():
            # a single word longer than the line cannot wrap: Qt lets it run out of the label
            longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
            need_w = longest
    if need_w > width + TOLERANCE_PX:
        return f"needs {need_w:.0f} px wide, has {width}"
    if need_h > height + TOLERANCE_PX:
        return f"needs {need_h:.0f} px high, has {height}"
    return ""


def _button_problem(button: QAbstractButton) -> str:
    if not button.text():
        return ""
    hint = button.sizeHint()
    if isinstance(button, QPushButton | QToolButton | QCheckBox | QRadioButton):
        metrics = QFontMetrics(button.font())
        lines = button.text().replace("&&", "&").split("\n")
        need_w = max(metrics.horizontalAdvance(line.replace("&", "")) for line in lines)
        need_h = metrics.height() * len(lines)
        room = button.contentsRect()
        # the style's hint is the text plus the padding and frame the style sheet asks for
        if (hint.width() > button.width() + TOLERANCE_PX or need_w > room.width() + TOLERANCE_PX
                or need_h > room.height() + TOLERANCE_PX):
            return (f"text needs {need_w}×{need_h} px, button is {room.width()}×{room.height()} "
                    f"(style asks {hint.width()}×{hint.height()})")
    return ""


def _placeholder_problem(edit: QLineEdit) -> str:
    """An empty field's placeholder is the instruction a person reads: it must show whole."""
    text = edit.placeholderText()
    if not text or edit.text():
        return ""
    need = QFontMetrics(edit.font()).horizontalAdvance(text)
    # the style's text margins: what a field of this font needs around its text
    frame = edit.sizeHint().width() - QFontMetrics(edit.font()).horizontalAdvance("x" * 17)
    room = edit.contentsRect().width() - max(frame, 0)
    if need > room + TOLERANCE_PX:
        return f"placeholder needs {need} px, the field shows {room}"
    return ""


def _header_problems(view: QTableView) -> list[str]:
    found = []
    header: QHeaderView = view.horizontalHeader()
    if not header.isVisible():
        return found
    model = view.model()
    if model is None:
        return found
    metrics = QFontMetrics(header.font())
    right = view.viewport().width()
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        x = header.sectionViewportPosition(column)
        if x >= right:
            found.append(f"column {title!r} starts at {x} px, beyond the visible {right} px")
            continue
        if title and metrics.horizontalAdvance(title) > header.sectionSize(column) + TOLERANCE_PX:
            found.append(f"column title {title!r} needs {metrics.horizontalAdvance(title)} px, "
                         f"has {header.sectionSize(column)}")
    return found


def _cell_problems(view: QAbstractItemView) -> list[str]:
    """Cells of a table or list that shows its texts whole (no "…"): each must fit the room the style
    leaves it (padding included). A view that elides on purpose (a log whose rows are summaries) sets
    the property `elides`."""
    model = view.model()
    if model is None or view.property("elides") is True or not isinstance(view, QListView | QTableView):
        return []
    found = []
    wrap = view.wordWrap()
    for row in range(min(model.rowCount(), 50)):
        for column in range(model.columnCount() if isinstance(view, QTableView) else 1):
            if isinstance(view, QTableView) and (view.isColumnHidden(column) or view.isRowHidden(row)):
                continue
            index = model.index(row, column)
            text = str(model.data(index) or "")
            if not text:
                continue
            option = QStyleOptionViewItem()
            option.rect = view.visualRect(index)
            option.font = model.data(index, Qt.ItemDataRole.FontRole) or view.font()
            option.text = text
            option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
            room = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
            metrics = QFontMetrics(option.font)
            width = room.width() - 2 * (view.style().pixelMetric(FOCUS_MARGIN, None, view) + 1)
            flags = int(Qt.TextFlag.TextWordWrap.value) if wrap else 0
            need = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), flags, text)
            widest = max((metrics.horizontalAdvance(w) for w in (text.split() if wrap else text.split("\n"))),
                         default=0)
            if widest > width + TOLERANCE_PX or need.height() > room.height() + TOLERANCE_PX:
                found.append(f"cell {row},{column} {text[:30]!r} needs {widest}×{need.height()} px, "
                             f"has {width}×{room.height()}")
    return found


def _rows_problem(view: QAbstractItemView) -> str:
    """A list or table with entries shows at least two of them whole (one row tall is a keyhole)."""
    model = view.model()
    if model is None or model.rowCount() < 2 or not isinstance(view, QListView | QTableView):
        return ""
    need = sum(view.visualRect(model.index(row, 0)).height() for row in (0, 1))
    room = view.viewport().height()
    if need > room + TOLERANCE_PX:
        return f"shows {room} px of its {model.rowCount()} rows; two need {need}"
    return ""


def _in_scroll_content(widget: QWidget) -> bool:
    """Scrolled content may extend past its viewport by design."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _overlaps(parent: QWidget, window: QWidget) -> list[Problem]:
    if isinstance(parent, QStackedWidget | QTabBar):
        return []
    children = [c for c in parent.children() if isinstance(c, QWidget) and not c.isWindow()
                and c.isVisibleTo(window) and c.property("overlay") is not True
                and c.width() > 0 and c.height() > 0]
    found = []
    for i, first in enumerate(children):
        for second in children[i + 1:]:
            shared = first.geometry().intersected(second.geometry())
            if shared.width() > TOLERANCE_PX and shared.height() > TOLERANCE_PX:
                found.append(Problem(describe(first), "overlap",
                                     f"covers {shared.width()}×{shared.height()} px of {describe(second)}"))
    return found


def audit(window: QWidget) -> list[Problem]:
    """Every clipped text, overlap and cut-off child among the window's visible widgets."""
    problems: list[Problem] = []
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(window) and widget is not window:
            continue
        if widget.property("overlay") is True:
            continue
        detail = ""
        if isinstance(widget, QLabel):
            detail = _label_problem(widget)
        elif isinstance(widget, QAbstractButton) and not isinstance(widget, QComboBox):
            detail = _button_problem(widget)
        elif isinstance(widget, QLineEdit):
            detail = _placeholder_problem(widget)
        if detail:
            problems.append(Problem(describe(widget), "clipped", detail))
        if isinstance(widget, QAbstractItemView) and (rows := _rows_problem(widget)):
            problems.append(Problem(describe(widget), "clipped", rows))
        if isinstance(widget, QTableView):
            problems += [Problem(describe(widget), "clipped", d) for d in _header_problems(widget)]
        if isinstance(widget, QAbstractItemView):
            problems += [Problem(describe(widget), "clipped", d) for d in _cell_problems(widget)]
        parent = widget.parentWidget()
        if (widget is not window and parent is not None and not _in_scroll_content(widget)
                and not isinstance(parent, QStackedWidget)):
            inside = parent.rect().adjusted(-TOLERANCE_PX, -TOLERANCE_PX, TOLERANCE_PX, TOLERANCE_PX)
            if not inside.contains(widget.geometry()):
                g = widget.geometry()
                problems.append(Problem(describe(widget), "outside",
                                        f"at {g.x()},{g.y()} {g.width()}×{g.height()}, parent is "
                                        f"{parent.width()}×{parent.height()}"))
        problems += _overlaps(widget, window)
    return problems
