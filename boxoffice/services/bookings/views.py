"""Read models of bookings (detail and list rows) and the queries that build them.

Internal to :mod:`boxoffice.services.bookings.manage`, which is the public module; the printing read
model (:mod:`boxoffice.services.tickets.data`) builds on the same queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, false, func, or_, select
from sqlalchemy.orm import Session

from boxoffice.db.models import (
    Booking,
    Customer,
    Event,
    EventSeat,
    Payment,
    PriceTier,
    Refund,
    Seat,
    Section,
    StaffUser,
    Ticket,
    TicketType,
    Venue,
)
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.reference import normalise_reference, reference_spellings
from boxoffice.domain.status import PaymentMethodKind, TicketStatus
from boxoffice.i18n import N_, _
from boxoffice.services.sales import pricing
from boxoffice.services.sales.holds import HoldInfo
from boxoffice.services.sales.pricing import ExchangeQuote, PriceLine


@dataclass(frozen=True)
class TicketLine:
    id: int
    seat_label: str  # "Stalls A12", or the tier name for general admission
    tier: str
    price: Decimal
    status: str  # domain.status.TicketStatus value
    seat_id: int | None = None  # event_seat.id (None for GA)
    checked_in: bool = False
    tier_id: int = 0  # price_tier.id
    ticket_type: str = ""  # "Child"; "" for tickets sold without types


@dataclass(frozen=True)
class PaymentInfo:
    id: int
    method: str  # domain.status.PaymentMethodKind value
    amount: Decimal
    card_last4: str
    created_at: datetime


@dataclass(frozen=True)
class RefundInfo:
    id: int
    method: str
    amount: Decimal
    reason: str
    created_at: datetime
    voucher: str = ""  # the gift voucher's number, for a refund onto a voucher


@dataclass(frozen=True)
class BookingSummary:
    """One row of a booking list."""

    id: int
    reference: str
    event_id: int
    event_title: str
    starts_at: datetime
    venue: str
    customer_name: str
    status: str
    total: Decimal
    created_at: datetime
    sold: int  # every ticket the booking was sold with
    checked_in: int  # of those, used at the door
    cancelled: int
    refunded: Decimal = Decimal("0.00")

    @property
    def ticket_count(self) -> int:
        """Tickets the booking still holds (valid or used): sold minus cancelled."""
        return self.sold - self.cancelled

    @property
    def net_total(self) -> Decimal:
        """What the booking is worth now: its total less what was refunded."""
        return self.total - self.refunded


@dataclass(frozen=True)
class BookingDetail:
    id: int
    reference: str
    event_id: int
    event_title: str
    starts_at: datetime
    venue: str
    customer_name: str
    status: str  # domain.status.BookingStatus value
    total: Decimal
    created_at: datetime
    tickets: tuple[TicketLine, ...]
    payments: tuple[PaymentInfo, ...]
    refunds: tuple[RefundInfo, ...]
    customer_id: int | None = None
    clerk: str = ""
    desk: str = ""

    @property
    def valid_tickets(self) -> tuple[TicketLine, ...]:
        return tuple(t for t in self.tickets if t.status == TicketStatus.VALID.value)

    @property
    def paid(self) -> Decimal:
        """Payments minus refunds."""
        paid = sum((p.amount for p in self.payments), Decimal("0.00"))
        return paid - sum((r.amount for r in self.refunds), Decimal("0.00"))

    def summary(self) -> BookingSummary:
        """This booking as a row of a booking list (counted as :func:`summaries` counts)."""
        statuses = [t.status for t in self.tickets]
        return BookingSummary(
            self.id,
            self.reference,
            self.event_id,
            self.event_title,
            self.starts_at,
            self.venue,
            self.customer_name,
            self.status,
            self.total,
            self.created_at,
            len(statuses),
            statuses.count(TicketStatus.USED.value),
            statuses.count(TicketStatus.CANCELLED.value),
            sum((r.amount for r in self.refunds), Decimal("0.00")),
        )


# What a booking list row and a booking's detail both start with, in their fields' order.
VOUCHER = PaymentMethodKind.VOUCHER.value

_HEADER = (
    Booking.id,
    Booking.reference,
    Booking.event_id,
    Event.title,
    Event.starts_at,
    Venue.name,
    Customer.name,
    Booking.status,
    Booking.total,
    Booking.created_at,
)


def booking_id_by_reference(
    s: Session, reference: str, blank: str = N_("Type a booking reference, e.g. 7KQ4-MX2P.")
) -> int:
    """The id of the booking with *reference* (typed loosely), or NotFound; *blank* when empty."""
    ref = normalise_reference(reference)
    if not ref:
        raise ValidationError(_(blank))
    spellings = reference_spellings(ref)
    found: dict[str, int] = {
        r: i
        for r, i in s.execute(
            select(Booking.reference, Booking.id).where(Booking.reference.in_(spellings))
        )
    }
    booking_id = next((found[r] for r in spellings if r in found), None)
    if booking_id is None:
        raise NotFound(_("There is no booking {ref}.").format(ref=ref))
    return int(booking_id)


def booking_head(s: Session, booking_id: int, *columns: Any) -> Row[*tuple[Any, ...]]:
    """*columns* of one booking, its event, venue, customer and clerk; NotFound if none."""
    head = s.execute(
        select(*columns)
        .select_from(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(Venue, Venue.id == Event.venue_id)
        .outerjoin(Customer, Customer.id == Booking.customer_id)
        .outerjoin(StaffUser, StaffUser.id == Booking.clerk_id)
        .where(Booking.id == booking_id)
    ).one_or_none()
    if head is None:
        raise NotFound(_("There is no booking with id {booking_id}.").format(booking_id=booking_id))
    return head


def booking_tickets(booking_id: int, *columns: Any) -> Select[*tuple[Any, ...]]:
    """*columns* of a booking's tickets with their tier and (when seated) seat and section."""
    return (
        select(*columns)
        .select_from(Ticket)
        .join(PriceTier, PriceTier.id == Ticket.tier_id)
        .outerjoin(EventSeat, EventSeat.id == Ticket.event_seat_id)
        .outerjoin(Seat, Seat.id == EventSeat.seat_id)
        .outerjoin(Section, Section.id == Seat.section_id)
        .outerjoin(TicketType, TicketType.id == Ticket.ticket_type_id)
        .where(Ticket.booking_id == booking_id)
    )


