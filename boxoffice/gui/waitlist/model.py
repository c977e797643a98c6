"""Table model of waiting-list entries (an event's queue or one customer's entries)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.gui.events.model import local_time
from boxoffice.i18n import N_, _
from boxoffice.services.waitlist.views import WaitlistEntryView

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("#", N_("Customer"), N_("Event"), N_("Places"), N_("Tier"), N_("Type"), N_("State"))
CUSTOMER_COLUMN, EVENT_COLUMN = 1, 2
_STATES = {
    WaitlistStatus.WAITING: N_("Waiting"),
    WaitlistStatus.OFFERED: N_("Offer open"),
    WaitlistStatus.TAKEN: N_("Taken to a cart"),
    WaitlistStatus.EXPIRED: N_("Offer ran out"),
    WaitlistStatus.REMOVED: N_("Removed"),
}


def state_text(entry: WaitlistEntryView) -> str:
    text = _(_STATES[entry.status])
    if entry.status is WaitlistStatus.OFFERED and entry.offer_expires_at is not None:
        text += _(" until {local_time}").format(local_time=local_time(entry.offer_expires_at))
    return text


class WaitlistModel(QAbstractTableModel):
    """Rows are :class:`WaitlistEntryView`; ``entry(row)`` gives one back."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[WaitlistEntryView] = []

    def set_entries(self, entries: list[WaitlistEntryView]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> WaitlistEntryView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self._rows[index.row()]
        values = (
            str(e.position) if e.position else "",
            e.customer_name,
            e.event_title,
            str(e.quantity),
            e.tier_name or _("Any"),
            e.ticket_type_name or _("Default"),
            state_text(e),
        )
        return values[index.column()]
