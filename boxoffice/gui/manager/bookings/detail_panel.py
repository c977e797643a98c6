"""One booking in full: who, what, the tickets, the money in and out, and what to do with it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
from boxoffice.domain.status import BookingStatus, TicketStatus
from boxoffice.gui.bookings.cancel_text import refund_and_cancel, voucher_option
from boxoffice.gui.tickets import reissue
from boxoffice.gui.widgets.confirm_bar import ConfirmBar
from boxoffice.gui.widgets.list_table import SelectionMode, list_table
from boxoffice.gui.widgets.table_model import Column, RecordModel
from boxoffice.services.bookings.manage import BookingDetail, TicketLine
from boxoffice.services.reports.sales import method_name
from boxoffice.services.tickets.codes import ReissuedTicket

TICKETS: tuple[Column[TicketLine], ...] = (
    Column("Seat", lambda t: t.seat_label),
    Column("Tier", lambda t: t.tier),
    Column("Type", lambda t: t.ticket_type),
    Column("Price", lambda t: format_money(t.price), right=True),
    Column(
        "Status",
        lambda t: "checked in" if t.checked_in else t.status,
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
    Column("When", lambda m: m.when),
    Column("", lambda m: m.kind, muted=lambda m: m.kind == "Refund"),
    Column("Method", lambda m: m.method),
    Column("Amount", lambda m: format_money(m.amount), right=True),
    Column("Note", lambda m: m.note),
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: BookingDetail | None = None
        self.reference = QLabel("No booking selected")
        self.reference.setObjectName("bookingRef")
        self.status = QLabel()
        self.status.setObjectName("bookingStatus")
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(14)
        self.fact_labels: dict[str, QLabel] = {}
        for row, key in enumerate(("Event", "Customer", "Sold by", "Total", "Paid")):
            caption = QLabel(key)
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

        self.reassign_button = QPushButton("Reassign seats…")
        self.reassign_button.setObjectName("reassignSeats")
        self.reassign_button.setToolTip("Move the selected tickets to seats picked on the map")
        self.reassign_button.clicked.connect(self.ask_reassign)
        self.reissue_button = QPushButton(reissue.ACTION_TEXT)
        self.reissue_button.setObjectName("reissueTicket")
        self.reissue_button.setToolTip(reissue.ACTION_TIP)
        self.reissue_button.clicked.connect(self.ask_reissue)
        self.cancel_tickets_button = QPushButton("Cancel tickets")
        self.cancel_tickets_button.setObjectName("cancelTickets")
        self.cancel_tickets_button.setToolTip("Cancel the selected tickets and refund them")
        self.cancel_tickets_button.clicked.connect(self.ask_cancel_tickets)
        self.cancel_booking_button = QPushButton("Cancel booking")
        self.cancel_booking_button.setObjectName("cancelBooking")
        self.cancel_booking_button.setProperty("role", "danger")
        self.cancel_booking_button.clicked.connect(self.ask_cancel_booking)
        self.resend_to = QLineEdit()
        self.resend_to.setObjectName("resendTo")
        self.resend_to.setPlaceholderText("customer's e-mail on file")
        self.resend_to.setToolTip("Leave empty to send to the customer; or type another address")
        self.resend_button = QPushButton("Resend confirmation")
        self.resend_button.setObjectName("resendConfirmation")
        self.resend_button.setToolTip("E-mail the confirmation with the current tickets again")
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
        column.addWidget(QLabel("<b>Tickets</b> — select some to cancel, move or reissue them"))
        column.addWidget(self.ticket_view, 3)
        column.addWidget(QLabel("<b>Payments and refunds</b>"))
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
            self.reference.setText("No booking selected")
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
        when = detail.starts_at.astimezone().strftime("%a %-d %b %Y, %H:%M")
        booked = detail.created_at.astimezone().strftime("%-d %b %Y %H:%M")
        self.fact_labels["Event"].setText(f"{detail.event_title} — {when}, {detail.venue}")
        self.fact_labels["Customer"].setText(detail.customer_name or "no customer (walk-in)")
        self.fact_labels["Sold by"].setText(
            f"{detail.clerk or '—'} at {detail.desk or '—'}, {booked}"
        )
        row = detail.summary()  # counted as the results list counts them
        self.fact_labels["Total"].setText(
            f"{format_money(row.total)} · {row.sold} sold, {row.checked_in} checked in, "
            f"{row.cancelled} cancelled"
        )
        self.fact_labels["Paid"].setText(f"{format_money(detail.paid)} net of refunds")
        self.tickets.set_records(detail.tickets)
        moves = [
            Movement(
                p.created_at.astimezone().strftime("%-d %b %H:%M"),
                "Payment",
                method_name(p.method) + (f" •••• {p.card_last4}" if p.card_last4 else ""),
                p.amount,
                "",
            )
            for p in detail.payments
        ] + [
            Movement(
                r.created_at.astimezone().strftime("%-d %b %H:%M"),
                "Refund",
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
        self.reissue_button.setToolTip(why_not or reissue.ACTION_TIP)

    def show_reissued(self, result: ReissuedTicket, seat_label: str) -> None:
        """After a reissue (the booking shown again): select the ticket, offer to print it."""
        self.select_tickets([result.ticket_id])
        self.reissued.show_ticket(result, seat_label)

    @Slot()
    def ask_cancel_booking(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.confirm.ask(
            f"Cancel the whole booking <b>{detail.reference}</b>? Every ticket is cancelled, "
            f"the seats go back on sale and {format_money(detail.paid)} is refunded the way it "
            "was paid. The customer is told by e-mail.",
            refund_and_cancel(detail.paid, "booking"),
            self.cancel_booking.emit,
            option=voucher_option(),
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
            f"Cancel {len(chosen)} ticket{'s' if len(chosen) != 1 else ''} ({seats}) of "
            f"<b>{detail.reference}</b> and refund {format_money(refund)}?",
            refund_and_cancel(refund),
            lambda reason: self.cancel_tickets.emit(ids, reason),
            option=voucher_option(),
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
            "Reissue ticket",
            lambda _reason: self.reissue_ticket.emit(ticket),
            with_reason=False,
        )

    @Slot()
    def ask_reassign(self) -> None:
        chosen = self.selected_tickets()
        if chosen:
            self.reassign.emit(chosen)
