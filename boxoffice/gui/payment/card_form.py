"""A card typed at the desk: number checked with Luhn as it is typed, shown masked once entered;
expiry, CVV (passed to the gateway, never stored) and cardholder."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from boxoffice.domain.card import (
    MAX_DIGITS,
    MIN_DIGITS,
    CardBrand,
    card_brand,
    luhn_valid,
    mask,
    validate_cvv,
    validate_expiry,
)
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.tender import CardTender
from boxoffice.gui.payment.card_tender_form import CardTenderForm
from boxoffice.i18n import _


def group_digits(digits: str, brand: CardBrand) -> str:
    """``4242 4242 4242 4242``; Amex as ``3782 822463 10005``."""
    if brand is CardBrand.AMEX:
        parts = [digits[:4], digits[4:10], digits[10:]]
    else:
        parts = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    return " ".join(p for p in parts if p)


def number_status(digits: str) -> tuple[str, str]:
    """(text, level) describing a card number as typed so far; level is ok/warning/error/''."""
    if not digits:
        return "", ""
    brand = card_brand(digits)
    name = brand.value.title() if brand is not CardBrand.OTHER else _("Card")
    if len(digits) < MIN_DIGITS:
        return _("{name} — keep typing").format(name=name), ""
    if luhn_valid(digits):
        return f"{name} {mask(digits)} ✓", "ok"
    if len(digits) >= (15 if brand is CardBrand.AMEX else 16) or len(digits) == MAX_DIGITS:
        return _("This number is not valid — check the digits"), "error"
    return _("{name} — keep typing").format(name=name), ""


class CardNumberEdit(QLineEdit):
    """Digits grouped while typing; shows only ``•••• 1234`` when the field is left.

    ``digits`` holds the number (memory only, never logged, gone with the dialog).
    Signals: ``digits_changed(str)``.
    """

    digits_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits = ""
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[\d ]{0,23}$"), self))
        self.setPlaceholderText(_("card number"))
        self.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        digits = "".join(c for c in text if c.isdigit())[:MAX_DIGITS]
        grouped = group_digits(digits, card_brand(digits))
        if grouped != text:
            # Keep the cursor after the same number of digits once spaces are regrouped.
            before = sum(c.isdigit() for c in text[: self.cursorPosition()])
            self.setText(grouped)
            pos, seen = 0, 0
            while pos < len(grouped) and seen < before:
                seen += grouped[pos].isdigit()
                pos += 1
            self.setCursorPosition(pos)
        if digits != self.digits:
            self.digits = digits
            self.digits_changed.emit(digits)

    def set_digits(self, digits: str) -> None:
        self.digits = digits
        self.setText(group_digits(digits, card_brand(digits)) if self.hasFocus() else self._shown())
        self.digits_changed.emit(digits)

    def _shown(self) -> str:
        return (
            mask(self.digits)
            if len(self.digits) >= MIN_DIGITS
            else group_digits(self.digits, card_brand(self.digits))
        )

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if len(self.digits) >= MIN_DIGITS:
            self.setText(mask(self.digits))

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.digits:
            self.setText(group_digits(self.digits, card_brand(self.digits)))
        super().focusInEvent(event)


def parse_expiry(text: str) -> tuple[int, int] | None:
    """``MM/YY`` (or MM/YYYY) → (month, year) numbers, not yet checked against today."""
    month, _, year = text.strip().partition("/")
    if not month.strip().isdigit() or not year.strip().isdigit():
        return None
    return int(month), int(year)


class CardForm(CardTenderForm):
    """Signals: ``changed()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("cardCvv", "cardAmount", parent)
        self.setObjectName("cardForm")
        self.today = date.today
        self.number = CardNumberEdit()
        self.number.setObjectName("cardNumber")
        self.number_status = QLabel()
        self.number_status.setObjectName("cardStatus")
        self.expiry = QLineEdit()
        self.expiry.setObjectName("cardExpiry")
        self.expiry.setInputMask("99/99;_")
        self.expiry.setMaximumWidth(70)
        self.expiry.setToolTip(_("Expiry month and year, MM/YY"))
        self.cvv.setToolTip(_("Security code on the back; sent to the bank, never stored"))
        self.default_holder = ""  # the attached customer's name
        self.holder = QLineEdit()
        self.holder.setObjectName("cardHolder")
        self.holder.setPlaceholderText(_("name on the card"))
        self.amount.setToolTip(_("How much goes on this card (the rest can be paid another way)"))
        self.save = QCheckBox(_("Save this card for the customer"))
        self.save.setObjectName("saveCard")
        self.save.setToolTip(_("Stored encrypted; only the last four digits are ever shown"))
        self.save.setEnabled(False)

        small = QHBoxLayout()
        small.addWidget(QLabel(_("Expiry")))
        small.addWidget(self.expiry)
        small.addSpacing(12)
        small.addWidget(QLabel(_("CVV")))
        small.addWidget(self.cvv)
        small.addStretch(1)
        form = QFormLayout(self)
        form.addRow(_("Card &number"), self.number)
        form.addRow("", self.number_status)
        form.addRow("", small)
        form.addRow(_("Card&holder"), self.holder)
        form.addRow(_("A&mount"), self.amount)
        form.addRow("", self.save)

        self.number.digits_changed.connect(self._number_changed)
        for edit in (self.expiry, self.cvv, self.holder):
            edit.textChanged.connect(self.changed)

    def _number_changed(self, digits: str) -> None:
        text, level = number_status(digits)
        self.number_status.setText(text)
        self.number_status.setProperty("level", level)
        self.number.setProperty("invalid", level == "error")
        for widget in (self.number_status, self.number):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.changed.emit()

    def set_customer(self, has_customer: bool, name: str = "") -> None:
        """The sale's customer: their card may be saved, and their name is the likely
        cardholder (filled in, still editable: a partner may pay)."""
        self.save.setEnabled(has_customer)
        if not has_customer:
            self.save.setChecked(False)
        previous, self.default_holder = self.default_holder, name.strip()
        if self.holder.text().strip() in ("", previous):
            self.holder.setText(self.default_holder)

    def _clear_fields(self) -> None:
        self.number.set_digits("")
        self.number.clear()
        for edit in (self.expiry, self.cvv):
            edit.clear()
        self.holder.setText(self.default_holder)

    def problem(self) -> str:
        """Why this card cannot be taken yet ('' when it can)."""
        digits = self.number.digits
        if len(digits) < MIN_DIGITS:
            return _("Type the card number.")
        if not luhn_valid(digits):
            return _("The card number is not valid.")
        expiry = parse_expiry(self.expiry.text())
        if expiry is None:
            return _("Type the expiry date (MM/YY).")
        try:
            validate_expiry(*expiry, today=self.today())
            validate_cvv(self.cvv.text(), card_brand(digits))
        except ValidationError as exc:
            return exc.message
        if not self.holder.text().strip():
            return _("Type the cardholder's name.")
        return self.amount_problem()

    def tender(self) -> CardTender | None:
        if self.problem():
            return None
        expiry = parse_expiry(self.expiry.text())
        amount = self.amount.value()
        assert expiry is not None and amount is not None
        month, year = validate_expiry(*expiry, today=self.today())
        return CardTender(
            amount=amount,
            number=self.number.digits,
            exp_month=month,
            exp_year=year,
            cvv=self.cvv.text(),
            cardholder=self.holder.text().strip(),
            save_to_customer=self.save.isChecked(),
        )

    def focus(self) -> None:
        self.number.setFocus()
