"""Seat and general-admission inventory: the only code that changes who holds or owns a place.

Internal helpers, called inside an open transaction by holds, checkout and bookings. Rules:

- Every change is a conditional UPDATE (or DELETE) whose row count is checked, so two desks can
  never both win the same seat or the same GA place, whatever the number of desks.
- A hold is dead once ``expires_at <= now``. Seats it held are taken by the next conditional
  UPDATE as if they were available (:func:`sellable`); a dead GA hold row is reclaimed (deleted,
  its quantity given back to the tier) by the next GA hold on the event. No background job.
- Whoever deletes a GA hold row either sells its quantity (checkout) or gives it back (release,
  reclaim), so ``price_tier.ga_sold`` == valid GA tickets + quantities of existing GA hold rows.
- Locks are taken in one order, so desks wait for each other briefly and rarely deadlock (and
  ``Database.run`` retries the rare deadlock): first the contested rows — hold rows and seats, by
  conditional UPDATE/DELETE; then the rest of the work — inserts, tickets, GA tier counters,
  refunds; and last :func:`publish`, which bumps the event row's ``seat_version`` (and
  ``sold_count``) and stamps the changed seats with it. The hot event row is therefore locked
  only for two statements and the commit, and versions commit in order, so the seat monitor
  never misses a change.
- For that, booking, ticket and hold carry no foreign key to event (see ``Booking.event_id``):
  InnoDB checks such a key by share-locking the event row early in the transaction, and two
  desks holding that shared lock while asking for the exclusive one would deadlock. The
  row-count-checked bump in :func:`publish` is what proves the event still exists at commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import CursorResult, Select, and_, delete, func, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice import config
from boxoffice.db.database import Database, is_transient
from boxoffice.db.models import Event, EventSeat, Hold, PriceTier, Seat, Section, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    SalesClosed,
    SeatUnavailable,
    SoldOut,
    ValidationError,
)
from boxoffice.domain.status import EventStatus, SeatStatus, TicketStatus

T = TypeVar("T")
CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit
MAX_SEATS_PER_HOLD = 200

AVAILABLE = SeatStatus.AVAILABLE.value
HELD = SeatStatus.HELD.value
SOLD = SeatStatus.SOLD.value


def run(db: Database, work: Callable[[Session], T]) -> T:
    """``db.run(work)``; a deadlock or lock timeout that outlasts its retries becomes a message a
    clerk can act on instead of a driver error."""
    try:
        return db.run(work)
    except DBAPIError as exc:
        if is_transient(exc):
            raise Conflict(
                "Many desks are selling these seats right now; please try again."
            ) from exc
        raise


def rowcount(result: Any) -> int:
    """Rows matched by an UPDATE/DELETE (MySQL reports matched rows: SQLAlchemy sets FOUND_ROWS)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def hold_length(hold_for: timedelta | None = None) -> timedelta:
    """How long a hold lasts: *hold_for* if given, else the ``hold_minutes`` setting."""
    if hold_for is not None:
        if hold_for <= timedelta(0):
            raise ValidationError("A hold must last longer than zero seconds.")
        return hold_for
    minutes = int(config.get("hold_minutes"))
    if minutes < 1:
        raise ValidationError("The hold_minutes setting must be at least 1.")
    return timedelta(minutes=minutes)


def staff_id(actor: Actor) -> int:
    """Holds and sales are made by a signed-in staff member (not the system account)."""
    if actor.user_id is None:
        raise PermissionDenied("Seats are held and sold by a signed-in staff member.")
    return actor.user_id


def seat_ids_arg(seat_ids: Iterable[int]) -> list[int]:
    """Validated, de-duplicated, sorted seat ids (sorted: desks lock rows in the same order)."""
    try:
        ids = sorted({int(i) for i in seat_ids})
    except (TypeError, ValueError):
        raise ValidationError("Seats are given by their numeric ids.") from None
    if not ids:
        raise ValidationError("Choose at least one seat.")
    if len(ids) > MAX_SEATS_PER_HOLD:
        raise ValidationError(f"One sale holds at most {MAX_SEATS_PER_HOLD} seats.")
    return ids


def quantity_arg(quantity: int, most: int = MAX_SEATS_PER_HOLD) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError("The number of tickets must be a whole number.")
    if quantity < 1:
        raise ValidationError(f"The number of tickets must be at least 1 (got {quantity}).")
    if quantity > most:
        raise ValidationError(f"One sale takes at most {most} tickets.")
    return quantity


