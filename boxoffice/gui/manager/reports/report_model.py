"""A table model over a :class:`ReportTable`: the same cells the PDF shows, sortable by value.

The totals row stays last whatever the sort; sorting compares the raw values (dates, Decimals,
counts), not their formatted text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from boxoffice.gui.theme import colour
from boxoffice.services.reports.export import ReportTable

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
VALUE_ROLE = Qt.ItemDataRole.UserRole  # the raw cell value


class ReportModel(QAbstractTableModel):
    """Rows of one report table (plus its totals row, in bold)."""

    def __init__(self) -> None:
        super().__init__()
        self.table: ReportTable | None = None
        self._rows: list[tuple[Any, ...]] = []
        self._order: list[int] = []  # shown row -> row of the table as given

    def set_table(self, table: ReportTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self._rows = list(table.rows) if table is not None else []
        self._order = list(range(len(self._rows)))
        self.endResetModel()

    def source_row(self, row: int) -> int | None:
        """Index into ``table.rows`` of the shown *row* (None for the totals row)."""
        return self._order[row] if 0 <= row < len(self._order) else None

    def shown_row(self, source_row: int) -> int | None:
        return self._order.index(source_row) if source_row in self._order else None

    def _has_totals(self) -> bool:
        return self.table is not None and self.table.totals is not None

    def is_totals(self, row: int) -> bool:
        return self._has_totals() and row == len(self._rows)

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        if self.is_totals(row) and self.table is not None:
            return self.table.totals
        return None

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() or self.table is None:
            return 0
        return len(self._rows) + (1 if self._has_totals() else 0)

    def columnCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self.table
        if table is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(table.columns):
            return None
        column = table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.name
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self.table
        if table is None or not index.isValid():
            return None
        values = self.row_values(index.row())
        if values is None or not 0 <= index.column() < len(table.columns):
            return None
        column = table.columns[index.column()]
        value = values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return table.text_cell(value, column.kind)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        totals = self.is_totals(index.row())
        source = self.source_row(index.row())
        emphasis = source is not None and source in table.emphasis
        if role == Qt.ItemDataRole.FontRole and (totals or emphasis):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and totals:
            return colour("table_totals")
        if role == Qt.ItemDataRole.BackgroundRole and emphasis:
            return colour("table_emphasis")
        if role == Qt.ItemDataRole.ForegroundRole and column.numeric and value in (0, None):
            return colour("muted")  # zero days and empty cells recede; figures stand out
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        table = self.table
        if table is None or not 0 <= column < len(table.columns):
            return
        self.layoutAboutToBeChanged.emit()
        reverse = order == Qt.SortOrder.DescendingOrder

        def key(i: int) -> tuple[bool, Any]:
            value = self._rows[i][column]
            blank = value is None or value == ""
            return (blank != reverse, value if not blank else 0)  # blanks last either way

        order_rows = sorted(range(len(self._rows)), key=key, reverse=reverse)
        new_row = {old: new for new, old in enumerate(order_rows)}
        self._rows = [self._rows[i] for i in order_rows]
        self._order = [self._order[i] for i in order_rows]
        before = self.persistentIndexList()
        after = [
            self.index(new_row.get(i.row(), i.row()), i.column()) if i.isValid() else i
            for i in before
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
