"""The cart: held seats with tier and price, the total, the hold countdown and the pay buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.cash_rounding import (
    CashSettlement,
    needs_rounding,
    rounding_text,
    settle_cash,
)
from boxoffice.domain.money import format_money
from boxoffice.gui.hold.countdown import WARN_SECONDS, format_left
from boxoffice.gui.messages import headless
from boxoffice.gui.sale.cart_model import LINE_ROLE, PRICE, QTY, SEAT, TIER, TYPE, CartModel
from boxoffice.gui.sale.code_entry import CodeEntry
from boxoffice.gui.widgets.confirm_bar import ConfirmBar
from boxoffice.gui.widgets.elided_label import ElidedLabel
from boxoffice.i18n import _
from boxoffice.services.sales.holds import HoldInfo, HoldLine
from boxoffice.services.sales.pricing import Quote
from boxoffice.services.sales.pricing.discount_codes import STEP as DISCOUNT_STEP
from boxoffice.services.sales.pricing.ticket_types import STEP as TYPE_STEP


@dataclass(frozen=True)
class TypeRequest:
    """The clerk chose a ticket type: for *seat_ids*, or (GA, *seat_ids* None) *quantity*
    places taken from *from_type_id*'s."""

    type_id: int
    seat_ids: tuple[int, ...] | None
    quantity: int | None = None
    from_type_id: int | None = None
    reason: str = ""


def charges_text(quote: Quote) -> str:
    """The fee and tax lines of the cart: fees by name, tax per rate (added or included)."""
    parts: dict[str, Decimal] = {}
    for a in quote.adjustments:
        if a.step in ("fee", "tax"):
            label = _("incl. {label}").format(label=a.label) if a.included else a.label
            parts[label] = parts.get(label, Decimal("0.00")) + a.amount
    return "\n".join(f"{label}: {format_money(amount)}" for label, amount in parts.items())


def restyle(widget: QWidget, **properties: Any) -> None:
    """Set dynamic properties the stylesheet keys on, and re-apply the style."""
    for name, value in properties.items():
        widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CartTable(QTableView):
    """Delete removes the selected seats from the hold; a digit 1-9 makes them the ticket type
    of that number (1 = the default, usually Adult).

    Signals: ``delete_pressed()``; ``type_key_pressed(int)`` the 0-based type number.
    """

    delete_pressed = Signal()
    type_key_pressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        if Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9 and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.type_key_pressed.emit(event.key() - Qt.Key.Key_1)
            return
        super().keyPressEvent(event)


