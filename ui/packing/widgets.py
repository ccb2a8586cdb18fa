"""Pieces of the pack-station page: the order's lines with their counts and the label panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPixmap
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

from terminal.packing.verify import LineToVerify

DONE_COLOUR = QColor("#c8e6c9")


def big_label(points: int, bold: bool = True) -> QLabel:
    """A word-wrapped label whose size survives the theme (the QSS sets QLabel sizes, so setFont alone loses)."""
    label = QLabel()
    label.setProperty("baseStyle", f"font-size: {points}pt; font-weight: {'bold' if bold else 'normal'};")
    label.setWordWrap(True)
    restyle(label, "")
    return label


def restyle(label: QLabel, extra: str) -> None:
    """Colours and padding on top of the label's own size."""
    label.setStyleSheet(f"{label.property('baseStyle') or ''} {extra}".strip())


class LinesTable(QTableWidget):
    """Product, counted / to pack — a finished line turns green, the one just scanned is bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        font = QFont()
        font.setPointSize(20)
        self.setFont(font)
        self.verticalHeader().setDefaultSectionSize(48)
        # a long product name takes a second line rather than losing its end (and its SKU) to "…"
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Counted")])

    def show_lines(self, lines: list[LineToVerify]) -> None:
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            name = QTableWidgetItem(f"{line.sku_name}  ·  {line.sku_code}")
            count = QTableWidgetItem(f"{line.verified} / {line.qty}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            for item in (name, count):
                if line.done:
                    item.setBackground(DONE_COLOUR)
            self.setItem(row, 0, name)
            self.setItem(row, 1, count)


class LabelPanel(QFrame):
    """The label's state in one sentence, and the question when its send broke midway."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelPanel")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.status = big_label(15)
        self.question = big_label(18)
        restyle(self.question, "background: #fff3e0; color: #e65100; padding: 8px;")
        self.question.setVisible(False)
        box.addWidget(self.status)
        box.addWidget(self.question)
        box.addStretch(1)

    def set_status(self, text: str, kind: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        restyle(self.status, {"error": "color: white; background: #c62828; padding: 6px;",
                              "ok": "color: #1b5e20;", "wait": "color: #e65100;"}.get(kind, ""))


class LabelPreview(QLabel):
    """The last package's label as it prints (the labels capability's PNG render), scaled to fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.png: bytes | None = None
        self._pixmap = QPixmap()

    def set_png(self, png: bytes | None) -> None:
        self.png = png
        self._pixmap = QPixmap()
        if png:
            self._pixmap.loadFromData(png, "PNG")     # decoded once; a resize only rescales
        self._draw()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._draw()

    def _draw(self) -> None:
        if not self.png:
            self.clear()
            return
        height = max(120, self.height() - 8)
        self.setPixmap(self._pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation))
