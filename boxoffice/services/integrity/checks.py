"""The consistency rules ``boxoffice db check`` verifies, each one set-based SQL query.

Every query is a join or a grouped aggregate over indexed columns, so the whole check reads each
large table a small number of times whatever its size (see bench/integrity.py); nothing loops
over rows in Python. Each returns the rows that break its rule (at most CAP).

What keeps them linear on MariaDB (1M tickets): a grouped subquery joined to a big table is
materialized as a temporary table, which past tmp_table_size (16 MB) goes to disk in tmpdir,
with a filesort beside it; over every booking at once that was two on-disk tables and 1.9M temp
rows, 7.5x one full ticket aggregate, and "temp file" errors where tmpdir is small. So
booking_money works through CHUNK bookings at a time (each chunk's temporaries stay in memory)
from covering indexes (ix_ticket_booking, ix_payment_booking, ix_refund_booking: no row is
read), and the event-existence check reads each table's distinct event ids by a loose index
scan instead of joining every row to event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from boxoffice.db.models import (
    Booking,
    Event,
    EventSeat,
    Hold,
    HouseHold,
    OutboxEmail,
    Payment,
    PriceTier,
    Refund,
    SaleAdjustment,
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
CHUNK = 20_000  # bookings per booking_money query: its temporary tables stay in memory

_OFF_SEATS = "integrity.tickets_off_their_seats"  # Session.info key

Check = Callable[[Session], Finding | None]


def sold_seats_have_tickets(s: Session) -> Finding | None:
    """A sold seat has a live ticket of the booking it is sold to.

    Seat by seat this is a lookup per sold seat into the ticket table, the slowest query of the
    check on a large database; so when no live ticket is off its seat (the other direction,
    below) two counts settle it: the live-seat unique index maps live tickets one-to-one onto
    their seats, all sold to the ticket's booking, so as many live seated tickets as sold seats
    means every sold seat has one. Only otherwise are the seats read one by one for the rows.
    """
    if not _tickets_off_their_seats(s):
        tickets = s.scalar(select(func.count()).where(Ticket.live_seat_id.is_not(None)))
        sold = s.scalar(select(func.count()).where(EventSeat.status == _SOLD))
        if tickets == sold:
            return None
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
    return finding(
        "tickets_hold_their_seats",
        "live tickets whose seat is not sold to their booking",
        _tickets_off_their_seats(s),
        "ticket {0} of booking {1}: event_seat {2} is {3} (booking {4})",
    )


def _tickets_off_their_seats(s: Session) -> Sequence[Any]:
    """The live tickets whose seat is not sold to them, read once per session (both seat checks
    need them, and a session is one snapshot)."""
    if _OFF_SEATS not in s.info:
        query = (
            select(
                Ticket.id, Ticket.booking_id, EventSeat.id, EventSeat.status, EventSeat.booking_id
            )
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
        s.info[_OFF_SEATS] = s.execute(query).all()
    rows: Sequence[Any] = s.info[_OFF_SEATS]
    return rows


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
    """A general-admission tier's ga_sold = its live unseated tickets + its held quantity + the
    undrawn places of its GA allocations not yet returned."""
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
    # GA allocations not yet returned keep their undrawn places counted in the tier.
    kept = (
        select(HouseHold.tier_id, func.sum(HouseHold.ga_quantity - HouseHold.ga_taken).label("n"))
        .where(HouseHold.tier_id.is_not(None), HouseHold.ga_returned.is_(False))
        .group_by(HouseHold.tier_id)
        .subquery()
    )
    expected = (
        func.coalesce(tickets.c.n, 0) + func.coalesce(held.c.n, 0) + func.coalesce(kept.c.n, 0)
    )
    query = (
        select(PriceTier.id, PriceTier.event_id, PriceTier.ga_sold, expected)
        .join(Event, Event.id == PriceTier.event_id)
        .outerjoin(tickets, tickets.c.tier_id == PriceTier.id)
        .outerjoin(held, held.c.tier_id == PriceTier.id)
        .outerjoin(kept, kept.c.tier_id == PriceTier.id)
        .where(Event.ga_capacity.is_not(None), PriceTier.ga_sold != expected)
        .order_by(PriceTier.id)
        .limit(CAP)
    )
    return finding(
        "ga_tier_counts",
        "general-admission tiers whose sold count differs from tickets + holds",
        s.execute(query).all(),
        "price_tier {0} (event {1}): ga_sold {2}, tickets + held + allocated {3}",
    )


def booking_money(s: Session) -> Finding | None:
    """What a booking was paid, less what was refunded, is the price of its live tickets."""
    first, last = s.execute(select(func.min(Booking.id), func.max(Booking.id))).one()
    rows: list[tuple[int, str, Decimal, Decimal]] = []
    for low in range(first or 0, (last or -1) + 1, CHUNK):
        found = s.execute(_money_gaps(low, low + CHUNK - 1))
        rows.extend(
            (i, r, Decimal(t), Decimal(n))
            for i, r, t, n in found
            if Decimal(t).quantize(ZERO) != Decimal(n).quantize(ZERO)
        )
        if len(rows) >= CAP:
            break
    return finding(
        "booking_money",
        "bookings whose payments less refunds differ from their live tickets' prices",
        rows[:CAP],
        "booking {0} ({1}): live tickets {2}, paid less refunded {3}",
    )


def _money_gaps(low: int, high: int) -> Any:
    """Bookings *low*..*high* whose live tickets' prices differ from paid less refunded."""

    def summed(booking_id: Any, amount: Any, *where: ColumnElement[bool]) -> Any:
        return (
            select(booking_id.label("booking_id"), func.sum(amount).label("amount"))
            .where(booking_id.between(low, high), *where)
            .group_by(booking_id)
            .subquery()
        )

    live = summed(Ticket.booking_id, Ticket.price, Ticket.status.in_(_LIVE))
    paid = summed(Payment.booking_id, Payment.amount)
    refunded = summed(Refund.booking_id, Refund.amount)
    kept = _charges_kept(low, high)
    tickets = func.coalesce(live.c.amount, literal(ZERO)) + func.coalesce(
        kept.c.amount, literal(ZERO)
    )
    net = func.coalesce(paid.c.amount, literal(ZERO)) - func.coalesce(
        refunded.c.amount, literal(ZERO)
    )
    return (
        select(Booking.id, Booking.reference, tickets, net)
        .outerjoin(live, live.c.booking_id == Booking.id)
        .outerjoin(paid, paid.c.booking_id == Booking.id)
        .outerjoin(refunded, refunded.c.booking_id == Booking.id)
        .outerjoin(kept, kept.c.booking_id == Booking.id)
        .where(Booking.id.between(low, high), tickets != net)
        .order_by(Booking.id)
    )


