"""Sorting and instant narrowing of the loaded events while the real search is on its way.

The server-side search (debounced) is the truth; this proxy only hides loaded rows that cannot
match what the clerk has typed so far, so the list reacts on every key press.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from boxoffice.gui.events.model import EVENT_ROLE, SORT_ROLE
from boxoffice.services.sales.catalog import EventSummary


def words(text: str) -> list[str]:
    return [w for w in text.casefold().split() if w]


def matches(event: EventSummary, needles: list[str]) -> bool:
    """Every typed word appears in the title, venue or genre (how the catalog search matches)."""
    haystack = f"{event.title} {event.venue} {event.category}".casefold()
    return all(n in haystack for n in needles)


class EventFilterProxy(QSortFilterProxyModel):
    """Sorts on each column's natural key; filters on the words typed so far."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._needles: list[str] = []

    def set_text(self, text: str) -> None:
        needles = words(text)
        if needles != self._needles:
            self.beginFilterChange()
            self._needles = needles
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._needles:
            return True
        source = self.sourceModel()
        event = source.data(source.index(source_row, 0, source_parent), EVENT_ROLE)
        return event is None or matches(event, self._needles)
