"""Attach a customer to the sale: search, Enter to choose, or create one on the spot."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.customers.search import CustomerSearch
from boxoffice.i18n import _


class CustomerPickerDialog(QDialog):
    """Signals: ``chosen(object)`` CustomerInfo."""

    chosen = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerPicker")
        self.setWindowTitle(_("Attach a customer"))
        self.ctx = ctx
        self.search = CustomerSearch(ctx)
        self.search.chosen.connect(self._choose)
        buttons = QDialogButtonBox()
        self.new_button: QPushButton = buttons.addButton(
            _("New customer…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.new_button.setObjectName("newCustomer")
        self.new_button.setToolTip(_("Create a customer with the name typed (Ctrl+N)"))
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_customer)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_customer)
        choose = buttons.addButton(_("Attach"), QDialogButtonBox.ButtonRole.AcceptRole)
        choose.setAutoDefault(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.search.choose_current)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.search, 1)
        column.addWidget(buttons)
        self.resize(620, 420)
        self.search.search_now()
        self.search.edit.setFocus()

    def _choose(self, customer: Any) -> None:
        self.chosen.emit(customer)
        self.accept()

    def new_customer(self) -> None:
        dialog = CustomerDialog(self.ctx, name=self.search.edit.text().strip(), parent=self)
        dialog.saved.connect(self._choose)
        self.editor = dialog
        dialog.open()
