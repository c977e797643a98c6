"""Booking management: look up, list, search, cancel (whole or per ticket) and exchange seats.

Cancelling frees the seats (sellable again at once), cancels the tickets and refunds them to the
original payment methods; exchanging sells the seats of a hold to the booking in place of some of
its tickets and charges or refunds the difference. Each is one transaction with its audit row
and customer notification. Clerks change the bookings they sold; managers any booking.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, EventSeat, PriceTier
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, PaymentMethodKind
from boxoffice.domain.tender import Tender
from boxoffice.i18n import _
from boxoffice.services.bookings import changes
from boxoffice.services.bookings.views import (
    BookingDetail,
    BookingSummary,
    PaymentInfo,
    RefundInfo,
    TicketLine,
    booking_id_by_reference,
    detail,
    summaries,
    text_conditions,
)
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.pricing import ExchangeQuote

__all__ = [
    "BookingDetail",
    "BookingSummary",
    "PaymentInfo",
    "RefundInfo",
    "TicketLine",
    "cancel_booking",
    "cancel_booking_in",
    "cancel_tickets",
    "customer_bookings",
    "exchange_seats",
    "get_booking",
    "list_recent_bookings",
    "quote_exchange",
    "search_bookings",
]

MAX_PAGE = 1000


def get_booking(db: Database, actor: Actor, reference: str) -> BookingDetail:
    """The booking with this reference (typed loosely: case, spaces, O/0 are forgiven)."""
    actor.require(Permission.SELL)
    return db.run(lambda s: detail(s, booking_id_by_reference(s, reference)))


def customer_bookings(db: Database, actor: Actor, customer_id: int) -> list[BookingSummary]:
    """A customer's bookings, newest first."""
    actor.require(Permission.SELL)
    return db.run(lambda s: summaries(s, [Booking.customer_id == customer_id], 0, MAX_PAGE))


