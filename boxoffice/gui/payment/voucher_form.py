"""Paying with a gift voucher: scan or type its code; "Check" shows the balance and offers the
part of it that the sale still needs (the balance itself is only ever changed at Pay)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from boxoffice.domain.money import format_money
from boxoffice.domain.tender import VoucherTender
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.money_edit import MoneyEdit
from boxoffice.gui.widgets.when import day_text
from boxoffice.i18n import _
from boxoffice.services.sales import vouchers


class VoucherForm(QWidget):
    """Signals: ``changed()``."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.remaining = Decimal("0.00")
        self.balance: Decimal | None = None
        self.code = QLineEdit()
        self.code.setObjectName("voucherCode")
        self.code.setPlaceholderText(_("Scan the QR code or type the voucher code"))
        self.code.textChanged.connect(self._code_edited)
        self.code.returnPressed.connect(self.check)
        self.check_button = QPushButton(_("Check"))
        self.check_button.setObjectName("checkVoucher")
        self.check_button.clicked.connect(self.check)
        self.amount = MoneyEdit()
        self.amount.setObjectName("voucherAmount")
        self.amount.textChanged.connect(self.changed)
        self.status = QLabel("")
        self.status.setObjectName("voucherStatus")
        self.status.setWordWrap(True)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.check_button)
        layout = QFormLayout(self)
        layout.addRow(_("Voucher code"), code_row)
        layout.addRow(_("Amount"), self.amount)
        layout.addRow("", self.status)

    def reset(self, remaining: Decimal) -> None:
        self.remaining = remaining
        self.code.clear()
        self.balance = None
        self.status.setText("")
        self.amount.set_value(None)
        self.changed.emit()

    def set_remaining(self, remaining: Decimal) -> None:
        self.remaining = remaining
        if self.balance is not None:
            self.amount.set_value(min(self.balance, remaining) if remaining > 0 else None)

    def _code_edited(self) -> None:
        self.balance = None
        self.status.setText("")
        self.changed.emit()

    @Slot()
    def check(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        self.status.setText(_("Checking…"))
        self.ctx.services.run(
            vouchers.voucher_info, code, on_done=self._checked, on_error=self._refused
        )

    def _checked(self, info: vouchers.VoucherInfo) -> None:
        from boxoffice.domain.clock import utcnow

        if info.expired(utcnow()):
            self.status.setText(_("Voucher {number} has expired.").format(number=info.number))
            return
        self.balance = info.balance
        text = _("Voucher {number}: {amount} left").format(
            number=info.number, amount=format_money(info.balance)
        )
        if info.expires_at is not None:
            text += _(", valid until {date}").format(date=day_text(info.expires_at))
        self.status.setText(text + ".")
        self.set_remaining(self.remaining)
        self.changed.emit()

    def _refused(self, exc: BaseException) -> None:
        self.balance = None
        self.status.setText(str(exc))
        self.changed.emit()

    def problem(self) -> str:
        if not self.code.text().strip():
            return _("Scan or type the voucher code.")
        amount = self.amount.value()
        if amount is None or amount <= 0:
            return _("Press Check, or type the amount to take from the voucher.")
        if amount > self.remaining:
            return _("The voucher amount is more than what is left to pay.")
        if self.balance is not None and amount > self.balance:
            return _("The voucher has only {amount} left.").format(
                amount=format_money(self.balance)
            )
        return ""

    def tender(self) -> VoucherTender | None:
        if self.problem():
            return None
        amount = self.amount.value()
        assert amount is not None
        return VoucherTender(amount, self.code.text().strip())

    def focus(self) -> None:
        self.code.setFocus()
