"""Seat state changes: hold, release, renew, sell and free seats, each a conditional UPDATE
whose row count is checked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.models import EventSeat, PriceTier, Seat, Section
from boxoffice.db.prepared import Prepared
from boxoffice.db.types import UTCDateTime
from boxoffice.domain.errors import (
    HoldExpired,
    NotFound,
    SeatUnavailable,
)
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import AVAILABLE, HELD, SOLD, chunks, rowcount
from boxoffice.services.sales.inventory.house import (
    allocation_sellable,
    house_free,
    house_sellable,
    status_free,
)

# With most seats' hold_id NULL, MySQL's statistics underrate the hold-id index and the optimizer
# starts from the price tier and walks every seat of it (seen: 1.4 ms at 16,000 seats, growing
# with the venue). A lookup by hold id must start at event_seat (STRAIGHT_JOIN keeps the written
# join order) and go through that index; the few held seats then join to the rest by key.
_HOLD_INDEX_HINT = "FORCE INDEX (ix_event_seat_hold)"
_Q = TypeVar("_Q", bound="Select[*tuple[Any, ...]]")


def by_hold(query: _Q) -> _Q:
    """*query* (``EventSeat`` first in its FROM, filtering ``EventSeat.hold_id``) read through
    the hold-id index."""
    return query.with_hint(EventSeat, _HOLD_INDEX_HINT, "mysql").prefix_with(
        "STRAIGHT_JOIN", dialect="mysql"
    )


def live_held(
    hold_id: str | ColumnElement[str], now: datetime | ColumnElement[datetime], *columns: Any
) -> Select[*tuple[Any, ...]]:
    """*columns* of the seats *hold_id* still holds at *now* (joined to their price tier), by
    seat id, through the hold-id index. Checkout and exchange sell exactly these. (Bound
    parameters in place of *hold_id* and *now* make a statement built once.)"""
    return by_hold(
        select(*columns)
        .select_from(EventSeat)
        .join(PriceTier, PriceTier.id == EventSeat.tier_id)
        .where(
            EventSeat.hold_id == hold_id,
            EventSeat.status == HELD,
            EventSeat.hold_expires_at > now,
        )
        .order_by(EventSeat.id)
    )


def sellable(now: datetime) -> ColumnElement[bool]:
    """Seats a desk may take now: available, or held by a hold that ran out, and under no named
    hold (or one whose release time passed)."""
    return and_(status_free(now), house_free(now))


# The hot statements of a sale, built once (see boxoffice.db.prepared): free seats taken for a
# hold, and a hold's seats sold.
_NOW: Any = bindparam("b_now", type_=UTCDateTime())
_TAKE_FREE = Prepared(
    update(EventSeat)
    .where(
        EventSeat.event_id == bindparam("b_event"),
        EventSeat.id.in_(bindparam("b_ids", expanding=True)),
        or_(
            sellable(_NOW),
            and_(EventSeat.status == HELD, EventSeat.hold_id == bindparam("b_hold")),
        ),
    )
    .values(status=HELD, hold_id=bindparam("b_hold"), hold_expires_at=bindparam("b_expires"))
    .execution_options(synchronize_session=False)
)
_SELL_HELD = Prepared(
    update(EventSeat)
    .where(
        EventSeat.hold_id == bindparam("b_hold"),
        EventSeat.status == HELD,
        EventSeat.hold_expires_at > _NOW,
    )
    .values(status=SOLD, booking_id=bindparam("b_booking"), hold_id=None, hold_expires_at=None)
    .execution_options(synchronize_session=False)
)


def seat_labels(session: Session, seat_ids: Sequence[int]) -> dict[int, str]:
    """``event_seat.id -> "Stalls A12"``."""
    labels: dict[int, str] = {}
    for part in chunks(list(seat_ids)):
        for es_id, section, row, number in session.execute(
            select(EventSeat.id, Section.name, Seat.row_label, Seat.number)
            .join(Seat, Seat.id == EventSeat.seat_id)
            .join(Section, Section.id == Seat.section_id)
            .where(EventSeat.id.in_(part))
        ):
            labels[es_id] = f"{section} {row}{number}"
    return labels


def describe(labels: Iterable[str], most: int = 6) -> str:
    names = sorted(labels)
    shown = ", ".join(names[:most])
    return shown + (
        _(" and {value} more").format(value=len(names) - most) if len(names) > most else ""
    )


def take_seats(
    session: Session,
    event_id: int,
    seat_ids: Sequence[int],
    hold_id: str,
    expires_at: datetime,
    now: datetime,
    *,
    from_house: bool = False,
    allocation: int | None = None,
) -> None:
    """Hold *seat_ids* (sorted, unique) for *hold_id*: all of them, or SeatUnavailable.

    *from_house* (staff allowed to sell from named holds) may also take seats under a named hold
    that is not a kill; the seats keep the hold's mark, and go back under it if not sold.
    *allocation* (a desk selling for a channel or group) may take that allocation's seats.
    """
    taken = 0
    if allocation is None and not from_house:  # the usual sale: one prepared statement
        for part in chunks(seat_ids):
            args = dict(b_event=event_id, b_ids=list(part), b_hold=hold_id, b_now=now)
            taken += rowcount(_TAKE_FREE.write(session, {**args, "b_expires": expires_at}))
        if taken != len(seat_ids):
            raise unavailable(session, event_id, seat_ids, hold_id, now)
        return
    free = house_sellable(now) if allocation is None else allocation_sellable(now, allocation)
    for part in chunks(seat_ids):
        taken += rowcount(
            session.execute(
                update(EventSeat)
                .where(
                    EventSeat.event_id == event_id,
                    EventSeat.id.in_(part),
                    or_(
                        free,
                        and_(EventSeat.status == HELD, EventSeat.hold_id == hold_id),
                    ),
                )
                .values(status=HELD, hold_id=hold_id, hold_expires_at=expires_at)
                .execution_options(synchronize_session=False)
            )
        )
    if taken != len(seat_ids):
        raise unavailable(session, event_id, seat_ids, hold_id, now)


def try_take_block(
    session: Session,
    event_id: int,
    seat_ids: Sequence[int],
    hold_id: str,
    expires_at: datetime,
    now: datetime,
) -> bool:
    """Hold all of *seat_ids* (free seats, sorted) for *hold_id*, or none of them: False.

    A lost race is undone by hand rather than by a savepoint: on MySQL a deadlock inside a
    savepoint rolls back the whole transaction and the savepoint with it, and the retry in
    ``Database.run`` must see that deadlock, not a missing savepoint.
    """
    block = list(seat_ids)
    taken = rowcount(
        session.execute(
            update(EventSeat)
            .where(EventSeat.event_id == event_id, EventSeat.id.in_(block), sellable(now))
            .values(status=HELD, hold_id=hold_id, hold_expires_at=expires_at)
            .execution_options(synchronize_session=False)
        )
    )
    if taken == len(block):
        return True
    if taken:
        # The seats we did get were free a moment ago: free is what they go back to.
        free_held(session, hold_id, block)
    return False


def unavailable(
    session: Session, event_id: int, seat_ids: Sequence[int], hold_id: str | None, now: datetime
) -> NotFound | SeatUnavailable:
    """The error naming which of *seat_ids* could not be taken (the caller raises it)."""
    found: dict[int, tuple[str, str | None, datetime | None]] = {}
    housed: set[int] = set()
    for part in chunks(list(seat_ids)):
        for es_id, status, holder, expires, house, until in session.execute(
            select(
                EventSeat.id,
                EventSeat.status,
                EventSeat.hold_id,
                EventSeat.hold_expires_at,
                EventSeat.house_hold_id,
                EventSeat.house_until,
            ).where(EventSeat.event_id == event_id, EventSeat.id.in_(part))
        ):
            found[es_id] = (status, holder, expires)
            if house is not None and (until is None or until > now):
                housed.add(es_id)
    missing = [i for i in seat_ids if i not in found]
    if missing:
        ids = ", ".join(str(i) for i in missing[:10])
        return NotFound(_("Seat id(s) {ids} are not seats of this event.").format(ids=ids))
    lost = [
        es_id
        for es_id, (status, holder, expires) in found.items()
        if not (status == HELD and holder == hold_id and hold_id is not None)
        and (
            es_id in housed
            or not (
                status == AVAILABLE or (status == HELD and expires is not None and expires <= now)
            )
        )
    ]
    if not lost:  # the other desk rolled back meanwhile
        return SeatUnavailable(_("Those seats were busy for a moment; please try again."), ())
    labels = seat_labels(session, lost)
    names = describe(labels.values())
    verb = "is" if len(lost) == 1 else "are"
    return SeatUnavailable(
        _(
            "{names} {verb} no longer available (sold, blocked, held at "
            "another desk or kept back by a named hold)."
        ).format(names=names, verb=verb),
        tuple(sorted(lost)),
    )


def _update_in_chunks(
    session: Session, seat_ids: Sequence[int], condition: ColumnElement[bool], **values: Any
) -> int:
    """One conditional UPDATE of *seat_ids* (in chunks, ids sorted so two desks lock seats in the
    same order) where *condition* still holds; returns how many rows it changed."""
    changed = 0
    for part in chunks(sorted(seat_ids)):
        changed += rowcount(
            session.execute(
                update(EventSeat)
                .where(EventSeat.id.in_(part), condition)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        )
    return changed


def free_held(session: Session, hold_id: str, seat_ids: Sequence[int]) -> int:
    """Make seats of *hold_id* available again; returns how many were freed."""
    return _update_in_chunks(
        session,
        seat_ids,
        and_(EventSeat.hold_id == hold_id, EventSeat.status == HELD),
        status=AVAILABLE,
        hold_id=None,
        hold_expires_at=None,
    )


def renew_held(
    session: Session, hold_id: str, event_id: int, expires_at: datetime, now: datetime
) -> list[int]:
    """Give the live seats of *hold_id* (on *event_id*) the new expiry; returns their ids.

    An empty list means the hold ran out (or never held seats of this event).
    """
    ids = sorted(
        session.scalars(
            by_hold(
                select(EventSeat.id)
                .where(
                    EventSeat.hold_id == hold_id,
                    EventSeat.event_id == event_id,
                    EventSeat.status == HELD,
                    EventSeat.hold_expires_at > now,
                )
                .order_by(EventSeat.id)
                .with_for_update()
            )
        )
    )
    _update_in_chunks(
        session,
        ids,
        and_(EventSeat.hold_id == hold_id, EventSeat.status == HELD),
        hold_expires_at=expires_at,
    )
    return ids


def free_sold(session: Session, booking_id: int, seat_ids: Sequence[int]) -> None:
    """Seats of a cancelled ticket become sellable again; all of them, or an AssertionError."""
    freed = _update_in_chunks(
        session,
        seat_ids,
        and_(EventSeat.booking_id == booking_id, EventSeat.status == SOLD),
        status=AVAILABLE,
        booking_id=None,
        hold_id=None,
        hold_expires_at=None,
    )
    if freed != len(seat_ids):
        # A valid ticket's seat is always sold to its booking; anything else is corruption.
        raise AssertionError(
            f"booking {booking_id}: {len(seat_ids)} seats to free but {freed} were sold to it"
        )


def sell_held(
    session: Session, hold_id: str, booking_id: int, expected: int, now: datetime, lost: str
) -> None:
    """The live seats of *hold_id* become sold to *booking_id*: all *expected* of them, or
    HoldExpired(*lost*), which rolls the whole sale back (checkout and exchange)."""
    sold = rowcount(
        _SELL_HELD.write(session, {"b_hold": hold_id, "b_booking": booking_id, "b_now": now})
    )
    if sold != expected:
        raise HoldExpired(lost)
