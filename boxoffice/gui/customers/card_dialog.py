"""Save a card for a customer: number (Luhn-checked as typed, masked once entered), expiry,
cardholder. No CVV: it is never stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from boxoffice.domain.card import MIN_DIGITS, luhn_valid, validate_expiry
from boxoffice.domain.errors import ValidationError
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.save_dialog import SaveDialog
from boxoffice.gui.payment.card_form import CardNumberEdit, number_status, parse_expiry
from boxoffice.i18n import _
from boxoffice.services.sales import saved_cards as cards


class AddCardDialog(SaveDialog):
    """Signals: ``saved(object)`` SavedCardInfo."""

    def __init__(self, ctx: AppContext, customer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addCardDialog")
        self.setWindowTitle(_("Save a card for {name}").format(name=customer.name))
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
        self.default = QCheckBox(_("Make it the default card"))
        self.default.setObjectName("makeDefault")
        form = QFormLayout()
        form.addRow(_("Card &number"), self.number)
        form.addRow("", self.status)
        form.addRow(_("&Expiry (MM/YY)"), self.expiry)
        form.addRow(_("Card&holder"), self.holder)
        form.addRow("", self.default)
        self._frame(form, _("Save card"), "saveCard")
        self.number.digits_changed.connect(self._number_changed)

    def _number_changed(self, digits: str) -> None:
        text, level = number_status(digits)
        self.status.setText(text)
        self.status.setProperty("level", level)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def problem(self) -> str:
        digits = self.number.digits
        if len(digits) < MIN_DIGITS or not luhn_valid(digits):
            return _("The card number is not valid: please check the digits.")
        expiry = parse_expiry(self.expiry.text())
        if expiry is None:
            return _("Type the expiry date (MM/YY).")
        try:
            validate_expiry(*expiry, today=date.today())
        except ValidationError as exc:
            return exc.message
        if not self.holder.text().strip():
            return _("Type the name on the card.")
        return ""

    @Slot()
    def save(self) -> None:
        problem = self.problem()
        if problem:
            self._error(problem)
            return
        expiry = parse_expiry(self.expiry.text())
        assert expiry is not None
        month, year = validate_expiry(*expiry)
        args = (
            self.customer.id,
            self.number.digits,
            month,
            year,
            self.holder.text().strip(),
        )
        make_default = self.default.isChecked()
        self.save_button.setEnabled(False)
        self.ctx.services.run_write(
            cards.add_card,
            *args,
            make_default=make_default,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, card: Any) -> None:
        self.number.set_digits("")  # do not keep the number around longer than needed
        super()._saved(card)
