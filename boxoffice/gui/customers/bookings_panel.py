"""A customer's bookings: the list, the tickets of the one selected, and what a clerk can do
with them — reprint, preview, exchange seats, reissue a ticket with a new code, cancel some
tickets or the whole booking."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, TicketStatus
from boxoffice.gui.bookings.actions import fetch_booking, open_exchange, show_new_voucher
from boxoffice.gui.bookings.cancel_text import (
    refund_and_cancel,
    refund_by_choices,
    refund_by_of,
    refunded_text,
    voucher_option,
)
from boxoffice.gui.context import AppContext
from boxoffice.gui.events.model import local_time
from boxoffice.gui.payment.complete import preview_tickets, print_tickets
from boxoffice.gui.theme import hex_of
from boxoffice.gui.tickets import reissue
from boxoffice.gui.widgets.confirm_bar import ConfirmBar
from boxoffice.gui.widgets.flow_layout import FlowLayout
from boxoffice.gui.widgets.list_table import SelectionMode, list_table
from boxoffice.gui.widgets.shortcuts import keyed_action
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.i18n import N_, _, ngettext
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.bookings.manage import BookingDetail, BookingSummary, TicketLine
from boxoffice.services.tickets.codes import ReissuedTicket

BOOKING_COLUMNS: tuple[Column[BookingSummary], ...] = (
    Column(N_("Reference"), lambda b: b.reference),
    Column(N_("Event"), lambda b: b.event_title),
    Column(N_("Date"), lambda b: local_time(b.starts_at)),
    # Sold / checked in / cancelled, not a count of valid tickets: that read 1 for a booking of
    # 3 with 2 used, and 0 beside a cancelled booking's original total.
    Column(N_("Sold"), lambda b: str(b.sold), right=True),
    Column(N_("Checked in"), lambda b: str(b.checked_in), right=True),
    Column(N_("Cancelled"), lambda b: str(b.cancelled), right=True),
    Column(N_("Net total"), lambda b: format_money(b.net_total), right=True),
    Column(
        N_("Status"),
        lambda b: b.status.capitalize(),
        muted=lambda b: b.status != BookingStatus.CONFIRMED,
    ),
)

TICKET_COLUMNS: tuple[Column[TicketLine], ...] = (
    Column(N_("Seat"), lambda t: t.seat_label),
    Column(N_("Tier"), lambda t: t.tier),
    Column(N_("Type"), lambda t: t.ticket_type),
    Column(N_("Price"), lambda t: format_money(t.price), right=True),
    Column(
        N_("Status"),
        lambda t: _("Checked in") if t.checked_in else t.status.capitalize(),
        muted=lambda t: t.status != TicketStatus.VALID,
    ),
)


class BookingsPanel(QWidget):
    """Signals: ``booking_changed(object)`` the BookingDetail after a cancel or exchange."""

    booking_changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingsPanel")
        self.ctx = ctx
        self.customer: Any = None
        self.detail: BookingDetail | None = None
        self.exchange_dialog: QWidget | None = None
        self._select_reference = ""

        self.reference = QLineEdit()
        self.reference.setObjectName("referenceLookup")
        self.reference.setPlaceholderText(_("Booking reference, e.g. 7KQ4-MX2P"))
        self.reference.setToolTip(_("Open any booking by its reference (Ctrl+R)"))
        self.reference.returnPressed.connect(self.open_reference)
        self.bookings = RecordModel(BOOKING_COLUMNS)
        self.booking_table = list_table("bookingTable", self.bookings)
        self.booking_table.selectionModel().currentRowChanged.connect(self._booking_selected)
        self.tickets = RecordModel(TICKET_COLUMNS)
        self.ticket_table = list_table("ticketTable", self.tickets, SelectionMode.ExtendedSelection)
        self.ticket_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.detail_label = QLabel(_("Select a booking to see its tickets."))
        self.detail_label.setObjectName("bookingDetail")
        self.detail_label.setWordWrap(True)
        self.confirm = ConfirmBar()
        self.reissued = reissue.ReissuedBar()
        self.reissued.print_requested.connect(
            lambda ref, code: reissue.print_new_ticket(self.ctx, ref, code, self)
        )
        self.reissued.preview_requested.connect(
            lambda ref, code: reissue.preview_new_ticket(self.ctx, ref, code, self)
        )

        self.reprint_button = self._button(
            _("Reprint"), "reprintButton", _("Print the tickets again on this desk's printer")
        )
        self.reprint_button.clicked.connect(self.reprint)
        self.preview_button = self._button(_("Preview"), "bookingPreview", _("See the tickets"))
        self.preview_button.clicked.connect(self.preview)
        self.exchange_button = self._button(
            _("Exchange seats…"), "exchangeSeats", _("Move the selected tickets to other seats")
        )
        self.exchange_button.clicked.connect(self.exchange)
        self.reissue_button = self._button(
            _(reissue.ACTION_TEXT), "reissueTicket", _(reissue.ACTION_TIP)
        )
        self.reissue_button.clicked.connect(self.ask_reissue)
        self.cancel_tickets_button = self._button(
            _("Cancel tickets"), "cancelTickets", _("Cancel the selected tickets and refund them")
        )
        self.cancel_tickets_button.clicked.connect(self.ask_cancel_tickets)
        self.cancel_booking_button = self._button(
            _("Cancel booking"), "cancelBooking", _("Cancel every ticket and refund the booking")
        )
        self.cancel_booking_button.setProperty("role", "danger")
        self.cancel_booking_button.clicked.connect(self.ask_cancel_booking)

        lookup = QHBoxLayout()
        lookup.addWidget(QLabel(_("Find booking")))
        lookup.addWidget(self.reference, 1)
        # Wraps onto a second line rather than widening the window (large text).
        actions = FlowLayout()
        for button in (
            self.reprint_button,
            self.preview_button,
            self.exchange_button,
            self.reissue_button,
            self.cancel_tickets_button,
            self.cancel_booking_button,
        ):
            actions.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(lookup)
        column.addWidget(self.booking_table, 3)
        column.addWidget(self.detail_label)
        column.addWidget(self.ticket_table, 2)
        column.addWidget(self.confirm)
        column.addWidget(self.reissued)
        column.addLayout(actions)
        self._enable()

    def keyed_actions(self, owner: QWidget) -> list[QAction]:
        """This panel's steps as keyed actions of *owner* (the tab: its keys work anywhere in
        it, its menu lists them): every step of a refund without the mouse."""
        return [
            keyed_action(owner, _("Bookings list"), ("Ctrl+B",), self.focus_bookings),
            keyed_action(owner, _("Tickets of the booking"), ("Ctrl+T",), self.focus_tickets),
            keyed_action(
                owner, _("Reprint tickets"), ("Ctrl+P",), self.reprint, button=self.reprint_button
            ),
            keyed_action(
                owner,
                _("Preview tickets"),
                ("Ctrl+Shift+P",),
                self.preview,
                button=self.preview_button,
            ),
            keyed_action(
                owner, _("Exchange seats…"), ("Ctrl+E",), self.exchange, button=self.exchange_button
            ),
            keyed_action(
                owner,
                _(reissue.ACTION_TEXT),
                ("Ctrl+I",),
                self.ask_reissue,
                button=self.reissue_button,
            ),
            keyed_action(
                owner,
                _("Cancel selected tickets…"),
                ("Shift+Del",),
                self.ask_cancel_tickets,
                button=self.cancel_tickets_button,
            ),
            keyed_action(
                owner,
                _("Cancel whole booking…"),
                ("Ctrl+Shift+Del",),
                self.ask_cancel_booking,
                button=self.cancel_booking_button,
            ),
        ]

    def focus_bookings(self) -> None:
        self.booking_table.setFocus()

    def focus_tickets(self) -> None:
        """The ticket list, its first ticket current (Shift+arrows or Ctrl+Space pick more)."""
        self.ticket_table.setFocus()
        if self.tickets.rowCount() and not self.ticket_table.selectionModel().hasSelection():
            self.ticket_table.selectionModel().setCurrentIndex(
                self.tickets.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    @staticmethod
    def _button(text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    # -- loading --------------------------------------------------------------------------------
    def set_customer(self, customer: Any, select: str = "") -> None:
        self.customer = customer
        self._select_reference = select
        self.detail = None
        self.tickets.set_records([])
        self.confirm.dismiss()
        self.reissued.dismiss()
        if customer is None:
            self.bookings.set_records([])
            self._enable()
            return
        customer_id = customer.id
        self.ctx.services.run(
            bookings.customer_bookings,
            customer_id,
            on_done=lambda rows: self._bookings_loaded(customer_id, rows),
            on_error=self.ctx.messages.report,
        )

    def reload(self) -> None:
        selected = self.detail.reference if self.detail else ""
        self.set_customer(self.customer, select=selected)

    def _bookings_loaded(self, customer_id: int, rows: list[BookingSummary]) -> None:
        if self.customer is None or self.customer.id != customer_id:
            return
        self.bookings.set_records(rows)
        row = next((i for i, b in enumerate(rows) if b.reference == self._select_reference), 0)
        if rows:
            self.booking_table.selectionModel().setCurrentIndex(
                self.bookings.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.detail_label.setText(_("No bookings yet."))
        self._enable()

    def _booking_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.bookings.record(current.row())
        if summary is not None:
            self.load_booking(summary.reference)

    @Slot()
    def open_reference(self) -> None:
        text = self.reference.text().strip()
        if text:
            self.load_booking(text)

    def load_booking(self, reference: str) -> None:
        fetch_booking(self.ctx, reference, self.show_booking)

    def show_booking(self, detail: BookingDetail) -> None:
        self.detail = detail
        self.confirm.dismiss()
        if detail.reference != self.reissued.reference:
            self.reissued.dismiss()
        self.tickets.set_records(detail.tickets)
        paid = ", ".join(
            f"{p.method.replace('_', ' ')} {format_money(p.amount)}"
            + (f" (•••• {p.card_last4})" if p.card_last4 else "")
            for p in detail.payments
        )
        refunded = sum((r.amount for r in detail.refunds), Decimal("0.00"))
        text = (
            _(
                "<b>{reference}</b> · {event_title} · {local_time} · {venue}<br>{status} · "
                "total {amount}"
            ).format(
                reference=detail.reference,
                event_title=detail.event_title,
                local_time=local_time(detail.starts_at),
                venue=detail.venue,
                status=detail.status.capitalize(),
                amount=format_money(detail.total),
            )
            + (_(" · paid {paid}").format(paid=paid) if paid else "")
            + (_(" · refunded {amount}").format(amount=format_money(refunded)) if refunded else "")
        )
        if detail.status == BookingStatus.CONFIRMED:
            text += _(
                "<br><span style='color:{colour}'>Select tickets below to cancel, exchange or "
                "reissue them.</span>"
            ).format(colour=hex_of("subtle"))

        self.detail_label.setText(text)
        self._enable()

    # -- actions --------------------------------------------------------------------------------
    def selected_tickets(self) -> list[TicketLine]:
        rows = sorted({i.row() for i in self.ticket_table.selectionModel().selectedRows()})
        found = [self.tickets.record(r) for r in rows]
        return [t for t in found if t is not None]

    def _valid_selected(self) -> list[TicketLine]:
        return [t for t in self.selected_tickets() if t.status == TicketStatus.VALID]

    def _enable(self) -> None:
        detail = self.detail
        live = detail is not None and detail.status == BookingStatus.CONFIRMED
        chosen = self._valid_selected()
        seated = bool(chosen) and all(t.seat_id is not None for t in chosen)
        self.reprint_button.setEnabled(live)
        self.preview_button.setEnabled(detail is not None)
        self.exchange_button.setEnabled(live and seated)
        self.cancel_tickets_button.setEnabled(live and bool(chosen))
        self.cancel_booking_button.setEnabled(live)
        why_not = reissue.reissue_hint(self.selected_tickets())
        self.reissue_button.setEnabled(live and not why_not)
        self.reissue_button.setToolTip(why_not or _(reissue.ACTION_TIP))

    @Slot()
    def reprint(self) -> None:
        if self.detail is not None:
            print_tickets(self.ctx, self.detail.reference, self)

    @Slot()
    def preview(self) -> None:
        if self.detail is not None:
            preview_tickets(self.ctx, self.detail.reference, self)

    @Slot()
    def ask_cancel_booking(self) -> None:
        detail = self.detail
        if detail is None:
            return
        reference = detail.reference
        self.confirm.ask(
            _(
                "Cancel the whole booking <b>{reference}</b>? Every ticket is cancelled, the "
                "seats go back on sale and the payment is refunded to the way it was paid."
            ).format(reference=reference),
            refund_and_cancel(detail.paid, booking=True),
            lambda reason: self._run_cancel(bookings.cancel_booking, reference, reason),
            option=voucher_option(),
            **refund_by_choices(self.ctx.actor.can(Permission.MANAGE_BOOKINGS)),
        )

    @Slot()
    def ask_cancel_tickets(self) -> None:
        detail, chosen = self.detail, self._valid_selected()
        if detail is None or not chosen:
            return
        reference = detail.reference
        ids = [t.id for t in chosen]
        refund = sum((t.price for t in chosen), Decimal("0.00"))
        seats = ", ".join(t.seat_label for t in chosen)
        self.confirm.ask(
            ngettext(
                "Cancel {count} ticket ({seats}) of <b>{reference}</b> and refund {amount}?",
                "Cancel {count} tickets ({seats}) of <b>{reference}</b> and refund {amount}?",
                len(chosen),
            ).format(
                count=len(chosen),
                seats=seats,
                reference=reference,
                amount=format_money(refund),
            ),
            refund_and_cancel(refund),
            lambda reason: self._run_cancel(bookings.cancel_tickets, reference, ids, reason),
            option=voucher_option(),
            **refund_by_choices(self.ctx.actor.can(Permission.MANAGE_BOOKINGS)),
        )

    def _run_cancel(self, use_case: Callable[..., Any], *args: Any) -> None:
        reference = self.detail.reference if self.detail else ""
        to_voucher = self.confirm.chose_option  # the clerk's choice in the confirm bar
        refund_by = refund_by_of(self.confirm.chose_value)  # a manager's override, or None
        extra: dict[str, Any] = {} if refund_by is None else {"refund_by": refund_by}
        self.cancel_booking_button.setEnabled(False)
        self.cancel_tickets_button.setEnabled(False)
        self.ctx.services.run_write(
            use_case,
            *args,
            to_voucher=to_voucher,
            **extra,
            on_done=lambda refunded: self._cancelled(reference, refunded, to_voucher),
            on_error=self._failed,
        )

    def _cancelled(self, reference: str, refunded: Any, to_voucher: bool = False) -> None:
        self.ctx.messages.info.emit(refunded_text(reference, refunded, to_voucher))

        def changed(detail: BookingDetail) -> None:
            self._changed(detail)
            if to_voucher and refunded > 0:
                email = getattr(self.customer, "email", "") or ""
                show_new_voucher(self.ctx, detail, self, email)

        fetch_booking(self.ctx, reference, changed)

    def _changed(self, detail: BookingDetail) -> None:
        self.show_booking(detail)
        self.booking_changed.emit(detail)
        if self.customer is not None:
            self.set_customer(self.customer, select=detail.reference)

    def _failed(self, exc: BaseException) -> None:
        self._enable()
        self.ctx.messages.report(exc)

    @Slot()
    def exchange(self) -> None:
        detail, chosen = self.detail, self._valid_selected()
        if detail is None or not chosen:
            return
        self.exchange_dialog = open_exchange(
            self.ctx,
            detail,
            chosen,
            self,
            self._changed,
            _("{reference}: seats exchanged."),
            customer=self.customer,
        )

    @Slot()
    def ask_reissue(self) -> None:
        chosen = self.selected_tickets()
        detail = self.detail
        if detail is None or len(chosen) != 1 or reissue.reissue_hint(chosen):
            return
        ticket, reference = chosen[0], detail.reference
        self.reissued.dismiss()
        self.confirm.ask(
            reissue.reissue_question(ticket, reference),
            _("Reissue ticket"),
            lambda _reason: self._run_reissue(ticket),
            with_reason=False,
        )

    def _run_reissue(self, ticket: TicketLine) -> None:
        reference = self.detail.reference if self.detail else ""
        self.reissue_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            if reference and reissue.changed_elsewhere(exc):
                self.load_booking(reference)

        reissue.reissue_ticket(
            self.ctx,
            ticket.id,
            on_done=lambda result: self._reissued(result, ticket.seat_label),
            on_error=failed,
        )

    def _reissued(self, result: ReissuedTicket, seat_label: str) -> None:
        self.ctx.messages.info.emit(reissue.reissued_message(result, seat_label))

        def refreshed(detail: BookingDetail) -> None:
            self.show_booking(detail)
            self._select_ticket(result.ticket_id)
            self.reissued.show_ticket(result, seat_label)

        fetch_booking(self.ctx, result.reference, refreshed)

    def _select_ticket(self, ticket_id: int) -> None:
        for row, ticket in enumerate(self.tickets.records):
            if ticket.id == ticket_id:
                self.ticket_table.selectRow(row)

    def focus_reference(self) -> None:
        self.reference.setFocus()
        self.reference.selectAll()
