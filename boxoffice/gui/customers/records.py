"""A read-only table model over a list of frozen dataclasses, one column per accessor.

Customers, their saved cards, bookings and tickets are all small lists shown as tables; this
one model (checked with qtmodeltester) serves them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boxoffice.gui.theme import colour

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: the default parent of a flat table
RECORD_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    right: bool = False  # numbers and money align right
    muted: Callable[[T], bool] | None = None  # greyed rows (cancelled, used ...)


class RecordModel(QAbstractTableModel, Generic[T]):
    """Rows of *T* shown through *columns*; ``RECORD_ROLE`` returns the record itself."""

    def __init__(self, columns: Sequence[Column[T]]) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.records: list[T] = []

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> T | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.muted and column.muted(record):
            return colour("muted")
        return None
