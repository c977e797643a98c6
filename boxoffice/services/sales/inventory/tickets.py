"""Tickets: issued when seats or places are sold (checkout, exchange) and cancelled when they
are given back. Prices come from the quote (:mod:`boxoffice.services.sales.pricing`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import Event, Ticket
from boxoffice.db.prepared import Prepared
from boxoffice.domain.errors import Conflict
from boxoffice.domain.status import EventStatus, TicketStatus
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import chunks, rowcount

_INSERT = Prepared(insert(cast(Table, Ticket.__table__)))  # one multi-row INSERT per sale


def issue_tickets(
    session: Session,
    booking_id: int,
    event_id: int,
    lines: Sequence[tuple[int | None, int, Decimal]],
    now: datetime,
    types: Sequence[int | None] | None = None,
) -> tuple[int, ...]:
    """One valid ticket per (event_seat id or None for GA, tier id, price), of the ticket type
    *types* gives at the same position; their ids, sorted (the order of *lines*)."""
    kinds = list(types) if types is not None else [None] * len(lines)
    rows = [
        dict(
            booking_id=booking_id,
            event_id=event_id,
            event_seat_id=seat_id,
            tier_id=tier_id,
            price=price,
            ticket_type_id=kind,
            status=TicketStatus.VALID.value,
            code_generation=1,
            issued_at=now,
        )
        for (seat_id, tier_id, price), kind in zip(lines, kinds, strict=True)
    ]
    dialect = session.get_bind().dialect
    if Prepared.fast(session) and dialect.insert_returning:  # MariaDB: one trip, built once
        return tuple(sorted(_INSERT.insert_many(session, rows, returning="id")))
    if dialect.insert_executemany_returning:  # SQLite: one trip
        inserted = session.scalars(
            insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), rows
        )
        return tuple(sorted(inserted))
    session.execute(insert(Ticket), rows)  # pragma: no cover - MySQL without RETURNING
    return tuple(  # pragma: no cover
        session.scalars(
            select(Ticket.id).where(Ticket.booking_id == booking_id).order_by(Ticket.id)
        )
    )


def cancel_tickets(session: Session, ticket_ids: Sequence[int], now: datetime) -> None:
    """Valid tickets become cancelled: all of them, or Conflict (one was used at the door)."""
    ids = list(ticket_ids)
    cancelled = 0
    for part in chunks(ids):
        cancelled += rowcount(
            session.execute(
                update(Ticket)
                .where(Ticket.id.in_(part), Ticket.status == TicketStatus.VALID.value)
                .values(status=TicketStatus.CANCELLED.value, cancelled_at=now)
                .execution_options(synchronize_session=False)
            )
        )
    if cancelled != len(ids):  # checked in at the door a moment ago
        raise Conflict(
            _("A ticket was used at the door meanwhile; please look at the booking again.")
        )


def mark_used(
    session: Session,
    ticket_id: int,
    event_id: int,
    event_seat_id: int,
    generation: int,
    at: datetime,
    by: int | None,
) -> bool:
    """Check a ticket in: ``valid -> used`` for the ticket a signed code names (its event, seat
    or 0 for GA, and code generation) while its event is scheduled. True if this call won; a
    second scan, a stale code or a cancelled ticket or event changes nothing and returns False.
    """
    result = session.connection().execute(
        update(Ticket)
        .where(
            Ticket.id == ticket_id,
            Ticket.event_id == event_id,
            func.coalesce(Ticket.event_seat_id, 0) == event_seat_id,
            Ticket.code_generation == generation,
            Ticket.status == TicketStatus.VALID.value,
            Ticket.event_id.in_(
                select(Event.id).where(Event.status == EventStatus.SCHEDULED.value)
            ),
        )
        .values(status=TicketStatus.USED.value, checked_in_at=at, checked_in_by=by)
    )
    return rowcount(result) == 1
