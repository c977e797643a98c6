"""The event list as a paged table model: 100 rows at a time, fetched off the GUI thread.

A new query resets the model and bumps a generation number; pages of an older query that
arrive late are dropped, so typing fast never mixes results.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.money import format_money
from boxoffice.domain.status import EventStatus
from boxoffice.gui.context import AppContext
from boxoffice.gui.table_model import ROOT, Index, RowTableModel
from boxoffice.gui.theme import colour
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventQuery, EventSummary

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = ("Date", "Event", "Venue", "Tiers", "Price", "Seats left")
DATE, TITLE, VENUE, TIERS, PRICE, SEATS = range(len(COLUMNS))


def local_time(value: datetime) -> str:
    """``Sat 14 Dec 2024, 19:30`` in the desk's local time zone."""
    return value.astimezone().strftime("%a %d %b %Y, %H:%M")


def price_range(event: EventSummary) -> str:
    if event.min_price == event.max_price:
        return format_money(event.min_price)
    return f"{format_money(event.min_price)}–{format_money(event.max_price)}"


def seats_left(event: EventSummary) -> str:
    if event.status == EventStatus.CANCELLED:
        return "Cancelled"
    if event.available <= 0:
        return "Sold out"
    return f"{event.available:,} of {event.capacity:,}"


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def first_page(
    db: Database, actor: Actor, query: EventQuery, limit: int
) -> tuple[int, list[EventSummary]]:
    """Count and first page together (one worker round trip for a new filter)."""
    return catalog.count_events(db, actor, query), catalog.search_events(db, actor, query, 0, limit)


class EventTableModel(RowTableModel[EventSummary]):
    """Rows of :class:`EventSummary`, loaded page by page through ``fetchMore``.

    Signals: ``loading_changed(bool)`` while a page is on its way; ``counts_changed(int, int)``
    (loaded, total) after each page; ``failed(object)`` with the error of a failed fetch;
    ``reset_done()`` when the first page of a new query arrived.
    """

    loading_changed = Signal(bool)
    counts_changed = Signal(int, int)
    failed = Signal(object)
    reset_done = Signal()

    def __init__(self, ctx: AppContext, page_size: int = 100) -> None:
        super().__init__(COLUMNS)
        self.ctx = ctx
        self.page_size = page_size
        self.query = EventQuery()
        self.total = 0
        self._generation = 0
        self._loading = False

    # -- loading --------------------------------------------------------------------------------
    def set_query(self, query: EventQuery) -> None:
        """Replace the rows with the first page of *query* (the count comes with it)."""
        self._generation += 1
        generation = self._generation
        self.query = query
        self._set_loading(True)
        self.ctx.tasks.run(
            first_page,
            self.ctx.db,
            self.ctx.actor,
            query,
            self.page_size,
            on_done=lambda result: self._first_page(generation, result),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def refresh(self) -> None:
        self.set_query(self.query)

    def refresh_counts(self) -> None:
        """Bring the "Seats left" of the loaded rows up to date (other desks keep selling),
        without reloading the list or moving the selection."""
        if self._loading or not self.rows:
            return
        generation = self._generation
        self.ctx.tasks.run(
            catalog.list_counts,
            self.ctx.db,
            self.ctx.actor,
            [event.id for event in self.rows],
            on_done=lambda counts: self._apply_counts(generation, counts),
            on_error=lambda _exc: None,  # a missed refresh is retried by the next one
        )

    def _apply_counts(self, generation: int, counts: dict[int, catalog.ListCount]) -> None:
        if generation != self._generation:
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

    @property
    def loading(self) -> bool:
        return self._loading

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _first_page(self, generation: int, result: tuple[int, list[EventSummary]]) -> None:
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
        if parent.isValid():
            return False
        return not self._loading and len(self.rows) < self.total

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        generation = self._generation
        offset = len(self.rows)
        self._set_loading(True)
        self.ctx.tasks.run(
            catalog.search_events,
            self.ctx.db,
            self.ctx.actor,
            self.query,
            offset,
            self.page_size,
            on_done=lambda rows: self._append(generation, offset, rows),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _append(self, generation: int, offset: int, rows: list[EventSummary]) -> None:
        if generation != self._generation or offset != len(self.rows):
            return
        self._set_loading(False)
        if not rows:
            # Fewer events than counted (some were cancelled meanwhile): stop asking.
            self.total = len(self.rows)
        else:
            first = len(self.rows)
            # The last row is inclusive: first + n - 1 (STYLE.md #6).
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
            self.total = max(self.total, len(self.rows))
        self.counts_changed.emit(len(self.rows), self.total)

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
            ga = "General admission" if event.general_admission else "Seated"
            return (
                f"{event.title}\n{event.venue}\n{local_time(event.starts_at)}\n"
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
        if column == VENUE:
            return event.venue.casefold()
        if column == TIERS:
            return len(event.tier_names)
        if column == PRICE:
            return _cents(event.min_price)
        if column == SEATS:
            return event.available
        return None
