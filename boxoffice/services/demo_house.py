"""The demo data's house set-up (called by :func:`demo.load_demo`): named holds, a kill and a
group allocation on "Chamber Music Evening"; on "Techno Marathon" a phone allocation of standing
places, a students' block that sold out the early-bird tier and customers waiting for it, so a
first look shows them all.

Written as the inventory would leave them (the counts agree with the integrity checks): held
seats carry their placement and release time, the GA allocation's places are counted in its
tier's ``ga_sold``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import (
    Customer,
    Event,
    EventSeat,
    HoldType,
    HouseHold,
    PriceTier,
    Seat,
    Section,
    StaffUser,
    WaitlistEntry,
)
from boxoffice.domain.house import ALLOCATION_TYPE, DEFAULT_TYPES
from boxoffice.domain.status import SeatStatus
from boxoffice.domain.waitlist import WaitlistStatus

SEATED_EVENT = "Chamber Music Evening"
GA_EVENT = "Techno Marathon"
# (hold type, label, section, row index in the section, seat numbers, hours before the start)
PLACEMENTS = (
    ("House", "", "Stalls", 4, range(6, 10), None),
    ("Press", "", "Stalls", 5, range(1, 3), 24),
    ("Production kill", "", "Circle", 0, range(7, 11), None),
    ("Allocation", "Group: St Mary's school", "Circle", 3, range(1, 9), 48),
)
# (label, tier, places or None for all that is left, hours before the start it returns or None)
GA_ALLOCATIONS = (("Phone", "Standing", 20, 6), ("Group: Students", "Early bird", None, None))


def add_house(
    session: Session, staff: dict[str, StaffUser], customers: list[Customer], now: datetime
) -> None:
    manager, clerk = staff["manager"], staff["clerk"]
    types = _hold_types(session)
    seated = session.scalars(select(Event).where(Event.title == SEATED_EVENT)).one()
    for type_name, label, section, row_index, numbers, hours in PLACEMENTS:
        release = seated.starts_at - timedelta(hours=hours) if hours is not None else None
        made = session.execute(
            insert(HouseHold).values(
                event_id=seated.id,
                hold_type_id=types[type_name],
                label=label,
                release_at=release,
                created_by=manager.id,
                created_at=now - timedelta(days=20),
            )
        )
        placement = int(made.inserted_primary_key[0])  # type: ignore[attr-defined]
        seats = _seats(session, seated, section, row_index, list(numbers))
        session.execute(
            update(EventSeat)
            .where(EventSeat.id.in_(seats), EventSeat.status == SeatStatus.AVAILABLE.value)
            .values(house_hold_id=placement, house_until=release)
        )

    ga = session.scalars(select(Event).where(Event.title == GA_EVENT)).one()
    tiers = {
        t.name: t for t in session.scalars(select(PriceTier).where(PriceTier.event_id == ga.id))
    }
    for label, tier_name, places, hours in GA_ALLOCATIONS:
        tier = tiers[tier_name]
        count = places if places is not None else tier.ga_capacity - tier.ga_sold
        session.execute(
            insert(HouseHold).values(
                event_id=ga.id,
                hold_type_id=types["Allocation"],
                label=label,
                release_at=ga.starts_at - timedelta(hours=hours) if hours is not None else None,
                created_by=manager.id,
                created_at=now - timedelta(days=20),
                tier_id=tier.id,
                ga_quantity=count,
                ga_taken=0,
                ga_returned=False,
            )
        )
        tier.ga_sold += count

    # Customers waiting for the early-bird tier the students' block sold out: the first early-bird
    # places that come free (a cancellation, the block returned) are offered to them in order.
    early = tiers["Early bird"]
    for n, (customer, quantity) in enumerate(((customers[7], 2), (customers[2], 1))):
        session.add(
            WaitlistEntry(
                event_id=ga.id,
                tier_id=early.id,
                customer_id=customer.id,
                quantity=quantity,
                status=WaitlistStatus.WAITING.value,
                note="Demo: waiting since the sell-out",
                staff_user_id=clerk.id,
                created_at=now - timedelta(days=5 - n),
                updated_at=now - timedelta(days=5 - n),
            )
        )


def _hold_types(session: Session) -> dict[str, int]:
    rows = [
        dict(name=n, colour=c, pattern=p, kill=k, allocation=False, sort_order=i)
        for i, (n, c, p, k) in enumerate(DEFAULT_TYPES)
    ]
    name, colour, pattern = ALLOCATION_TYPE
    rows.append(
        dict(
            name=name,
            colour=colour,
            pattern=pattern,
            kill=False,
            allocation=True,
            sort_order=len(DEFAULT_TYPES),
        )
    )
    session.execute(insert(HoldType), rows)
    return {str(n): int(i) for i, n in session.execute(select(HoldType.id, HoldType.name))}


def _seats(
    session: Session, event: Event, section: str, row_index: int, numbers: list[int]
) -> list[int]:
    """event_seat ids of seats *numbers* in the *row_index*-th row of *section*."""
    rows = session.execute(
        select(EventSeat.id, Seat.row_label, Seat.number)
        .join(Seat, Seat.id == EventSeat.seat_id)
        .join(Section, Section.id == Seat.section_id)
        .where(EventSeat.event_id == event.id, Section.name == section)
        .order_by(Seat.id)
    ).all()
    labels: list[str] = []
    for _id, label, _number in rows:
        if label not in labels:
            labels.append(label)
    row = labels[row_index]
    return [int(i) for i, label, number in rows if label == row and int(number) in numbers]
