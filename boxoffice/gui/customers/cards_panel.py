"""A customer's saved cards: brand and last four only; add one, make one the default, remove."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.card import MASK
from boxoffice.gui.context import AppContext
from boxoffice.gui.customers.card_dialog import AddCardDialog
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.i18n import N_, _
from boxoffice.services.sales import saved_cards as cards

CARD_COLUMNS: tuple[Column[Any], ...] = (
    Column(N_("Card"), lambda c: f"{str(c.brand).title()} {MASK} {c.last4}"),
    Column(N_("Expires"), lambda c: f"{c.exp_month:02d}/{c.exp_year % 100:02d}"),
    Column(N_("Cardholder"), lambda c: c.cardholder),
    Column("", lambda c: "default" if c.is_default else ""),
)


class CardsPanel(QWidget):
    """The saved cards of the customer shown in the Customers tab."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardsPanel")
        self.ctx = ctx
        self.customer: Any = None
        self.add_dialog: AddCardDialog | None = None
        self.model: RecordModel[Any] = RecordModel(CARD_COLUMNS)
        self.table = QTableView()
        self.table.setObjectName("cardTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)
        self.add_button = QPushButton(_("Add card…"))
        self.add_button.setObjectName("addCard")
        self.add_button.clicked.connect(self.add_card)
        self.default_button = QPushButton(_("Make default"))
        self.default_button.setObjectName("makeDefaultCard")
        self.default_button.clicked.connect(self.make_default)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("removeCard")
        self.remove_button.clicked.connect(self.remove)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self._enable()

    def set_customer(self, customer: Any) -> None:
        self.customer = customer
        if customer is None:
            self.model.set_records([])
            self._enable()
            return
        self.reload()

    def reload(self) -> None:
        if self.customer is None:
            return
        customer_id = self.customer.id
        self.ctx.services.run(
            cards.list_cards,
            customer_id,
            on_done=lambda rows: self._loaded(customer_id, rows),
            on_error=self.ctx.messages.report,
        )

    def _loaded(self, customer_id: int, rows: list[Any]) -> None:
        if self.customer is not None and self.customer.id == customer_id:
            self.model.set_records(rows)
            self._enable()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _enable(self) -> None:
        card = self.selected()
        self.add_button.setEnabled(self.customer is not None)
        self.default_button.setEnabled(card is not None and not card.is_default)
        self.remove_button.setEnabled(card is not None)

    @Slot()
    def add_card(self) -> None:
        if self.customer is None:
            return
        dialog = AddCardDialog(self.ctx, self.customer, self)
        dialog.saved.connect(lambda _card: self.reload())
        self.add_dialog = dialog
        dialog.open()

    @Slot()
    def make_default(self) -> None:
        card = self.selected()
        if card is not None:
            self.ctx.services.run_write(
                cards.set_default_card,
                card.id,
                on_done=lambda _c: self.reload(),
                on_error=self.ctx.messages.report,
            )

    @Slot()
    def remove(self) -> None:
        card = self.selected()
        if card is not None:
            self.ctx.services.run_write(
                cards.remove_card,
                card.id,
                on_done=lambda _r: self.reload(),
                on_error=self.ctx.messages.report,
            )
