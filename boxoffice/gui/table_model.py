"""A flat, read-only table over ``rows`` (a list of frozen records) with fixed column titles.

The event list and the cart both show one record per row under a tuple of headers; this base
answers the shape questions (row and column counts, headers, which record a row or index is)
and leaves ``data`` to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: the default parent of a flat table


class RowTableModel(QAbstractTableModel, Generic[T]):
    """One row per item of ``rows``; ``headers`` name the columns."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = tuple(headers)
        self.rows: list[T] = []

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of_index(self, index: Index) -> T | None:
        """The record behind a valid *index*, or None (where every ``data`` starts)."""
        return self.row_at(index.row()) if index.isValid() else None
