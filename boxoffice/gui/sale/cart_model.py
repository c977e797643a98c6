"""The cart's lines (held seats or GA places) as a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from boxoffice.domain.money import format_money
from boxoffice.gui.theme import colour
from boxoffice.gui.widgets.table_model import Index, RowTableModel
from boxoffice.services.sales.holds import HoldInfo, HoldLine

LINE_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = ("Seat", "Tier", "Qty", "Price")
SEAT, TIER, QTY, PRICE = range(len(COLUMNS))


class CartModel(RowTableModel[HoldLine]):
    """One row per :class:`HoldLine`; ``expired`` greys the lines of a lapsed hold."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.expired = False

    def set_hold(self, hold: HoldInfo | None, expired: bool = False) -> None:
        self.beginResetModel()
        self.rows = list(hold.lines) if hold is not None else []
        self.expired = expired
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_of_index(index)
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SEAT:
                return line.label if line.seat_id is not None else "General admission"
            if column == TIER:
                return line.tier_name
            if column == QTY:
                return str(line.quantity)
            if column == PRICE:
                return format_money(line.amount)
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (QTY, PRICE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.expired:
            return colour("muted")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.label} — {line.tier_name}, {format_money(line.price)} each"
        return None
