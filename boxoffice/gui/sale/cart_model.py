"""The cart's lines (held seats or GA places) as a table model."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from boxoffice.domain.money import format_money
from boxoffice.gui.theme import colour
from boxoffice.gui.widgets.table_model import Index, RowTableModel
from boxoffice.i18n import N_, _
from boxoffice.services.sales.holds import HoldInfo, HoldLine
from boxoffice.services.sales.pricing import Quote

LINE_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = (N_("Seat"), N_("Tier"), N_("Type"), N_("Qty"), N_("Price"))
SEAT, TIER, TYPE, QTY, PRICE = range(len(COLUMNS))


class CartModel(RowTableModel[HoldLine]):
    """One row per :class:`HoldLine`; ``expired`` greys the lines of a lapsed hold. The price
    is the line's with its concession (the quote's line amount, fees and tax shown apart)."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.expired = False
        self.amounts: list[Decimal] = []

    def set_hold(self, hold: HoldInfo | None, expired: bool = False) -> None:
        self.beginResetModel()
        self.rows = list(hold.lines) if hold is not None else []
        self.amounts = [_typed_amount(hold.quote, i) for i in range(len(self.rows))] if hold else []
        self.expired = expired
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_of_index(index)
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SEAT:
                return line.label if line.seat_id is not None else _("General admission")
            if column == TIER:
                return line.tier_name
            if column == TYPE:
                return line.ticket_type.name if line.ticket_type is not None else ""
            if column == QTY:
                return str(line.quantity)
            if column == PRICE:
                row = index.row()
                return format_money(self.amounts[row] if row < len(self.amounts) else line.amount)
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (QTY, PRICE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.expired:
            return colour("muted")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _("{label} — {tier_name}, {amount} each").format(
                label=line.label, tier_name=line.tier_name, amount=format_money(line.price)
            )
            if line.ticket_type is not None and line.ticket_type.check:
                tip += _("\nCheck: {check}").format(check=line.ticket_type.check)
            return tip
        return None


def _typed_amount(quote: Quote, row: int) -> Decimal:
    """The line at its ticket type's price (what the concession step made of it)."""
    line = quote.lines[row]
    return line.amount + sum(
        (a.amount for a in quote.adjustments if a.line == row and a.step == "ticket type"),
        Decimal("0.00"),
    )
