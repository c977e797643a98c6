"""Counting cash: one spin box per note and coin of the till's currency, with a running total."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from boxoffice.domain.money import format_money
from boxoffice.domain.till import SYMBOLS
from boxoffice.i18n import _
from boxoffice.services.till import denominations as dn

MAX_PIECES = 9_999


class CountForm(QWidget):
    """Signals: ``total_changed(object)`` with the counted Decimal after each change."""

    total_changed = Signal(object)

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countForm")
        self.currency = currency
        self.symbol = SYMBOLS.get(currency, currency + " ")
        self.spins: dict[Decimal, QSpinBox] = {}
        self._subtotals: dict[Decimal, QLabel] = {}
        grid = QGridLayout(self)
        values = dn.denominations(currency)
        half = (len(values) + 1) // 2  # notes on the left, coins on the right
        for index, value in enumerate(values):
            row, col = index % half, (index // half) * 3
            spin = QSpinBox()
            spin.setRange(0, MAX_PIECES)
            spin.setAccessibleName(_("Count of {label}").format(label=dn.label(currency, value)))
            spin.valueChanged.connect(self._recount)
            subtotal = QLabel(format_money(Decimal("0.00"), self.symbol))
            subtotal.setObjectName("subtle")
            # Room for a large subtotal, so the column does not clip as counts grow.
            widest = format_money(value * MAX_PIECES, self.symbol)
            subtotal.setMinimumWidth(subtotal.fontMetrics().horizontalAdvance(widest) + 8)
            grid.addWidget(QLabel(dn.label(currency, value)), row, col)
            grid.addWidget(spin, row, col + 1)
            grid.addWidget(subtotal, row, col + 2)
            self.spins[value] = spin
            self._subtotals[value] = subtotal
        self.total_label = QLabel()
        self.total_label.setObjectName("countTotal")
        grid.addWidget(self.total_label, half, 0, 1, 6)
        self._recount()

    def counts(self) -> dict[Decimal, int]:
        return {value: spin.value() for value, spin in self.spins.items() if spin.value()}

    def set_counts(self, counts: dict[Decimal, int]) -> None:
        for value, spin in self.spins.items():
            spin.setValue(counts.get(value, 0))

    def total(self) -> Decimal:
        return dn.total(self.counts())

    @Slot()
    def _recount(self) -> None:
        for value, spin in self.spins.items():
            self._subtotals[value].setText(format_money(value * spin.value(), self.symbol))
        total = self.total()
        self.total_label.setText(
            _("Counted: {amount}").format(amount=format_money(total, self.symbol))
        )
        self.total_changed.emit(total)