class CartPanel(QWidget):
    """Shows the hold; asks the sell tab to act through its signals.

    Signals: ``release_requested(object)`` seat ids or None for everything;
    ``hold_again_requested()``; ``pay_requested()``; ``cash_exact_requested()``;
    ``customer_requested()`` (attach); ``customer_cleared()``; ``type_requested(object)`` a
    :class:`TypeRequest`.
    """

    release_requested = Signal(object)
    hold_again_requested = Signal()
    pay_requested = Signal()
    cash_exact_requested = Signal()
    customer_requested = Signal()
    customer_cleared = Signal()
    type_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cartPanel")
        self.model = CartModel()
        self.hold: HoldInfo | None = None
        # Asks why a ticket is complimentary (None: not given). Tests replace it.
        self.ask_reason: Callable[[str], str | None] = self._ask_reason

        title = QLabel(_("Cart"))
        title.setObjectName("panelTitle")
        self.event_label = QLabel(_("No event chosen"))
        self.event_label.setObjectName("cartEvent")
        self.event_label.setWordWrap(True)

        self.customer_label = QLabel(_("Walk-up sale (no customer)"))
        self.customer_label.setObjectName("cartCustomer")
        self.customer_label.setTextFormat(Qt.TextFormat.PlainText)
        # A long e-mail address must not widen the cart: elided, whole in the tooltip.
        self.customer_contact = ElidedLabel()
        self.customer_contact.setObjectName("cartCustomerContact")
        self.customer_button = QPushButton(_("Customer…"))
        self.customer_button.setObjectName("attachCustomer")
        self.customer_button.setToolTip(_("Attach a customer to this sale (Ctrl+K)"))
        self.customer_button.clicked.connect(self.customer_requested)
        self.clear_customer = QToolButton()
        self.clear_customer.setObjectName("clearCustomer")
        self.clear_customer.setText("✕")
        self.clear_customer.setToolTip(_("Sell without a customer"))
        self.clear_customer.clicked.connect(self.customer_cleared)
        self.clear_customer.hide()
        customer_row = QHBoxLayout()
        customer_row.addWidget(self.customer_label)
        customer_row.addWidget(self.customer_contact, 1)
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
        header.setSectionResizeMode(TYPE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QTY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PRICE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.delete_pressed.connect(self.release_selected)
        self.table.type_key_pressed.connect(self.choose_type)
        self.table.selectionModel().currentRowChanged.connect(self._sync_type_combo)

        self.type_combo = QComboBox()
        self.type_combo.setObjectName("ticketTypeCombo")
        self.type_combo.setToolTip(
            _("Ticket type of the selected seats (or press its number in the cart: 1 Adult, …)")
        )
        self.type_combo.activated.connect(self.choose_type)
        type_caption = QLabel(_("Type"))
        type_caption.setBuddy(self.type_combo)
        self.type_row = QWidget()
        type_layout = QHBoxLayout(self.type_row)
        type_layout.setContentsMargins(0, 0, 0, 0)
        type_layout.addWidget(type_caption)
        type_layout.addWidget(self.type_combo, 1)
        self.checks = QLabel("")
        self.checks.setObjectName("cartChecks")
        self.checks.setWordWrap(True)
        self.charges = QLabel("")
        self.charges.setObjectName("cartCharges")
        self.charges.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.empty = QLabel(
            _("Click seats on the map, or type a number and press Enter for the best seats.")
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
        total_caption = QLabel(_("Total"))
        total_caption.setObjectName("cartTotalCaption")
        total_row.addWidget(total_caption)
        total_row.addWidget(self.total_label, 1)
        # Where the till rounds cash (CHF 0.05): what "Cash exact" takes, as its own line.
        self.cash_currency = ""
        self.rounding_label = QLabel()
        self.rounding_label.setObjectName("cartCashRounding")
        self.rounding_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.rounding_label.setWordWrap(True)
        self.rounding_label.hide()

        self.countdown = QLabel("")
        self.countdown.setObjectName("holdCountdown")
        self.countdown.setWordWrap(True)
        self.hold_again = QPushButton(_("Hold again"))
        self.hold_again.setObjectName("holdAgain")
        self.hold_again.setToolTip(_("Try to hold the same seats again"))
        self.hold_again.clicked.connect(self.hold_again_requested)
        self.hold_again.hide()
        countdown_row = QHBoxLayout()
        countdown_row.addWidget(self.countdown, 1)
        countdown_row.addWidget(self.hold_again)

        self.release_button = QPushButton(_("Release"))
        self.release_button.setObjectName("releaseButton")
        self.release_button.setToolTip(
            _(
                "Give back the selected seats (Delete), or all seats if none is selected "
                "(Ctrl+Delete)"
            )
        )
        self.release_button.clicked.connect(self.release_selected_or_all)
        self.pay_button = QPushButton(_("Pay…  F8"))
        self.pay_button.setObjectName("payButton")
        self.pay_button.setToolTip(_("Take payment: cash, card, saved card or split (F8)"))
        self.pay_button.clicked.connect(self.pay_requested)
        self.cash_button = QPushButton(_("Cash exact  F9"))
        self.cash_button.setObjectName("cashExactButton")
        self.cash_button.setProperty("role", "primary")
        self.cash_button.setToolTip(_("Customer pays the exact total in cash (F9 or Ctrl+Enter)"))
        self.cash_button.clicked.connect(self.cash_exact_requested)
        # F9's terms question (when the installation asks for the terms to be confirmed).
        self.terms_bar = ConfirmBar()
        self.terms_bar.setObjectName("termsBar")
        self.terms_bar.no.setText(_("Back"))
        self.terms_bar.yes.setAutoDefault(True)  # Enter sells, as F9 again does
        restyle(self.terms_bar.yes, role="primary")
        for button in (self.release_button, self.pay_button, self.cash_button):
            # Never narrower than the (translated) words: the splitter then leaves room.
            button.setMinimumWidth(button.sizeHint().width())
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
        column.addWidget(self.type_row)
        column.addWidget(self.checks)
        column.addWidget(self.empty)
        column.addWidget(self.codes)
        column.addWidget(self.adjustments_label)
        column.addWidget(self.charges)
        column.addLayout(total_row)
        column.addWidget(self.rounding_label)
        column.addLayout(countdown_row)
        column.addWidget(self.terms_bar)
        column.addLayout(buttons)
        self.set_hold(None)

    # -- state ----------------------------------------------------------------------------------
    def set_event_title(self, text: str) -> None:
        self.event_label.setText(text)

    def set_customer(self, customer: Any) -> None:
        if customer is None:
            self.customer_label.setText(_("Walk-up sale (no customer)"))
            self.customer_contact.set_full_text("")
            self.clear_customer.hide()
        else:
            self.customer_label.setText(customer.name)
            self.customer_contact.set_full_text(customer.email or customer.phone or "")
            self.clear_customer.show()
        font = self.customer_label.font()
        font.setBold(customer is not None)
        self.customer_label.setFont(font)

    def minimumSizeHint(self) -> QSize:
        """At least 340 wide, and as wide as its buttons need (large text makes them wider;
        a fixed minimum width would cut them off)."""
        return super().minimumSizeHint().expandedTo(QSize(340, 0))

    def set_hold(self, hold: HoldInfo | None) -> None:
        kept = self._selection()
        if hold is None or self.hold is None or hold.total != self.hold.total:
            self.terms_bar.dismiss()  # the question named another total
        self.hold = hold
        self.model.set_hold(hold)
        self._reselect(*kept)
        self._sync_type_combo()
        self.hold_again.hide()
        has = hold is not None and hold.quantity > 0
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        total = hold.total if hold is not None else Decimal("0.00")
        self.total_label.setText(format_money(total))
        self._show_adjustments(hold)
        self._show_rounding()
        self._show_types(hold if has else None)
        for button in (self.release_button, self.pay_button, self.cash_button):
            button.setEnabled(has)
        if not has:
            self.countdown.setText("")
            restyle(self.countdown, level="")

    def _show_adjustments(self, hold: HoldInfo | None) -> None:
        sums: dict[str, Decimal] = {}
        for adjustment in hold.quote.adjustments if hold is not None else ():
            if adjustment.step != DISCOUNT_STEP:  # fees and tax: the charges line shows them
                continue
            sums[adjustment.label] = sums.get(adjustment.label, Decimal("0.00")) + adjustment.amount
        lines = [f"{label}: {format_money(amount)}" for label, amount in sums.items()]
        if lines and hold is not None:
            # The seats at the prices of their types (the Price column), so that the subtotal,
            # the discounts, the fees and the total on screen add up.
            typed = sum(
                (a.amount for a in hold.quote.by_step(TYPE_STEP) if not a.included),
                hold.quote.subtotal,
            )
            subtotal = format_money(typed)
            lines.insert(0, _("Subtotal: {amount}").format(amount=subtotal))
        self.adjustments_label.setText("\n".join(lines))
        self.adjustments_label.setVisible(bool(lines))

    def set_cash_currency(self, currency: str) -> None:
        """The till's currency: where it rounds cash, the cart says what cash exact takes."""
        self.cash_currency = currency
        self._show_rounding()

    def cash_exact(self) -> CashSettlement | None:
        """How "Cash exact" settles where the till rounds cash; None where it does not."""
        hold = self.hold
        if hold is None or hold.quantity == 0 or not needs_rounding(self.cash_currency):
            return None
        total = hold.total_for("cash")
        return settle_cash(total, total, self.cash_currency)

    def _show_rounding(self) -> None:
        settled = self.cash_exact()
        shown = settled is not None and settled.rounded
        self.rounding_label.setText(rounding_text(settled) if settled and shown else "")
        self.rounding_label.setVisible(shown)

    def show_expired(self, lapsed: HoldInfo | None) -> None:
        """Keep the lapsed lines on show (greyed) and offer to hold them again."""
        self.terms_bar.dismiss()
        self.hold = None
        self.model.set_hold(lapsed, expired=True)
        has_lines = lapsed is not None and bool(lapsed.lines)
        self.table.setVisible(has_lines)
        self.empty.setVisible(not has_lines)
        self.countdown.setText(_("The hold expired and the seats were released."))
        restyle(self.countdown, level="error")
        self.hold_again.setVisible(has_lines)
        for button in (self.release_button, self.pay_button, self.cash_button):
            button.setEnabled(False)

    @Slot(int)
    def show_seconds_left(self, seconds: int) -> None:
        if self.hold is None:
            return
        self.countdown.setText(_("Seats held for {left}").format(left=format_left(seconds)))
        restyle(self.countdown, level="warning" if seconds <= WARN_SECONDS else "")

    def set_busy(self, busy: bool) -> None:
        self.release_button.setEnabled(not busy and self.hold is not None)

    @Slot()
    def _sync_type_combo(self) -> None:
        """The type box shows the current line's type."""
        line = self.table.currentIndex().data(LINE_ROLE)
        if self.hold is None or line is None or line.ticket_type is None:
            return
        ids = [t.id for t in self.hold.ticket_types]
        if line.ticket_type.id in ids:
            self.type_combo.setCurrentIndex(ids.index(line.ticket_type.id))

    def _selection(self) -> tuple[set[int], int]:
        """The selected seats and the current row, to keep over a new hold state (a keyboard
        user sets one type after another on the same seats)."""
        selected = {line.seat_id for line in self.selected_lines() if line.seat_id is not None}
        return selected, self.table.currentIndex().row()

    def _reselect(self, seat_ids: set[int], current: int) -> None:
        rows = self.model.rowCount()
        if not rows or current < 0:
            return
        selection = self.table.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        selection.setCurrentIndex(
            self.model.index(min(current, rows - 1), 0), selection.SelectionFlag.NoUpdate
        )
        for row in range(rows):
            line = self.model.index(row, 0).data(LINE_ROLE)
            if line is not None and line.seat_id in seat_ids:
                selection.select(self.model.index(row, 0), flags)

    def _show_types(self, hold: HoldInfo | None) -> None:
        types = hold.ticket_types if hold is not None else ()
        names = [f"{i + 1}  {t.name}" for i, t in enumerate(types)]
        if names != [self.type_combo.itemText(i) for i in range(self.type_combo.count())]:
            self.type_combo.clear()
            self.type_combo.addItems(names)
        self.type_row.setVisible(bool(types))
        checks = sorted(
            {
                f"{line.ticket_type.name}: {line.ticket_type.check}"
                for line in (hold.lines if hold is not None else ())
                if line.ticket_type is not None and line.ticket_type.check
            }
        )
        self.checks.setText("\n".join(f"Check — {c}" for c in checks))
        self.checks.setVisible(bool(checks))
        text = charges_text(hold.quote) if hold is not None else ""
        for method, total in hold.method_totals if hold is not None else ():
            if "+" in method:  # a split over several methods with fees: the dialog says
                continue
            name = method.replace("_", " ")
            text += "\n" + _("Paid by {method}: {total} (also when it pays part)").format(
                method=name, total=format_money(total)
            )
        text = text.strip()
        self.charges.setText(text)
        self.charges.setVisible(bool(text))

    # -- actions --------------------------------------------------------------------------------
    def selected_seat_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            line = index.data(LINE_ROLE)
            if line is not None and line.seat_id is not None:
                ids.append(line.seat_id)
        return ids

    @Slot()
    def focus_lines(self) -> None:
        """Keyboard into the cart's lines (the first one current) to set their types."""
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def selected_lines(self) -> list[HoldLine]:
        rows = self.table.selectionModel().selectedRows()
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex()]
        return [line for index in rows if (line := index.data(LINE_ROLE)) is not None]

    @Slot(int)
    def choose_type(self, number: int) -> None:
        """Make the selected lines (or the current one) ticket type *number* (0-based)."""
        hold = self.hold
        if hold is None or not 0 <= number < len(hold.ticket_types):
            return
        chosen = hold.ticket_types[number]
        lines = self.selected_lines()
        if not lines:
            return
        reason = ""
        if chosen.complimentary:
            given = self.ask_reason(chosen.name)
            if not given:
                return
            reason = given
        seats = tuple(line.seat_id for line in lines if line.seat_id is not None)
        if seats:
            self.type_requested.emit(TypeRequest(chosen.id, seats, reason=reason))
            return
        line = lines[0]  # GA: one place of the line becomes the chosen type
        current = line.ticket_type.id if line.ticket_type is not None else None
        if current == chosen.id:
            return
        have = sum(
            g.quantity
            for g in hold.lines
            if g.seat_id is None and g.ticket_type is not None and g.ticket_type.id == chosen.id
        )
        self.type_requested.emit(TypeRequest(chosen.id, None, have + 1, current, reason))

    def _ask_reason(self, type_name: str) -> str | None:
        if headless():
            return None
        text, ok = QInputDialog.getText(
            self,
            _("{type_name} ticket").format(type_name=type_name),
            _("Why is this ticket given away (who, what for)?"),
        )
        return text.strip() if ok and text.strip() else None

    @Slot()
    def release_selected(self) -> None:
        ids = self.selected_seat_ids()
        if ids:
            self.release_requested.emit(ids)

    @Slot()
    def release_selected_or_all(self) -> None:
        ids = self.selected_seat_ids()
        self.release_requested.emit(ids or None)
