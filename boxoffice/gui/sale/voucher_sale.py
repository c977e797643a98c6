"""Selling a gift voucher at the desk: its value, an optional last day and who it is for; once
issued, the dialog shows its number and signed code and prints it (QR) or saves it as PDF."""

from __future__ import annotations

from datetime import UTC, datetime, time

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.money import format_money
from boxoffice.gui.context import AppContext
from boxoffice.gui.payment.money_edit import MoneyEdit
from boxoffice.gui.tickets import desk_settings
from boxoffice.gui.tickets.printing import print_document
from boxoffice.i18n import _
from boxoffice.services.sales import vouchers
from boxoffice.services.sales.vouchers import VoucherInfo


class VoucherSaleDialog(QDialog):
    """``voucher`` is the VoucherInfo once issued."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voucherSaleDialog")
        self.setWindowTitle(_("Sell a gift voucher"))
        self.ctx = ctx
        self.voucher: VoucherInfo | None = None
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
        self.outcome = QLabel(_("Take the value from the customer, then press Issue."))
        self.outcome.setObjectName("voucherResult")
        self.outcome.setWordWrap(True)
        self.issue_button = QPushButton(_("Issue voucher"))
        self.issue_button.setObjectName("issueVoucher")
        self.issue_button.setProperty("role", "primary")
        self.issue_button.setEnabled(False)
        self.issue_button.clicked.connect(self.issue)
        self.print_button = QPushButton(_("Print"))
        self.print_button.setObjectName("printVoucher")
        self.print_button.clicked.connect(self.print_voucher)
        self.pdf_button = QPushButton(_("Save PDF…"))
        self.pdf_button.setObjectName("saveVoucherPdf")
        self.pdf_button.clicked.connect(self.save_pdf)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.issue_button)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.outcome)
        column.addLayout(buttons)
        self.setMinimumWidth(480)
        self.value.setFocus()

    def _revalidate(self) -> None:
        amount = self.value.value()
        self.issue_button.setEnabled(self.voucher is None and amount is not None and amount > 0)

    @Slot()
    def issue(self) -> None:
        amount = self.value.value()
        if amount is None or self.voucher is not None:
            return
        expires = None
        if self.expires_on.isChecked():
            day = datetime.combine(self.expires.date().toPython(), time.max)  # type: ignore[arg-type]
            expires = day.astimezone().astimezone(UTC)
        self.issue_button.setEnabled(False)
        self.ctx.services.run_write(
            vouchers.issue_voucher,
            amount,
            expires_at=expires,
            recipient=self.recipient.text(),
            on_done=self._issued,
            on_error=self._failed,
        )

    def _issued(self, info: VoucherInfo) -> None:
        self.voucher = info
        for widget in (self.value, self.recipient, self.expires_on, self.expires):
            widget.setEnabled(False)
        self.outcome.setText(
            _(
                "<b>{number}</b> worth {amount}<br>Code <b>{code}</b><br>Print it (the QR "
                "carries the code) or save it as PDF."
            ).format(number=info.number, amount=format_money(info.value), code=info.code)
        )
        self.print_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.print_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.outcome.setText(exc.message)
        self._revalidate()

    @Slot()
    def print_voucher(self) -> None:
        if self.voucher is None:
            return
        settings = self.ctx.settings
        document = vouchers.voucher_document(self.voucher, desk_settings.stock(settings))
        try:
            print_document(document, desk_settings.printer(settings), receipt=False)
        except BoxOfficeError as exc:
            self.ctx.messages.report(exc)
            return
        self.ctx.messages.info.emit(
            _("Printed gift voucher {number}.").format(number=self.voucher.number)
        )

    @Slot()
    def save_pdf(self, path: str | None = None) -> None:
        if self.voucher is None:
            return
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save voucher"),
                _("{number}.pdf").format(number=self.voucher.number),
                _("PDF (*.pdf)"),
            )
        if not path:
            return
        number = self.voucher.number

        def written(data: bytes) -> None:
            with open(path, "wb") as out:
                out.write(data)
            self.ctx.messages.info.emit(
                _("Saved gift voucher {number} to {path}.").format(number=number, path=path)
            )

        self.ctx.services.run(
            vouchers.voucher_pdf, number, on_done=written, on_error=self.ctx.messages.report
        )
