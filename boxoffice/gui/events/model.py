"""The clerk's event list as a paged table model: 100 rows at a time, fetched off the GUI thread
(paging and late-page dropping: :class:`~boxoffice.gui.widgets.table_model.PagedTableModel`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from boxoffice.domain.money import format_money
from boxoffice.domain.status import EventStatus
from boxoffice.gui.context import AppContext
from boxoffice.gui.theme import colour
from boxoffice.gui.widgets.table_model import Call, Index, PagedTableModel
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import N_, _
from boxoffice.i18n.formats import number_text
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventQuery, EventSummary

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = (
    N_("Date"),
    N_("Event"),
    N_("Genre"),
    N_("Venue"),
    N_("Tiers"),
    N_("Price"),
    N_("Seats left"),
)
DATE, TITLE, GENRE, VENUE, TIERS, PRICE, SEATS = range(len(COLUMNS))


def local_time(value: datetime) -> str:
    """``Sat 14 Dec 2024, 19:30`` in the desk's local time zone."""
    return when_text(value.astimezone())


def price_range(event: EventSummary) -> str:
    if event.min_price == event.max_price:
        return format_money(event.min_price)
    return f"{format_money(event.min_price)}–{format_money(event.max_price)}"


def seats_left(event: EventSummary) -> str:
    if event.status == EventStatus.CANCELLED:
        return _("Cancelled")
    if event.available <= 0:
        return _("Sold out")
    return _("{available} of {capacity}").format(
        available=number_text(event.available), capacity=number_text(event.capacity)
    )


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


class EventTableModel(PagedTableModel[EventSummary]):
    """Rows of :class:`EventSummary` for the current :class:`EventQuery`, loaded page by page
    (signals and paging: :class:`PagedTableModel`)."""

    def __init__(self, ctx: AppContext, page_size: int = 100) -> None:
        super().__init__(ctx, COLUMNS, page_size)
        self.query = EventQuery()

    def first_page_call(self, limit: int) -> Call:
        return catalog.first_events_page, (self.query, limit)

    def page_call(self, offset: int, limit: int) -> Call:
        return catalog.search_events, (self.query, offset, limit)

    def set_query(self, query: EventQuery) -> None:
        """Replace the rows with the first page of *query* (the count comes with it)."""
        self.query = query
        self.reload()

    def refresh(self) -> None:
        self.reload()

    def refresh_counts(self) -> None:
        """Bring the "Seats left" of the loaded rows up to date (other desks keep selling),
        without reloading the list or moving the selection."""
        if self.loading or not self.rows:
            return
        generation = self.generation
        self.ctx.services.run(
            catalog.list_counts,
            [event.id for event in self.rows],
            on_done=lambda counts: self._apply_counts(generation, counts),
            on_error=lambda _exc: None,  # a missed refresh is retried by the next one
        )

    def _apply_counts(self, generation: int, counts: dict[int, catalog.ListCount]) -> None:
        if generation != self.generation:
            return  # a new query replaced the rows meanwhile
        for row, event in enumerate(self.rows):
            now = counts.get(event.id)
            if now is None or (now.capacity, now.available, now.status) == (
                event.capacity,
                event.available,
                event.status,
            ):
                continue
            self.rows[row] = replace(
                event, capacity=now.capacity, available=now.available, status=now.status
            )
            first, last = self.index(row, 0), self.index(row, len(COLUMNS) - 1)
            self.dataChanged.emit(first, last)

    # -- table (counts and headers come from RowTableModel) --------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        event = self.row_of_index(index)
        if event is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column)
        if role == SORT_ROLE:
            return self._sort_key(event, column)
        if role == EVENT_ROLE:
            return event
        if role == Qt.ItemDataRole.ToolTipRole:
            ga = _("General admission") if event.general_admission else _("Seated")
            genre = f" ({event.category})" if event.category else ""
            return (
                f"{event.title}{genre}\n{event.venue}\n{local_time(event.starts_at)}\n"
                f"{ga} · {', '.join(event.tier_names)}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PRICE, SEATS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == SEATS:
            if event.status == EventStatus.CANCELLED or event.available <= 0:
                return colour("error")
            if event.available < max(10, event.capacity // 20):
                return colour("warning")
        return None

    @staticmethod
    def _display(event: EventSummary, column: int) -> str | None:
        if column == DATE:
            return local_time(event.starts_at)
        if column == TITLE:
            return event.title
        if column == GENRE:
            return event.category
        if column == VENUE:
            return event.venue
        if column == TIERS:
            return ", ".join(event.tier_names)
        if column == PRICE:
            return price_range(event)
        if column == SEATS:
            return seats_left(event)
        return None

    @staticmethod
    def _sort_key(event: EventSummary, column: int) -> Any:
        if column == DATE:
            return event.starts_at.timestamp()
        if column == TITLE:
            return event.title.casefold()
        if column == GENRE:
            return event.category.casefold()
        if column == VENUE:
            return event.venue.casefold()
        if column == TIERS:
            return len(event.tier_names)
        if column == PRICE:
            return _cents(event.min_price)
        if column == SEATS:
            return event.available
        return None
