"""Export…, Erase…, Merge into… for the customer shown (managers and admins only)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.erase_dialog import EraseDialog
from boxoffice.gui.customers.merge_dialog import MergeDialog
from boxoffice.gui.messages import headless
from boxoffice.i18n import _
from boxoffice.services.people.data_rights import export_customer_to

log = logging.getLogger(__name__)


class DataRightsBar(QWidget):
    """Signals: ``changed(object)`` the customer to show after an erasure or a merge (the
    erased record, or the kept one)."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataRightsBar")
        self.ctx = ctx
        self.customer: Any = None
        self.dialog: QWidget | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.export_button = self._button(_("Export…"), "exportCustomer", self.export)
        self.export_button.setToolTip(_("Save everything held about this customer (JSON and PDF)"))
        self.erase_button = self._button(_("Erase…"), "eraseCustomerButton", self.erase)
        self.erase_button.setToolTip(_("Anonymise this customer on request; bookings stay"))
        self.merge_button = self._button(_("Merge into…"), "mergeCustomerButton", self.merge)
        self.merge_button.setToolTip(_("This customer is a duplicate: move it into another"))
        row.addStretch(1)
        for button in (self.export_button, self.merge_button, self.erase_button):
            row.addWidget(button)
        self.setVisible(ctx.actor.can(Permission.MANAGE_BOOKINGS))
        self.set_customer(None)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def set_customer(self, customer: Any) -> None:
        self.customer = customer
        live = customer is not None and not customer.erased
        self.export_button.setEnabled(customer is not None)
        self.erase_button.setEnabled(live)
        self.merge_button.setEnabled(live)

    def _ask_folder(self) -> Path | None:
        if headless():
            log.info("customer export: no folder chosen (no one to ask)")
            return None
        folder = QFileDialog.getExistingDirectory(self, _("Export customer data into folder"))
        return Path(folder) if folder else None

    @Slot()
    def export(self, folder: Path | None = None) -> None:
        if self.customer is None:
            return
        target = folder or self._ask_folder()
        if target is None:
            return
        self.export_button.setEnabled(False)
        self.ctx.services.run_write(
            export_customer_to,
            self.customer.id,
            target,
            on_done=self._exported,
            on_error=self._export_failed,
        )

    def _exported(self, paths: tuple[Path, Path]) -> None:
        self.export_button.setEnabled(self.customer is not None)
        self.ctx.messages.info.emit(
            _("Customer data written to {paths} and {name}.").format(
                paths=paths[0], name=paths[1].name
            )
        )

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(self.customer is not None)
        self.ctx.messages.report(exc)

    @Slot()
    def erase(self) -> None:
        if self.customer is None:
            return
        dialog = EraseDialog(self.ctx, self.customer, self)
        dialog.saved.connect(self._erased)
        self.dialog = dialog
        dialog.open()

    def _erased(self, done: Any) -> None:
        self.ctx.messages.info.emit(
            _(
                "Customer {customer_id} erased: {bookings_kept} booking(s) kept anonymous, "
                "{cards_removed} saved card(s) and {mails_removed} e-mail(s) removed."
            ).format(
                customer_id=done.customer_id,
                bookings_kept=done.bookings_kept,
                cards_removed=done.cards_removed,
                mails_removed=done.mails_removed,
            )
        )
        self.changed.emit(None)

    @Slot()
    def merge(self) -> None:
        if self.customer is None:
            return
        dialog = MergeDialog(self.ctx, self.customer, self)
        dialog.saved.connect(self._merged)
        self.dialog = dialog
        dialog.open()

    def _merged(self, done: Any) -> None:
        self.ctx.messages.info.emit(
            _(
                "Merged customer {removed_id} into {name}: {bookings_moved} booking(s), "
                "{cards_moved} saved card(s) moved."
            ).format(
                removed_id=done.removed_id,
                name=done.kept.name,
                bookings_moved=done.bookings_moved,
                cards_moved=done.cards_moved,
            )
        )
        self.changed.emit(done.kept)
