"""Small pieces the report pages share: figure cards, report tables, and the pages' style."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.manager.reports.report_model import ReportModel

CELL_PADDING = 20  # the style's margins either side of a cell's text, and some air


class KpiCard(QFrame):
    """A headline figure: caption, big value, one line of context."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiCard")
        self.caption = QLabel(caption)
        self.caption.setObjectName("kpiCaption")
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        self.note = QLabel("")
        self.note.setObjectName("kpiNote")
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(2)
        column.addWidget(self.caption)
        column.addWidget(self.value)
        column.addWidget(self.note)

    def set(self, value: str, note: str = "", level: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.value.setProperty("level", level)
        self.value.style().unpolish(self.value)
        self.value.style().polish(self.value)


class ReportView(QTableView):
    """A report table whose columns are as wide as their widest cell; the descriptive column
    (``stretch``) also takes the spare width, but never gets narrower than its text."""

    def __init__(self, stretch: int) -> None:
        super().__init__()
        self.stretch = stretch
        self.fitted: dict[int, int] = {}

    def fit_columns(self) -> None:
        """Measure every row: Qt's own fitting looks only at the rows on screen, and cut the
        day names lower down ("Wed 11 Nov 20…")."""
        model = self.model()
        plain = self.fontMetrics()
        bold_font = self.font()
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        header = self.horizontalHeader()
        self.fitted = {}
        for column in range(model.columnCount()):
            widest = header.sectionSizeFromContents(column).width()
            for row in range(model.rowCount()):
                index = model.index(row, column)
                text = str(index.data() or "")
                font = index.data(Qt.ItemDataRole.FontRole)
                metrics = bold if isinstance(font, QFont) and font.bold() else plain
                widest = max(widest, metrics.horizontalAdvance(text) + CELL_PADDING)
            self.fitted[column] = max(widest, header.minimumSectionSize())
            self.setColumnWidth(column, widest)
        self.spread()

    def spread(self) -> None:
        column = self.stretch
        if column not in self.fitted:
            return
        others = sum(w for c, w in self.fitted.items() if c != column)
        room = self.viewport().width()
        bar = self.verticalScrollBar()
        if not bar.isVisible():  # it may appear once the rows are in: keep its room
            room -= bar.sizeHint().width()
        self.setColumnWidth(column, max(self.fitted[column], room - others))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.spread()


def report_view(
    name: str, model: ReportModel, sortable: bool = False, stretch: int = 0
) -> ReportView:
    """A read-only table of one report, rows selectable, numbers right-aligned by the model."""
    view = ReportView(stretch)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(60)
    model.modelReset.connect(view.fit_columns)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.setSortingEnabled(sortable)
    view.setWordWrap(False)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return view
