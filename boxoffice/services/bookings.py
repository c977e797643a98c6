"""Booking management: look up, list, search, cancel (whole or per ticket) and exchange seats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.tender import Tender


@dataclass(frozen=True)
class TicketLine:
    id: int
    seat_label: str  # "Stalls A12", or the tier name for general admission
    tier: str
    price: Decimal
    status: str  # domain.status.TicketStatus value
    seat_id: int | None = None  # event_seat.id (None for GA)
    checked_in: bool = False


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
    ticket_count: int  # valid tickets


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


def get_booking(db: Database, actor: Actor, reference: str) -> BookingDetail:
    """The booking with this reference (typed loosely: case, spaces, O/0 are forgiven)."""
    raise NotImplementedError


def customer_bookings(db: Database, actor: Actor, customer_id: int) -> list[BookingSummary]:
    """A customer's bookings, newest first."""
    raise NotImplementedError


def search_bookings(
    db: Database,
    actor: Actor,
    text: str = "",
    event_id: int | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[BookingSummary]:
    """Bookings matching reference / customer name / e-mail text (managers only)."""
    raise NotImplementedError


def list_recent_bookings(db: Database, actor: Actor, limit: int = 20) -> list[BookingSummary]:
    """The latest bookings, newest first (for the CLI)."""
    raise NotImplementedError


def cancel_booking(db: Database, actor: Actor, reference: str, reason: str = "") -> Decimal:
    """Cancel every valid ticket, free the seats and refund to the original methods.

    Returns the amount refunded.
    """
    raise NotImplementedError


def cancel_tickets(
    db: Database, actor: Actor, reference: str, ticket_ids: Sequence[int], reason: str = ""
) -> Decimal:
    """Cancel some tickets of a booking (its last valid ticket cancels the booking)."""
    raise NotImplementedError


def exchange_seats(
    db: Database,
    actor: Actor,
    reference: str,
    ticket_ids: Sequence[int],
    hold_id: str,
    tenders: Sequence[Tender] = (),
    idempotency_key: str = "",
) -> BookingDetail:
    """Swap *ticket_ids* for the seats held under *hold_id* (same event).

    A dearer selection is charged to *tenders*; a cheaper one is refunded.
    """
    raise NotImplementedError


def cancel_booking_in(session: Session, actor: Actor, booking_id: int, reason: str) -> Decimal:
    """Cancel and refund a booking inside the caller's transaction (event cancellation)."""
    raise NotImplementedError
