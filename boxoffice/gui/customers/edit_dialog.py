"""Create a customer (or edit one): name, e-mail, phone, marketing consent and how it was
given (recorded with the time when the choice changes), and the language of their documents.

The fields are the Designer form ``ui/customer_form.ui``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.save_dialog import SaveDialog
from boxoffice.gui.forms import form_spec, load_form
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import LANGUAGES, _
from boxoffice.services.people import customers

FORM = form_spec(
    "customer_form",
    customerName=QLineEdit,
    customerEmail=QLineEdit,
    customerPhone=QLineEdit,
    customerMarketing=QCheckBox,
    customerConsentSource=QLineEdit,
    customerLanguage=QComboBox,
)


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
        self.setWindowTitle(_("Edit customer") if customer else _("New customer"))
        form = load_form(FORM, self)
        self.name = form.get(QLineEdit, "customerName")
        self.name.setText(customer.name if customer else name)
        self.email = form.get(QLineEdit, "customerEmail")
        self.email.setText(customer.email if customer else "")
        self.phone = form.get(QLineEdit, "customerPhone")
        self.phone.setText(customer.phone if customer else "")
        self.marketing = form.get(QCheckBox, "customerMarketing")
        self.marketing.setChecked(bool(customer and customer.marketing_opt_in))
        self.consent_source = form.get(QLineEdit, "customerConsentSource")
        self.consent_source.setText(customers.DESK_SOURCE)
        if customer is not None and customer.consent_at is not None:
            self.marketing.setToolTip(
                _("Recorded {when}, given by {consent_source}").format(
                    when=when_text(customer.consent_at.astimezone(), weekday=False),
                    consent_source=customer.consent_source,
                )
            )
        self.language = form.get(QComboBox, "customerLanguage")
        self._fill_languages(customer.language if customer else "")
        self._frame(form.root, _("Save"), "saveCustomer")
        self.save_button.setDefault(True)

    def _fill_languages(self, current: str) -> None:
        """The desk's language first (""), then every shipped language by its own name."""
        self.language.addItem(_("Same as the desk"), "")
        for code, native in LANGUAGES.items():
            self.language.addItem(native, code)
        if current and self.language.findData(current) < 0:
            self.language.addItem(current, current)  # a region (de_CH) set elsewhere stays
        self.language.setCurrentIndex(max(0, self.language.findData(current)))

    @Slot()
    def save(self) -> None:
        name = self.name.text().strip()
        email = self.email.text().strip()
        phone = self.phone.text().strip()
        opt_in = self.marketing.isChecked()
        source = self.consent_source.text().strip()
        language = str(self.language.currentData() or "")
        if not name:
            self._error(_("Type the customer's name."))
            return
        self.save_button.setEnabled(False)
        if self.customer is None:
            self.ctx.services.run_write(
                customers.create_customer,
                name,
                email,
                phone,
                opt_in,
                consent_source=source or customers.DESK_SOURCE,
                language=language,
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
                language=language,
                consent_source=source or customers.DESK_SOURCE,
                on_done=self._saved,
                on_error=self._failed,
            )
