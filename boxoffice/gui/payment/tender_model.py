"""The tenders added so far in a split payment; shows a card as brand + last four only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boxoffice.domain.card import card_brand, mask
from boxoffice.domain.money import format_money
from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender, VoucherTender
from boxoffice.i18n import N_, _

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: the default parent of a flat table
COLUMNS = (N_("Payment"), N_("Details"), N_("Amount"))


def describe(tender: Tender, saved_cards: dict[int, str] | None = None) -> tuple[str, str]:
    """(method, details) for display: never more of a card than its brand and last four."""
    if isinstance(tender, CashTender):
        extra = (
            _("tendered {amount}").format(amount=format_money(tender.tendered))
            if tender.tendered != tender.amount
            else ""
        )
        return _("Cash"), extra
    if isinstance(tender, CardTender):
        return _("Card"), f"{card_brand(tender.number).value.title()} {mask(tender.number)}"
    if isinstance(tender, SavedCardTender):
        name = (saved_cards or {}).get(tender.saved_card_id, "saved card")
        return _("Saved card"), name
    if isinstance(tender, VoucherTender):
        return _("Gift voucher"), tender.code.strip()[:4].upper() + "…"
    return type(tender).__name__, ""


def applied(tenders: list[Tender]) -> Decimal:
    return sum((t.amount for t in tenders), Decimal("0.00"))


class TenderModel(QAbstractTableModel):
    """The list of tenders of one payment (split tender)."""

    def __init__(self) -> None:
        super().__init__()
        self.tenders: list[Tender] = []
        self.saved_cards: dict[int, str] = {}  # id -> "Visa •••• 4242"

    def add(self, tender: Tender) -> None:
        row = len(self.tenders)
        self.beginInsertRows(QModelIndex(), row, row)
        self.tenders.append(tender)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.tenders):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.tenders[row]
            self.endRemoveRows()

    def total(self) -> Decimal:
        return applied(self.tenders)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.tenders)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.tenders):
            return None
        tender = self.tenders[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            method, details = describe(tender, self.saved_cards)
            return (method, details, format_money(tender.amount))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
