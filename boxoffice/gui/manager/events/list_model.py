"""The editor's event list: a paged table model fed by ``events.list_managed_events``
off the GUI thread.

A new filter resets the model and bumps a generation number, so a page of an older query that
arrives late is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.status import EventStatus
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.times import local_text
from boxoffice.gui.table_model import ROOT, Index, RowTableModel
from boxoffice.gui.theme import colour
from boxoffice.services.events import editor as events
from boxoffice.services.events.editor import EventRow

EVENT_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = ("Date", "Event", "Venue", "Sold")
DATE, TITLE, VENUE, SOLD = range(len(COLUMNS))


def first_page(
    db: Database, actor: Actor, text: str, include_past: bool, limit: int
) -> tuple[int, list[EventRow]]:
    """Count and first page in one worker round trip."""
    return (
        events.count_managed_events(db, actor, text, include_past),
        events.list_managed_events(db, actor, text, include_past, 0, limit),
    )


def status_text(row: EventRow) -> str:
    if row.status == EventStatus.CANCELLED.value:
        return "Cancelled"
    if row.ends_at <= utcnow():
        return "Past"
    return "General admission" if row.general_admission else "Seated"


class EventListModel(RowTableModel[EventRow]):
    """Rows of :class:`EventRow`, page by page through ``fetchMore``.

    Signals: ``reset_done()`` when the first page of a new filter arrived; ``failed(object)``
    with the error of a failed fetch.
    """

    reset_done = Signal()
    failed = Signal(object)

    def __init__(self, ctx: AppContext, page_size: int = 200) -> None:
        super().__init__(COLUMNS)
        self.ctx = ctx
        self.page_size = page_size
        self.text = ""
        self.include_past = False
        self.total = 0
        self._generation = 0
        self._loading = False

    # -- loading ---------------------------------------------------------------------------------
    def set_filter(self, text: str, include_past: bool) -> None:
        self.text, self.include_past = text, include_past
        self.refresh()

    def refresh(self) -> None:
        """Reload from the first page (after a save, or a filter change)."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.ctx.tasks.run(
            first_page,
            self.ctx.db,
            self.ctx.actor,
            self.text,
            self.include_past,
            self.page_size,
            on_done=lambda result: self._first(generation, result),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _first(self, generation: int, result: tuple[int, list[EventRow]]) -> None:
        if generation != self._generation:
            return
        total, rows = result
        self.beginResetModel()
        self.rows = list(rows)
        self.total = max(total, len(rows))
        self._loading = False
        self.endResetModel()
        self.reset_done.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self.failed.emit(exc)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self._loading and len(self.rows) < self.total

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        generation, offset = self._generation, len(self.rows)
        self._loading = True
        self.ctx.tasks.run(
            events.list_managed_events,
            self.ctx.db,
            self.ctx.actor,
            self.text,
            self.include_past,
            offset,
            self.page_size,
            on_done=lambda rows: self._append(generation, offset, rows),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _append(self, generation: int, offset: int, rows: list[EventRow]) -> None:
        if generation != self._generation or offset != len(self.rows):
            return
        self._loading = False
        if not rows:
            self.total = len(self.rows)  # fewer than counted (deleted meanwhile): stop asking
            return
        first = len(self.rows)
        self.beginInsertRows(ROOT, first, first + len(rows) - 1)  # last row inclusive
        self.rows.extend(rows)
        self.endInsertRows()
        self.total = max(self.total, len(self.rows))

    # -- lookup ----------------------------------------------------------------------------------
    def event_at(self, row: int) -> EventRow | None:
        return self.row_at(row)

    def row_of(self, event_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.id == event_id:
                return i
        return None

    # -- table -----------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = self.row_of_index(index), index.column()
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == EVENT_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.venue}\n{local_text(row.starts_at)}\n{status_text(row)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SOLD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == EventStatus.CANCELLED.value:
                return colour("error" if column == SOLD else "muted")
            if row.ends_at <= utcnow():
                return colour("muted")
        return None

    @staticmethod
    def _display(row: EventRow, column: int) -> str:
        if column == DATE:
            return local_text(row.starts_at)
        if column == TITLE:
            return row.title
        if column == VENUE:
            return row.venue
        if row.status == EventStatus.CANCELLED.value:
            return "Cancelled"
        return f"{row.sold:,} / {row.capacity:,}"
