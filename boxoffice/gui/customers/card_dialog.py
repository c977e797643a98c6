"""Save a card for a customer: number (Luhn-checked as typed, masked once entered), expiry,
cardholder. No CVV: it is never stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.card import MIN_DIGITS, luhn_valid, validate_expiry
from boxoffice.domain.errors import BoxOfficeError, ValidationError
from boxoffice.gui.context import AppContext
from boxoffice.gui.sale.card_form import CardNumberEdit, number_status, parse_expiry
from boxoffice.services import cards


class AddCardDialog(QDialog):
    """Signals: ``saved(object)`` SavedCardInfo."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, customer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addCardDialog")
        self.setWindowTitle(f"Save a card for {customer.name}")
        self.ctx = ctx
        self.customer = customer
        self.number = CardNumberEdit()
        self.number.setObjectName("cardNumber")
        self.status = QLabel()
        self.status.setObjectName("cardStatus")
        self.expiry = QLineEdit()
        self.expiry.setObjectName("cardExpiry")
        self.expiry.setInputMask("99/99;_")
        self.expiry.setMaximumWidth(70)
        self.holder = QLineEdit(customer.name)
        self.holder.setObjectName("cardHolder")
        self.default = QCheckBox("Make it the default card")
        self.default.setObjectName("makeDefault")
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Card &number", self.number)
        form.addRow("", self.status)
        form.addRow("&Expiry (MM/YY)", self.expiry)
        form.addRow("Card&holder", self.holder)
        form.addRow("", self.default)
        buttons = QDialogButtonBox()
        self.save_button: QPushButton = buttons.addButton(
            "Save card", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveCard")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.number.digits_changed.connect(self._number_changed)
        self.setMinimumWidth(420)

    def _number_changed(self, digits: str) -> None:
        text, level = number_status(digits)
        self.status.setText(text)
        self.status.setProperty("level", level)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def problem(self) -> str:
        digits = self.number.digits
        if len(digits) < MIN_DIGITS or not luhn_valid(digits):
            return "The card number is not valid: please check the digits."
        expiry = parse_expiry(self.expiry.text())
        if expiry is None:
            return "Type the expiry date (MM/YY)."
        try:
            validate_expiry(*expiry, today=date.today())
        except ValidationError as exc:
            return exc.message
        if not self.holder.text().strip():
            return "Type the name on the card."
        return ""

    @Slot()
    def save(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        expiry = parse_expiry(self.expiry.text())
        assert expiry is not None
        month, year = validate_expiry(*expiry)
        args = (
            self.ctx.db,
            self.ctx.actor,
            self.customer.id,
            self.number.digits,
            month,
            year,
            self.holder.text().strip(),
        )
        make_default = self.default.isChecked()
        self.save_button.setEnabled(False)
        self.ctx.tasks.run_write(
            lambda: cards.add_card(*args, make_default=make_default),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, card: Any) -> None:
        self.number.set_digits("")  # do not keep the number around longer than needed
        self.saved.emit(card)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.error.setText(exc.message)
        self.error.show()
