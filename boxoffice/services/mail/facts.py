"""What the e-mails say, read inside the caller's transaction (frozen dataclasses only).

The booking itself comes from the ticket read model (:mod:`boxoffice.services.tickets.data`),
so the e-mail and the attached PDF always describe the booking the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, Customer, Event, Refund, Ticket, Venue
from boxoffice.domain.status import BookingStatus, EventStatus, TicketStatus
from boxoffice.services.mail.address import is_valid_address
from boxoffice.services.tickets.data import BookingPrint, load_booking


@dataclass(frozen=True)
class Recipient:
    customer_id: int
    name: str
    email: str
    language: str = ""  # the customer's mails are written in it; "" = the desk's


@dataclass(frozen=True)
class BookingMail:
    booking: BookingPrint
    recipient: Recipient


@dataclass(frozen=True)
class EventCard:
    id: int
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    venue_address: str
    status: str
    min_price: Decimal
    max_price: Decimal
    available: int
    updated_at: datetime


@dataclass(frozen=True)
class EventBooking:
    """One booking of an event, for notices sent to everyone holding tickets."""

    booking_id: int
    reference: str
    status: str
    recipient: Recipient
    tickets: int  # valid tickets
    refunded: Decimal


def _recipient(
    customer_id: int | None, name: str | None, email: str | None, language: str | None = ""
) -> Recipient | None:
    if customer_id is None or not email or not is_valid_address(email):
        return None  # walk-in sale or no usable address: nobody to write to
    return Recipient(customer_id, name or "", email.strip(), language or "")


def booking_mail(session: Session, booking_id: int) -> BookingMail | None:
    """The booking and its customer, or None when there is no customer address to write to."""
    row = session.execute(
        select(Customer.id, Customer.name, Customer.email, Customer.language)
        .join(Booking, Booking.customer_id == Customer.id)
        .where(Booking.id == booking_id)
    ).one_or_none()
    recipient = _recipient(*row) if row is not None else None
    if recipient is None:
        return None
    return BookingMail(load_booking(session, booking_id), recipient)


def event_card(session: Session, event_id: int) -> EventCard | None:
    row = session.execute(
        select(Event, Venue.name, Venue.address)
        .join(Venue, Venue.id == Event.venue_id)
        .where(Event.id == event_id)
    ).one_or_none()
    if row is None:
        return None
    return _card(*row)


def _card(event: Event, venue: str, address: str) -> EventCard:
    return EventCard(
        id=event.id,
        title=event.title,
        description=event.description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=venue,
        venue_address=address,
        status=event.status,
        min_price=event.min_price,
        max_price=event.max_price,
        available=max(0, event.capacity - event.sold_count),
        updated_at=event.updated_at,
    )


def event_bookings(
    session: Session,
    event_id: int,
    status: BookingStatus = BookingStatus.CONFIRMED,
    changed_since: datetime | None = None,
) -> list[EventBooking]:
    """Bookings of the event in *status* (last changed at or after *changed_since*) whose
    customer has a usable address.

    Three set-based queries whatever the number of bookings (an arena holds thousands).
    """
    recent = () if changed_since is None else (Booking.updated_at >= changed_since,)
    rows = session.execute(
        select(
            Booking.id,
            Booking.reference,
            Booking.status,
            Customer.id,
            Customer.name,
            Customer.email,
            Customer.language,
        )
        .join(Customer, Customer.id == Booking.customer_id)
        .where(Booking.event_id == event_id, Booking.status == status.value, *recent)
        .order_by(Booking.id)
    ).all()
    tickets = dict(
        session.execute(
            select(Ticket.booking_id, func.count())
            .join(Booking, Booking.id == Ticket.booking_id)
            .where(Booking.event_id == event_id, Ticket.status == TicketStatus.VALID.value)
            .group_by(Ticket.booking_id)
        ).all()
    )
    refunds = dict(
        session.execute(
            select(Refund.booking_id, func.sum(Refund.amount))
            .join(Booking, Booking.id == Refund.booking_id)
            .where(Booking.event_id == event_id)
            .group_by(Refund.booking_id)
        ).all()
    )
    result = []
    for booking_id, reference, booking_status, cid, name, email, language in rows:
        recipient = _recipient(cid, name, email, language)
        if recipient is None:
            continue
        refunded = Decimal(refunds.get(booking_id) or 0).quantize(Decimal("0.01"))
        result.append(
            EventBooking(
                booking_id,
                reference,
                booking_status,
                recipient,
                int(tickets.get(booking_id, 0)),
                refunded,
            )
        )
    return result


def upcoming_events(session: Session, now: datetime, days: int, limit: int) -> list[EventCard]:
    """Scheduled events starting within *days*, on sale now and not sold out, soonest first."""
    rows = session.execute(
        select(Event, Venue.name, Venue.address)
        .join(Venue, Venue.id == Event.venue_id)
        .where(
            Event.status == EventStatus.SCHEDULED.value,
            Event.starts_at > now,
            Event.starts_at <= now + timedelta(days=days),
            Event.sales_open_at <= now,
            Event.sales_close_at > now,
            Event.sold_count < Event.capacity,
        )
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    ).all()
    return [_card(*row) for row in rows]
