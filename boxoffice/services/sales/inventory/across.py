"""One seat across many events (season tickets, packages): sold, held for renewal, or freed in
all of them in one transaction, or in none.

Lock order, the same for every package desk: event id, then seat id — one conditional UPDATE per
event seat, by primary key, events ascending; the event rows (:func:`publish`) come after all
seats, again by event id. A single-ticket sale locks its seats and then its one event row, so a
package desk and a single desk wait for each other at most briefly and never in a cycle on seats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import Event, EventSeat, PriceTier, Seat, Ticket
from boxoffice.domain.errors import NotFound, SeatUnavailable
from boxoffice.domain.status import TicketStatus
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import HELD, SOLD, rowcount
from boxoffice.services.sales.inventory.seats import sellable


@dataclass(frozen=True)
class SeatInEvent:
    """A layout seat as one event sells it."""

    event_id: int
    event_seat_id: int
    tier_id: int
    tier_name: str
    price: Decimal  # the single-ticket tier price


def seat_in_events(session: Session, seat_id: int, event_ids: Sequence[int]) -> list[SeatInEvent]:
    """Layout seat *seat_id* in each of *event_ids*, by event id; NotFound if one lacks it."""
    rows = session.execute(
        select(EventSeat.event_id, EventSeat.id, EventSeat.tier_id, PriceTier.name, PriceTier.price)
        .join(PriceTier, PriceTier.id == EventSeat.tier_id)
        .where(EventSeat.seat_id == seat_id, EventSeat.event_id.in_(list(event_ids)))
        .order_by(EventSeat.event_id)
    ).all()
    found = [SeatInEvent(*row) for row in rows]
    if len(found) != len(set(event_ids)):
        raise NotFound(
            _("That seat is not a seat of every event of the package (another layout?).")
        )
    return found


def _taken_anyway(hold_id: str | None, now: datetime) -> object:
    """Seats this sale may take: sellable, or held by *hold_id* (a renewal hold) and live."""
    if hold_id is None:
        return sellable(now)
    return or_(
        sellable(now),
        and_(
            EventSeat.status == HELD, EventSeat.hold_id == hold_id, EventSeat.hold_expires_at > now
        ),
    )


def sell_across(
    session: Session,
    seats: Sequence[SeatInEvent],
    booking_ids: dict[int, int],
    now: datetime,
    hold_id: str | None = None,
) -> None:
    """Sell each of *seats* to the booking of its event (*booking_ids*: event id → booking id):
    all of them or SeatUnavailable (the caller's transaction rolls back). Seats held by *hold_id*
    (a subscriber's renewal hold) count as free for this sale."""
    lost: list[SeatInEvent] = []
    for seat in sorted(seats, key=lambda s: (s.event_id, s.event_seat_id)):
        changed = rowcount(
            session.execute(
                update(EventSeat)
                .where(EventSeat.id == seat.event_seat_id, _taken_anyway(hold_id, now))  # type: ignore[arg-type]
                .values(
                    status=SOLD,
                    booking_id=booking_ids[seat.event_id],
                    hold_id=None,
                    hold_expires_at=None,
                )
                .execution_options(synchronize_session=False)
            )
        )
        if changed != 1:
            lost.append(seat)
            break  # nothing is sold: no need to lock the rest
    if lost:
        titles = session.scalars(select(Event.title).where(Event.id == lost[0].event_id)).all()
        raise SeatUnavailable(
            _(
                "That seat is no longer free for {value} (sold, blocked or held "
                "at another desk); nothing was sold."
            ).format(value=titles[0] if titles else "an event"),
            tuple(s.event_seat_id for s in lost),
        )


def issue_across(
    session: Session, lines: Sequence[tuple[int, int, int, int, Decimal]], now: datetime
) -> tuple[int, ...]:
    """One valid ticket per (booking id, event id, event_seat id, tier id, price), in one
    statement; their ids in the order of *lines*."""
    rows = [
        dict(
            booking_id=booking_id,
            event_id=event_id,
            event_seat_id=seat_id,
            tier_id=tier_id,
            price=price,
            ticket_type_id=None,
            status=TicketStatus.VALID.value,
            code_generation=1,
            issued_at=now,
        )
        for booking_id, event_id, seat_id, tier_id, price in lines
    ]
    if session.get_bind().dialect.insert_executemany_returning:  # MariaDB, SQLite: one trip
        return tuple(
            session.scalars(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), rows)
        )
    session.execute(insert(Ticket), rows)  # pragma: no cover - MySQL without RETURNING
    return tuple(  # pragma: no cover
        session.scalars(
            select(Ticket.id)
            .where(Ticket.booking_id.in_([line[0] for line in lines]))
            .order_by(Ticket.event_id)
        )
    )


def hold_across(
    session: Session,
    seats: Sequence[SeatInEvent],
    hold_id: str,
    expires_at: datetime,
    now: datetime,
) -> int:
    """Hold each of *seats* that is free for *hold_id* until *expires_at* (a renewal hold: it
    ends by itself at the deadline, no job needed); returns how many it held."""
    held = 0
    for seat in sorted(seats, key=lambda s: (s.event_id, s.event_seat_id)):
        held += rowcount(
            session.execute(
                update(EventSeat)
                .where(EventSeat.id == seat.event_seat_id, sellable(now))
                .values(status=HELD, hold_id=hold_id, hold_expires_at=expires_at)
                .execution_options(synchronize_session=False)
            )
        )
    return held


def free_in_all(
    session: Session, event_ids: Sequence[int], now: datetime, most: int = 5
) -> list[int]:
    """Up to *most* layout seat ids free in every one of *event_ids*, best first (best tier of
    the first event, then nearest the stage, then by section and number). A plain read."""
    ids = sorted(set(event_ids))
    query = (
        select(EventSeat.seat_id)
        .join(Seat, Seat.id == EventSeat.seat_id)
        .join(PriceTier, PriceTier.id == EventSeat.tier_id)
        .where(EventSeat.event_id.in_(ids), sellable(now), Seat.blocked.is_(False))
        .group_by(EventSeat.seat_id, Seat.row_index, Seat.section_id, Seat.number)
        .having(func.count() == len(ids))
        .order_by(func.max(PriceTier.sort_order), Seat.row_index, Seat.section_id, Seat.number)
        .limit(most)
    )
    return list(session.scalars(query))
