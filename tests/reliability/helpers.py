"""Small helpers for reliability tests: actors of the demo data, seats of an event."""

from __future__ import annotations

from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role


def demo_actor(db: Database, username: str = "clerk", desk: str = "desk-1") -> Actor:
    with db.session() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).one()
        return Actor(user.id, user.username, Role(user.role), desk)


def seated_event_and_free_seats(db: Database, count: int) -> tuple[int, list[int]]:
    with db.session() as s:
        event_id = s.scalars(
            select(Event.id).where(Event.layout_id.is_not(None)).order_by(Event.starts_at)
        ).first()
        assert event_id is not None
        seats = list(
            s.scalars(
                select(EventSeat.id)
                .where(EventSeat.event_id == event_id, EventSeat.status == "available")
                .order_by(EventSeat.id)
                .limit(count)
            )
        )
    return event_id, seats
