"""What paying by a typed card and by a saved card have in common: a CVV box (sent to the bank,
never stored) and an amount that follows what is still due and may not go over it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from boxoffice.gui.payment.money_edit import MoneyEdit
from boxoffice.i18n import _


class CardTenderForm(QWidget):
    """Base of CardForm and SavedCardForm; subclasses lay out ``cvv`` and ``amount``.

    Signals: ``changed()`` (the amount changing is wired here; subclasses add their fields).
    """

    changed = Signal()

    def __init__(self, cvv_name: str, amount_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.remaining = Decimal("0.00")
        self.cvv = QLineEdit()
        self.cvv.setObjectName(cvv_name)
        self.cvv.setEchoMode(QLineEdit.EchoMode.Password)
        self.cvv.setMaxLength(4)
        self.cvv.setMaximumWidth(60)
        self.cvv.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,4}$"), self))
        self.amount = MoneyEdit()
        self.amount.setObjectName(amount_name)
        self.amount.textChanged.connect(self.changed)

    def reset(self, remaining: Decimal) -> None:
        """A new payment: the fields cleared, the amount everything still due."""
        self.remaining = remaining
        self._clear_fields()
        self.amount.set_value(remaining if remaining > 0 else None)
        self.changed.emit()

    def _clear_fields(self) -> None:
        """Empty what the subclass's card fields hold (``reset`` sets the amount)."""
        raise NotImplementedError

    def set_remaining(self, remaining: Decimal) -> None:
        """Follow the amount still due unless the clerk typed a different one."""
        if self.amount.value() in (None, self.remaining):
            self.amount.set_value(remaining if remaining > 0 else None)
        self.remaining = remaining

    def amount_problem(self) -> str:
        """Why the amount cannot be charged ('' when it can)."""
        amount = self.amount.value()
        if amount is None or amount <= 0:
            return _("Type the amount for this card.")
        if amount > self.remaining:
            return _("The card amount is more than what is left to pay.")
        return ""
