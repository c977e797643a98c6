"""A sold season ticket as the desk sees it when the holder comes back: its nights, and the
other dates each live night may be exchanged to (same title and layout, not in the package)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Package, PackageSale, Seat, Section, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, EventStatus, TicketStatus
from boxoffice.i18n import _


@dataclass(frozen=True)
class OtherDate:
    event_id: int
    starts_at: datetime


@dataclass(frozen=True)
class Night:
    event_id: int
    title: str
    starts_at: datetime
    status: str  # the night's ticket: valid | used | cancelled
    other_dates: tuple[OtherDate, ...]  # exchange targets (empty unless valid and to come)

    @property
    def changeable(self) -> bool:
        return self.status == TicketStatus.VALID.value


@dataclass(frozen=True)
class SeasonTicket:
    reference: str
    package: str
    seat: str
    status: str  # confirmed | cancelled
    nights: tuple[Night, ...]


def season_ticket(db: Database, actor: Actor, reference: str) -> SeasonTicket:
    """Season ticket *reference* with its nights, for exchanging or cancelling at the desk."""
    actor.require(Permission.SELL)
    now = utcnow()
    ref = reference.strip().upper()

    def work(s: Session) -> SeasonTicket:
        row = s.execute(
            select(PackageSale, Package.name, Section.name, Seat.row_label, Seat.number)
            .join(Package, Package.id == PackageSale.package_id)
            .join(Seat, Seat.id == PackageSale.seat_id)
            .join(Section, Section.id == Seat.section_id)
            .where(PackageSale.reference == ref)
        ).one_or_none()
        if row is None:
            raise NotFound(_("There is no season ticket {reference}.").format(reference=ref))
        sale, package, section, row_label, number = row
        nights_rows = s.execute(
            select(Event.id, Event.title, Event.starts_at, Event.layout_id, Ticket.status)
            .join(Booking, Booking.event_id == Event.id)
            .join(Ticket, Ticket.booking_id == Booking.id)
            .where(
                Booking.package_sale_id == sale.id,
                Booking.status == BookingStatus.CONFIRMED.value,
                Ticket.event_id == Event.id,  # not the old ticket of an exchanged night
            )
            .order_by(Event.starts_at, Event.id)
        ).all()
        taken = {r[0] for r in nights_rows}
        nights = []
        for event_id, title, starts_at, layout_id, status in nights_rows:
            others: tuple[OtherDate, ...] = ()
            if status == TicketStatus.VALID.value and starts_at > now:
                others = tuple(
                    OtherDate(eid, at)
                    for eid, at in s.execute(
                        select(Event.id, Event.starts_at)
                        .where(
                            Event.title == title,
                            Event.layout_id == layout_id,
                            Event.status == EventStatus.SCHEDULED.value,
                            Event.starts_at > now,
                            Event.id.not_in(taken),
                        )
                        .order_by(Event.starts_at, Event.id)
                        .limit(50)
                    )
                )
            nights.append(Night(event_id, title, starts_at, status, others))
        seat = _("{section}, row {row}, seat {number}").format(
            section=section, row=row_label, number=number
        )
        return SeasonTicket(sale.reference, package, seat, sale.status, tuple(nights))

    return db.run(work)