def _charges_kept(low: int, high: int) -> Any:
    """What bookings *low*..*high* were charged beyond their live tickets' prices: order-wide
    fees and added tax while a ticket is live or that no cancellation refunds, and the
    non-refundable fees of cancelled tickets (a live ticket's own fees are in its price;
    tax included in prices is in them too)."""
    ticket = aliased(Ticket)
    any_live = (
        select(Ticket.id)
        .where(Ticket.booking_id == SaleAdjustment.booking_id, Ticket.status.in_(_LIVE))
        .exists()
    )
    kept = or_(
        and_(
            SaleAdjustment.ticket_id.is_(None),
            or_(SaleAdjustment.refundable == false(), any_live),
        ),
        and_(
            SaleAdjustment.ticket_id.is_not(None),
            SaleAdjustment.refundable == false(),
            ticket.status.not_in(_LIVE),
        ),
    )
    return (
        select(
            SaleAdjustment.booking_id.label("booking_id"),
            func.sum(SaleAdjustment.amount).label("amount"),
        )
        .outerjoin(ticket, ticket.id == SaleAdjustment.ticket_id)
        .where(
            SaleAdjustment.booking_id.between(low, high),
            SaleAdjustment.included == false(),
            kept,
        )
        .group_by(SaleAdjustment.booking_id)
        .subquery()
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
        # The distinct event ids come from the index led by event_id (a loose scan, one probe
        # per event); only rows of a missing event are read.
        named = select(model.event_id.label("event_id")).distinct().subquery()
        missing = list(
            s.scalars(
                select(named.c.event_id)
                .outerjoin(Event, Event.id == named.c.event_id)
                .where(Event.id.is_(None))
            )
        )
        if not missing:
            continue
        query = (
            select(literal(table), model.id, model.event_id)
            .where(model.event_id.in_(missing))
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
