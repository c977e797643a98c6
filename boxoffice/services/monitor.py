"""Live seat monitor: poll many events cheaply, fetch details only for the ones that changed.

An idle tick is one small indexed query, ``SELECT id, seat_version FROM event WHERE id IN
(...)`` (:func:`boxoffice.services.catalog.seat_versions`), whatever the venue size. Only an
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

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, Hold, PriceTier, Venue
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import as_utc, utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import SeatChanges, SeatMap
from boxoffice.domain.status import SeatStatus
from boxoffice.services import catalog

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
    """Sold/held/available per event: one GROUP BY over event_seat for seated events, one over
    price tiers and holds for general-admission events (places are counts, not rows)."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    heads = {
        i: (cap, ga is not None)
        for i, cap, ga in session.execute(
            select(Event.id, Event.capacity, Event.ga_capacity).where(Event.id.in_(ids))
        )
    }
    seated = [i for i in ids if i in heads and not heads[i][1]]
    general = [i for i in ids if i in heads and heads[i][1]]
    out: dict[int, SeatCounts] = {}
    if seated:
        live_hold = and_(EventSeat.status == SeatStatus.HELD.value, EventSeat.hold_expires_at > now)
        tally: dict[int, dict[str, Any]] = {i: {} for i in seated}
        for event_id, status, count, live, first_expiry in session.execute(
            select(
                EventSeat.event_id,
                EventSeat.status,
                func.count(),
                func.sum(case((live_hold, 1), else_=0)),
                func.min(case((live_hold, EventSeat.hold_expires_at), else_=None)),
            )
            .where(EventSeat.event_id.in_(seated))
            .group_by(EventSeat.event_id, EventSeat.status)
        ):
            tally[event_id][status] = (int(count), int(live or 0), first_expiry)
        for event_id, by_status in tally.items():
            total = sum(c for c, _, _ in by_status.values())
            held_all, held_live, expiry = by_status.get(SeatStatus.HELD.value, (0, 0, None))
            sold = by_status.get(SeatStatus.SOLD.value, (0, 0, None))[0]
            blocked = by_status.get(SeatStatus.BLOCKED.value, (0, 0, None))[0]
            out[event_id] = SeatCounts(
                event_id,
                capacity=total,
                sold=sold,
                held=held_live,
                blocked=blocked,
                available=total - sold - held_live - blocked,
                next_expiry=_aware(expiry),
            )
    if general:
        tiers = {
            e: (int(cap or 0), int(taken or 0))
            for e, cap, taken in session.execute(
                select(
                    PriceTier.event_id, func.sum(PriceTier.ga_capacity), func.sum(PriceTier.ga_sold)
                )
                .where(PriceTier.event_id.in_(general))
                .group_by(PriceTier.event_id)
            )
        }
        live = Hold.expires_at > now
        holds = {
            e: (int(all_q or 0), int(live_q or 0), _aware(first))
            for e, all_q, live_q, first in session.execute(
                select(
                    Hold.event_id,
                    func.sum(Hold.quantity),
                    func.sum(case((live, Hold.quantity), else_=0)),
                    func.min(case((live, Hold.expires_at), else_=None)),
                )
                .where(Hold.event_id.in_(general), Hold.tier_id.is_not(None))
                .group_by(Hold.event_id)
            )
        }
        for event_id in general:
            capacity, taken = tiers.get(event_id, (0, 0))
            held_all, held_live, expiry = holds.get(event_id, (0, 0, None))
            # ga_sold counts sold places plus every hold row not yet reclaimed.
            sold = max(taken - held_all, 0)
            out[event_id] = SeatCounts(
                event_id, capacity, sold, held_live, 0, max(capacity - sold - held_live, 0), expiry
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
            raise NotFound(f"There is no event with id {event_id}.")
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
        raise ValidationError(f"The monitor watches at most {MAX_EVENTS} events at a time.")
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
