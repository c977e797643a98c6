"""Event seat rows as the event editor and the layout designer change them.

Part of the inventory: called inside an open transaction by the event editor (services/events/)
and the layout designer (services/venues/).
Rules kept here, in one place:

- A seated event has one ``event_seat`` per layout seat. Its tier comes from the event's
  tier zones (see :mod:`boxoffice.services.events.coverage`); a seat no zone covers (possible
  only after a layout change on an event without sales) is stored ``blocked`` until the
  event's tiers cover it.
- Unsold seats of events that have not started follow the layout's *blocked* flag; sold seats
  and seats a desk is holding right now are never touched.
- Every change to an event's seats runs with the event row locked (``lock_event`` first), sets
  ``event_seat.version`` to the event's next ``seat_version`` and ends with :func:`bump_version`.
- ``event.capacity`` counts the seats that can be sold (not blocked); for general admission it
  is the sum of the tiers' capacities. ``min_price``/``max_price`` span the event's tiers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, Event, EventSeat, Hold, PriceTier, Seat, Section, TierZone
from boxoffice.domain.errors import Conflict, NotFound
from boxoffice.domain.status import BookingStatus, SeatStatus
from boxoffice.i18n import _
from boxoffice.services.events.coverage import SectionRows, Zone, resolve_coverage
from boxoffice.services.sales.inventory.common import chunks


def lock_event(session: Session, event_id: int) -> Event:
    """Load the event with its row locked: seat versions of this event then commit in order."""
    event = session.get(Event, event_id, with_for_update=True, populate_existing=True)
    if event is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    return event


def bump_version(session: Session, event: Event, version: int) -> None:
    """The last statement of a seat change: publish *version* (= old seat_version + 1)."""
    session.flush()
    session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(seat_version=version)
        .execution_options(synchronize_session=False)
    )
    event.seat_version = version
    # The ORM must not write the attribute again at commit.
    session.expire(event, ["seat_version"])


@dataclass(frozen=True)
class Activity:
    """What ties an event's seats and tiers down."""

    bookings: int  # any status: their tickets reference the event's seats and tiers
    confirmed: int
    active_holds: int

    @property
    def has_sales(self) -> bool:
        return self.bookings > 0


def activity(session: Session, event_id: int, now: datetime) -> Activity:
    counts = dict(
        session.execute(
            select(Booking.status, func.count())
            .where(Booking.event_id == event_id)
            .group_by(Booking.status)
        ).all()
    )
    holds = session.scalar(
        select(func.count())
        .select_from(Hold)
        .where(Hold.event_id == event_id, Hold.expires_at > now, Hold.released.is_(False))
    )
    held_seats = session.scalar(
        select(func.count())
        .select_from(EventSeat)
        .where(
            EventSeat.event_id == event_id,
            EventSeat.status == SeatStatus.HELD.value,
            EventSeat.hold_expires_at > now,
        )
    )
    return Activity(
        bookings=int(sum(counts.values())),
        confirmed=int(counts.get(BookingStatus.CONFIRMED.value, 0)),
        active_holds=int(holds or 0) + int(held_seats or 0),
    )


def section_rows(session: Session, layout_id: int) -> list[SectionRows]:
    """Every section of the layout with its row labels, nearest the stage first."""
    names = {
        sid: name
        for sid, name in session.execute(
            select(Section.id, Section.name).where(Section.layout_id == layout_id)
        )
    }
    labels: dict[int, list[str]] = defaultdict(list)
    for sid, label in session.execute(
        select(Seat.section_id, Seat.row_label)
        .where(Seat.layout_id == layout_id)
        .group_by(Seat.section_id, Seat.row_index, Seat.row_label)
        .order_by(Seat.section_id, Seat.row_index)
    ):
        labels[sid].append(label)
    return [SectionRows(sid, names[sid], tuple(labels[sid])) for sid in sorted(names)]


def event_zones(session: Session, event_id: int) -> tuple[list[Zone], dict[str, int]]:
    """The event's tier zones (by tier name) and tier ids by name."""
    tiers = {
        name: tier_id
        for name, tier_id in session.execute(
            select(PriceTier.name, PriceTier.id).where(PriceTier.event_id == event_id)
        )
    }
    names = {v: k for k, v in tiers.items()}
    zones = [
        Zone(names[tid], sid, spec)
        for tid, sid, spec in session.execute(
            select(TierZone.tier_id, TierZone.section_id, TierZone.row_spec)
            .where(TierZone.tier_id.in_(list(names) or [-1]))
            .order_by(TierZone.id)
        )
    ]
    return zones, tiers


