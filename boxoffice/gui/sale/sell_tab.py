"""The Sell tab: find the event (top), pick seats on the map or "best N" (left), cart (right).

Keyboard walk-up sale: type the event, Enter; type the number of seats, Enter; F9 (cash exact);
Enter prints. Five actions.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.cash_rounding import CashSettlement
from boxoffice.domain.discount import CodeRefused
from boxoffice.domain.errors import BoxOfficeError, DatabaseUnavailable, HoldExpired
from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import SeatChanges, SeatMap, SeatState
from boxoffice.domain.tender import CashTender, Tender
from boxoffice.gui.context import AppContext
from boxoffice.gui.events.browser import EventBrowser
from boxoffice.gui.events.model import local_time
from boxoffice.gui.hold.controller import SaleController
from boxoffice.gui.hold.countdown import HoldCountdown, format_left
from boxoffice.gui.hold.map_picker import MapPicker
from boxoffice.gui.payment.cash_currency import load_cash_currency
from boxoffice.gui.payment.complete import SaleCompleteDialog
from boxoffice.gui.payment.payment_dialog import PaymentDialog
from boxoffice.gui.payment.terms import cash_exact_question, terms_required
from boxoffice.gui.sale.best_seats import BestSeatsBar
from boxoffice.gui.sale.cart_panel import CartPanel
from boxoffice.gui.sale.ga_panel import GeneralAdmissionPanel
from boxoffice.gui.sale.sell_for import SellForBar
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.gui.waitlist.dialog import WaitlistDialog
from boxoffice.gui.widgets.connection_notes import not_through_note
from boxoffice.gui.widgets.remembered import remember_splitter
from boxoffice.gui.widgets.scrolling import scrolling
from boxoffice.gui.widgets.shortcuts import with_shortcut
from boxoffice.i18n import _, ngettext
from boxoffice.services import waitlist
from boxoffice.services.people.customers import get_customer
from boxoffice.services.sales import discount_codes
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.catalog import EventDetail, EventSummary
from boxoffice.services.sales.holds import HoldInfo
from boxoffice.services.sales.pricing.discount_codes import STEP as DISCOUNT_STEP
from boxoffice.services.sales.purchase import BookingResult
from boxoffice.services.waitlist.views import WaitlistEntryView

PLACEHOLDER, MAP, GA = range(3)
# Desk settings: where the clerk left the splitters (event list / sale, map / cart).
SPLIT_SETTING = "sell/splitter"
LOWER_SPLIT_SETTING = "sell/lower_splitter"

# Opens the customer search over *parent*: a dialog with a ``chosen(customer)`` signal. The
# window shell passes the Customers feature's picker (features do not import each other).
CustomerPicker = Callable[[QWidget], Any]


class SellTab(QWidget):
    """The clerk's main screen. Public for tests and the main window: ``browser``, ``seat_map``,
    ``best``, ``cart``, ``controller``, ``countdown``, ``payment_dialog``, ``complete_dialog``."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        customer_picker: CustomerPicker | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sellTab")
        self.ctx = ctx
        self._open_picker = customer_picker
        self.controller = SaleController(ctx, self)
        self.countdown = HoldCountdown(self)
        self.payment_dialog: PaymentDialog | None = None
        self.complete_dialog: SaleCompleteDialog | None = None
        self.share_dialog: QWidget | None = None
        self.voucher_dialog: QWidget | None = None
        self.waitlist_dialog: WaitlistDialog | None = None
        self.customer_picker: QWidget | None = None
        self.seat_picker: QWidget | None = None
        self._cash_key: tuple[str, Decimal, str] | None = None
        self._cash_settled: CashSettlement | None = None  # how the F9 sale's cash settled
        self._paying = False
        self.codes: tuple[str, ...] = ()  # the discount code typed in the cart, if any
        self._pricing = 0  # generation of the cart's re-pricing: late answers are dropped

        self.browser = EventBrowser(ctx)
        self.browser.event_chosen.connect(self.choose_event)

        self.event_title = QLabel(_("Choose an event"))
        self.event_title.setObjectName("eventTitle")
        self.event_info = QLabel(_("Search above, then press Enter or double-click an event."))
        self.event_info.setObjectName("subtle")
        self.seat_map = SeatMapView()
        self.seat_map.setObjectName("sellSeatMap")
        self.legend = SeatLegend(self.seat_map)
        self.ga_panel = GeneralAdmissionPanel()
        placeholder = QLabel(_("No event chosen yet."))
        placeholder.setObjectName("mapPlaceholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map_stack = QStackedWidget()
        self.map_stack.addWidget(placeholder)
        map_page = QWidget()
        map_row = QHBoxLayout(map_page)  # the key beside the map leaves the map its height
        map_row.setContentsMargins(0, 0, 0, 0)
        map_row.addWidget(self.seat_map, 1)
        # Scrolls rather than squeezing its rows over each other when the map is low (large
        # fonts, high contrast, a small screen).
        map_row.addWidget(scrolling(self.legend, "sellLegendScroll"))
        self.map_stack.addWidget(map_page)
        self.map_stack.addWidget(self.ga_panel)
        self.best = BestSeatsBar()
        self.best.setEnabled(False)

        centre = QWidget()
        centre.setObjectName("mapArea")
        centre_column = QVBoxLayout(centre)
        centre_column.setContentsMargins(8, 8, 8, 8)
        self.share_button = QToolButton()
        self.share_button.setObjectName("shareEvent")
        self.waitlist_button = QToolButton()
        self.waitlist_button.setObjectName("openWaitlist")
        self.sell_for = SellForBar(ctx)  # general sale, an allocation, or house seats
        title_row = QHBoxLayout()
        title_row.addWidget(self.event_title, 1)
        title_row.addWidget(self.sell_for)
        title_row.addWidget(self.waitlist_button)
        title_row.addWidget(self.share_button)
        centre_column.addLayout(title_row)
        centre_column.addWidget(self.event_info)
        centre_column.addWidget(self.map_stack, 1)
        centre_column.addWidget(self.best)

        self.cart = CartPanel()

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(centre)
        lower.addWidget(scrolling(self.cart, "cartScroll"))  # large text: scrolls, never squeezed
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)
        lower.setSizes([900, 380])
        lower.setObjectName("sellLowerSplitter")
        upper = QWidget()
        upper_column = QVBoxLayout(upper)
        upper_column.setContentsMargins(8, 8, 8, 0)
        upper_column.addWidget(self.browser)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("sellSplitter")
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([340, 380])  # the event list shows six rows at first on 1366×768
        self.splitters = (split, lower)
        remember_splitter(split, ctx.settings, SPLIT_SETTING)
        remember_splitter(lower, ctx.settings, LOWER_SPLIT_SETTING)
        QVBoxLayout(self).addWidget(split)
        self.layout().setContentsMargins(0, 0, 0, 0)  # type: ignore[union-attr]

        self._wire()
        self._build_actions()
        self.cash_currency = ""  # the till's (CHF rounds cash to 0.05), read in the background
        self._load_cash_currency()
        self.share_button.setDefaultAction(self.actions_by_name["share"])
        self.share_button.setText(_("Share…"))
        self.waitlist_button.setDefaultAction(self.actions_by_name["waitlist"])
        self.waitlist_button.setText(_("Waiting list…"))

    # -- wiring ---------------------------------------------------------------------------------
    def _wire(self) -> None:
        c = self.controller
        c.event_changed.connect(self._event_changed)
        c.map_loaded.connect(self._map_loaded)
        c.seats_changed.connect(self._seats_changed)
        c.hold_changed.connect(self._hold_changed)
        c.customer_changed.connect(self.cart.set_customer)
        c.busy_changed.connect(self.cart.set_busy)
        c.expired.connect(self._expired)
        c.sold.connect(lambda _result: self.browser.refresh_counts())
        c.sold.connect(lambda _result: self._refresh_sell_for())
        self.sell_for.chosen.connect(self._sell_for_chosen)
        self.picker = MapPicker(self.seat_map, c)
        self.best.requested.connect(self._best_requested)
        self.cart.release_requested.connect(c.release)
        self.cart.hold_again_requested.connect(c.hold_again)
        self.cart.pay_requested.connect(self.open_payment)
        self.cart.cash_exact_requested.connect(self.pay_cash_exact)
        self.cart.customer_requested.connect(self.pick_customer)
        self.cart.customer_cleared.connect(lambda: c.set_customer(None))
        self.cart.codes.code_entered.connect(self.apply_code)
        self.cart.codes.code_removed.connect(self.remove_code)
        c.customer_changed.connect(lambda _customer: self._reprice())
        self.cart.type_requested.connect(
            lambda r: c.set_ticket_type(r.type_id, r.seat_ids, r.quantity, r.from_type_id, r.reason)
        )
        self.countdown.tick.connect(self.cart.show_seconds_left)
        self.countdown.warning.connect(self._hold_warning)
        self.countdown.expired.connect(c.hold_lapsed)

    def _action(self, text: str, keys: tuple[str, ...], slot: Any, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(with_shortcut(tip or text, keys[0]))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.actions_by_name = {
            "find": self._action(_("Find event"), ("Ctrl+F",), self.browser.focus_search),
            "best": self._action(_("Best seats…"), ("Ctrl+B",), self.best.focus_quantity),
            "customer": self._action(_("Attach customer…"), ("Ctrl+K",), self.pick_customer),
            "pay": self._action(_("Pay…"), ("F8",), self.open_payment),
            "cash": self._action(
                _("Pay cash exact"), ("F9", "Ctrl+Return", "Ctrl+Enter"), self.pay_cash_exact
            ),
            "release": self._action(
                _("Release all seats"), ("Ctrl+Del",), lambda: self.controller.release(None)
            ),
            "type": self._action(
                _("Ticket types in the cart"),
                ("Ctrl+T",),
                self.cart.focus_lines,
                _(
                    "Go to the cart's seats: press 1, 2, … to make the selected seats Adult, "
                    "Child, …"
                ),
            ),
            "map": self._action(
                _("Pick seats on the map"),
                ("Ctrl+M",),
                self.seat_map.focus_cursor,
                _("Go to the seat map: arrows move the seat cursor, Space holds or releases"),
            ),
            "fit": self._action(_("Fit map"), ("Ctrl+0",), self.seat_map.fit),
            "seats": self._action(
                _("Choose seats by section, row and seat…"),
                ("Ctrl+Shift+S",),
                self.choose_seats,
                _("Pick free seats from lists (keyboard and screen reader), as on the map"),
            ),
            "share": self._action(_("Share event by e-mail…"), ("Ctrl+Shift+E",), self.share_event),
            "voucher": self._action(_("Sell gift voucher…"), ("Ctrl+G",), self.sell_voucher),
            "waitlist": self._action(
                _("Waiting list…"),
                ("Ctrl+Shift+W",),
                self.open_waitlist,
                _("The event's waiting list: add a customer, take an offer to the cart"),
            ),
        }
        self.actions_by_name["share"].setEnabled(False)
        self.actions_by_name["waitlist"].setEnabled(False)

    def menu_actions(self) -> tuple[str, list[QAction]]:
        """The main window puts these in a "Sale" menu (with their shortcuts)."""
        return _("&Sale"), list(self.actions_by_name.values())

    def focus_first(self) -> None:
        if self.controller.event_detail is None:
            self.browser.focus_search()

    # -- event and map --------------------------------------------------------------------------
    @Slot(object)
    def choose_event(self, event: EventSummary) -> None:
        self.controller.open_event(event)

    def _event_changed(self, event: EventDetail | None) -> None:
        if event is None:
            return
        self.event_title.setText(event.title)
        state = "" if event.on_sale else _(" · not on sale")
        self.event_info.setText(f"{local_time(event.starts_at)} · {event.venue}{state}")
        self.cart.set_event_title(f"{event.title} — {local_time(event.starts_at)}")
        self.actions_by_name["share"].setEnabled(True)
        self.actions_by_name["waitlist"].setEnabled(True)
        if event.id != self.sell_for.event_id:  # another event: general sale again
            self.seat_map.set_house_mode(False)
            self.sell_for.set_event(event.id, event.general_admission)
        self.best.set_tiers(event.tiers, event.general_admission)
        self.best.setEnabled(event.on_sale and bool(event.tiers))
        if event.general_admission:
            self.ga_panel.set_event(event)
            self.map_stack.setCurrentIndex(GA)
        if self.best.isEnabled():
            self.best.focus_quantity()

    def _refresh_sell_for(self) -> None:
        event = self.controller.event_detail
        if event is not None:
            self.sell_for.set_event(event.id, event.general_admission)  # counts after a sale

    def _sell_for_chosen(self, from_house: bool, allocation: int | None) -> None:
        """Seats under a named hold become clickable when selling for an allocation or from
        house seats (the service still refuses seats outside the allocation, and kills)."""
        self.controller.set_sell_for(from_house, allocation)
        self.seat_map.set_house_mode(from_house or allocation is not None)

    def _map_loaded(self, seat_map: SeatMap) -> None:
        self.seat_map.set_map(seat_map)
        event = self.controller.event_detail
        self.seat_map.set_read_only(event is None or not event.on_sale)
        self.map_stack.setCurrentIndex(MAP)
        self.seat_map.fit()

    def _seats_changed(self, changes: SeatChanges) -> None:
        self.seat_map.apply_changes(changes)
        others = [s for s, st in changes.states.items() if st is not SeatState.HELD_MINE]
        if others:
            self.seat_map.highlight_recent(others)

    def _load_cash_currency(self) -> None:
        load_cash_currency(self.ctx, self._cash_currency_known)

    def _cash_currency_known(self, currency: str) -> None:
        self.cash_currency = currency
        self.cart.set_cash_currency(currency)

    def _hold_changed(self, hold: HoldInfo | None) -> None:
        if hold is not None and self.cart.hold is None:
            self._load_cash_currency()  # a new sale: a manager may have changed the till
        self.cart.set_hold(hold)
        if hold is None:
            self.countdown.stop()
            if self.codes:  # the sale is over (sold or released): the next one starts clean
                self.codes = ()
                self.cart.codes.clear()
        else:
            self._reprice()
            self.countdown.start(hold.expires_at)
            self.seat_map.ensure_visible(hold.seat_ids)  # best seats far off in a stadium

    @Slot(int, object)
    def _best_requested(self, quantity: int, tier_id: int | None) -> None:
        event = self.controller.event_detail
        if event is None:
            return
        if event.general_admission:
            if tier_id is not None:
                self.controller.hold_general_admission(tier_id, quantity)
        else:
            self.controller.best_available(quantity, tier_id)

    def _hold_warning(self, seconds: int) -> None:
        self.ctx.messages.warning.emit(
            _(
                "The seats in the cart are held for only {left} more. Take payment now, or they "
                "go back on sale."
            ).format(left=format_left(seconds))
        )

    def _expired(self, lapsed: HoldInfo | None) -> None:
        self.countdown.stop()
        self.cart.show_expired(lapsed)
        if self.payment_dialog is not None:
            self.payment_dialog.lapsed()
        self.ctx.messages.warning.emit(
            _(
                'The hold expired: the seats went back on sale. Press "Hold again" to try the '
                "same seats."
            )
        )

    @Slot()
    def choose_seats(self) -> None:
        """The keyboard seat chooser: the seats ticked there are held like clicks on the map."""
        from boxoffice.gui.sale.seat_picker import SeatPickerDialog

        event = self.controller.event_detail
        if event is None or event.general_admission or self.seat_map.seat_map() is None:
            self.ctx.messages.info.emit(_("Open an event with a seat map first."))
            return
        if self.seat_map.is_read_only():
            self.ctx.messages.info.emit(_("This event is not on sale."))
            return
        dialog = SeatPickerDialog(self.seat_map, self)
        dialog.seats_chosen.connect(self.picker.take)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.seat_picker = dialog
        dialog.open()

    @Slot()
    def share_event(self) -> None:
        """E-mail the chosen event to someone (the dialog queues it in the outbox)."""
        from boxoffice.gui.sale.share_dialog import ShareEventDialog

        event = self.controller.event_detail
        if event is None:
            return
        dialog = ShareEventDialog(self.ctx, event.id, self)
        self.share_dialog = dialog
        dialog.open()

    # -- discount code --------------------------------------------------------------------------
    @Slot(str)
    def apply_code(self, text: str) -> None:
        if self.controller.hold is None:
            self.cart.codes.show_refused(_("Hold the seats first, then type the code."))
            return
        self.codes = (text.strip(),)
        self._reprice()

    @Slot()
    def remove_code(self) -> None:
        self.codes = ()
        self._pricing += 1
        self.cart.set_hold(self.controller.hold)

    def _reprice(self) -> None:
        """Quote the cart again with the code (after any change of seats or customer)."""
        hold = self.controller.hold
        if hold is None or not self.codes:
            return
        self._pricing += 1
        generation, hold_id = self._pricing, hold.hold_id
        customer = self.controller.customer

        def done(info: HoldInfo | None) -> None:
            current = self.controller.hold
            if generation != self._pricing or current is None or current.hold_id != hold_id:
                return
            self.cart.set_hold(info or current)
            if info is not None:
                saving = -sum(
                    (a.amount for a in info.quote.adjustments if a.step == DISCOUNT_STEP),
                    Decimal("0.00"),
                )
                self.cart.codes.show_applied(self.codes[0].upper(), format_money(saving))

        def failed(exc: BaseException) -> None:
            if generation != self._pricing:
                return
            if not isinstance(exc, BoxOfficeError):
                raise exc
            if isinstance(exc, CodeRefused):
                self.codes = ()
                self.cart.set_hold(self.controller.hold)
            self.cart.codes.show_refused(exc.message)

        self.ctx.services.run(
            discount_codes.price_hold,
            hold_id,
            self.codes,
            customer.id if customer else None,
            on_done=done,
            on_error=failed,
        )

    def _priced(self, hold: HoldInfo) -> HoldInfo:
        """What the cart shows: priced with the code when the cart's quote is of this hold."""
        shown = self.cart.hold
        if self.codes and shown is not None and shown.hold_id == hold.hold_id:
            return shown
        return hold

    def _sale_total(self, hold: HoldInfo, method: str | None = None) -> Decimal:
        """The cart's total, paid wholly by *method* (None: as the cart shows it)."""
        return self._priced(hold).total_for(method)

    @Slot()
    def sell_voucher(self) -> None:
        """Sell a gift voucher (no seats needed): the dialog takes its value, issues it and
        prints or mails it (to the attached customer's address, if any)."""
        from boxoffice.gui.sale.voucher_sale import VoucherSaleDialog

        dialog = VoucherSaleDialog(self.ctx, self, customer=self.controller.customer)
        dialog.finished.connect(lambda _r: self.ready_for_next())
        self.voucher_dialog = dialog
        dialog.open()

    # -- waiting list ---------------------------------------------------------------------------
    @Slot()
    def open_waitlist(self) -> None:
        """The chosen event's waiting list, beside the sale (modeless)."""
        event = self.controller.event_detail
        if event is None or event.general_admission:
            return
        if self.waitlist_dialog is not None:
            self.waitlist_dialog.close()
            self.waitlist_dialog.deleteLater()
        dialog = WaitlistDialog(
            self.ctx, event.id, event.title, event.tiers, self._open_picker, self
        )
        dialog.panel.take_requested.connect(self.take_offer)
        self.waitlist_dialog = dialog
        dialog.show()

    def take_offer(self, entry: WaitlistEntryView) -> None:
        """Put a waiting customer's offered seats in the cart, with the customer attached."""
        c = self.controller
        if c.event_detail is None or entry.event_id != c.event_detail.id:
            self.ctx.messages.warning.emit(_("Open the offer's event in the Sell tab first."))
            return
        if c.hold is not None or c.busy:
            self.ctx.messages.warning.emit(
                _("The cart is in use: sell or release it first, then take the offer.")
            )
            return

        def taken(info: HoldInfo) -> None:
            c.set_hold(info)
            self.ctx.services.run(
                get_customer, entry.customer_id, on_done=c.set_customer, on_error=failed
            )
            if self.waitlist_dialog is not None:
                self.waitlist_dialog.panel.refresh()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, BoxOfficeError):
                raise exc
            self.ctx.messages.error.emit(exc.message)
            if self.waitlist_dialog is not None:
                self.waitlist_dialog.panel.refresh()

        self.ctx.services.run_write(waitlist.take_offer, entry.id, on_done=taken, on_error=failed)

    # -- customer -------------------------------------------------------------------------------
    @Slot()
    def pick_customer(self) -> None:
        if self._open_picker is None:
            self.ctx.messages.warning.emit(_("Attach customers from the Customers tab."))
            return
        dialog = self._open_picker(self)
        dialog.chosen.connect(self.controller.set_customer)
        self.customer_picker = dialog
        dialog.open()

    def attach_customer(self, customer: Any) -> None:
        """The Customers tab's "Sell to this customer"."""
        self.controller.set_customer(customer)

    # -- paying ---------------------------------------------------------------------------------
    def _summary(self) -> str:
        hold, event = self.controller.hold, self.controller.event_detail
        if hold is None or event is None:
            return ""
        what = ngettext("{quantity} ticket", "{quantity} tickets", hold.quantity).format(
            quantity=hold.quantity
        )
        return f"{event.title}, {local_time(event.starts_at)} — {what}"

    def _submit_for(self, hold_id: str, customer_id: int | None) -> Any:
        ctx = self.ctx
        from boxoffice.gui.tickets.thermal import cash_kicker

        codes = self.codes
        kick_for_cash = cash_kicker(ctx)  # the desk's settings read here, on the GUI thread

        def submit(tenders: list[Tender], key: str) -> BookingResult:
            result = ctx.services.call(
                checkout.checkout, hold_id, tenders, key, customer_id, codes=codes
            )
            kick_for_cash(tenders)  # the till: the drawer opens once the sale is saved
            return result

        return submit

    @Slot()
    def open_payment(self) -> None:
        hold = self.controller.hold
        if hold is None or self.controller.busy or self._paying:
            if hold is None:
                self.ctx.messages.info.emit(_("The cart is empty: hold some seats first."))
            return
        customer = self.controller.customer
        dialog = PaymentDialog(
            self.ctx,
            self._sale_total(hold),
            self._submit_for(hold.hold_id, customer.id if customer else None),
            customer=customer,
            summary=self._summary(),
            parent=self,
            method_totals=dict(self._priced(hold).method_totals),
            cash_currency=self.cash_currency,
        )
        dialog.paid.connect(self.controller.completed)
        dialog.hold_expired.connect(self.controller.checkout_failed_expired)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.payment_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: PaymentDialog) -> None:
        if self.payment_dialog is dialog:
            self.payment_dialog = None
        dialog.deleteLater()
        self.ready_for_next()

    @Slot()
    def pay_cash_exact(self) -> None:
        """The customer hands over exactly the total: sell now, then offer to print. Where the
        terms must be confirmed (the payment dialog's rule), ask first: Enter or F9 again sells."""
        hold = self.controller.hold
        if hold is None or self.controller.busy or self._paying or self.payment_dialog:
            if hold is None:
                self.ctx.messages.info.emit(_("The cart is empty: hold some seats first."))
            return
        bar = self.cart.terms_bar
        if bar.isVisible():
            bar.confirm()
            return
        if terms_required():
            total = format_money(self._sale_total(hold, "cash"))
            bar.ask(
                cash_exact_question(total),
                _("Agreed: sell for {total} cash").format(total=total),
                lambda _reason: self.sell_cash_exact(),
                with_reason=False,
            )
            return
        self.sell_cash_exact()

    def sell_cash_exact(self) -> None:
        """Sell the hold for its exact total in cash (terms settled by :meth:`pay_cash_exact`)."""
        hold = self.controller.hold
        if hold is None or self.controller.busy or self._paying or self.payment_dialog:
            return
        total = self._sale_total(hold, "cash")  # with a cash-only fee, if the event has one
        # One key per hold and total: pressing F9 again after a lost connection is a retry.
        if self._cash_key is None or self._cash_key[:2] != (hold.hold_id, total):
            self._cash_key = (hold.hold_id, total, str(uuid.uuid4()))
        key = self._cash_key[2]
        customer = self.controller.customer
        submit = self._submit_for(hold.hold_id, customer.id if customer else None)
        self._paying = True
        self._cash_settled = self.cart.cash_exact()  # for the rounding line once sold
        self.cart.cash_button.setEnabled(False)
        self.ctx.tasks.run_write(
            submit,
            [CashTender(amount=total, tendered=total)] if total > 0 else [],
            key,
            on_done=self._cash_paid,
            on_error=self._cash_failed,
        )

    def _cash_paid(self, result: BookingResult) -> None:
        self._paying = False
        self._cash_key = None
        self.controller.completed(result)
        dialog = SaleCompleteDialog(self.ctx, result, self, self._cash_settled)
        dialog.finished.connect(lambda _r: self.ready_for_next())
        self.complete_dialog = dialog
        dialog.open()
        dialog.page.print_button.setFocus()

    def _cash_failed(self, exc: BaseException) -> None:
        self._paying = False
        self.cart.cash_button.setEnabled(self.controller.hold is not None)
        if isinstance(exc, HoldExpired):
            self.controller.checkout_failed_expired()
            return
        if not isinstance(exc, BoxOfficeError):
            raise exc
        if isinstance(exc, DatabaseUnavailable):
            self.ctx.messages.error.emit(not_through_note(exc))
            return
        if isinstance(exc, CodeRefused):  # used up at another desk meanwhile
            self.codes = ()
            self.cart.set_hold(self.controller.hold)
            self.cart.codes.show_refused(exc.message)
        self.ctx.messages.error.emit(exc.message)

    def ready_for_next(self) -> None:
        """After a dialog closes: back to the search box (once the window is active again)."""

        def refocus() -> None:
            self.window().activateWindow()
            self.browser.focus_search()

        QTimer.singleShot(0, self, refocus)  # never after the tab is gone

    def shutdown(self) -> None:
        self.countdown.stop()
        self.controller.shutdown()
