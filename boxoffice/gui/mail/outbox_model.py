"""Table model of outbox messages (newest first) for the Mail tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boxoffice.gui.theme import colour
from boxoffice.i18n import N_, _
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.mail.outbox import OutboxEntry

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: the default parent of a flat table
COLUMNS = (N_("Queued"), "To", N_("Subject"), N_("Status"), N_("Tries"), N_("Last error"))
_STATUS_ROLES = {"failed": "error", "pending": "warning"}  # theme colour roles


class OutboxModel(QAbstractTableModel):
    """One row per :class:`OutboxEntry`; replaced wholesale on each refresh."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[OutboxEntry] = []

    def set_entries(self, entries: list[OutboxEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                format_stamp(entry.created_at),
                entry.to_addr,
                entry.subject,
                entry.status,
                str(entry.attempts),
                entry.last_error,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 5 and entry.last_error:
                return entry.last_error
            if column == 2:
                return entry.subject
            if column == 3 and entry.sent_at is not None:
                return _("Sent {stamp}").format(stamp=format_stamp(entry.sent_at))
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            role_name = _STATUS_ROLES.get(entry.status)
            return colour(role_name) if role_name else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
