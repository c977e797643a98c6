"""A line edit for an amount of money: digits with up to two decimals, read as Decimal."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import non_negative
from boxoffice.i18n.formats import decimal_sign


class MoneyEdit(QLineEdit):
    """``value()`` is the typed amount as a two-place Decimal, or None while it is not one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,7}([.,]\d{0,2})?$"), self)
        )
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Either sign is read as the decimal point; the locale's is the one shown.
        self.setPlaceholderText(f"0{decimal_sign()}00")

    def value(self) -> Decimal | None:
        text = self.text().strip().replace(",", ".")
        if not text or text == ".":
            return None
        try:
            return non_negative(text)
        except ValidationError:
            return None

    def set_value(self, amount: Decimal | None) -> None:
        self.setText("" if amount is None else f"{amount:.2f}".replace(".", decimal_sign()))