def lenient_tiers(session: Session, event_id: int, layout_id: int) -> dict[tuple[int, str], int]:
    """``(section_id, row label) -> tier id`` for rows the event's zones cover unambiguously."""
    zones, tier_ids = event_zones(session, event_id)
    cover = resolve_coverage(section_rows(session, layout_id), zones, strict=False)
    return {key: tier_ids[name] for key, name in cover.items()}


def fallback_tier(session: Session, event_id: int) -> int:
    """The tier uncovered (blocked) seats are filed under: the event's last by sort order."""
    tier_id = session.scalar(
        select(PriceTier.id)
        .where(PriceTier.event_id == event_id)
        .order_by(PriceTier.sort_order.desc(), PriceTier.id.desc())
        .limit(1)
    )
    if tier_id is None:
        raise Conflict(_("This event has no price tiers; add one before placing seats in it."))
    return int(tier_id)


def insert_event_seats(
    session: Session,
    event_id: int,
    seats: Iterable[tuple[int, int, str, bool]],
    tier_of: dict[tuple[int, str], int],
    version: int,
    blocking: bool = True,
) -> int:
    """Insert one event_seat per ``(seat_id, section_id, row_label, blocked)``; returns count.

    Seats *tier_of* does not cover are stored blocked under the event's fallback tier.
    With ``blocking=False`` (an event that already started) layout blocks are not applied.
    """
    rows: list[dict[str, Any]] = []
    fallback: int | None = None
    for seat_id, section_id, label, blocked in seats:
        tier_id = tier_of.get((section_id, label))
        status = SeatStatus.BLOCKED if blocked and blocking else SeatStatus.AVAILABLE
        if tier_id is None:
            if fallback is None:
                fallback = fallback_tier(session, event_id)
            tier_id, status = fallback, SeatStatus.BLOCKED
        rows.append(
            dict(
                event_id=event_id,
                seat_id=seat_id,
                tier_id=tier_id,
                status=status.value,
                version=version,
            )
        )
    for start in range(0, len(rows), 5000):
        session.execute(insert(EventSeat), rows[start : start + 5000])
    return len(rows)


def layout_seats(session: Session, layout_id: int) -> list[tuple[int, int, str, bool]]:
    return [
        (r.id, r.section_id, r.row_label, r.blocked)
        for r in session.execute(
            select(Seat.id, Seat.section_id, Seat.row_label, Seat.blocked)
            .where(Seat.layout_id == layout_id)
            .order_by(Seat.id)
        )
    ]


def _free(now: datetime) -> Any:
    """Seats nobody holds or owns: available, blocked, or held by a hold that ran out."""
    return or_(
        EventSeat.status.in_([SeatStatus.AVAILABLE.value, SeatStatus.BLOCKED.value]),
        and_(EventSeat.status == SeatStatus.HELD.value, EventSeat.hold_expires_at <= now),
    )


def retier(
    session: Session,
    event: Event,
    tier_of: dict[tuple[int, str], int],
    version: int,
    now: datetime,
) -> int:
    """Give every seat of *event* the tier *tier_of* says; returns how many rows changed.

    Sold seats are re-filed too (their tickets keep tier and price; a seat sold again later
    sells in its new tier). A desk's live hold on a seat that would change tier is a Conflict.
    Unsold seats of an event that has not started also follow the layout's blocked flag.
    """
    future = event.starts_at > now
    rows = session.execute(
        select(
            EventSeat.id,
            EventSeat.tier_id,
            EventSeat.status,
            EventSeat.hold_expires_at,
            Seat.section_id,
            Seat.row_label,
            Seat.blocked,
        )
        .join(Seat, Seat.id == EventSeat.seat_id)
        .where(EventSeat.event_id == event.id)
    ).all()
    changes: dict[tuple[int, str | None], list[int]] = defaultdict(list)
    busy = 0
    for es_id, tier_id, status, expires, section_id, label, blocked in rows:
        want_tier = tier_of[(section_id, label)]
        live_hold = status == SeatStatus.HELD.value and expires is not None and expires > now
        free = status in (SeatStatus.AVAILABLE.value, SeatStatus.BLOCKED.value) or (
            status == SeatStatus.HELD.value and not live_hold
        )
        want_status: str | None = None
        if free and future:
            want_status = (SeatStatus.BLOCKED if blocked else SeatStatus.AVAILABLE).value
            if want_status == status:
                want_status = None
        elif free and status == SeatStatus.BLOCKED.value and not blocked:
            want_status = SeatStatus.AVAILABLE.value  # was blocked only for want of a tier
        if want_tier == tier_id and want_status is None:
            continue
        if live_hold:
            busy += 1
            continue
        changes[(want_tier, want_status)].append(es_id)
    if busy:
        raise Conflict(
            _(
                "{busy} seat{value} whose tier would change {value2} being held "
                "at a desk right now; try again when that sale is finished."
            ).format(busy=busy, value="s" if busy != 1 else "", value2="are" if busy != 1 else "is")
        )
    changed = 0
    for (new_tier, new_status), ids in changes.items():
        values: dict[str, Any] = {"tier_id": new_tier, "version": version}
        condition: Any = EventSeat.event_id == event.id
        if new_status is not None:
            values.update(status=new_status, hold_id=None, hold_expires_at=None)
            condition = and_(condition, _free(now))  # never a seat sold or held meanwhile
        for part in chunks(ids):
            changed += (
                session.connection()
                .execute(
                    update(EventSeat).where(EventSeat.id.in_(part), condition).values(**values)
                )
                .rowcount
            )
    return changed


