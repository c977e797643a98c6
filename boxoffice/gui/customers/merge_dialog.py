"""Merge this customer (a duplicate) into another: pick the one to keep, read what moves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.save_dialog import SaveDialog
from boxoffice.gui.customers.search import CustomerSearch
from boxoffice.i18n import _
from boxoffice.services.people.data_rights import merge_customers


def merge_text(duplicate: Any, keep: Any) -> str:
    if keep is None or keep.id == duplicate.id:
        return _("Find the customer to keep; {name} (customer {id}) merges into it.").format(
            name=duplicate.name, id=duplicate.id
        )
    return _(
        "Merge {name} (customer {id}) into {name2} (customer {id2})?\n\nBookings, saved cards "
        "and the latest marketing decision move to {name2}; an e-mail or phone {name2} lacks is "
        "taken over. Customer {id} is removed."
    ).format(name=duplicate.name, id=duplicate.id, name2=keep.name, id2=keep.id)


class MergeDialog(SaveDialog):
    """Signals: ``saved(object)`` with the Merged outcome."""

    def __init__(self, ctx: AppContext, duplicate: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeCustomerDialog")
        self.setWindowTitle(_("Merge into…"))
        self.ctx = ctx
        self.duplicate = duplicate
        self.keep: Any = None
        self.search = CustomerSearch(ctx)
        self.search.current_changed.connect(self._pick)
        self.summary = QLabel(merge_text(duplicate, None))
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        body = QVBoxLayout()
        body.addWidget(self.search, 1)
        body.addWidget(self.summary)
        self._frame(body, _("Merge"), "mergeCustomer")
        self.save_button.setProperty("role", "danger")
        self.save_button.setEnabled(False)
        self.resize(640, 480)
        self.search.edit.setText(duplicate.name)
        self.search.search_now()

    @Slot(object)
    def _pick(self, customer: Any) -> None:
        self.keep = customer if customer is not None and customer.id != self.duplicate.id else None
        self.summary.setText(merge_text(self.duplicate, self.keep))
        self.save_button.setEnabled(self.keep is not None)

    @Slot()
    def save(self) -> None:
        if self.keep is None:
            return
        self.save_button.setEnabled(False)
        self.ctx.services.run_write(
            merge_customers,
            self.duplicate.id,
            self.keep.id,
            on_done=self._saved,
            on_error=self._failed,
        )
