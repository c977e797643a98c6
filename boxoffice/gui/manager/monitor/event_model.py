"""The monitor's event list: upcoming events with a check box each (checked = watched)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text
from boxoffice.services.sales.monitor import MonitorEvent

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
EVENT_ROLE = Qt.ItemDataRole.UserRole


class EventChoiceModel(QAbstractListModel):
    """Signals: ``toggled(int, bool)`` when an event is checked or unchecked by the user or by
    :meth:`set_checked`; ``limit_reached(int)`` when checking one more would pass ``limit``."""

    toggled = Signal(int, bool)
    limit_reached = Signal(int)

    def __init__(self, limit: int = 4) -> None:
        super().__init__()
        self.limit = limit
        self.events: list[MonitorEvent] = []
        self.checked: list[int] = []  # in the order they were checked

    def set_events(self, events: Sequence[MonitorEvent]) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.endResetModel()

    def add_event(self, event: MonitorEvent) -> None:
        if any(e.id == event.id for e in self.events):
            return
        row = len(self.events)
        self.beginInsertRows(ROOT, row, row)  # the last row is inclusive
        self.events.append(event)
        self.endInsertRows()

    def event_at(self, row: int) -> MonitorEvent | None:
        return self.events[row] if 0 <= row < len(self.events) else None

    def find(self, event_id: int) -> MonitorEvent | None:
        return next((e for e in self.events if e.id == event_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.events)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.events):
            return None
        event = self.events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = when_text(event.starts_at.astimezone(), year=False)
            return f"{event.title}\n{when} · {event.venue}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if event.id in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _("general admission") if event.general_admission else "seated"
            return _("{title} — {venue}, {capacity} places ({kind})").format(
                title=event.title,
                venue=event.venue,
                capacity=number_text(event.capacity),
                kind=kind,
            )
        if role == EVENT_ROLE:
            return event
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        event = self.event_at(index.row())
        if event is None:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        return self.set_checked(event.id, state == Qt.CheckState.Checked.value)

    def set_checked(self, event_id: int, checked: bool) -> bool:
        """Watch or stop watching *event_id*; False if it is unknown or the limit is reached."""
        row = next((i for i, e in enumerate(self.events) if e.id == event_id), None)
        if row is None or (event_id in self.checked) == checked:
            return row is not None
        if checked and len(self.checked) >= self.limit:
            self.limit_reached.emit(self.limit)
            return False
        if checked:
            self.checked.append(event_id)
        else:
            self.checked.remove(event_id)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.toggled.emit(event_id, checked)
        return True
