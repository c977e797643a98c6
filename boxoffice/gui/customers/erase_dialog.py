"""Erase a customer on request: says exactly what goes and what stays, asks for a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.save_dialog import SaveDialog
from boxoffice.i18n import _
from boxoffice.services.people.data_rights import erase_customer


def erase_text(customer: Any) -> str:
    return _(
        "Erase {name} (customer {id}) for good?\n\nRemoved: name, e-mail, phone, marketing "
        "consent, every saved card (number, holder, billing address) and every e-mail to them "
        "or about their bookings.\nKept, anonymous: bookings, tickets, payments and refunds "
        "(amounts and dates the law requires). The customer can then be found by id only. This "
        "cannot be undone."
    ).format(name=customer.name, id=customer.id)


class EraseDialog(SaveDialog):
    """Signals: ``saved(object)`` with the Erased outcome."""

    def __init__(self, ctx: AppContext, customer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseCustomerDialog")
        self.setWindowTitle(_("Erase customer"))
        self.ctx = ctx
        self.customer = customer
        self.summary = QLabel(erase_text(customer))
        self.summary.setWordWrap(True)
        self.reason = QLineEdit(_("customer's request"))
        self.reason.setObjectName("eraseReason")
        fields = QFormLayout()
        fields.addRow(_("&Reason"), self.reason)
        body = QVBoxLayout()
        body.addWidget(self.summary)
        body.addLayout(fields)
        self._frame(body, _("Erase"), "eraseCustomer")
        self.save_button.setProperty("role", "danger")
        self.setMinimumWidth(520)

    @Slot()
    def save(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self._error(_("Give the reason for the erasure."))
            return
        self.save_button.setEnabled(False)
        self.ctx.services.run_write(
            erase_customer,
            self.customer.id,
            reason,
            on_done=self._saved,
            on_error=self._failed,
        )
