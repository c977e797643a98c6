"""The per-event list a door station downloads to decide alone when the database is away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.i18n import N_, _
from boxoffice.services.tickets.place import PLACE_COLUMNS, with_place

GA_LABEL = N_("General admission")


@dataclass(frozen=True)
class SnapshotTicket:
    ticket_id: int
    event_seat_id: int  # 0 for general admission
    generation: int
    status: str  # TicketStatus value
    reference: str
    seat_label: str
    tier: str


@dataclass(frozen=True)
class EventSnapshot:
    """Every ticket of one event, as the database saw it at ``taken_at``.

    ``max_ticket_id`` is the highest ticket id in the whole box office then: a correctly signed
    code for this event with a higher id was sold after the download (ids only grow), which an
    offline door may admit; one with a lower id that is not in the list is not ours to admit.
    """

    event_id: int
    title: str
    status: str  # EventStatus value
    allow_reentry: bool
    taken_at: datetime
    max_ticket_id: int
    tickets: tuple[SnapshotTicket, ...]


def _label(section: str | None, row: str | None, number: str | int | None) -> str:
    # Written into the door list in the desk's language when the list is downloaded.
    if section is None:
        return _(GA_LABEL)
    return _("{section}, row {row}, seat {number}").format(section=section, row=row, number=number)


def _read(s: Session, event_id: int) -> EventSnapshot:
    event = s.execute(
        select(Event.title, Event.status, Event.allow_reentry).where(Event.id == event_id)
    ).one_or_none()
    if event is None:
        raise NotFound(_("There is no event {event_id}.").format(event_id=event_id))
    taken_at = utcnow()
    max_id = int(s.scalar(select(func.coalesce(func.max(Ticket.id), 0))) or 0)
    # Core rows on the session's connection (no ORM result processing: 50,000 rows), in no
    # particular order (sorting them would cost the server a temporary table and a filesort).
    rows = (
        s.connection()
        .execute(
            with_place(
                select(
                    Ticket.id,
                    func.coalesce(Ticket.event_seat_id, 0),
                    Ticket.code_generation,
                    Ticket.status,
                    *PLACE_COLUMNS,
                )
            ).where(Ticket.event_id == event_id)
        )
        .all()
    )
    tickets = tuple(
        SnapshotTicket(
            int(tid), int(seat), int(gen), str(status), str(ref), _label(sec, row, num), str(tier)
        )
        for tid, seat, gen, status, ref, sec, row, num, tier in rows
    )
    title, status, reentry = event
    return EventSnapshot(event_id, title, status, bool(reentry), taken_at, max_id, tickets)


def download(db: Database, actor: Actor, event_id: int, attempts: int = 8) -> EventSnapshot:
    """The event's door list, read in one transaction (a consistent picture)."""
    actor.require(Permission.CHECK_IN)
    return db.run(lambda s: _read(s, event_id), attempts=attempts)