def set_blocked(
    session: Session,
    event: Event,
    seat_ids: Sequence[int],
    blocked: bool,
    version: int,
    now: datetime,
) -> int:
    """Block (or unblock) the free event seats of layout seats *seat_ids*; returns the count.

    Unblocking skips seats no tier covers: they stay blocked until the event's tiers do.
    """
    if blocked:
        condition: Any = _free(now)
        ids = list(seat_ids)
    else:
        condition = EventSeat.status == SeatStatus.BLOCKED.value
        covered = lenient_tiers(session, event.id, event.layout_id or 0)
        places = session.execute(
            select(Seat.id, Seat.section_id, Seat.row_label).where(Seat.id.in_(list(seat_ids)))
        )
        ids = [sid for sid, sec, label in places if (sec, label) in covered]
    count = 0
    for part in chunks(ids):
        count += (
            session.connection()
            .execute(
                update(EventSeat)
                .where(EventSeat.event_id == event.id, EventSeat.seat_id.in_(part), condition)
                .values(
                    status=(SeatStatus.BLOCKED if blocked else SeatStatus.AVAILABLE).value,
                    hold_id=None,
                    hold_expires_at=None,
                    version=version,
                )
            )
            .rowcount
        )
    return count


def delete_event_seats(session: Session, event_id: int, seat_ids: Sequence[int] | None) -> None:
    """Remove event seats (all, or those of *seat_ids*) of an event without sales."""
    if seat_ids is None:
        session.execute(delete(EventSeat).where(EventSeat.event_id == event_id))
        return
    for part in chunks(list(seat_ids)):
        session.execute(
            delete(EventSeat).where(EventSeat.event_id == event_id, EventSeat.seat_id.in_(part))
        )


def refresh_totals(session: Session, event: Event) -> None:
    """Recompute capacity and min/max price from the event's seats and tiers."""
    session.flush()
    prices = session.execute(
        select(func.min(PriceTier.price), func.max(PriceTier.price)).where(
            PriceTier.event_id == event.id
        )
    ).one()
    if event.layout_id is None:
        capacity = session.scalar(
            select(func.coalesce(func.sum(PriceTier.ga_capacity), 0)).where(
                PriceTier.event_id == event.id
            )
        )
    else:
        capacity = session.scalar(
            select(func.count())
            .select_from(EventSeat)
            .where(EventSeat.event_id == event.id, EventSeat.status != SeatStatus.BLOCKED.value)
        )
    event.capacity = int(capacity or 0)
    if prices[0] is not None:
        event.min_price, event.max_price = prices[0], prices[1]


def delete_event_places(session: Session, event_id: int) -> None:
    """Every seat row and hold row of an event being deleted (one that never sold anything)."""
    session.execute(delete(EventSeat).where(EventSeat.event_id == event_id))
    session.execute(delete(Hold).where(Hold.event_id == event_id))


def delete_dead_tier_holds(session: Session, tier_ids: Sequence[int], now: datetime) -> None:
    """Hold rows on tiers about to be deleted that ran out or were released (a live one makes
    the tier busy: the caller refuses first)."""
    session.execute(
        delete(Hold).where(
            Hold.tier_id.in_(list(tier_ids)),
            or_(Hold.expires_at <= now, Hold.released.is_(True)),
        )
    )