# --- events -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    status: str
    starts_at: datetime
    sales_open_at: datetime
    sales_close_at: datetime
    ga_capacity: int | None
    layout_id: int | None

    @property
    def general_admission(self) -> bool:
        return self.ga_capacity is not None

    def sale_problem(self, now: datetime) -> str | None:
        """Why tickets cannot be sold at *now*, or None when they can."""
        if self.status == EventStatus.CANCELLED.value:
            return f"{self.title} is cancelled."
        if self.starts_at <= now:
            return f"{self.title} has already started."
        if now < self.sales_open_at:
            return f"Sales for {self.title} open on {self.sales_open_at:%d %b %Y at %H:%M} UTC."
        if now >= self.sales_close_at:
            return f"Sales for {self.title} have closed."
        return None


# The columns of an EventRow, in its field order (checkout reads them joined to the seats).
EVENT_ROW_COLUMNS = (
    Event.id,
    Event.title,
    Event.status,
    Event.starts_at,
    Event.sales_open_at,
    Event.sales_close_at,
    Event.ga_capacity,
    Event.layout_id,
)


def load_event(session: Session, event_id: int) -> EventRow:
    row = session.execute(select(*EVENT_ROW_COLUMNS).where(Event.id == event_id)).one_or_none()
    if row is None:
        raise NotFound(f"There is no event with id {event_id}.")
    return EventRow(*row)


def on_sale_event(session: Session, event_id: int, now: datetime) -> EventRow:
    """The event, or SalesClosed if it is cancelled, started or outside its sales window."""
    return require_on_sale(load_event(session, event_id), now)


def require_on_sale(event: EventRow, now: datetime) -> EventRow:
    """*event*, or SalesClosed if it is cancelled, started or outside its sales window."""
    problem = event.sale_problem(now)
    if problem:
        raise SalesClosed(problem)
    return event


