"""The cart: held seats with tier and price, the total, the hold countdown and the pay buttons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.gui.hold.countdown import WARN_SECONDS, format_left
from boxoffice.gui.sale.cart_model import LINE_ROLE, PRICE, QTY, SEAT, TIER, CartModel
from boxoffice.gui.sale.code_entry import CodeEntry
from boxoffice.services.sales.holds import HoldInfo


def restyle(widget: QWidget, **properties: Any) -> None:
    """Set dynamic properties the stylesheet keys on, and re-apply the style."""
    for name, value in properties.items():
        widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CartTable(QTableView):
    """Delete removes the selected seats from the hold.

    Signals: ``delete_pressed()``.
    """

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class CartPanel(QWidget):
    """Shows the hold; asks the sell tab to act through its signals.

    Signals: ``release_requested(object)`` seat ids or None for everything;
    ``hold_again_requested()``; ``pay_requested()``; ``cash_exact_requested()``;
    ``customer_requested()`` (attach); ``customer_cleared()``.
    """

    release_requested = Signal(object)
    hold_again_requested = Signal()
    pay_requested = Signal()
    cash_exact_requested = Signal()
    customer_requested = Signal()
    customer_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cartPanel")
        self.model = CartModel()
        self.hold: HoldInfo | None = None

        title = QLabel("Cart")
        title.setObjectName("panelTitle")
        self.event_label = QLabel("No event chosen")
        self.event_label.setObjectName("cartEvent")
        self.event_label.setWordWrap(True)

        self.customer_label = QLabel("Walk-up sale (no customer)")
        self.customer_label.setObjectName("cartCustomer")
        self.customer_button = QPushButton("Customer…")
        self.customer_button.setObjectName("attachCustomer")
        self.customer_button.setToolTip("Attach a customer to this sale (Ctrl+K)")
        self.customer_button.clicked.connect(self.customer_requested)
        self.clear_customer = QToolButton()
        self.clear_customer.setObjectName("clearCustomer")
        self.clear_customer.setText("✕")
        self.clear_customer.setToolTip("Sell without a customer")
        self.clear_customer.clicked.connect(self.customer_cleared)
        self.clear_customer.hide()
        customer_row = QHBoxLayout()
        customer_row.addWidget(self.customer_label, 1)
        customer_row.addWidget(self.clear_customer)
        customer_row.addWidget(self.customer_button)

        self.table = CartTable()
        self.table.setObjectName("cartTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SEAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TIER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QTY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PRICE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.delete_pressed.connect(self.release_selected)

        self.empty = QLabel(
            "Click seats on the map, or type a number and press Enter for the best seats."
        )
        self.empty.setObjectName("cartEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.codes = CodeEntry()
        # The adjustments of the quote (a discount code today), one line per label.
        self.adjustments_label = QLabel("")
        self.adjustments_label.setObjectName("cartAdjustments")
        self.adjustments_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.adjustments_label.hide()

        self.total_label = QLabel(format_money(Decimal("0.00")))
        self.total_label.setObjectName("cartTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_row = QHBoxLayout()
        total_caption = QLabel("Total")
        total_caption.setObjectName("cartTotalCaption")
        total_row.addWidget(total_caption)
        total_row.addWidget(self.total_label, 1)

        self.countdown = QLabel("")
        self.countdown.setObjectName("holdCountdown")
        self.countdown.setWordWrap(True)
        self.hold_again = QPushButton("Hold again")
        self.hold_again.setObjectName("holdAgain")
        self.hold_again.setToolTip("Try to hold the same seats again")
        self.hold_again.clicked.connect(self.hold_again_requested)
        self.hold_again.hide()
        countdown_row = QHBoxLayout()
        countdown_row.addWidget(self.countdown, 1)
        countdown_row.addWidget(self.hold_again)

        self.release_button = QPushButton("Release")
        self.release_button.setObjectName("releaseButton")
        self.release_button.setToolTip(
            "Give back the selected seats (Delete), or all seats if none is selected (Ctrl+Delete)"
        )
        self.release_button.clicked.connect(self.release_selected_or_all)
        self.pay_button = QPushButton("Pay…  F8")
        self.pay_button.setObjectName("payButton")
        self.pay_button.setToolTip("Take payment: cash, card, saved card or split (F8)")
        self.pay_button.clicked.connect(self.pay_requested)
        self.cash_button = QPushButton("Cash exact  F9")
        self.cash_button.setObjectName("cashExactButton")
        self.cash_button.setProperty("role", "primary")
        self.cash_button.setToolTip("Customer pays the exact total in cash (F9 or Ctrl+Enter)")
        self.cash_button.clicked.connect(self.cash_exact_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.release_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pay_button)
        buttons.addWidget(self.cash_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(8)
        column.addWidget(title)
        column.addWidget(self.event_label)
        column.addLayout(customer_row)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addWidget(self.codes)
        column.addWidget(self.adjustments_label)
        column.addLayout(total_row)
        column.addLayout(countdown_row)
        column.addLayout(buttons)
        self.set_hold(None)

    # -- state ----------------------------------------------------------------------------------
    def set_event_title(self, text: str) -> None:
        self.event_label.setText(text)

    def set_customer(self, customer: Any) -> None:
        if customer is None:
            self.customer_label.setText("Walk-up sale (no customer)")
            self.clear_customer.hide()
        else:
            contact = customer.email or customer.phone
            self.customer_label.setText(f"<b>{customer.name}</b> {contact}")
            self.clear_customer.show()

    def set_hold(self, hold: HoldInfo | None) -> None:
        self.hold = hold
        self.model.set_hold(hold)
        self.hold_again.hide()
        has = hold is not None and hold.quantity > 0
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        total = hold.total if hold is not None else Decimal("0.00")
        self.total_label.setText(format_money(total))
        self._show_adjustments(hold)
        for button in (self.release_button, self.pay_button, self.cash_button):
            button.setEnabled(has)
        if not has:
            self.countdown.setText("")
            restyle(self.countdown, level="")

    def _show_adjustments(self, hold: HoldInfo | None) -> None:
        sums: dict[str, Decimal] = {}
        for adjustment in hold.quote.adjustments if hold is not None else ():
            sums[adjustment.label] = sums.get(adjustment.label, Decimal("0.00")) + adjustment.amount
        lines = [f"{label}: {format_money(amount)}" for label, amount in sums.items()]
        if lines:
            lines.insert(0, f"Subtotal: {format_money(hold.quote.subtotal)}")  # type: ignore[union-attr]
        self.adjustments_label.setText("\n".join(lines))
        self.adjustments_label.setVisible(bool(lines))

    def show_expired(self, lapsed: HoldInfo | None) -> None:
        """Keep the lapsed lines on show (greyed) and offer to hold them again."""
        self.hold = None
        self.model.set_hold(lapsed, expired=True)
        has_lines = lapsed is not None and bool(lapsed.lines)
        self.table.setVisible(has_lines)
        self.empty.setVisible(not has_lines)
        self.countdown.setText("The hold expired and the seats were released.")
        restyle(self.countdown, level="error")
        self.hold_again.setVisible(has_lines)
        for button in (self.release_button, self.pay_button, self.cash_button):
            button.setEnabled(False)

    @Slot(int)
    def show_seconds_left(self, seconds: int) -> None:
        if self.hold is None:
            return
        self.countdown.setText(f"Seats held for {format_left(seconds)}")
        restyle(self.countdown, level="warning" if seconds <= WARN_SECONDS else "")

    def set_busy(self, busy: bool) -> None:
        self.release_button.setEnabled(not busy and self.hold is not None)

    # -- actions --------------------------------------------------------------------------------
    def selected_seat_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            line = index.data(LINE_ROLE)
            if line is not None and line.seat_id is not None:
                ids.append(line.seat_id)
        return ids

    @Slot()
    def release_selected(self) -> None:
        ids = self.selected_seat_ids()
        if ids:
            self.release_requested.emit(ids)

    @Slot()
    def release_selected_or_all(self) -> None:
        ids = self.selected_seat_ids()
        self.release_requested.emit(ids or None)
