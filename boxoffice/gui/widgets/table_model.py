"""Table models of the desk's lists: one base for every flat, read-only table.

``RowTableModel`` answers the shape questions (row and column counts, headers, which record a
row is); ``RecordModel`` adds columns described by accessors (customers, cards, bookings,
staff); ``PagedTableModel`` loads its rows page by page off the GUI thread (the event lists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from boxoffice.gui.theme import colour
from boxoffice.i18n import _

if TYPE_CHECKING:
    from boxoffice.gui.context import AppContext

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: the default parent of a flat table
RECORD_ROLE = Qt.ItemDataRole.UserRole

# A service call as the desk's ServiceCalls runs it: the use case and its arguments after
# (db, actor).
Call = tuple[Callable[..., Any], tuple[Any, ...]]


class RowTableModel(QAbstractTableModel, Generic[T]):
    """One row per item of ``rows``; ``headers`` name the columns."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = tuple(headers)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return _(self.headers[section])  # titles are N_() constants: translated when shown
        return None

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of_index(self, index: Index) -> T | None:
        """The record behind a valid *index*, or None (where every ``data`` starts)."""
        return self.row_at(index.row()) if index.isValid() else None


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    right: bool = False  # numbers and money align right
    muted: Callable[[T], bool] | None = None  # greyed rows (cancelled, used ...)


class RecordModel(RowTableModel[T]):
    """Rows of *T* shown through *columns*; ``RECORD_ROLE`` returns the record itself."""

    def __init__(self, columns: Sequence[Column[T]]) -> None:
        self.columns = tuple(columns)
        super().__init__([c.title for c in self.columns])

    @property
    def records(self) -> list[T]:
        return self.rows

    def set_records(self, records: Sequence[T]) -> None:
        self.set_rows(records)

    def record(self, row: int) -> T | None:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.row_of_index(index)
        if record is None or not 0 <= index.column() < len(self.columns):
            return None
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


class PagedTableModel(RowTableModel[T]):
    """Rows read page by page through ``fetchMore``, off the GUI thread.

    A subclass says which service calls read: ``first_page_call(limit)`` returns
    ``(total, rows)`` of a new query in one call; ``page_call(offset, limit)`` one later page.
    :meth:`reload` starts over and bumps a generation number, so a page of an older query that
    arrives late is dropped and typing fast never mixes results.

    Signals: ``loading_changed(bool)`` while a page is on its way; ``counts_changed(int, int)``
    (loaded, total) after each page; ``failed(object)`` with the error of a failed read;
    ``reset_done()`` when the first page of a new query arrived.
    """

    loading_changed = Signal(bool)
    counts_changed = Signal(int, int)
    failed = Signal(object)
    reset_done = Signal()

    def __init__(self, ctx: AppContext, headers: Sequence[str], page_size: int) -> None:
        super().__init__(headers)
        self.ctx = ctx
        self.page_size = page_size
        self.total = 0
        self._generation = 0
        self._loading = False

    def first_page_call(self, limit: int) -> Call:
        raise NotImplementedError

    def page_call(self, offset: int, limit: int) -> Call:
        raise NotImplementedError

    @property
    def generation(self) -> int:
        """Bumped by each :meth:`reload` (a late answer to an older one is dropped)."""
        return self._generation

    @property
    def loading(self) -> bool:
        return self._loading

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def reload(self) -> None:
        """Replace the rows with the first page (the total comes with it)."""
        self._generation += 1
        generation = self._generation
        self._set_loading(True)
        use_case, args = self.first_page_call(self.page_size)
        self.ctx.services.run(
            use_case,
            *args,
            on_done=lambda result: self._first_page(generation, result),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _first_page(self, generation: int, result: tuple[int, list[T]]) -> None:
        if generation != self._generation:
            return
        total, rows = result
        self.beginResetModel()
        self.rows = list(rows)
        self.total = max(total, len(rows))
        self.endResetModel()
        self._set_loading(False)
        self.counts_changed.emit(len(self.rows), self.total)
        self.reset_done.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.failed.emit(exc)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self._loading and len(self.rows) < self.total

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        generation, offset = self._generation, len(self.rows)
        self._set_loading(True)
        use_case, args = self.page_call(offset, self.page_size)
        self.ctx.services.run(
            use_case,
            *args,
            on_done=lambda rows: self._append(generation, offset, rows),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _append(self, generation: int, offset: int, rows: list[T]) -> None:
        if generation != self._generation or offset != len(self.rows):
            return
        self._set_loading(False)
        if not rows:
            # Fewer rows than counted (some went away meanwhile): stop asking.
            self.total = len(self.rows)
        else:
            first = len(self.rows)
            # The last row is inclusive: first + n - 1 (STYLE.md #6).
            self.beginInsertRows(ROOT, first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
            self.total = max(self.total, len(self.rows))
        self.counts_changed.emit(len(self.rows), self.total)
