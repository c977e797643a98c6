"""Create a customer (or edit one): name, e-mail, phone, marketing consent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.save_dialog import SaveDialog
from boxoffice.services.people import customers


class CustomerDialog(SaveDialog):
    """Signals: ``saved(object)`` with the created or updated CustomerInfo."""

    def __init__(
        self,
        ctx: AppContext,
        customer: Any = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerDialog")
        self.ctx = ctx
        self.customer = customer
        self.setWindowTitle("Edit customer" if customer else "New customer")
        self.name = QLineEdit(customer.name if customer else name)
        self.name.setObjectName("customerName")
        self.email = QLineEdit(customer.email if customer else "")
        self.email.setObjectName("customerEmail")
        self.email.setPlaceholderText("for e-mailed tickets")
        self.phone = QLineEdit(customer.phone if customer else "")
        self.phone.setObjectName("customerPhone")
        self.marketing = QCheckBox("Agrees to receive news and offers by e-mail")
        self.marketing.setObjectName("customerMarketing")
        self.marketing.setChecked(bool(customer and customer.marketing_opt_in))
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&E-mail", self.email)
        form.addRow("&Phone", self.phone)
        form.addRow("", self.marketing)
        self._frame(form, "Save", "saveCustomer")
        self.save_button.setDefault(True)

    @Slot()
    def save(self) -> None:
        name = self.name.text().strip()
        email = self.email.text().strip()
        phone = self.phone.text().strip()
        opt_in = self.marketing.isChecked()
        if not name:
            self._error("Type the customer's name.")
            return
        self.save_button.setEnabled(False)
        if self.customer is None:
            self.ctx.services.run_write(
                customers.create_customer,
                name,
                email,
                phone,
                opt_in,
                on_done=self._saved,
                on_error=self._failed,
            )
        else:
            customer_id = self.customer.id
            self.ctx.services.run_write(
                customers.update_customer,
                customer_id,
                name=name,
                email=email,
                phone=phone,
                marketing_opt_in=opt_in,
                on_done=self._saved,
                on_error=self._failed,
            )
