"""Reassign seats: pick new seats on the event's map, then swap them for the chosen tickets.

The difference is quoted by the booking service (the pricing seam: the tickets' types carried
over, fees, tax) each time the held seats change. A dearer selection is paid through the
payment dialog (the difference only); a cheaper one is refunded to the original payment, or
onto a new gift voucher if the clerk ticks that.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError, HoldExpired
from boxoffice.domain.money import format_money
from boxoffice.gui.bookings.cancel_text import voucher_option
from boxoffice.gui.context import AppContext
from boxoffice.gui.hold.controller import SaleController
from boxoffice.gui.hold.countdown import HoldCountdown, format_left
from boxoffice.gui.hold.map_picker import MapPicker
from boxoffice.gui.payment.payment_dialog import PaymentDialog
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.gui.vouchers.issued_dialog import show_refund_voucher
from boxoffice.i18n import _, ngettext
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.bookings.manage import BookingDetail, TicketLine
from boxoffice.services.bookings.views import exchange_quote
from boxoffice.services.sales.holds import HoldInfo
from boxoffice.services.sales.pricing import ExchangeQuote


class ExchangeDialog(QDialog):
    """Signals: ``exchanged(object)`` with the updated BookingDetail."""

    exchanged = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        booking: BookingDetail,
        tickets: list[TicketLine],
        customer: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exchangeDialog")
        self.setWindowTitle(_("Exchange seats — {reference}").format(reference=booking.reference))
        self.ctx = ctx
        self.booking = booking
        self.tickets = tickets
        self.customer = customer
        self.key = str(uuid.uuid4())
        self.old_total = exchange_quote(tickets, None).returned.total
        self.quote: ExchangeQuote | None = None  # the service's quote of the seats held now
        self.payment_dialog: PaymentDialog | None = None
        self._done = False
        self._onto_voucher = False  # the clerk chose a new gift voucher for the refund

        self.controller = SaleController(ctx, self)
        self.countdown = HoldCountdown(self)
        old = ", ".join(t.seat_label for t in tickets)
        intro = QLabel(
            ngettext(
                "<b>{event_title}</b><br>Replacing {count} seat: {old} ({amount}). Click "
                "{count} new seat on the map.",
                "<b>{event_title}</b><br>Replacing {count} seats: {old} ({amount}). Click "
                "{count} new seats on the map.",
                len(tickets),
            ).format(
                event_title=booking.event_title,
                count=len(tickets),
                old=old,
                amount=format_money(self.old_total),
            )
        )
        intro.setWordWrap(True)
        self.seat_map = SeatMapView()
        self.seat_map.setObjectName("exchangeSeatMap")
        self.legend = SeatLegend(self.seat_map)
        self.chosen = QLabel(_("No new seats yet."))
        self.chosen.setObjectName("exchangeChosen")
        self.chosen.setWordWrap(True)
        self.to_voucher = QCheckBox(voucher_option())
        self.to_voucher.setObjectName("exchangeToVoucher")
        self.to_voucher.setVisible(False)
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("holdCountdown")
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.exchange_button = QPushButton(_("Exchange"))
        self.exchange_button.setObjectName("exchangeButton")
        self.exchange_button.setProperty("role", "primary")
        self.exchange_button.setEnabled(False)
        self.exchange_button.clicked.connect(self.exchange)
        buttons = QHBoxLayout()
        buttons.addWidget(self.countdown_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.exchange_button)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.seat_map, 1)
        column.addWidget(self.legend)
        column.addWidget(self.chosen)
        column.addWidget(self.to_voucher)
        column.addLayout(buttons)
        self.resize(900, 680)

        c = self.controller
        c.map_loaded.connect(self._map_loaded)
        c.seats_changed.connect(self.seat_map.apply_changes)
        c.hold_changed.connect(self._hold_changed)
        c.expired.connect(
            lambda _h: self._show_problem(_("The hold expired; pick the seats again."))
        )
        self.picker = MapPicker(self.seat_map, c)
        self.countdown.tick.connect(
            lambda s: self.countdown_label.setText(_("Held for {left}").format(left=format_left(s)))
        )
        self.countdown.expired.connect(c.hold_lapsed)
        self.finished.connect(lambda _r: self._cleanup())
        c.open_event(booking.event_id)

    def _map_loaded(self, seat_map: Any) -> None:
        self.seat_map.set_map(seat_map)
        self.seat_map.fit()

    def difference(self) -> Decimal:
        """What the exchange of the seats held now costs (> 0) or gives back (< 0)."""
        return self.quote.difference if self.quote is not None else Decimal("0.00")

    def _hold_changed(self, hold: HoldInfo | None) -> None:
        self.quote = None
        self.exchange_button.setEnabled(False)
        self.to_voucher.setVisible(False)
        if hold is None:
            self.countdown.stop()
            self.countdown_label.clear()
            self.chosen.setText(_("No new seats yet."))
            return
        self.countdown.start(hold.expires_at)
        self.chosen.setText(_("Pricing the new seats…"))
        self.ctx.services.run(
            bookings.quote_exchange,
            self.booking.reference,
            [t.id for t in self.tickets],
            hold.hold_id,
            on_done=lambda quote: self._quoted(hold, quote),
            on_error=self._failed,
        )

    def _quoted(self, hold: HoldInfo, quote: ExchangeQuote | None) -> None:
        if hold is not self.controller.hold:
            return  # the seats changed meanwhile: a newer quote is on its way
        self.quote = quote
        need, have = len(self.tickets), hold.quantity
        labels = ", ".join(line.label for line in hold.lines)
        diff = self.difference()
        if diff > 0:
            money = _("the customer pays {amount} more").format(amount=format_money(diff))
        elif diff < 0:
            money = _("{amount} is refunded").format(amount=format_money(-diff))
        else:
            money = _("same price")
        new_total = quote.bought.total if quote is not None else hold.total
        text = _("New seats: {seats} ({total}) — {money}.").format(
            seats=labels, total=format_money(new_total), money=money
        )
        if have != need:
            text += "  " + _("Pick exactly {count}.").format(count=need)
        self.chosen.setText(text)
        self.to_voucher.setVisible(diff < 0 and have == need)
        self.exchange_button.setEnabled(have == need and quote is not None)

    @Slot()
    def exchange(self) -> None:
        hold = self.controller.hold
        if hold is None or hold.quantity != len(self.tickets) or self.quote is None:
            return
        diff = self.difference()
        hold_id = hold.hold_id
        ticket_ids = [t.id for t in self.tickets]
        reference = self.booking.reference
        if diff > 0:
            dialog = PaymentDialog(
                self.ctx,
                diff,
                lambda tenders, key: self.ctx.services.call(
                    bookings.exchange_seats, reference, ticket_ids, hold_id, tenders, key
                ),
                customer=self.customer,
                summary=_("Seat exchange on {reference}: difference to pay").format(
                    reference=reference
                ),
                parent=self,
            )
            dialog.paid.connect(self._exchanged)
            dialog.hold_expired.connect(self.controller.checkout_failed_expired)
            self.payment_dialog = dialog
            dialog.open()
            return
        self.exchange_button.setEnabled(False)
        self._onto_voucher = diff < 0 and self.to_voucher.isChecked()
        self.ctx.services.run_write(
            bookings.exchange_seats,
            reference,
            ticket_ids,
            hold_id,
            (),
            self.key,
            to_voucher=self._onto_voucher,
            on_done=self._exchanged,
            on_error=self._failed,
        )

    def _exchanged(self, detail: BookingDetail) -> None:
        self._done = True
        parent = self.parentWidget()
        numbers = [r.voucher for r in sorted(detail.refunds, key=lambda r: r.id) if r.voucher]
        if self._onto_voucher and numbers and parent is not None:
            email = getattr(self.customer, "email", "") or ""
            show_refund_voucher(self.ctx, numbers[-1], parent, email)
        self.controller.hold = None  # the hold became the booking's seats
        self.exchanged.emit(detail)
        if self.payment_dialog is not None:
            self.payment_dialog.accept()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.exchange_button.setEnabled(True)
        if isinstance(exc, HoldExpired):
            self.controller.checkout_failed_expired()
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self._show_problem(exc.message)

    def _show_problem(self, text: str) -> None:
        self.chosen.setText(text)

    def _cleanup(self) -> None:
        self.countdown.stop()
        self.controller.poller.stop()
        if not self._done:
            self.controller.release_all(quiet=True)
