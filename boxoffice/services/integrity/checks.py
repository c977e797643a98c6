"""The consistency rules ``boxoffice db check`` verifies, each one set-based SQL query.

Every query is a join or a grouped aggregate over indexed columns, so the whole check reads each
large table a small number of times whatever its size (see the benchmark figure in the README);
nothing loops over rows in Python. Each returns the rows that break its rule (at most CAP).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from boxoffice.db.models import (
    Booking,
    Event,
    EventSeat,
    Hold,
    OutboxEmail,
    Payment,
    PriceTier,
    Refund,
    SavedCard,
    Ticket,
)
from boxoffice.domain.status import BookingStatus, SeatStatus, TicketStatus
from boxoffice.services.integrity import offers
from boxoffice.services.integrity.findings import CAP, Finding, finding

_LIVE = (TicketStatus.VALID.value, TicketStatus.USED.value)
_SOLD = SeatStatus.SOLD.value
_HELD = SeatStatus.HELD.value
ZERO = Decimal("0.00")

Check = Callable[[Session], Finding | None]


def sold_seats_have_tickets(s: Session) -> Finding | None:
    """A sold seat has a live ticket of the booking it is sold to."""
    query = (
        select(EventSeat.id, EventSeat.event_id, EventSeat.booking_id, Ticket.id)
        .outerjoin(Ticket, Ticket.live_seat_id == EventSeat.id)
        .where(
            EventSeat.status == _SOLD,
            or_(Ticket.id.is_(None), Ticket.booking_id != EventSeat.booking_id),
        )
        .order_by(EventSeat.id)
        .limit(CAP)
    )
    return finding(
        "sold_seats_have_tickets",
        "sold seats without a live ticket of their booking",
        s.execute(query).all(),
        "event_seat {0} (event {1}) sold to booking {2}; live ticket: {3}",
    )


def tickets_hold_their_seats(s: Session) -> Finding | None:
    """A live seated ticket's seat is sold to the ticket's booking, in the ticket's event."""
    query = (
        select(Ticket.id, Ticket.booking_id, EventSeat.id, EventSeat.status, EventSeat.booking_id)
        .join(EventSeat, EventSeat.id == Ticket.live_seat_id)
        .where(
            or_(
                EventSeat.status != _SOLD,
                EventSeat.booking_id != Ticket.booking_id,
                EventSeat.event_id != Ticket.event_id,
            )
        )
        .order_by(Ticket.id)
        .limit(CAP)
    )
    return finding(
        "tickets_hold_their_seats",
        "live tickets whose seat is not sold to their booking",
        s.execute(query).all(),
        "ticket {0} of booking {1}: event_seat {2} is {3} (booking {4})",
    )


def event_sold_counts(s: Session) -> Finding | None:
    """An event's sold_count (the catalog's figure) equals its live tickets."""
    live = (
        select(Ticket.event_id, func.count().label("n"))
        .where(Ticket.status.in_(_LIVE))
        .group_by(Ticket.event_id)
        .subquery()
    )
    actual = func.coalesce(live.c.n, 0)
    query = (
        select(Event.id, Event.sold_count, actual)
        .outerjoin(live, live.c.event_id == Event.id)
        .where(Event.sold_count != actual)
        .order_by(Event.id)
        .limit(CAP)
    )
    return finding(
        "event_sold_counts",
        "events whose sold count differs from their live tickets",
        s.execute(query).all(),
        "event {0}: sold_count {1}, live tickets {2}",
    )


def ga_tier_counts(s: Session) -> Finding | None:
    """A general-admission tier's ga_sold = its live unseated tickets + its held quantity."""
    tickets = (
        select(Ticket.tier_id, func.count().label("n"))
        .where(Ticket.status.in_(_LIVE), Ticket.event_seat_id.is_(None))
        .group_by(Ticket.tier_id)
        .subquery()
    )
    held = (
        select(Hold.tier_id, func.sum(Hold.quantity).label("n"))
        .where(Hold.tier_id.is_not(None), Hold.released.is_(False))
        .group_by(Hold.tier_id)
        .subquery()
    )
    expected = func.coalesce(tickets.c.n, 0) + func.coalesce(held.c.n, 0)
    query = (
        select(PriceTier.id, PriceTier.event_id, PriceTier.ga_sold, expected)
        .join(Event, Event.id == PriceTier.event_id)
        .outerjoin(tickets, tickets.c.tier_id == PriceTier.id)
        .outerjoin(held, held.c.tier_id == PriceTier.id)
        .where(Event.ga_capacity.is_not(None), PriceTier.ga_sold != expected)
        .order_by(PriceTier.id)
        .limit(CAP)
    )
    return finding(
        "ga_tier_counts",
        "general-admission tiers whose sold count differs from tickets + holds",
        s.execute(query).all(),
        "price_tier {0} (event {1}): ga_sold {2}, tickets + held {3}",
    )


