"""The editor's event list: a paged table model fed by ``events.first_managed_page`` and
``events.list_managed_events`` off the GUI thread (paging: ``widgets.table_model``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from boxoffice.domain.clock import utcnow
from boxoffice.domain.status import EventStatus
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.times import local_text
from boxoffice.gui.theme import colour
from boxoffice.gui.widgets.table_model import Call, Index, PagedTableModel
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import N_, _
from boxoffice.i18n.formats import number_text
from boxoffice.services.events import editor as events
from boxoffice.services.events.editor import EventRow

EVENT_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = (N_("Date"), N_("Event"), N_("Venue"), N_("Sold"))
DATE, TITLE, VENUE, SOLD = range(len(COLUMNS))


def status_text(row: EventRow) -> str:
    if row.status == EventStatus.CANCELLED.value:
        return _("Cancelled")
    if row.ends_at <= utcnow():
        return _("Past")
    return _("General admission") if row.general_admission else _("Seated")


class EventListModel(PagedTableModel[EventRow]):
    """Rows of :class:`EventRow` for a title filter, page by page (signals and paging:
    :class:`PagedTableModel`)."""

    def __init__(self, ctx: AppContext, page_size: int = 200) -> None:
        super().__init__(ctx, COLUMNS, page_size)
        self.text = ""
        self.include_past = False
        self.series_id: int | None = None

    def first_page_call(self, limit: int) -> Call:
        return events.first_managed_page, (self.text, self.include_past, limit, self.series_id)

    def page_call(self, offset: int, limit: int) -> Call:
        return events.list_managed_events, (
            self.text,
            self.include_past,
            offset,
            limit,
            self.series_id,
        )

    def set_filter(self, text: str, include_past: bool, series_id: int | None = None) -> None:
        self.text, self.include_past, self.series_id = text, include_past, series_id
        self.reload()

    def refresh(self) -> None:
        """Reload from the first page (after a save, or a filter change)."""
        self.reload()

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
        if column == DATE:  # no weekday: the title keeps its room in every language
            return when_text(row.starts_at.astimezone(), weekday=False)
        if column == TITLE:
            return row.title
        if column == VENUE:
            return row.venue
        if row.status == EventStatus.CANCELLED.value:
            return _("Cancelled")
        return f"{number_text(row.sold)} / {number_text(row.capacity)}"