def search_bookings(
    db: Database,
    actor: Actor,
    text: str = "",
    event_id: int | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[BookingSummary]:
    """Bookings matching reference / customer name / e-mail / phone text (managers only)."""
    actor.require(Permission.MANAGE_BOOKINGS)
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise ValidationError(
            _("A page starts at 0 or later and holds 1 to {MAX_PAGE} bookings.").format(
                MAX_PAGE=MAX_PAGE
            )
        )
    conditions: list[ColumnElement[bool]] = text_conditions(text)
    if event_id is not None:
        conditions.append(Booking.event_id == event_id)
    if status:
        try:
            conditions.append(Booking.status == BookingStatus(status).value)
        except ValueError:
            choices = ", ".join(s.value for s in BookingStatus)
            raise ValidationError(
                _("Unknown booking status {status!r}; use {choices}.").format(
                    status=status, choices=choices
                )
            ) from None
    return db.run(lambda s: summaries(s, conditions, offset, limit))


def list_recent_bookings(db: Database, actor: Actor, limit: int = 20) -> list[BookingSummary]:
    """The latest bookings, newest first (for the CLI)."""
    actor.require(Permission.SELL)
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(_("Ask for 1 to {MAX_PAGE} bookings.").format(MAX_PAGE=MAX_PAGE))
    return db.run(lambda s: summaries(s, [], 0, limit))


def cancel_booking(
    db: Database,
    actor: Actor,
    reference: str,
    reason: str = "",
    *,
    to_voucher: bool = False,
    refund_by: PaymentMethodKind | None = None,
) -> Decimal:
    """Cancel every valid ticket, free the seats and refund to the original methods (or, with
    *to_voucher*, onto a new gift voucher for the customer: the refund rows name it; or, with
    *refund_by*, a manager's override such as cash, *reason* saying why).

    Returns the amount refunded. SalesClosed once the event has started; Conflict if the booking
    is already cancelled or a ticket was used at the door.
    """
    actor.require(Permission.CANCEL_OWN)

    def work(s: Session) -> Decimal:
        now = utcnow()
        booking = changes.lock_booking(s, booking_id_by_reference(s, reference))
        changes.require_may_change(actor, booking)
        changes.require_changeable(s, booking, now)
        return changes.cancel(
            s, actor, booking, None, reason, now, to_voucher=to_voucher, refund_by=refund_by
        )

    return inv.run(db, once(work))


def cancel_tickets(
    db: Database,
    actor: Actor,
    reference: str,
    ticket_ids: Sequence[int],
    reason: str = "",
    *,
    to_voucher: bool = False,
    refund_by: PaymentMethodKind | None = None,
) -> Decimal:
    """Cancel some tickets of a booking (its last valid ticket cancels the booking).

    Returns the amount refunded (onto a new gift voucher with *to_voucher*; by a manager's
    override method with *refund_by*, *reason* saying why).
    """
    actor.require(Permission.CANCEL_OWN)
    ids = list(ticket_ids)

    def work(s: Session) -> Decimal:
        now = utcnow()
        booking = changes.lock_booking(s, booking_id_by_reference(s, reference))
        changes.require_may_change(actor, booking)
        changes.require_changeable(s, booking, now)
        return changes.cancel(
            s, actor, booking, ids, reason, now, to_voucher=to_voucher, refund_by=refund_by
        )

    return inv.run(db, once(work))


def exchange_seats(
    db: Database,
    actor: Actor,
    reference: str,
    ticket_ids: Sequence[int],
    hold_id: str,
    tenders: Sequence[Tender] = (),
    idempotency_key: str = "",
    *,
    to_voucher: bool = False,
) -> BookingDetail:
    """Swap *ticket_ids* for the seats held under *hold_id* (same event).

    Priced by :func:`quote_exchange`. A dearer selection is charged to *tenders*; a cheaper one
    is refunded to the original payment methods, or onto a new gift voucher with *to_voucher*.
    Retrying an exchange that went through returns the booking unchanged.
    """
    actor.require(Permission.CANCEL_OWN)
    ids = list(ticket_ids)
    tender_list = tuple(tenders)

    def work(s: Session) -> int:
        booking = changes.lock_booking(s, booking_id_by_reference(s, reference))
        changes.require_may_change(actor, booking)
        changes.require_changeable(s, booking, utcnow())
        changes.exchange(
            s, actor, booking, ids, hold_id, tender_list, idempotency_key, to_voucher=to_voucher
        )
        return booking.id

    booking_id = inv.run(db, once(work))
    return db.run(lambda s: detail(s, booking_id))


def quote_exchange(
    db: Database, actor: Actor, reference: str, ticket_ids: Sequence[int], hold_id: str
) -> ExchangeQuote | None:
    """What exchanging *ticket_ids* for the seats held under *hold_id* costs, priced exactly as
    :func:`exchange_seats` will (ticket types carried over, fees, tax); None while the hold has
    no live seats. The exchange dialog shows it and charges its difference."""
    actor.require(Permission.CANCEL_OWN)
    ids = list(ticket_ids)

    def work(s: Session) -> ExchangeQuote | None:
        now = utcnow()
        booking = changes.lock_booking(s, booking_id_by_reference(s, reference), lock=False)
        changes.require_may_change(actor, booking)
        held = s.execute(
            inv.live_held(hold_id, now, EventSeat.id, EventSeat.tier_id, PriceTier.price)
        ).all()
        if not held:
            return None
        old = changes.choose(changes.tickets_of(s, booking.id), ids, booking.reference)
        return changes.price_exchange(s, booking, old, [tuple(row) for row in held])

    return db.run(work)


def cancel_booking_in(session: Session, actor: Actor, booking_id: int, reason: str) -> Decimal:
    """Cancel and refund a booking inside the caller's transaction (event cancellation).

    Needs MANAGE_EVENTS or MANAGE_BOOKINGS; works for events that already started. Returns the
    amount refunded (zero for a booking that was already cancelled).
    """
    actor.require(Permission.CANCEL_OWN)
    if not (actor.can(Permission.MANAGE_EVENTS) or actor.can(Permission.MANAGE_BOOKINGS)):
        raise PermissionDenied(_("Only a manager cancels the bookings of a whole event."))
    booking = changes.lock_booking(session, booking_id)
    if booking.status != BookingStatus.CONFIRMED.value:
        return Decimal("0.00")
    return changes.cancel(session, actor, booking, None, reason, utcnow(), whole_event=True)
