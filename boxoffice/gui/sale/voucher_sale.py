"""Selling a gift voucher at the desk: its value, an optional last day and who it is for; the
value is taken in the payment dialog (cash, card or saved card: cash goes into the till as a
voucher sale), then the dialog shows its number and signed code to print, save or mail."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.domain.tender import Tender
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.money_edit import MoneyEdit
from boxoffice.gui.payment.payment_dialog import VOUCHER, PaymentDialog
from boxoffice.gui.vouchers.actions import VoucherActions
from boxoffice.i18n import _
from boxoffice.services.sales import vouchers
from boxoffice.services.sales.vouchers import VoucherInfo


class VoucherSaleDialog(QDialog):
    """``voucher`` is the VoucherInfo once sold; ``payment_dialog`` takes its value."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, customer: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("voucherSaleDialog")
        self.setWindowTitle(_("Sell a gift voucher"))
        self.ctx = ctx
        self.customer = customer
        self.voucher: VoucherInfo | None = None
        self.payment_dialog: PaymentDialog | None = None
        self.value = MoneyEdit()
        self.value.setObjectName("voucherValue")
        self.value.textChanged.connect(self._revalidate)
        self.recipient = QLineEdit()
        self.recipient.setObjectName("voucherRecipient")
        self.recipient.setMaxLength(200)
        self.recipient.setPlaceholderText(_("printed on the voucher (optional)"))
        self.expires_on = QCheckBox(_("Last day"))
        self.expires_on.setObjectName("voucherExpiresOn")
        self.expires = QDateEdit(QDate.currentDate().addYears(1))
        self.expires.setObjectName("voucherExpires")
        self.expires.setCalendarPopup(True)
        self.expires.setEnabled(False)
        self.expires_on.toggled.connect(self.expires.setEnabled)
        expiry = QHBoxLayout()
        expiry.addWidget(self.expires_on)
        expiry.addWidget(self.expires, 1)
        form = QFormLayout()
        form.addRow(_("Value"), self.value)
        form.addRow(_("For"), self.recipient)
        form.addRow(_("Expiry"), expiry)
        self.outcome = QLabel(_("Type the value, then take it from the customer."))
        self.outcome.setObjectName("voucherResult")
        self.outcome.setWordWrap(True)
        self.issue_button = QPushButton(_("Take payment…"))
        self.issue_button.setObjectName("issueVoucher")
        self.issue_button.setProperty("role", "primary")
        self.issue_button.setToolTip(_("Cash, card or a saved card; the voucher is issued paid"))
        self.issue_button.setEnabled(False)
        self.issue_button.clicked.connect(self.issue)
        self.voucher_actions = VoucherActions(ctx)
        self.print_button = self.voucher_actions.print_button
        self.pdf_button = self.voucher_actions.pdf_button
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.issue_button)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.outcome)
        column.addWidget(self.voucher_actions)
        column.addLayout(buttons)
        self.setMinimumWidth(480)
        self.value.setFocus()

    def _revalidate(self) -> None:
        amount = self.value.value()
        self.issue_button.setEnabled(self.voucher is None and amount is not None and amount > 0)

    def _expiry(self) -> datetime | None:
        if not self.expires_on.isChecked():
            return None
        day = datetime.combine(self.expires.date().toPython(), time.max)  # type: ignore[arg-type]
        return day.astimezone().astimezone(UTC)

    @Slot()
    def issue(self) -> None:
        """Open the payment dialog for the value; paying it issues the voucher."""
        amount = self.value.value()
        if amount is None or amount <= 0 or self.voucher is not None:
            return
        expires, recipient = self._expiry(), self.recipient.text()
        customer_id = self.customer.id if self.customer is not None else None
        services = self.ctx.services

        def submit(tenders: list[Tender], key: str) -> VoucherInfo:
            return services.call(
                vouchers.issue_voucher,
                amount,
                expires_at=expires,
                customer_id=customer_id,
                recipient=recipient,
                tenders=tenders,
                idempotency_key=key,
            )

        dialog = PaymentDialog(
            self.ctx,
            Decimal(amount),
            submit,
            customer=self.customer,
            summary=_("Gift voucher worth {value}").format(value=format_money(amount)),
            parent=self,
        )
        dialog.methods.setTabEnabled(VOUCHER, False)  # a voucher never pays for a voucher
        dialog.paid.connect(self._issued)
        self.payment_dialog = dialog
        dialog.open()

    def _issued(self, info: VoucherInfo) -> None:
        self.voucher = info
        for widget in (self.value, self.recipient, self.expires_on, self.expires):
            widget.setEnabled(False)
        self.issue_button.setEnabled(False)
        self.outcome.setText(
            _(
                "<b>{number}</b> worth {value}, paid<br>Code <b>{code}</b><br>Print it (the QR "
                "carries the code), save it as PDF or mail it."
            ).format(number=info.number, value=format_money(info.value), code=info.code)
        )
        email = getattr(self.customer, "email", "") or ""
        self.voucher_actions.set_voucher(info, email)
        self.print_button.setFocus()

    @Slot()
    def print_voucher(self) -> None:
        self.voucher_actions.print_voucher()

    def save_pdf(self, path: str | None = None) -> None:
        self.voucher_actions.save_pdf(path)
