"""Named holds and kills on event seats: placed, released and re-timed by conditional UPDATEs.

A named hold is an overlay on a seat's status (``event_seat.house_hold_id``/``house_until``): the
seat stays ``available`` underneath, and :func:`house_free` keeps clerks off it until its release
time passes (no scheduler: the condition compares with now, like an expiring desk hold). A kill
has no release time. Placing only takes seats free at that moment (available, or held by a hold
that ran out) in the same UPDATE that marks them, so a seat a desk is selling concurrently ends
either sold or under the named hold, never both.

Big placements (a 20,000-seat section) must not name every seat twice: the placing UPDATE marks
the seats it took with a negative transaction-unique ``version`` and :func:`publish_marked`
restamps exactly those with the event's next version by that mark (the version index).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, false, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.models import EventSeat, HoldType, HouseHold, Seat
from boxoffice.services.sales.inventory.common import AVAILABLE, HELD, SOLD, chunks, rowcount
from boxoffice.services.sales.inventory.events import lock_version


def house_free(now: datetime) -> ColumnElement[bool]:
    """Seats no named hold keeps from clerks at *now* (none, or its release time passed)."""
    return or_(EventSeat.house_hold_id.is_(None), EventSeat.house_until <= now)


def status_free(now: datetime) -> ColumnElement[bool]:
    """Seats no desk holds or owns at *now* (available, or held by a hold that ran out)."""
    return or_(
        EventSeat.status == AVAILABLE,
        and_(EventSeat.status == HELD, EventSeat.hold_expires_at <= now),
    )


def house_sellable(now: datetime) -> ColumnElement[bool]:
    """What staff allowed to sell from named holds may take: free seats, kills excepted."""
    not_kills = (
        select(HouseHold.id)
        .join(HoldType, HoldType.id == HouseHold.hold_type_id)
        .where(HoldType.kill == false())
        .scalar_subquery()
    )
    return and_(status_free(now), or_(house_free(now), EventSeat.house_hold_id.in_(not_kills)))


def allocation_sellable(now: datetime, house_hold_id: int) -> ColumnElement[bool]:
    """What a desk selling *for* an allocation may take: free seats, or the allocation's own."""
    return and_(status_free(now), or_(house_free(now), EventSeat.house_hold_id == house_hold_id))


def is_allocation(session: Session, event_id: int, house_hold_id: int) -> bool:
    """True when *house_hold_id* is an allocation placed on *event_id*."""
    return (
        session.scalar(
            select(HouseHold.id)
            .join(HoldType, HoldType.id == HouseHold.hold_type_id)
            .where(
                HouseHold.id == house_hold_id,
                HouseHold.event_id == event_id,
                HoldType.allocation.is_(True),
            )
        )
        is not None
    )


def new_mark() -> int:
    """A negative version no committed seat carries: marks the rows one transaction changed."""
    return -1 - secrets.randbelow(2**62)


def in_section(section_id: int, rows: Sequence[str] = ()) -> ColumnElement[bool]:
    """Event seats of a layout section (only these row labels if given), by a seat subquery."""
    seats = select(Seat.id).where(Seat.section_id == section_id)
    if rows:
        seats = seats.where(Seat.row_label.in_(list(rows)))
    return EventSeat.seat_id.in_(seats)


def place(
    session: Session,
    event_id: int,
    house_hold_id: int,
    until: datetime | None,
    now: datetime,
    mark: int,
    scope: ColumnElement[bool],
) -> int:
    """Put the free seats of *scope* (on *event_id*) under the named hold; returns how many.

    Seats sold or held live at a desk, blocked by the layout, or already under this hold are
    left as they are; seats under another named hold move to this one.
    """
    return rowcount(
        session.execute(
            update(EventSeat)
            .where(
                EventSeat.event_id == event_id,
                scope,
                status_free(now),
                or_(EventSeat.house_hold_id.is_(None), EventSeat.house_hold_id != house_hold_id),
            )
            .values(
                status=AVAILABLE,
                hold_id=None,
                hold_expires_at=None,
                house_hold_id=house_hold_id,
                house_until=until,
                version=mark,
            )
            .execution_options(synchronize_session=False)
        )
    )


def place_ids(
    session: Session,
    event_id: int,
    house_hold_id: int,
    until: datetime | None,
    now: datetime,
    mark: int,
    seat_ids: Sequence[int],
) -> int:
    """:func:`place` on event_seat ids (sorted, so desks and managers lock in one order)."""
    placed = 0
    for part in chunks(sorted(set(seat_ids))):
        placed += place(session, event_id, house_hold_id, until, now, mark, EventSeat.id.in_(part))
    return placed


def release(
    session: Session, event_id: int, house_hold_id: int, mark: int, scope: ColumnElement[bool]
) -> int:
    """Take the named hold off the unsold seats of *scope*; returns how many were released.

    Sold seats keep the overlay: it records that they were sold from the hold.
    """
    return rowcount(
        session.execute(
            update(EventSeat)
            .where(
                EventSeat.event_id == event_id,
                EventSeat.house_hold_id == house_hold_id,
                EventSeat.status != SOLD,
                scope,
            )
            .values(house_hold_id=None, house_until=None, version=mark)
            .execution_options(synchronize_session=False)
        )
    )


def retime(
    session: Session, event_id: int, house_hold_id: int, until: datetime | None, mark: int
) -> int:
    """Copy a hold's new release time onto its unsold seats; returns how many changed."""
    return rowcount(
        session.execute(
            update(EventSeat)
            .where(
                EventSeat.event_id == event_id,
                EventSeat.house_hold_id == house_hold_id,
                EventSeat.status != SOLD,
            )
            .values(house_until=until, version=mark)
            .execution_options(synchronize_session=False)
        )
    )


def publish_marked(session: Session, event_id: int, mark: int) -> int:
    """The last statement of a house change: bump the event's version and give it to the seats
    carrying *mark*; returns the version."""
    version = lock_version(session, event_id)
    session.execute(
        update(EventSeat)
        .where(EventSeat.event_id == event_id, EventSeat.version == mark)
        .values(version=version)
        .execution_options(synchronize_session=False)
    )
    return version
