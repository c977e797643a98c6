"""The event browser: filter bar over a paged, sortable event table.

Keyboard: type to search, Enter picks the top event, Down walks the list, Enter on a row picks it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.events.filters import EventFilterBar
from boxoffice.gui.events.model import COLUMNS, DATE, EVENT_ROLE, TITLE, EventTableModel
from boxoffice.gui.events.proxy import EventFilterProxy
from boxoffice.gui.widgets.remembered import remember_columns
from boxoffice.services.events import series as event_series
from boxoffice.services.sales import catalog
from boxoffice.services.sales.catalog import EventQuery, EventSummary

COUNTS_REFRESH_MS = 15_000  # how often the seats-left column catches up with other desks
COLUMNS_SETTING = "sell/event_columns"  # desk setting: the event list's column widths


class EventTable(QTableView):
    """A table where Enter activates the current row (instead of moving down).

    Signals: ``enter_pressed()``.
    """

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class EventBrowser(QWidget):
    """Signals: ``event_chosen(EventSummary)`` when the clerk picks an event (Enter, double click,
    or a single click/arrow move: the sale follows the current row); ``current_changed(object)``."""

    event_chosen = Signal(object)
    current_changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventBrowser")
        self.ctx = ctx
        self.model = EventTableModel(ctx)
        self.proxy = EventFilterProxy()
        self.proxy.setSourceModel(self.model)
        self._pick_first_when_loaded = False

        self.filters = EventFilterBar()
        self.filters.query_changed.connect(self.model.set_query)
        self.filters.text_edited.connect(self.proxy.set_text)
        self.filters.search.returnPressed.connect(self.pick_first)
        self.filters.search.down_pressed.connect(self._into_table)

        self.table = EventTable()
        self.table.setObjectName("eventTable")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        widths = (170, 200, 100, 150, 150, 110, 110)
        for column, width in zip(range(len(COLUMNS)), widths, strict=True):
            self.table.setColumnWidth(column, width)
        remember_columns(header, ctx.settings, COLUMNS_SETTING)
        self.table.doubleClicked.connect(lambda _i: self.choose_current())
        self.table.enter_pressed.connect(self.choose_current)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self.status = QLabel()
        self.status.setObjectName("eventCount")
        self.status.setProperty("role", "subtle")
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.model.counts_changed.connect(self._counts)
        self.model.loading_changed.connect(self._loading)
        self.model.failed.connect(self._failed)
        self.model.reset_done.connect(self._after_reset)

        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.ctx.services.run(
            catalog.list_venues,
            on_done=self.filters.set_venues,
            on_error=self._failed,
        )
        self.ctx.services.run(
            event_series.list_series, on_done=self.filters.set_series, on_error=self._failed
        )
        self.model.set_query(self.filters.query())

        # Other desks keep selling: the seats-left column follows them (one primary-key read of
        # the loaded rows), and this desk's own sales show at once (refresh_counts).
        self.counts_timer = QTimer(self)
        self.counts_timer.setInterval(COUNTS_REFRESH_MS)
        self.counts_timer.timeout.connect(self._poll_counts)
        self.counts_timer.start()

    def refresh_counts(self) -> None:
        """Update the seats left of the events on the list now."""
        self.model.refresh_counts()

    def _poll_counts(self) -> None:
        if self.isVisible():
            self.model.refresh_counts()

    # -- loading state --------------------------------------------------------------------------
    @Slot(int, int)
    def _counts(self, loaded: int, total: int) -> None:
        if total == 0:
            self.status.setText("No events match.")
        elif loaded >= total:
            self.status.setText(f"{total:,} event{'s' if total != 1 else ''}")
        else:
            self.status.setText(f"{loaded:,} of {total:,} events loaded — scroll for more")

    @Slot(bool)
    def _loading(self, loading: bool) -> None:
        if loading:
            self.status.setText("Searching…")

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.error.setText(exc.message)
        self.error.show()

    def _after_reset(self) -> None:
        self.error.hide()
        if self._pick_first_when_loaded:
            self._pick_first_when_loaded = False
            self.pick_first()

    # -- choosing ---------------------------------------------------------------------------------
    def _event_at(self, proxy_row: int) -> EventSummary | None:
        if not 0 <= proxy_row < self.proxy.rowCount():
            return None
        event = self.proxy.index(proxy_row, 0).data(EVENT_ROLE)
        return event if isinstance(event, EventSummary) else None

    def current_event(self) -> EventSummary | None:
        return self._event_at(self.table.currentIndex().row())

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(self._event_at(current.row()))

    @Slot()
    def pick_first(self) -> None:
        """Enter in the search box: search now if a search is pending, then choose the top row."""
        if self.filters.pending():
            self._pick_first_when_loaded = True
            self.filters.emit_now()
            return
        if self.model.loading:
            self._pick_first_when_loaded = True
            return
        if self.proxy.rowCount() == 0:
            return
        self.select_row(0)
        self.choose_current()

    def select_row(self, row: int) -> None:
        index = self.proxy.index(row, DATE)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    @Slot()
    def choose_current(self) -> None:
        event = self.current_event()
        if event is not None:
            self.event_chosen.emit(event)

    def _into_table(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        if not self.table.currentIndex().isValid():
            self.select_row(0)
        self.table.setFocus()

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def set_query(self, query: EventQuery) -> None:
        """Search for *query* now (tests, and the sell tab after a sale refreshes counts)."""
        self.model.set_query(query)
