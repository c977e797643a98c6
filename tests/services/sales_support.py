"""Small venues, events and staff for the booking-core tests (built straight from the models).

Each builder writes in one transaction and returns plain ids, so tests run the same on SQLite
and on the real MariaDB through the ``db`` fixture.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Booking,
    Event,
    EventSeat,
    Hold,
    HouseHold,
    PriceTier,
    Seat,
    SeatLayout,
    Section,
    Ticket,
    Venue,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.layout import SectionSpec, row_label, seat_spots
from boxoffice.domain.roles import Role
from boxoffice.domain.tender import CashTender
from boxoffice.services.integrity import checks as integrity_checks
from boxoffice.services.people.staff import add_user_in


@dataclass(frozen=True)
class Staff:
    clerk: Actor
    clerk2: Actor
    manager: Actor


def make_staff(db: Database) -> Staff:
    def work(s: Session) -> Staff:
        from boxoffice.domain.actor import SYSTEM

        actors = []
        for name, role in (("clerk", Role.CLERK), ("clerk2", Role.CLERK), ("boss", Role.MANAGER)):
            user = add_user_in(s, SYSTEM, name, role, f"desk-{len(name)}-Seat-Sale-7731", rounds=4)
            actors.append(Actor(user.id, name, role, desk=f"desk-{name}"))
        return Staff(*actors)

    return db.run(work)


@dataclass(frozen=True)
class SeatedEvent:
    id: int
    tiers: dict[str, int]  # name -> tier id
    seats: dict[str, int] = field(default_factory=dict)  # "A1" -> event_seat id
    labels: dict[int, str] = field(default_factory=dict)  # event_seat id -> "A1"

    def ids(self, *names: str) -> list[int]:
        return [self.seats[n] for n in names]


def make_seated_event(
    db: Database,
    title: str = "Test Play",
    rows: int = 4,
    per_row: int = 8,
    tiers: Sequence[tuple[str, str, int]] = (("Front", "50.00", 2), ("Back", "30.00", 99)),
    starts_in: timedelta = timedelta(days=7),
    sales_open_in: timedelta = timedelta(days=-1),
    status: str = "scheduled",
    blocked: Sequence[str] = (),
    venue: str | None = None,
) -> SeatedEvent:
    """One section of *rows* × *per_row*; each tier takes the next N rows (front first)."""

    def work(s: Session) -> SeatedEvent:
        now = utcnow()
        v = Venue(name=venue or f"Venue {uuid.uuid4().hex[:8]}", address="")
        s.add(v)
        s.flush()
        layout = SeatLayout(venue_id=v.id, name="Main", stage_x=0.0, stage_y=-3.0)
        s.add(layout)
        s.flush()
        section = Section(layout_id=layout.id, name="Stalls", row_count=rows, seats_per_row=per_row)
        s.add(section)
        s.flush()
        spec = SectionSpec("Stalls", rows, per_row)
        s.execute(
            insert(Seat),
            [
                dict(
                    layout_id=layout.id,
                    section_id=section.id,
                    row_label=spot.row_label,
                    row_index=spot.row_index,
                    number=spot.number,
                    x=spot.x,
                    y=spot.y,
                    accessible=False,
                    restricted_view=False,
                    blocked=False,
                )
                for spot in seat_spots(spec)
            ],
        )
        starts = now + starts_in
        event = Event(
            title=title,
            description="",
            venue_id=v.id,
            layout_id=layout.id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            sales_open_at=now + sales_open_in,
            sales_close_at=starts,
            status=status,
            ga_capacity=None,
            created_at=now,
            updated_at=now,
        )
        s.add(event)
        s.flush()
        tier_ids: dict[str, int] = {}
        tier_of_row: dict[int, int] = {}
        row = 0
        for order, (name, price, nrows) in enumerate(tiers):
            tier = PriceTier(
                event_id=event.id,
                name=name,
                price=Decimal(price),
                sort_order=order,
                ga_capacity=0,
                ga_sold=0,
            )
            s.add(tier)
            s.flush()
            tier_ids[name] = tier.id
            for r in range(row, min(row + nrows, rows)):
                tier_of_row[r] = tier.id
            row += nrows
        seats = s.execute(
            select(Seat.id, Seat.row_index, Seat.row_label, Seat.number)
            .where(Seat.layout_id == layout.id)
            .order_by(Seat.id)
        ).all()
        s.execute(
            insert(EventSeat),
            [
                dict(
                    event_id=event.id,
                    seat_id=sid,
                    tier_id=tier_of_row[r],
                    status="blocked" if f"{label}{num}" in blocked else "available",
                    version=0,
                )
                for sid, r, label, num in seats
            ],
        )
        event.capacity = len(seats) - len(blocked)
        event.min_price = min(Decimal(p) for _n, p, _r in tiers)
        event.max_price = max(Decimal(p) for _n, p, _r in tiers)
        names = {}
        for es_id, label, num in s.execute(
            select(EventSeat.id, Seat.row_label, Seat.number)
            .join(Seat, Seat.id == EventSeat.seat_id)
            .where(EventSeat.event_id == event.id)
        ):
            names[f"{label}{num}"] = es_id
        return SeatedEvent(event.id, tier_ids, names, {v: k for k, v in names.items()})

    return db.run(work)


def make_ga_event(
    db: Database,
    tiers: Sequence[tuple[str, str, int]] = (("Standing", "20.00", 10), ("Early", "12.00", 5)),
    starts_in: timedelta = timedelta(days=3),
) -> SeatedEvent:
    def work(s: Session) -> SeatedEvent:
        now = utcnow()
        v = Venue(name=f"Club {uuid.uuid4().hex[:8]}", address="")
        s.add(v)
        s.flush()
        capacity = sum(c for _n, _p, c in tiers)
        event = Event(
            title="Club Night",
            description="",
            venue_id=v.id,
            layout_id=None,
            starts_at=now + starts_in,
            ends_at=now + starts_in + timedelta(hours=5),
            sales_open_at=now - timedelta(days=1),
            sales_close_at=now + starts_in,
            status="scheduled",
            ga_capacity=capacity,
            capacity=capacity,
            min_price=min(Decimal(p) for _n, p, _c in tiers),
            max_price=max(Decimal(p) for _n, p, _c in tiers),
            created_at=now,
            updated_at=now,
        )
        s.add(event)
        s.flush()
        ids = {}
        for order, (name, price, cap) in enumerate(tiers):
            tier = PriceTier(
                event_id=event.id,
                name=name,
                price=Decimal(price),
                sort_order=order,
                ga_capacity=cap,
                ga_sold=0,
            )
            s.add(tier)
            s.flush()
            ids[name] = tier.id
        return SeatedEvent(event.id, ids)

    return db.run(work)


def cash(total: Decimal, extra: str = "0.00") -> list[CashTender]:
    """Exact cash (or over-tendered by *extra*); no tender at all for a free sale."""
    if total == 0:
        return []
    return [CashTender(total, total + Decimal(extra))]


def expire_hold(db: Database, hold_id: str) -> None:
    """Make a hold run out now, as if its minutes had passed (seats and hold row alike)."""
    past = utcnow() - timedelta(seconds=1)

    def work(s: Session) -> None:
        s.execute(update(Hold).where(Hold.id == hold_id).values(expires_at=past))
        s.execute(
            update(EventSeat).where(EventSeat.hold_id == hold_id).values(hold_expires_at=past)
        )

    db.run(work)


def seat_statuses(db: Database, event_id: int) -> dict[int, str]:
    return db.run(
        lambda s: dict(
            s.execute(
                select(EventSeat.id, EventSeat.status).where(EventSeat.event_id == event_id)
            ).all()
        )
    )


def check_invariants(db: Database, event_id: int) -> None:
    """What must hold whatever happened: no seat sold twice, counts in step, versions sane."""

    def work(s: Session) -> None:
        live = ("valid", "used")
        sold_count, version, ga = s.execute(
            select(Event.sold_count, Event.seat_version, Event.ga_capacity).where(
                Event.id == event_id
            )
        ).one()
        tickets = s.scalar(
            select(func.count()).where(Ticket.event_id == event_id, Ticket.status.in_(live))
        )
        assert sold_count == tickets, f"sold_count {sold_count} != live tickets {tickets}"
        # No seat carries two live tickets.
        doubled = s.execute(
            select(Ticket.event_seat_id, func.count())
            .where(
                Ticket.event_id == event_id,
                Ticket.status.in_(live),
                Ticket.event_seat_id.is_not(None),
            )
            .group_by(Ticket.event_seat_id)
            .having(func.count() > 1)
        ).all()
        assert doubled == [], f"seats with two live tickets: {doubled}"
        # A seat is sold exactly when a live ticket of a confirmed booking holds it.
        sold = dict(
            s.execute(
                select(EventSeat.id, EventSeat.booking_id).where(
                    EventSeat.event_id == event_id, EventSeat.status == "sold"
                )
            ).all()
        )
        ticketed = dict(
            s.execute(
                select(Ticket.event_seat_id, Ticket.booking_id)
                .join(Booking, Booking.id == Ticket.booking_id)
                .where(
                    Ticket.event_id == event_id,
                    Ticket.status.in_(live),
                    Ticket.event_seat_id.is_not(None),
                    Booking.status == "confirmed",
                )
            ).all()
        )
        assert sold == ticketed, "sold seats and live tickets differ"
        newest = s.scalar(select(func.max(EventSeat.version)).where(EventSeat.event_id == event_id))
        assert (newest or 0) <= version
        if ga is not None:
            for tier_id, ga_sold, cap in s.execute(
                select(PriceTier.id, PriceTier.ga_sold, PriceTier.ga_capacity).where(
                    PriceTier.event_id == event_id
                )
            ):
                live_tickets = s.scalar(
                    select(func.count()).where(Ticket.tier_id == tier_id, Ticket.status.in_(live))
                )
                held = s.scalar(
                    select(func.coalesce(func.sum(Hold.quantity), 0)).where(Hold.tier_id == tier_id)
                )
                kept = s.scalar(  # undrawn places of GA allocations not yet returned
                    select(
                        func.coalesce(func.sum(HouseHold.ga_quantity - HouseHold.ga_taken), 0)
                    ).where(HouseHold.tier_id == tier_id, HouseHold.ga_returned.is_(False))
                )
                assert ga_sold == live_tickets + held + kept, f"tier {tier_id}: counts out of step"
                # The database's own check agrees.
                assert integrity_checks.ga_tier_counts(s) is None
                assert ga_sold <= cap

    db.run(work)


def label_of(row: int, number: int) -> str:
    return f"{row_label(row)}{number}"