def detail(s: Session, booking_id: int) -> BookingDetail:
    head = booking_head(
        s, booking_id, *_HEADER, Booking.customer_id, StaffUser.username, Booking.desk
    )
    tickets = tuple(
        TicketLine(
            tid,
            f"{section} {row}{number}" if section is not None else tier,
            tier,
            price,
            status,
            seat_id,
            checked_in is not None,
            tier_id,
            kind or "",
        )
        for tid, tier, price, status, seat_id, checked_in, section, row, number, tier_id, kind in (
            s.execute(
                booking_tickets(
                    booking_id,
                    Ticket.id,
                    PriceTier.name,
                    Ticket.price,
                    Ticket.status,
                    Ticket.event_seat_id,
                    Ticket.checked_in_at,
                    Section.name,
                    Seat.row_label,
                    Seat.number,
                    Ticket.tier_id,
                    TicketType.name,
                ).order_by(Ticket.id)
            )
        )
    )
    payments = tuple(
        PaymentInfo(*row)
        for row in s.execute(
            select(
                Payment.id, Payment.method, Payment.amount, Payment.card_last4, Payment.created_at
            )
            .where(Payment.booking_id == booking_id)
            .order_by(Payment.id)
        )
    )
    refunds = tuple(
        RefundInfo(rid, method, amount, reason, at, ref if method == VOUCHER else "")
        for rid, method, amount, reason, at, ref in s.execute(
            select(
                Refund.id,
                Refund.method,
                Refund.amount,
                Refund.reason,
                Refund.created_at,
                Refund.gateway_ref,
            )
            .where(Refund.booking_id == booking_id)
            .order_by(Refund.id)
        )
    )
    (bid, ref, event_id, title, starts, venue, customer, status, total, created) = head[:10]
    return BookingDetail(
        bid,
        ref,
        event_id,
        title,
        starts,
        venue,
        customer or "",
        status,
        total,
        created,
        tickets,
        payments,
        refunds,
        customer_id=head[10],
        clerk=head[11] or "",
        desk=head[12] or "",
    )


def summaries(
    s: Session, conditions: Sequence[ColumnElement[bool]], offset: int = 0, limit: int = 100
) -> list[BookingSummary]:
    """Bookings matching *conditions*, newest first, with their tickets counted sold, checked
    in and cancelled, and the amount refunded (a count of valid tickets alone misreads a booking
    that was partly used or cancelled)."""

    def count(*status: str) -> Any:
        mine = [Ticket.booking_id == Booking.id]
        if status:
            mine.append(Ticket.status.in_(status))
        return select(func.count()).where(*mine).scalar_subquery()

    refunded = (
        select(func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.booking_id == Booking.id)
        .scalar_subquery()
    )
    statement = (
        select(
            *_HEADER,
            count(),
            count(TicketStatus.USED.value),
            count(TicketStatus.CANCELLED.value),
            refunded,
        )
        .join(Event, Event.id == Booking.event_id)
        .join(Venue, Venue.id == Event.venue_id)
        .outerjoin(Customer, Customer.id == Booking.customer_id)
        .where(*conditions)
        .order_by(Booking.created_at.desc(), Booking.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [
        BookingSummary(
            *row[:6],
            row[6] or "",
            *row[7:10],
            int(row[10]),
            int(row[11]),
            int(row[12]),
            Decimal(row[13]).quantize(Decimal("0.01")),
        )
        for row in s.execute(statement)
    ]


def text_conditions(text: str) -> list[ColumnElement[bool]]:
    """Reference (as typed), customer name, e-mail or phone containing each word."""
    terms: list[ColumnElement[bool]] = []
    for word in text.split()[:6]:
        if len(word) > 254:  # longer than any field it could match; SQLite caps LIKE at 50 kB
            terms.append(false())
            continue
        pattern = f"%{_escape(word)}%"
        refs = [  # a reference typed in part: "7KQ4MX" -> "7KQ4-MX"
            f"{ref[:4]}-{ref[4:]}" if len(ref) > 4 and "-" not in ref else ref
            for ref in reference_spellings(word)
        ]
        terms.append(
            or_(
                *(Booking.reference.like(f"{_escape(ref)}%", escape="!") for ref in refs),
                Customer.name.like(pattern, escape="!"),
                Customer.email.like(pattern, escape="!"),
                Customer.phone.like(pattern, escape="!"),
            )
        )
    return terms


def _escape(text: str) -> str:
    """LIKE-escape with "!" (a backslash means different things to MySQL and SQLite)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def exchange_quote(tickets: Sequence[TicketLine], hold: HoldInfo | None) -> ExchangeQuote:
    """What exchanging *tickets* for the seats of *hold* costs: the tickets back at the prices
    they were sold at, the new seats as the cart quotes them (the exchange dialog shows it)."""
    returned = [PriceLine(t.seat_id, t.seat_label, t.tier_id, t.tier, t.price) for t in tickets]
    return pricing.exchange_quote(returned, hold.lines if hold is not None else ())
