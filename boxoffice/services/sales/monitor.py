"""Live seat monitor: poll many events cheaply, fetch details only for the ones that changed.

An idle tick is one small indexed query, ``SELECT id, seat_version FROM event WHERE id IN
(...)`` (:func:`boxoffice.services.sales.catalog.seat_versions`), whatever the venue size. Only an
event whose version moved costs more: its changed seats (catalog.seat_changes, through the
``(event_id, version)`` index) and one aggregate for its sold/held/available counts.

Every seat change bumps ``event.seat_version`` under the event row lock, so versions commit in
order; a poller that asks for ``version > v`` after seeing ``v`` never misses a change.
A hold that runs out changes no version: counts carry the next expiry, and the caller asks for
a recount (``recount=``) once it has passed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, Hold, Venue
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import as_utc, utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import SeatChanges, SeatMap
from boxoffice.domain.status import SeatStatus
from boxoffice.i18n import _
from boxoffice.services.events.house import kept_back_in
from boxoffice.services.sales import catalog
from boxoffice.services.sales.inventory import ga_allocations

MAX_EVENTS = 50  # per poll; more panels than this would not be readable anyway


@dataclass(frozen=True)
class MonitorEvent:
    """An event the monitor can watch."""

    id: int
    title: str
    venue: str
    starts_at: datetime
    general_admission: bool
    capacity: int


@dataclass(frozen=True)
class SeatCounts:
    event_id: int
    capacity: int
    sold: int
    held: int  # live holds only
    blocked: int
    available: int  # includes seats whose hold ran out
    next_expiry: datetime | None  # when the first live hold runs out (counts change then)
    # Unsold seats kept back by named holds now, per hold type name (not in available).
    house: tuple[tuple[str, int], ...] = ()

    @property
    def house_total(self) -> int:
        return sum(n for _name, n in self.house)


@dataclass(frozen=True)
class EventUpdate:
    """What changed in one event since the caller's version."""

    event_id: int
    version: int
    changes: SeatChanges | None  # None when only a recount was asked for
    counts: SeatCounts


@dataclass(frozen=True)
class MonitorSnapshot:
    """Everything to start watching one event: the seat map (None for GA) and the counts."""

    event: MonitorEvent
    seat_map: SeatMap | None
    counts: SeatCounts
    version: int  # the seat map's version (poll from here)


def monitor_events(
    db: Database, actor: Actor, limit: int = 500, now: datetime | None = None
) -> list[MonitorEvent]:
    """Events not yet over, soonest first (the monitor's event list)."""
    actor.require(Permission.VIEW_REPORTS)
    moment = now or utcnow()
    statement = (
        select(
            Event.id,
            Event.title,
            Venue.name,
            Event.starts_at,
            Event.ga_capacity.is_not(None),
            Event.capacity,
        )
        .join(Venue, Venue.id == Event.venue_id)
        .where(Event.ends_at >= moment)
        .order_by(Event.starts_at, Event.id)
        .limit(max(1, min(int(limit), 5000)))
    )
    return db.run(
        lambda s: [
            MonitorEvent(i, t, v, at, bool(ga), int(cap))
            for i, t, v, at, ga, cap in s.execute(statement)
        ]
    )


