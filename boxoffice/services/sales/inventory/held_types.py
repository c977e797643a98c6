"""The ticket types a hold chose: per held seat, or a count of a GA hold's places per type.

Rows are keyed by hold id; a row whose seat the hold no longer holds is simply not read (hold
ids are never reused), and checkout deletes the hold's rows with the hold."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from boxoffice.db.models import HeldTicketType


def set_seat_types(
    session: Session, hold_id: str, seat_ids: Sequence[int], type_id: int, reason: str
) -> None:
    """Held seats *seat_ids* (event_seat ids the caller checked are this hold's) become
    *type_id*."""
    ids = list(seat_ids)
    session.execute(
        delete(HeldTicketType).where(
            HeldTicketType.hold_id == hold_id, HeldTicketType.event_seat_id.in_(ids)
        )
    )
    session.execute(
        insert(HeldTicketType),
        [
            dict(
                hold_id=hold_id, event_seat_id=i, ticket_type_id=type_id, quantity=1, reason=reason
            )
            for i in ids
        ],
    )


def set_ga_count(session: Session, hold_id: str, type_id: int, quantity: int, reason: str) -> None:
    """*quantity* places of a GA hold are *type_id* (0: none)."""
    session.execute(
        delete(HeldTicketType).where(
            HeldTicketType.hold_id == hold_id,
            HeldTicketType.event_seat_id.is_(None),
            HeldTicketType.ticket_type_id == type_id,
        )
    )
    if quantity > 0:
        session.execute(
            insert(HeldTicketType).values(
                hold_id=hold_id,
                event_seat_id=None,
                ticket_type_id=type_id,
                quantity=quantity,
                reason=reason,
            )
        )


def held_choices(session: Session, hold_id: str) -> list[tuple[int | None, int, int, str]]:
    """(event_seat id or None for GA, type id, quantity, reason) chosen by *hold_id*."""
    return [
        (row[0], row[1], row[2], row[3])
        for row in session.execute(
            select(
                HeldTicketType.event_seat_id,
                HeldTicketType.ticket_type_id,
                HeldTicketType.quantity,
                HeldTicketType.reason,
            )
            .where(HeldTicketType.hold_id == hold_id)
            .order_by(HeldTicketType.id)
        )
    ]


def forget_held_types(session: Session, hold_id: str) -> None:
    """The hold was sold: its choices are on the tickets now."""
    session.execute(delete(HeldTicketType).where(HeldTicketType.hold_id == hold_id))
