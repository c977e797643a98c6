"""The row of things a clerk does with an issued gift voucher: print it (its QR carries the
signed code), save it as PDF, or mail it (code, balance, expiry and the PDF) to an address."""

from __future__ import annotations

import hashlib
import uuid

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext
from boxoffice.gui.tickets import desk_settings
from boxoffice.gui.tickets.printing import print_document
from boxoffice.i18n import _
from boxoffice.services.mail import VoucherMailed, mail_voucher
from boxoffice.services.sales import vouchers
from boxoffice.services.sales.vouchers import VoucherInfo


class VoucherActions(QWidget):
    """Print, Save PDF and Mail for the voucher given to :meth:`set_voucher` (disabled before)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.voucher: VoucherInfo | None = None
        self._mail_key = uuid.uuid4().hex
        self.print_button = QPushButton(_("Print"))
        self.print_button.setObjectName("printVoucher")
        self.print_button.clicked.connect(self.print_voucher)
        self.pdf_button = QPushButton(_("Save PDF…"))
        self.pdf_button.setObjectName("saveVoucherPdf")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.email = QLineEdit()
        self.email.setObjectName("voucherEmail")
        self.email.setPlaceholderText(_("e-mail address of the buyer or recipient"))
        self.email.setAccessibleName(_("E-mail address to send the voucher to"))
        self.email.textChanged.connect(self._enable)
        self.email.returnPressed.connect(self.mail)
        self.mail_button = QPushButton(_("Mail voucher"))
        self.mail_button.setObjectName("mailVoucher")
        self.mail_button.setToolTip(_("Send its code, balance, expiry and PDF by e-mail"))
        self.mail_button.clicked.connect(self.mail)
        files = QHBoxLayout()
        files.setContentsMargins(0, 0, 0, 0)
        files.addWidget(self.print_button)
        files.addWidget(self.pdf_button)
        files.addStretch(1)
        post = QHBoxLayout()
        post.setContentsMargins(0, 0, 0, 0)
        post.addWidget(self.email, 1)
        post.addWidget(self.mail_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(files)
        column.addLayout(post)
        self._enable()

    def set_voucher(self, info: VoucherInfo, email: str = "") -> None:
        self.voucher = info
        if email and not self.email.text():
            self.email.setText(email)
        self._enable()

    def _enable(self) -> None:
        issued = self.voucher is not None
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(issued)
        self.email.setEnabled(issued)
        self.mail_button.setEnabled(issued and bool(self.email.text().strip()))

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

    @Slot()
    def mail(self) -> None:
        address = self.email.text().strip()
        if self.voucher is None or not address or not self.mail_button.isEnabled():
            return
        self.mail_button.setEnabled(False)
        self.ctx.services.run_write(
            mail_voucher,
            self.voucher.number,
            address,
            # Once per dialog and address: a double click never mails twice.
            idempotency_key=hashlib.sha256(
                f"{self._mail_key}|{address.lower()}".encode()
            ).hexdigest()[:32],
            on_done=self._mailed,
            on_error=self._mail_failed,
        )

    def _mailed(self, sent: VoucherMailed) -> None:
        self._enable()
        self.ctx.messages.info.emit(
            _("Gift voucher queued for {address}.").format(address=sent.to_addr)
        )

    def _mail_failed(self, exc: BaseException) -> None:
        self._enable()
        self.ctx.messages.report(exc)