def booking_money(s: Session) -> Finding | None:
    """What a booking was paid, less what was refunded, is the price of its live tickets."""
    live = (
        select(Ticket.booking_id, func.sum(Ticket.price).label("amount"))
        .where(Ticket.status.in_(_LIVE))
        .group_by(Ticket.booking_id)
        .subquery()
    )
    paid = (
        select(Payment.booking_id, func.sum(Payment.amount).label("amount"))
        .group_by(Payment.booking_id)
        .subquery()
    )
    refunded = (
        select(Refund.booking_id, func.sum(Refund.amount).label("amount"))
        .group_by(Refund.booking_id)
        .subquery()
    )
    tickets = func.coalesce(live.c.amount, literal(ZERO))
    net = func.coalesce(paid.c.amount, literal(ZERO)) - func.coalesce(
        refunded.c.amount, literal(ZERO)
    )
    query = (
        select(Booking.id, Booking.reference, tickets, net)
        .outerjoin(live, live.c.booking_id == Booking.id)
        .outerjoin(paid, paid.c.booking_id == Booking.id)
        .outerjoin(refunded, refunded.c.booking_id == Booking.id)
        .where(tickets != net)
        .order_by(Booking.id)
        .limit(CAP)
    )
    rows = [(i, r, Decimal(t), Decimal(n)) for i, r, t, n in s.execute(query)]
    rows = [row for row in rows if row[2].quantize(ZERO) != row[3].quantize(ZERO)]
    return finding(
        "booking_money",
        "bookings whose payments less refunds differ from their live tickets' prices",
        rows,
        "booking {0} ({1}): live tickets {2}, paid less refunded {3}",
    )


def cancelled_bookings_have_no_live_tickets(s: Session) -> Finding | None:
    query = (
        select(Booking.id, Booking.reference, Ticket.id)
        .join(Ticket, Ticket.booking_id == Booking.id)
        .where(Booking.status == BookingStatus.CANCELLED.value, Ticket.status.in_(_LIVE))
        .order_by(Booking.id, Ticket.id)
        .limit(CAP)
    )
    return finding(
        "cancelled_bookings_have_no_live_tickets",
        "live tickets in cancelled bookings",
        s.execute(query).all(),
        "booking {0} ({1}) is cancelled but ticket {2} is live",
    )


def rows_name_existing_events(s: Session) -> Finding | None:
    """Bookings, tickets and holds name an event that exists (no foreign key: see Booking)."""
    rows: list[tuple[str, object, int]] = []
    for table, model in (("booking", Booking), ("ticket", Ticket), ("hold", Hold)):
        query = (
            select(literal(table), model.id, model.event_id)
            .outerjoin(Event, Event.id == model.event_id)
            .where(Event.id.is_(None))
            .order_by(model.id)
            .limit(CAP)
        )
        rows.extend((t, i, e) for t, i, e in s.execute(query))
    return finding(
        "rows_name_existing_events",
        "bookings, tickets or holds for an event that does not exist",
        rows,
        "{0} {1}: event {2} is missing",
    )


def holds_match_seats(s: Session) -> Finding | None:
    """Only a held seat names a hold; a GA hold's tier belongs to the hold's event."""
    seats = (
        select(literal("event_seat"), EventSeat.id, EventSeat.hold_id, EventSeat.status)
        .where(EventSeat.status != _HELD, EventSeat.hold_id.is_not(None))
        .order_by(EventSeat.id)
        .limit(CAP)
    )
    tier = aliased(PriceTier)
    ga = (
        select(literal("hold"), Hold.id, Hold.tier_id, literal("tier of another event"))
        .join(tier, tier.id == Hold.tier_id)
        .where(tier.event_id != Hold.event_id)
        .limit(CAP)
    )
    rows = [*s.execute(seats).all(), *s.execute(ga).all()]
    return finding(
        "holds_match_seats",
        "holds pointing at seats no longer held (or at another event's tier)",
        rows,
        "{0} {1}: hold {2} but {3}",
    )


def outbox_bookings_exist(s: Session) -> Finding | None:
    query = (
        select(OutboxEmail.id, OutboxEmail.kind, OutboxEmail.booking_id, OutboxEmail.status)
        .outerjoin(Booking, Booking.id == OutboxEmail.booking_id)
        .where(OutboxEmail.booking_id.is_not(None), Booking.id.is_(None))
        .order_by(OutboxEmail.id)
        .limit(CAP)
    )
    return finding(
        "outbox_bookings_exist",
        "queued mails for bookings that do not exist",
        s.execute(query).all(),
        "email_outbox {0} ({1}, {3}): booking {2} is missing",
    )


def cards_have_keys(key_ids: frozenset[str] | None) -> Check:
    """Saved cards are encrypted under a key the key file holds (None: no key file at all)."""

    def check(s: Session) -> Finding | None:
        query = select(SavedCard.id, SavedCard.customer_id, SavedCard.key_id).order_by(SavedCard.id)
        if key_ids:
            query = query.where(SavedCard.key_id.not_in(sorted(key_ids)))
        return finding(
            "cards_have_keys",
            "saved cards encrypted under a key missing from the key file",
            s.execute(query.limit(CAP)).all(),
            "saved_card {0} of customer {1}: key {2} is missing",
        )

    check.__name__ = "cards_have_keys"
    return check


def everything_but_keys() -> list[Check]:
    return [
        sold_seats_have_tickets,
        tickets_hold_their_seats,
        event_sold_counts,
        ga_tier_counts,
        booking_money,
        cancelled_bookings_have_no_live_tickets,
        rows_name_existing_events,
        holds_match_seats,
        outbox_bookings_exist,
        offers.code_use_counts,
        offers.voucher_balances,
    ]


__all__ = ["Check", "cards_have_keys", "everything_but_keys"]
