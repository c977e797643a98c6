"""The Customers tab: find or create a customer, their saved cards and bookings, and "sell to
this customer" (attaches them to the sale on the Sell tab)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.bookings_panel import BookingsPanel
from boxoffice.gui.customers.cards_panel import CardsPanel
from boxoffice.gui.customers.edit_dialog import CustomerDialog
from boxoffice.gui.customers.rights_bar import DataRightsBar
from boxoffice.gui.customers.search import CustomerSearch
from boxoffice.gui.waitlist.panel import WaitlistPanel
from boxoffice.gui.widgets.shortcuts import keyed_action, with_shortcut
from boxoffice.gui.widgets.when import day_text
from boxoffice.i18n import _


def consent_text(customer: Any) -> str:
    """`` · marketing e-mails: yes (signed form, 2026-03-01)`` — the consent on record."""
    if customer.erased:
        return _(" · erased")
    answer = _("yes") if customer.marketing_opt_in else _("no")
    if customer.consent_at is None:
        return "" if customer.marketing_opt_in else _(" · no marketing e-mails")
    when = day_text(customer.consent_at.astimezone())
    return _(" · marketing e-mails: {answer} ({consent_source}, {when})").format(
        answer=answer, consent_source=customer.consent_source, when=when
    )


class CustomersTab(QWidget):
    """Signals: ``sell_to_customer(object)`` CustomerInfo (the main window opens Sell with it)."""

    sell_to_customer = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customersTab")
        self.ctx = ctx
        self.customer: Any = None
        self.editor: CustomerDialog | None = None

        self.search = CustomerSearch(ctx)
        self.search.current_changed.connect(self.show_customer)
        self.new_button = QPushButton(_("New customer…"))
        self.new_button.setObjectName("newCustomer")
        self.new_button.setToolTip(with_shortcut(_("Create a customer"), "Ctrl+N"))
        self.new_button.clicked.connect(self.new_customer)
        left = QWidget()
        left_column = QVBoxLayout(left)
        title = QLabel(_("Customers"))
        title.setObjectName("panelTitle")
        left_column.addWidget(title)
        left_column.addWidget(self.search, 1)
        left_column.addWidget(self.new_button)

        self.name_label = QLabel(_("No customer selected"))
        self.name_label.setObjectName("customerTitle")
        self.contact_label = QLabel(_("Search on the left, or create a new customer."))
        self.contact_label.setObjectName("subtle")
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setObjectName("editCustomer")
        self.edit_button.clicked.connect(self.edit_customer)
        self.sell_button = QPushButton(_("Sell to this customer"))
        self.sell_button.setObjectName("sellToCustomer")
        self.sell_button.setProperty("role", "primary")
        self.sell_button.setToolTip(
            with_shortcut(_("Attach this customer to the sale and go to Sell"), "Ctrl+Return")
        )
        self.sell_button.clicked.connect(self.sell)
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name_label)
        names.addWidget(self.contact_label)
        header.addLayout(names, 1)
        header.addWidget(self.edit_button)
        header.addWidget(self.sell_button)

        self.rights = DataRightsBar(ctx)
        self.rights.changed.connect(self._rights_changed)

        self.cards = CardsPanel(ctx)
        cards_box = QGroupBox(_("Saved cards"))
        QVBoxLayout(cards_box).addWidget(self.cards)
        self.bookings = BookingsPanel(ctx)
        self.search.chosen.connect(lambda _c: self.bookings.booking_table.setFocus())
        bookings_box = QGroupBox(_("Bookings"))
        QVBoxLayout(bookings_box).addWidget(self.bookings)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.addLayout(header)
        right_column.addWidget(self.rights)
        right_column.addWidget(cards_box)
        right_column.addWidget(bookings_box, 1)
        # Shown only for a customer on some waiting list: most customers are on none.
        self.waitlist = WaitlistPanel(ctx)
        self.waitlist.heading.hide()
        self.waitlist.note.hide()
        self.waitlist.setMaximumHeight(150)
        self.waitlist_box = QGroupBox(_("Waiting lists"))
        QVBoxLayout(self.waitlist_box).addWidget(self.waitlist)
        self.waitlist.loaded.connect(lambda count: self.waitlist_box.setVisible(count > 0))
        self.waitlist_box.hide()
        right_column.addWidget(self.waitlist_box)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([480, 820])
        QVBoxLayout(self).addWidget(split)
        self._build_actions()
        self.show_customer(None)
        self.search.search_now()

    def _build_actions(self) -> None:
        def action(text: str, keys: tuple[str, ...], slot: Any) -> QAction:
            return keyed_action(self, text, keys, slot)

        self.actions_by_name = {
            "find": action(_("Find customer"), ("Ctrl+F",), self.focus_first),
            "new": action(_("New customer…"), ("Ctrl+N",), self.new_customer),
            "sell": action(_("Sell to this customer"), ("Ctrl+Return", "Ctrl+Enter"), self.sell),
            "reference": action(
                _("Find booking by reference"), ("Ctrl+R",), self.bookings.focus_reference
            ),
        }

        self.booking_actions = self.bookings.keyed_actions(self)

    def menu_actions(self) -> tuple[str, list[QAction]]:
        return _("C&ustomer"), [*self.actions_by_name.values(), *self.booking_actions]

    def focus_first(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    @Slot(object)
    def show_customer(self, customer: Any) -> None:
        self.customer = customer
        has = customer is not None
        if has:
            self.name_label.setText(customer.name)
            contact = " · ".join(x for x in (customer.email, customer.phone) if x)
            self.contact_label.setText(
                (contact or _("no contact details")) + consent_text(customer)
            )
        else:
            self.name_label.setText(_("No customer selected"))
            self.contact_label.setText(_("Search on the left, or create a new customer."))
        live = has and not customer.erased
        self.edit_button.setEnabled(live)
        self.sell_button.setEnabled(live)
        self.rights.set_customer(customer)
        self.cards.set_customer(customer)
        self.bookings.set_customer(customer)
        self.waitlist.show_customer(customer.id if has else None, customer.name if has else "")

    @Slot()
    def new_customer(self) -> None:
        dialog = CustomerDialog(self.ctx, name=self.search.edit.text().strip(), parent=self)
        dialog.saved.connect(self._saved)
        self.editor = dialog
        dialog.open()

    @Slot()
    def edit_customer(self) -> None:
        if self.customer is None:
            return
        dialog = CustomerDialog(self.ctx, customer=self.customer, parent=self)
        dialog.saved.connect(self._saved)
        self.editor = dialog
        dialog.open()

    def _rights_changed(self, customer: Any) -> None:
        """After a merge show the kept customer; after an erasure, nobody (search anew)."""
        if customer is None:
            self.search.search_now()
            self.show_customer(None)
        else:
            self.search.show_customer(customer)

    def _saved(self, customer: Any) -> None:
        self.search.show_customer(customer)  # selecting it shows it on the right

    @Slot()
    def sell(self) -> None:
        if self.customer is not None:
            self.sell_to_customer.emit(self.customer)