def counts_in(session: Session, event_ids: Collection[int], now: datetime) -> dict[int, SeatCounts]:
    """Sold/held/available per event without reading a row per seat.

    Sold comes from ``event.sold_count`` (kept in step by every sale and cancellation, in the
    same transaction). Held and blocked seats come from one aggregate over the
    ``(event_id, status)`` index range of just those statuses, so the cost follows the number
    of holds, not the size of the venue. General admission counts its live hold quantities.
    """
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    heads = {
        i: (int(cap), int(sold), ga is not None)
        for i, cap, sold, ga in session.execute(
            select(Event.id, Event.capacity, Event.sold_count, Event.ga_capacity).where(
                Event.id.in_(ids)
            )
        )
    }
    seated = [i for i in ids if i in heads and not heads[i][2]]
    general = [i for i in ids if i in heads and heads[i][2]]
    held: dict[int, tuple[int, datetime | None]] = {}
    blocked: dict[int, int] = {}
    if seated:
        live = EventSeat.hold_expires_at > now
        for event_id, status, count, live_count, first in session.execute(
            select(
                EventSeat.event_id,
                EventSeat.status,
                func.count(),
                func.sum(case((live, 1), else_=0)),
                func.min(case((live, EventSeat.hold_expires_at), else_=None)),
            )
            .where(
                EventSeat.event_id.in_(seated),
                EventSeat.status.in_((SeatStatus.HELD.value, SeatStatus.BLOCKED.value)),
            )
            .group_by(EventSeat.event_id, EventSeat.status)
        ):
            if status == SeatStatus.HELD.value:
                held[event_id] = (int(live_count or 0), _aware(first))
            else:
                blocked[event_id] = int(count)
    if general:
        live = Hold.expires_at > now
        for event_id, quantity, first in session.execute(
            select(
                Hold.event_id,
                func.sum(case((live, Hold.quantity), else_=0)),
                func.min(case((live, Hold.expires_at), else_=None)),
            )
            .where(Hold.event_id.in_(general), Hold.tier_id.is_not(None))
            .group_by(Hold.event_id)
        ):
            held[event_id] = (int(quantity or 0), _aware(first))
    house, release = kept_back_in(session, seated, now) if seated else ({}, {})
    if general:  # GA allocations keep places back the same way
        ga_kept, ga_release = ga_allocations.kept_in(session, general, now)
        house.update(ga_kept)
        release.update(ga_release)
    out: dict[int, SeatCounts] = {}
    for event_id in seated + general:
        capacity, sold, _ga = heads[event_id]
        holding, expiry = held.get(event_id, (0, None))
        stuck = blocked.get(event_id, 0)
        kept = tuple(house.get(event_id, ()))
        first = release.get(event_id)
        if first is not None and (expiry is None or first < expiry):
            expiry = first  # a named hold's release time changes the counts too
        out[event_id] = SeatCounts(
            event_id,
            capacity=capacity,
            sold=sold,
            held=holding,
            blocked=stuck,
            available=max(capacity - sold - holding - stuck - sum(n for _t, n in kept), 0),
            next_expiry=expiry,
            house=kept,
        )
    return out


def _aware(value: Any) -> datetime | None:
    """MIN() over a CASE loses the column type on SQLite; parse it back to aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return as_utc(value)


def seat_counts(db: Database, actor: Actor, event_ids: Collection[int]) -> dict[int, SeatCounts]:
    """Sold/held/available of each event (an aggregate query, not a row per seat)."""
    actor.require(Permission.VIEW_REPORTS)
    return db.run(lambda s: counts_in(s, event_ids, utcnow()))


def open_event(db: Database, actor: Actor, event_id: int) -> MonitorSnapshot:
    """Start watching *event_id*: its seat map (seated events) and counts."""
    actor.require(Permission.VIEW_REPORTS)

    def head(s: Session) -> tuple[MonitorEvent, int]:
        row = s.execute(
            select(
                Event.id,
                Event.title,
                Venue.name,
                Event.starts_at,
                Event.ga_capacity.is_not(None),
                Event.capacity,
                Event.seat_version,
            )
            .join(Venue, Venue.id == Event.venue_id)
            .where(Event.id == event_id)
        ).one_or_none()
        if row is None:
            raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
        return MonitorEvent(row[0], row[1], row[2], row[3], bool(row[4]), int(row[5])), int(row[6])

    event, version = db.run(head)
    seat_map = None if event.general_admission else catalog.seat_map(db, actor, event_id)
    # Counts read after the map: never older than it (a newer count is corrected next tick).
    counts = seat_counts(db, actor, [event_id])[event_id]
    return MonitorSnapshot(
        event, seat_map, counts, seat_map.version if seat_map is not None else version
    )


def poll(
    db: Database,
    actor: Actor,
    known: Mapping[int, int],
    recount: Collection[int] = (),
) -> dict[int, EventUpdate]:
    """One monitor tick: *known* maps event id → last version seen.

    Idle (no version moved, nothing to recount) this is the single ``seat_versions`` query.
    Returns an update for each event whose version moved (changed seats + counts) and for each
    event in *recount* (counts only, e.g. once a hold has run out).
    """
    actor.require(Permission.VIEW_REPORTS)
    if len(known) > MAX_EVENTS:
        raise ValidationError(
            _("The monitor watches at most {MAX_EVENTS} events at a time.").format(
                MAX_EVENTS=MAX_EVENTS
            )
        )
    versions = catalog.seat_versions(db, actor, list(known))
    moved = sorted(e for e, v in versions.items() if v != known[e])
    changes = {e: catalog.seat_changes(db, actor, e, known[e]) for e in moved}
    wanted = set(moved) | (set(recount) & set(versions))
    if not wanted:
        return {}
    counts = seat_counts(db, actor, wanted)
    return {
        e: EventUpdate(
            e,
            changes[e].version if e in changes else known[e],
            changes.get(e),
            counts[e],
        )
        for e in sorted(wanted)
        if e in counts
    }
