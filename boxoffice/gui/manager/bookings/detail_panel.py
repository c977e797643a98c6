"""One booking in full: who, what, the tickets, the money in and out, and what to do with it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.money import format_money
from boxoffice.domain.status import BookingStatus, PaymentMethodKind, TicketStatus
from boxoffice.gui.bookings.cancel_text import (
    refund_and_cancel,
    refund_by_choices,
    refund_by_of,
    voucher_option,
)
from boxoffice.gui.tickets import reissue
from boxoffice.gui.widgets.confirm_bar import ConfirmBar
from boxoffice.gui.widgets.list_table import SelectionMode, list_table
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.gui.widgets.when import when_text
from boxoffice.i18n import N_, _, ngettext
from boxoffice.services.bookings.manage import BookingDetail, TicketLine
from boxoffice.services.reports.methods import method_name
from boxoffice.services.tickets.codes import ReissuedTicket

TICKETS: tuple[Column[TicketLine], ...] = (
    Column(N_("Seat"), lambda t: t.seat_label),
    Column(N_("Tier"), lambda t: t.tier),
    Column(N_("Type"), lambda t: t.ticket_type),
    Column(N_("Price"), lambda t: format_money(t.price), right=True),
    Column(
        N_("Status"),
        lambda t: _("checked in") if t.checked_in else t.status,
        muted=lambda t: t.status != TicketStatus.VALID,
    ),
)


@dataclass(frozen=True)
class Movement:
    """A payment (money in) or a refund (money out) of the booking, for one table."""

    when: str
    kind: str
    method: str
    amount: Decimal
    note: str


MONEY: tuple[Column[Movement], ...] = (
    Column(N_("When"), lambda m: m.when),
    Column("", lambda m: m.kind, muted=lambda m: m.kind == "Refund"),
    Column(N_("Method"), lambda m: m.method),
    Column(N_("Amount"), lambda m: format_money(m.amount), right=True),
    Column(N_("Note"), lambda m: m.note),
)


class BookingDetailPanel(QWidget):
    """Signals: ``cancel_booking(str)`` reason, ``cancel_tickets(list, str)`` ids and reason,
    ``reassign(list)`` ticket lines, ``resend(str)`` address override ("" = the customer's),
    ``reissue_ticket(object)`` the TicketLine to give a new code (after the clerk confirmed).

    ``reissued`` (a :class:`~boxoffice.gui.tickets.reissue.ReissuedBar`) offers to print the
    new ticket; the tab connects its signals and calls ``show_reissued``."""

    cancel_booking = Signal(str)
    cancel_tickets = Signal(list, str)
    reassign = Signal(list)
    resend = Signal(str)
    reissue_ticket = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, may_override: bool = False) -> None:
        super().__init__(parent)
        self.detail: BookingDetail | None = None
        # A manager may refund by another method than the original tender (with a reason).
        self.may_override = may_override
        self.reference = QLabel(_("No booking selected"))
        self.reference.setObjectName("bookingRef")
        self.status = QLabel()
        self.status.setObjectName("bookingStatus")
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(14)
        self.fact_labels: dict[str, QLabel] = {}
        facts = (N_("Event"), N_("Customer"), N_("Sold by"), N_("Total"), N_("Paid"))
        for row, key in enumerate(facts):  # English keys; the captions are translated
            caption = QLabel(_(key))
            caption.setObjectName("subtle")
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.facts.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(value, row, 1)
            self.fact_labels[key] = value
        self.facts.setColumnStretch(1, 1)
        self.tickets = RecordModel(TICKETS)
        self.ticket_view = list_table(
            "bookingTickets", self.tickets, SelectionMode.ExtendedSelection
        )
        self.ticket_view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.money = RecordModel(MONEY)
        self.money_view = list_table("bookingMoney", self.money, SelectionMode.NoSelection)
        self.confirm = ConfirmBar()
        self.reissued = reissue.ReissuedBar()

        self.reassign_button = QPushButton(_("Reassign seats…"))
        self.reassign_button.setObjectName("reassignSeats")
        self.reassign_button.setToolTip(_("Move the selected tickets to seats picked on the map"))
        self.reassign_button.clicked.connect(self.ask_reassign)
        self.reissue_button = QPushButton(_(reissue.ACTION_TEXT))
        self.reissue_button.setObjectName("reissueTicket")
        self.reissue_button.setToolTip(reissue.ACTION_TIP)
        self.reissue_button.clicked.connect(self.ask_reissue)
        self.cancel_tickets_button = QPushButton(_("Cancel tickets"))
        self.cancel_tickets_button.setObjectName("cancelTickets")
        self.cancel_tickets_button.setToolTip(_("Cancel the selected tickets and refund them"))
        self.cancel_tickets_button.clicked.connect(self.ask_cancel_tickets)
        self.cancel_booking_button = QPushButton(_("Cancel booking"))
        self.cancel_booking_button.setObjectName("cancelBooking")
        self.cancel_booking_button.setProperty("role", "danger")
        self.cancel_booking_button.clicked.connect(self.ask_cancel_booking)
        self.resend_to = QLineEdit()
        self.resend_to.setObjectName("resendTo")
        self.resend_to.setPlaceholderText(_("customer's e-mail on file"))
        self.resend_to.setToolTip(_("Leave empty to send to the customer; or type another address"))
        self.resend_button = QPushButton(_("Resend confirmation"))
        self.resend_button.setObjectName("resendConfirmation")
        self.resend_button.setToolTip(_("E-mail the confirmation with the current tickets again"))
        self.resend_button.clicked.connect(lambda: self.resend.emit(self.resend_to.text().strip()))

        heading = QHBoxLayout()
        heading.addWidget(self.reference)
        heading.addWidget(self.status)
        heading.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.reassign_button)
        actions.addWidget(self.reissue_button)
        actions.addStretch(1)
        actions.addWidget(self.cancel_tickets_button)
        actions.addWidget(self.cancel_booking_button)
        mail = QHBoxLayout()
        mail.addWidget(self.resend_to, 1)
        mail.addWidget(self.resend_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(heading)
        column.addLayout(self.facts)
        column.addWidget(QLabel(_("<b>Tickets</b> — select some to cancel, move or reissue them")))
        column.addWidget(self.ticket_view, 3)
        column.addWidget(QLabel(_("<b>Payments and refunds</b>")))
        column.addWidget(self.money_view, 2)
        column.addWidget(self.confirm)
        column.addWidget(self.reissued)
        column.addLayout(actions)
        column.addLayout(mail)
        self.show_detail(None)

    def show_detail(self, detail: BookingDetail | None) -> None:
        self.detail = detail
        self.confirm.dismiss()
        if detail is None or detail.reference != self.reissued.reference:
            self.reissued.dismiss()
        if detail is None:
            self.reference.setText(_("No booking selected"))
            self.status.clear()
            for label in self.fact_labels.values():
                label.setText("—")
            self.tickets.set_records([])
            self.money.set_records([])
            self._enable()
            return
        self.reference.setText(detail.reference)
        self.status.setText(detail.status)
        self.status.setProperty("level", detail.status)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        when = when_text(detail.starts_at.astimezone())
        booked = when_text(detail.created_at.astimezone(), weekday=False)
        self.fact_labels["Event"].setText(f"{detail.event_title} — {when}, {detail.venue}")
        self.fact_labels["Customer"].setText(detail.customer_name or _("no customer (walk-in)"))
        self.fact_labels["Sold by"].setText(
            _("{clerk} at {desk}, {booked}").format(
                clerk=detail.clerk or "—", desk=detail.desk or "—", booked=booked
            )
        )
        row = detail.summary()  # counted as the results list counts them
        self.fact_labels["Total"].setText(
            _("{amount} · {sold} sold, {checked_in} checked in, {cancelled} cancelled").format(
                amount=format_money(row.total),
                sold=row.sold,
                checked_in=row.checked_in,
                cancelled=row.cancelled,
            )
        )
        self.fact_labels["Paid"].setText(
            _("{amount} net of refunds").format(amount=format_money(detail.paid))
        )
        self.tickets.set_records(detail.tickets)
        moves = [
            Movement(
                when_text(p.created_at.astimezone(), weekday=False, year=False),
                _("Payment"),
                method_name(p.method) + (f" •••• {p.card_last4}" if p.card_last4 else ""),
                p.amount,
                "",
            )
            for p in detail.payments
        ] + [
            Movement(
                when_text(r.created_at.astimezone(), weekday=False, year=False),
                _("Refund"),
                method_name(r.method),
                -r.amount,
                r.reason,
            )
            for r in detail.refunds
        ]
        self.money.set_records(moves)
        self._enable()

    def focus_tickets(self) -> None:
        """The ticket list, its first ticket current (Shift+arrows or Ctrl+Space pick more)."""
        self.ticket_view.setFocus()
        if self.tickets.rowCount() and not self.ticket_view.selectionModel().hasSelection():
            self.ticket_view.selectionModel().setCurrentIndex(
                self.tickets.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected_lines(self) -> list[TicketLine]:
        """Every selected ticket, whatever its status."""
        rows = sorted({i.row() for i in self.ticket_view.selectionModel().selectedRows()})
        found = [self.tickets.record(r) for r in rows]
        return [t for t in found if t is not None]

    def selected_tickets(self) -> list[TicketLine]:
        return [t for t in self.selected_lines() if t.status == TicketStatus.VALID]

    def select_tickets(self, ticket_ids: list[int]) -> None:
        self.ticket_view.clearSelection()
        for row, ticket in enumerate(self.tickets.records):
            if ticket.id in ticket_ids:
                self.ticket_view.selectionModel().select(
                    self.tickets.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _enable(self) -> None:
        detail = self.detail
        live = detail is not None and detail.status == BookingStatus.CONFIRMED
        chosen = self.selected_tickets()
        seated = bool(chosen) and all(t.seat_id is not None for t in chosen)
        self.reassign_button.setEnabled(live and seated)
        self.cancel_tickets_button.setEnabled(live and bool(chosen))
        self.cancel_booking_button.setEnabled(live)
        self.resend_button.setEnabled(live)
        self.resend_to.setEnabled(live)
        why_not = reissue.reissue_hint(self.selected_lines())
        self.reissue_button.setEnabled(live and not why_not)
        self.reissue_button.setToolTip(why_not or _(reissue.ACTION_TIP))

    def show_reissued(self, result: ReissuedTicket, seat_label: str) -> None:
        """After a reissue (the booking shown again): select the ticket, offer to print it."""
        self.select_tickets([result.ticket_id])
        self.reissued.show_ticket(result, seat_label)

    def _refund_by(self) -> dict[str, Any]:
        return refund_by_choices(self.may_override)

    def refund_by(self) -> PaymentMethodKind | None:
        """The refund method the manager chose in the last confirmed cancellation."""
        return refund_by_of(self.confirm.chose_value)

    @Slot()
    def ask_cancel_booking(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.confirm.ask(
            _(
                "Cancel the whole booking <b>{reference}</b>? Every ticket is cancelled, the "
                "seats go back on sale and {amount} is refunded the way it was paid. The "
                "customer is told by e-mail."
            ).format(reference=detail.reference, amount=format_money(detail.paid)),
            refund_and_cancel(detail.paid, booking=True),
            self.cancel_booking.emit,
            option=voucher_option(),
            **self._refund_by(),
        )

    @Slot()
    def ask_cancel_tickets(self) -> None:
        detail, chosen = self.detail, self.selected_tickets()
        if detail is None or not chosen:
            return
        refund = sum((t.price for t in chosen), Decimal("0.00"))
        seats = ", ".join(t.seat_label for t in chosen)
        ids = [t.id for t in chosen]
        self.confirm.ask(
            ngettext(
                "Cancel {count} ticket ({seats}) of <b>{reference}</b> and refund {amount}?",
                "Cancel {count} tickets ({seats}) of <b>{reference}</b> and refund {amount}?",
                len(chosen),
            ).format(
                count=len(chosen),
                seats=seats,
                reference=detail.reference,
                amount=format_money(refund),
            ),
            refund_and_cancel(refund),
            lambda reason: self.cancel_tickets.emit(ids, reason),
            option=voucher_option(),
            **self._refund_by(),
        )

    @Slot()
    def ask_reissue(self) -> None:
        detail, chosen = self.detail, self.selected_lines()
        if detail is None or len(chosen) != 1 or reissue.reissue_hint(chosen):
            return
        ticket = chosen[0]
        self.reissued.dismiss()
        self.confirm.ask(
            reissue.reissue_question(ticket, detail.reference),
            _("Reissue ticket"),
            lambda _reason: self.reissue_ticket.emit(ticket),
            with_reason=False,
        )

    @Slot()
    def ask_reassign(self) -> None:
        chosen = self.selected_tickets()
        if chosen:
            self.reassign.emit(chosen)