def lock_version(session: Session, event_id: int, sold_delta: int = 0) -> int:
    """Lock the event row, bump ``seat_version`` (and ``sold_count``); returns the new version.

    NotFound if the event is gone (rolls the whole change back). Use :func:`publish`.
    """
    session.flush()
    values: dict[str, Any] = {}
    if sold_delta:
        values["sold_count"] = Event.sold_count + sold_delta
    dialect = session.get_bind().dialect
    version: int | None
    if dialect.name in ("mysql", "mariadb"):
        # LAST_INSERT_ID(expr) hands the new value back in the OK packet: no second round trip.
        result = session.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(seat_version=func.last_insert_id(Event.seat_version + 1), **values)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        version = int(result.lastrowid) if result.rowcount else None
    elif dialect.update_returning:
        version = session.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(seat_version=Event.seat_version + 1, **values)
            .returning(Event.seat_version)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
    else:  # pragma: no cover - every supported backend takes one of the branches above
        session.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(seat_version=Event.seat_version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        version = session.scalar(select(Event.seat_version).where(Event.id == event_id))
    if version is None:
        raise NotFound(f"There is no event with id {event_id}.")
    return version


def stamp(session: Session, seat_ids: Iterable[int], version: int) -> None:
    """Mark seats this transaction changed (and holds locked) with *version*."""
    for part in chunks(sorted(set(seat_ids))):
        session.execute(
            update(EventSeat)
            .where(EventSeat.id.in_(part))
            .values(version=version)
            .execution_options(synchronize_session=False)
        )


def publish(
    session: Session, event_id: int, seat_ids: Iterable[int] = (), sold_delta: int = 0
) -> int:
    """The end of every change to an event's seats or places: bump the event's version (and
    sold_count) and stamp the changed seats with it; returns the version. Call it last."""
    version = lock_version(session, event_id, sold_delta)
    stamp(session, seat_ids, version)
    return version


def chunks(ids: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# --- seats ------------------------------------------------------------------------------------


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


def live_held(hold_id: str, now: datetime, *columns: Any) -> Select[*tuple[Any, ...]]:
    """*columns* of the seats *hold_id* still holds at *now* (joined to their price tier), by
    seat id, through the hold-id index. Checkout and exchange sell exactly these."""
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
    """Seats a desk may take now: available, or held by a hold that ran out."""
    return or_(
        EventSeat.status == AVAILABLE,
        and_(EventSeat.status == HELD, EventSeat.hold_expires_at <= now),
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
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def take_seats(
    session: Session,
    event_id: int,
    seat_ids: Sequence[int],
    hold_id: str,
    expires_at: datetime,
    now: datetime,
) -> None:
    """Hold *seat_ids* (sorted, unique) for *hold_id*: all of them, or SeatUnavailable."""
    taken = 0
    for part in chunks(seat_ids):
        taken += rowcount(
            session.execute(
                update(EventSeat)
                .where(
                    EventSeat.event_id == event_id,
                    EventSeat.id.in_(part),
                    or_(
                        sellable(now),
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
    for part in chunks(list(seat_ids)):
        for es_id, status, holder, expires in session.execute(
            select(
                EventSeat.id, EventSeat.status, EventSeat.hold_id, EventSeat.hold_expires_at
            ).where(EventSeat.event_id == event_id, EventSeat.id.in_(part))
        ):
            found[es_id] = (status, holder, expires)
    missing = [i for i in seat_ids if i not in found]
    if missing:
        ids = ", ".join(str(i) for i in missing[:10])
        return NotFound(f"Seat id(s) {ids} are not seats of this event.")
    lost = [
        es_id
        for es_id, (status, holder, expires) in found.items()
        if not (status == HELD and holder == hold_id and hold_id is not None)
        and not (status == AVAILABLE or (status == HELD and expires is not None and expires <= now))
    ]
    if not lost:  # the other desk rolled back meanwhile
        return SeatUnavailable("Those seats were busy for a moment; please try again.", ())
    labels = seat_labels(session, lost)
    names = describe(labels.values())
    verb = "is" if len(lost) == 1 else "are"
    return SeatUnavailable(
        f"{names} {verb} no longer available (sold, blocked or held at another desk).",
        tuple(sorted(lost)),
    )


def free_held(session: Session, hold_id: str, seat_ids: Sequence[int]) -> int:
    """Make seats of *hold_id* available again; returns how many were freed."""
    freed = 0
    for part in chunks(list(seat_ids)):
        freed += rowcount(
            session.execute(
                update(EventSeat)
                .where(
                    EventSeat.id.in_(part),
                    EventSeat.hold_id == hold_id,
                    EventSeat.status == HELD,
                )
                .values(status=AVAILABLE, hold_id=None, hold_expires_at=None)
                .execution_options(synchronize_session=False)
            )
        )
    return freed


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
    for part in chunks(ids):
        session.execute(
            update(EventSeat)
            .where(EventSeat.id.in_(part), EventSeat.hold_id == hold_id, EventSeat.status == HELD)
            .values(hold_expires_at=expires_at)
            .execution_options(synchronize_session=False)
        )
    return ids


def free_sold(session: Session, booking_id: int, seat_ids: Sequence[int]) -> None:
    """Seats of a cancelled ticket become sellable again; all of them, or an AssertionError."""
    freed = 0
    for part in chunks(sorted(seat_ids)):
        freed += rowcount(
            session.execute(
                update(EventSeat)
                .where(
                    EventSeat.id.in_(part),
                    EventSeat.booking_id == booking_id,
                    EventSeat.status == SOLD,
                )
                .values(status=AVAILABLE, booking_id=None, hold_id=None, hold_expires_at=None)
                .execution_options(synchronize_session=False)
            )
        )
    if freed != len(seat_ids):
        # A valid ticket's seat is always sold to its booking; anything else is corruption.
        raise AssertionError(
            f"booking {booking_id}: {len(seat_ids)} seats to free but {freed} were sold to it"
        )


# --- holds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoldRow:
    id: str
    event_id: int
    tier_id: int | None
    quantity: int
    expires_at: datetime


def hold_row(session: Session, hold_id: str) -> HoldRow | None:
    row = session.execute(
        select(Hold.id, Hold.event_id, Hold.tier_id, Hold.quantity, Hold.expires_at).where(
            Hold.id == hold_id
        )
    ).one_or_none()
    return HoldRow(*row) if row is not None else None


def _delete_hold(session: Session, *conditions: ColumnElement[bool]) -> HoldRow | None:
    """Delete the one hold row matching *conditions*; its values, or None if none matched."""
    columns = (Hold.id, Hold.event_id, Hold.tier_id, Hold.quantity, Hold.expires_at)
    if session.get_bind().dialect.delete_returning:
        row = session.execute(
            delete(Hold)
            .where(*conditions)
            .returning(*columns)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        return HoldRow(*row) if row is not None else None
    found = session.execute(  # pragma: no cover - MariaDB and SQLite take the branch above
        select(*columns).where(*conditions).with_for_update()
    ).one_or_none()
    if found is None:  # pragma: no cover
        return None
    gone = delete(Hold).where(*conditions).execution_options(synchronize_session=False)
    return HoldRow(*found) if rowcount(session.execute(gone)) == 1 else None  # pragma: no cover


def claim_hold(session: Session, hold_id: str, now: datetime) -> HoldRow | None:
    """Delete *hold_id*'s row if it is still alive; None if it ran out or is gone.

    The caller now owns what the hold held (seats stay marked with its id until sold), and a
    concurrent reclaim or second checkout of the same hold finds nothing to delete.
    """
    return _delete_hold(session, Hold.id == hold_id, Hold.expires_at > now)


def drop_hold(session: Session, hold_id: str) -> HoldRow | None:
    """Delete *hold_id*'s row whatever its expiry; gives a GA quantity back. None if gone."""
    hold = _delete_hold(session, Hold.id == hold_id)
    if hold is not None and hold.tier_id is not None and hold.quantity:
        give_back_ga(session, {hold.tier_id: hold.quantity})
    return hold


def reclaim_expired(session: Session, event_id: int, now: datetime) -> int:
    """Delete the event's dead hold rows and give their GA quantities back; returns places.

    Seats of dead seated holds need nothing: :func:`sellable` already treats them as free.
    """
    dead = Hold.event_id == event_id, Hold.expires_at <= now
    dialect = session.get_bind().dialect
    rows: list[tuple[int | None, int]]
    if dialect.delete_returning:
        rows = [
            (tier_id, quantity)
            for tier_id, quantity in session.execute(
                delete(Hold)
                .where(*dead)
                .returning(Hold.tier_id, Hold.quantity)
                .execution_options(synchronize_session=False)
            )
        ]
    else:  # pragma: no cover - MariaDB and SQLite both return deleted rows
        rows = []
        for hold_id, tier_id, quantity in session.execute(
            select(Hold.id, Hold.tier_id, Hold.quantity).where(*dead).with_for_update()
        ):
            gone = delete(Hold).where(Hold.id == hold_id, Hold.expires_at <= now)
            if rowcount(session.execute(gone)) == 1:
                rows.append((tier_id, quantity))
    back: Counter[int] = Counter()
    for tier_id, quantity in rows:
        if tier_id is not None and quantity:
            back[tier_id] += quantity
    give_back_ga(session, back)
    return sum(back.values())


# --- general admission -------------------------------------------------------------------------


def take_ga(session: Session, tier_id: int, tier_name: str, quantity: int) -> None:
    """Count *quantity* more places of the tier as taken: all of them, or SoldOut."""
    taken = rowcount(
        session.execute(
            update(PriceTier)
            .where(PriceTier.id == tier_id, PriceTier.ga_sold + quantity <= PriceTier.ga_capacity)
            .values(ga_sold=PriceTier.ga_sold + quantity)
            .execution_options(synchronize_session=False)
        )
    )
    if taken != 1:
        left = session.scalar(
            select(PriceTier.ga_capacity - PriceTier.ga_sold).where(PriceTier.id == tier_id)
        )
        left = max(int(left or 0), 0)
        if left == 0:
            raise SoldOut(f"{tier_name} is sold out.")
        raise SoldOut(f"Only {left} place{'s' if left != 1 else ''} left in {tier_name}.")


def give_back_ga(session: Session, quantities: dict[int, int]) -> None:
    """Return GA places (released, expired or cancelled) to their tiers."""
    for tier_id in sorted(quantities):
        quantity = quantities[tier_id]
        if quantity <= 0:
            continue
        changed = rowcount(
            session.execute(
                update(PriceTier)
                .where(PriceTier.id == tier_id, PriceTier.ga_sold >= quantity)
                .values(ga_sold=PriceTier.ga_sold - quantity)
                .execution_options(synchronize_session=False)
            )
        )
        if changed != 1:
            raise AssertionError(f"tier {tier_id}: giving back {quantity} places it never had")


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
