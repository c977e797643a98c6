"""Search results over every booking, fetched a page at a time as the table scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont

from boxoffice.domain.money import format_money
from boxoffice.domain.status import BookingStatus
from boxoffice.gui.theme import colour
from boxoffice.gui.widgets.table_model import ROOT, Index, RowTableModel
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import N_
from boxoffice.services.bookings.manage import BookingSummary

PAGE = 100
Fetch = Callable[[int, int, Callable[[list[BookingSummary]], None]], None]

COLUMNS: tuple[tuple[str, Callable[[BookingSummary], str], bool], ...] = (
    (N_("Reference"), lambda b: b.reference, False),
    (N_("Event"), lambda b: b.event_title, False),
    (N_("Event date"), lambda b: when_text(b.starts_at.astimezone(), weekday=False), False),
    (N_("Customer"), lambda b: b.customer_name or "—", False),
    # Sold / checked in / cancelled and the net total: a count of valid tickets alone read 0
    # beside a cancelled booking's original total.
    (N_("Sold"), lambda b: str(b.sold), True),
    (N_("Checked in"), lambda b: str(b.checked_in), True),
    (N_("Cancelled"), lambda b: str(b.cancelled), True),
    (N_("Total"), lambda b: format_money(b.total), True),
    (N_("Net total"), lambda b: format_money(b.net_total), True),
    (N_("Status"), lambda b: b.status, False),
    (
        N_("Booked"),
        lambda b: when_text(b.created_at.astimezone(), weekday=False, year=False),
        False,
    ),
)


class BookingResults(RowTableModel[BookingSummary]):
    """Signals: ``loaded(int)`` with the number of rows after each page arrived.

    :meth:`search` starts over; the view's scrolling calls ``fetchMore`` for the next page.
    A page answering an older search is dropped.
    """

    loaded = Signal(int)

    def __init__(self, fetch: Fetch) -> None:
        super().__init__([title for title, _text, _right in COLUMNS])
        self._fetch = fetch  # (offset, limit, deliver) -> None, runs the service off the GUI
        self.exhausted = True
        self.loading = False
        self._generation = 0

    def search(self) -> None:
        """Forget the rows and fetch the first page of the current query."""
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.exhausted = False
        self.loading = False
        self.endResetModel()
        self.fetchMore(ROOT)

    def record(self, row: int) -> BookingSummary | None:
        return self.row_at(row)

    def replace(self, summary: BookingSummary) -> None:
        """Show a booking's new state (after a cancel or exchange) in its row."""
        for row, old in enumerate(self.rows):
            if old.id == summary.id:
                self.rows[row] = summary
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return

    # -- paging -----------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        self.loading = True
        generation, offset = self._generation, len(self.rows)
        self._fetch(offset, PAGE, lambda page: self._arrived(generation, offset, page))

    def _arrived(self, generation: int, offset: int, page: list[BookingSummary]) -> None:
        if generation != self._generation or offset != len(self.rows):
            return
        self.loading = False
        if page:
            first = len(self.rows)
            self.beginInsertRows(ROOT, first, first + len(page) - 1)  # the last row is inclusive
            self.rows.extend(page)
            self.endInsertRows()
        if len(page) < PAGE:
            self.exhausted = True
        self.loaded.emit(len(self.rows))

    def failed(self) -> None:
        """The page could not be read: stop asking until the next search."""
        self.loading = False
        self.exhausted = True

    # -- table ------------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        booking = self.row_of_index(index)
        if booking is None or not 0 <= index.column() < len(COLUMNS):
            return None
        title, text, right = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(booking)
        if role == Qt.ItemDataRole.UserRole:
            return booking
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and booking.status != BookingStatus.CONFIRMED:
            return colour("muted")
        if role == Qt.ItemDataRole.FontRole and title == "Reference":
            font = QFont("DejaVu Sans Mono")
            font.setStyleHint(QFont.StyleHint.Monospace)
            return font
        return None
