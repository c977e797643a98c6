"""Catalog: find upcoming events, read one event, its seat map and the seat changes since a version.

Read-only; every function is one short transaction. The event list filters on the denormalised
event columns (min_price, max_price, capacity, sold_count) so 100,000 events stay fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Event,
    EventSeat,
    Hold,
    HoldType,
    HouseHold,
    PriceTier,
    Seat,
    SeatLayout,
    Section,
    Venue,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.genres import check_genre
from boxoffice.domain.money import non_negative
from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import (
    HoldLook,
    SeatChanges,
    SeatMap,
    SeatPlace,
    SeatState,
    Stage,
    TierInfo,
)
from boxoffice.domain.status import EventStatus, SeatStatus
from boxoffice.i18n import _
from boxoffice.services.sales import inventory as inv

MAX_PAGE = 1000


@dataclass(frozen=True)
class EventQuery:
    """Filters of the event list; the defaults select every upcoming scheduled event."""

    text: str = ""  # words matched against the title (and venue name, genre)
    start: datetime | None = None  # starts_at >= start (default: now)
    end: datetime | None = None  # starts_at < end
    venue_ids: tuple[int, ...] = ()
    min_price: Decimal | None = None  # some ticket costs at least this (event.max_price >= it)
    max_price: Decimal | None = None  # some ticket costs at most this (event.min_price <= it)
    only_available: bool = False  # hide sold-out events
    category: str = ""  # one genre (domain.genres.GENRES); "" = any
    series_id: int | None = None  # the performances of one event series


@dataclass(frozen=True)
class EventSummary:
    """One row of the event list."""

    id: int
    title: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    min_price: Decimal
    max_price: Decimal
    capacity: int
    available: int  # capacity - sold (held seats count as available in the list)
    status: str  # domain.status.EventStatus value
    general_admission: bool
    tier_names: tuple[str, ...]
    category: str  # the genre, "" if none


@dataclass(frozen=True)
class EventDetail(EventSummary):
    """An event with what a sale needs: tiers (GA availability included) and sales window."""

    description: str
    venue_id: int
    sales_open_at: datetime
    sales_close_at: datetime
    on_sale: bool  # scheduled, inside the sales window and not started
    tiers: tuple[TierInfo, ...]
    seat_version: int


class EventPage(NamedTuple):
    """The first page of a new event-list query and how many events it matches in all."""

    total: int
    rows: list[EventSummary]


@dataclass(frozen=True)
class VenueInfo:
    id: int
    name: str


def search_events(
    db: Database, actor: Actor, query: EventQuery, offset: int = 0, limit: int = 100
) -> list[EventSummary]:
    """Upcoming events matching *query*, ordered by (starts_at, id), one page at a time."""
    actor.require(Permission.SELL)
    return db.run(lambda s: _search(s, query, offset, limit))


def count_events(db: Database, actor: Actor, query: EventQuery) -> int:
    """How many events :func:`search_events` would list for *query* over all pages."""
    actor.require(Permission.SELL)
    return db.run(lambda s: _count(s, query))


def first_events_page(db: Database, actor: Actor, query: EventQuery, limit: int = 100) -> EventPage:
    """A new query's first page and its total count, read in one transaction (they agree)."""
    actor.require(Permission.SELL)
    return db.run(lambda s: EventPage(_count(s, query), _search(s, query, 0, limit)))


def _search(s: Session, query: EventQuery, offset: int, limit: int) -> list[EventSummary]:
    offset, limit = _page(offset, limit)
    conditions = _conditions(query)

    # The page's ids first, from the covering ix_event_listing index alone (a deep offset skips
    # index entries, not table rows); then the rows of just those ids.
    ids = select(Event.id).select_from(Event)
    if query.text.strip():
        ids = ids.join(Venue, Venue.id == Event.venue_id)
    page = (
        ids.where(*conditions)
        .order_by(Event.starts_at, Event.id)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )
    statement = _listing(()).join(page, page.c.id == Event.id).order_by(Event.starts_at, Event.id)
    rows = s.execute(statement).all()
    names = _tier_names(s, [r.id for r in rows])
    return [_summary(r, names.get(r.id, ())) for r in rows]


def _count(s: Session, query: EventQuery) -> int:
    conditions = _conditions(query)
    statement = select(func.count()).select_from(Event)
    if query.text.strip():  # words may match the venue name
        statement = statement.join(Venue, Venue.id == Event.venue_id)
    return int(s.scalar(statement.where(*conditions)) or 0)


def list_venues(db: Database, actor: Actor) -> list[VenueInfo]:
    """All venues by name (for the event-list filter)."""
    actor.require(Permission.SELL)
    return db.run(
        lambda s: [
            VenueInfo(i, n) for i, n in s.execute(select(Venue.id, Venue.name).order_by(Venue.name))
        ]
    )


def available_counts(db: Database, actor: Actor, event_ids: list[int]) -> dict[int, int]:
    """Exact sellable count per event (expired holds count as available); one grouped query."""
    actor.require(Permission.SELL)
    ids = sorted({int(i) for i in event_ids})

    def work(s: Session) -> dict[int, int]:
        now = utcnow()
        counts = {i: 0 for i in ids}
        for part in inv.chunks(ids):
            for event_id, n in s.execute(
                select(EventSeat.event_id, func.count())
                .where(EventSeat.event_id.in_(part), inv.sellable(now))
                .group_by(EventSeat.event_id)
            ):
                counts[event_id] = int(n)
            for tier in _ga_tiers(s, part, now):
                counts[tier.event_id] += tier.available
        return counts

    return db.run(work)


@dataclass(frozen=True)
class ListCount:
    """What the event list shows of an event that changes while it is on screen."""

    capacity: int
    available: int  # as in EventSummary: capacity - sold
    status: str


def list_counts(db: Database, actor: Actor, event_ids: Sequence[int]) -> dict[int, ListCount]:
    """The list's seats-left figures for *event_ids*, read from the event rows by primary key
    (cheap enough to poll for the rows on screen). Events that are gone are left out."""
    actor.require(Permission.SELL)
    ids = sorted({int(i) for i in event_ids})

    def work(s: Session) -> dict[int, ListCount]:
        counts: dict[int, ListCount] = {}
        for part in inv.chunks(ids):
            for event_id, capacity, sold, status in s.execute(
                select(Event.id, Event.capacity, Event.sold_count, Event.status).where(
                    Event.id.in_(part)
                )
            ):
                counts[event_id] = ListCount(capacity, max(capacity - sold, 0), status)
        return counts

    return db.run(work)


def get_event(db: Database, actor: Actor, event_id: int) -> EventDetail:
    """One event with its tiers; NotFound if it does not exist.

    ``available`` here is exact: seats (or GA places) a desk could take right now.
    """
    actor.require(Permission.SELL)
    return db.run(lambda s: _event_detail(s, event_id, utcnow()))


def event_with_map(
    db: Database, actor: Actor, event_id: int, hold_id: str | None = None
) -> tuple[EventDetail, SeatMap | None]:
    """What the sale screen shows on opening an event: its detail and, for a seated event, its
    seat map (seats held under *hold_id* as HELD_MINE), read in one transaction."""
    actor.require(Permission.SELL)

    def work(s: Session) -> tuple[EventDetail, SeatMap | None]:
        now = utcnow()
        detail = _event_detail(s, event_id, now)
        if detail.general_admission:
            return detail, None
        return detail, _seat_map(s, event_id, hold_id, now)

    return db.run(work)


def _event_detail(s: Session, event_id: int, now: datetime) -> EventDetail:
    row = s.execute(
        _listing(())
        .add_columns(
            Event.description,
            Event.venue_id,
            Event.sales_open_at,
            Event.sales_close_at,
            Event.seat_version,
            Event.layout_id,
        )
        .where(Event.id == event_id)
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    tiers = _tiers(s, event_id, now)
    if row.ga_capacity is not None:
        available = sum(t.ga_available for t in tiers)
    else:
        available = int(
            s.scalar(select(func.count()).where(EventSeat.event_id == event_id, inv.sellable(now)))
            or 0
        )
    summary = _summary(row, tuple(t.name for t in tiers))
    on_sale = (
        inv.EventRow(
            row.id,
            row.title,
            row.status,
            row.starts_at,
            row.sales_open_at,
            row.sales_close_at,
            row.ga_capacity,
            row.layout_id,
        ).sale_problem(now)
        is None
    )
    return EventDetail(
        **{**summary.__dict__, "available": available},
        description=row.description,
        venue_id=row.venue_id,
        sales_open_at=row.sales_open_at,
        sales_close_at=row.sales_close_at,
        on_sale=on_sale,
        tiers=tiers,
        seat_version=row.seat_version,
    )


def seat_map(db: Database, actor: Actor, event_id: int, hold_id: str | None = None) -> SeatMap:
    """Geometry and live state of every seat; seats held under *hold_id* show as HELD_MINE.

    The version is read before the seats, so a change racing with this read shows up again in
    the next :func:`seat_changes` instead of being lost.
    """
    actor.require(Permission.SELL)
    return db.run(lambda s: _seat_map(s, event_id, hold_id, utcnow()))


def _seat_map(s: Session, event_id: int, hold_id: str | None, now: datetime) -> SeatMap:
    head = s.execute(
        select(
            Event.seat_version,
            SeatLayout.stage_x,
            SeatLayout.stage_y,
            SeatLayout.stage_w,
            SeatLayout.stage_h,
        )
        .outerjoin(SeatLayout, SeatLayout.id == Event.layout_id)
        .where(Event.id == event_id)
    ).one_or_none()
    if head is None:
        raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
    version, sx, sy, sw, sh = head
    tiers = _tiers(s, event_id, now)
    seats: list[SeatPlace] = []
    states: dict[int, SeatState] = {}
    expiry: dict[int, float] = {}
    rows = s.execute(
        select(
            EventSeat.id,
            Section.name,
            Seat.row_label,
            Seat.number,
            Seat.x,
            Seat.y,
            EventSeat.tier_id,
            Seat.accessible,
            Seat.restricted_view,
            EventSeat.status,
            EventSeat.hold_id,
            EventSeat.hold_expires_at,
            EventSeat.house_hold_id,
            EventSeat.house_until,
        )
        .join(Seat, Seat.id == EventSeat.seat_id)
        .join(Section, Section.id == Seat.section_id)
        .where(EventSeat.event_id == event_id)
        .order_by(EventSeat.id)
    )
    placed, looks = _house_types(s, event_id)
    house: dict[int, int] = {}
    for (
        es_id,
        sec,
        row,
        num,
        x,
        y,
        tier,
        acc,
        restricted,
        status,
        holder,
        expires,
        hh,
        until,
    ) in rows:
        seats.append(SeatPlace(es_id, sec, row, num, x, y, tier, acc, restricted))
        state = _state(status, holder, expires, hold_id, now)
        _seat_state(es_id, state, expires, hh, until, now, placed, states, expiry, house)
    stage = Stage(sx, sy, sw, sh) if sx is not None else Stage(0.0, -4.0, 10.0, 2.0)
    return SeatMap(event_id, stage, tiers, tuple(seats), states, int(version), expiry, house, looks)


def _house_types(s: Session, event_id: int) -> tuple[dict[int, int], tuple[HoldLook, ...]]:
    """The event's placements (house_hold id -> hold type id) and the looks of their types."""
    placed: dict[int, int] = {}
    looks: dict[int, HoldLook] = {}
    for pid, tid, name, colour, pattern, kill in s.execute(
        select(
            HouseHold.id,
            HoldType.id,
            HoldType.name,
            HoldType.colour,
            HoldType.pattern,
            HoldType.kill,
        )
        .join(HoldType, HoldType.id == HouseHold.hold_type_id)
        .where(HouseHold.event_id == event_id)
        .order_by(HoldType.sort_order, HoldType.id)
    ):
        placed[pid] = tid
        looks[tid] = HoldLook(tid, name, colour, pattern, bool(kill))
    return placed, tuple(looks.values())


def _seat_state(
    es_id: int,
    state: SeatState,
    expires: datetime | None,
    house_hold: int | None,
    until: datetime | None,
    now: datetime,
    placed: dict[int, int],
    states: dict[int, SeatState],
    expiry: dict[int, float],
    house: dict[int, int],
) -> None:
    """File one seat's state; an available seat under a live named hold shows as HOUSE (its
    release time as its expiry, so the map frees it on time by itself)."""
    if state is SeatState.AVAILABLE and house_hold is not None and (until is None or until > now):
        states[es_id] = SeatState.HOUSE
        house[es_id] = placed.get(house_hold, 0)
        if until is not None:
            expiry[es_id] = until.timestamp()
        return
    states[es_id] = state
    if state in (SeatState.HELD_MINE, SeatState.HELD_OTHER) and expires is not None:
        expiry[es_id] = expires.timestamp()


def seat_changes(
    db: Database, actor: Actor, event_id: int, since_version: int, hold_id: str | None = None
) -> SeatChanges:
    """States of the seats changed after *since_version* (uses the event_seat version index)."""
    actor.require(Permission.SELL)

    def work(s: Session) -> SeatChanges:
        now = utcnow()
        version = s.scalar(select(Event.seat_version).where(Event.id == event_id))
        if version is None:
            raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
        states: dict[int, SeatState] = {}
        expiry: dict[int, float] = {}
        house: dict[int, int] = {}
        if version > since_version:
            placed, _looks = _house_types(s, event_id)
            for es_id, status, holder, expires, hh, until in s.execute(
                select(
                    EventSeat.id,
                    EventSeat.status,
                    EventSeat.hold_id,
                    EventSeat.hold_expires_at,
                    EventSeat.house_hold_id,
                    EventSeat.house_until,
                ).where(EventSeat.event_id == event_id, EventSeat.version > since_version)
            ):
                state = _state(status, holder, expires, hold_id, now)
                _seat_state(es_id, state, expires, hh, until, now, placed, states, expiry, house)
        return SeatChanges(event_id, int(version), states, expiry, house)

    return db.run(work)


def seat_versions(db: Database, actor: Actor, event_ids: list[int]) -> dict[int, int]:
    """Current event.seat_version of each event: the one small indexed query the monitor polls."""
    actor.require(Permission.SELL)
    ids = sorted({int(i) for i in event_ids})
    if not ids:
        return {}
    statement = select(Event.id, Event.seat_version).where(Event.id.in_(ids))
    return db.run(lambda s: {i: int(v) for i, v in s.execute(statement)})


# --- helpers ----------------------------------------------------------------------------------


def _page(offset: int, limit: int) -> tuple[int, int]:
    if offset < 0:
        raise ValidationError(_("The page offset cannot be negative."))
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(_("A page holds 1 to {MAX_PAGE} events.").format(MAX_PAGE=MAX_PAGE))
    return offset, limit


def _like(word: str) -> str:
    # "!" as the escape character: a backslash means different things to MySQL and SQLite.
    escaped = word.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"


def _conditions(query: EventQuery) -> tuple[ColumnElement[bool], ...]:
    """WHERE terms of the event list; the (status, starts_at) index drives every one of them."""
    start = query.start or utcnow()
    terms: list[ColumnElement[bool]] = [
        Event.status == EventStatus.SCHEDULED.value,
        Event.starts_at >= start,
    ]
    if query.end is not None:
        if query.end <= start:
            raise ValidationError(_("The end of the date range must come after its start."))
        terms.append(Event.starts_at < query.end)
    for word in query.text.split()[:8]:
        pattern = _like(word[:100])
        terms.append(
            or_(
                Event.title.like(pattern, escape="!"),
                Venue.name.like(pattern, escape="!"),
                Event.category.like(pattern, escape="!"),
            )
        )
    if query.category.strip():
        terms.append(Event.category == check_genre(query.category))
    if query.venue_ids:
        terms.append(Event.venue_id.in_(sorted({int(v) for v in query.venue_ids})))
    if query.series_id is not None:
        terms.append(Event.series_id == int(query.series_id))
    # Checked like any typed amount: NaN, infinity or 1e30 would crash the comparison below.
    low = None if query.min_price is None else non_negative(query.min_price, _("The lowest price"))
    high = (
        None if query.max_price is None else non_negative(query.max_price, _("The highest price"))
    )
    if low is not None:
        terms.append(Event.max_price >= low)
    if high is not None:
        terms.append(Event.min_price <= high)
    if low is not None and high is not None and low > high:
        raise ValidationError(_("The lowest price must not be above the highest."))
    if query.only_available:
        terms.append(Event.sold_count < Event.capacity)
    return tuple(terms)


def _listing(conditions: tuple[ColumnElement[bool], ...]) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Event.id,
            Event.title,
            Venue.name.label("venue"),
            Event.starts_at,
            Event.ends_at,
            Event.min_price,
            Event.max_price,
            Event.capacity,
            Event.sold_count,
            Event.status,
            Event.ga_capacity,
            Event.category,
        )
        .join(Venue, Venue.id == Event.venue_id)
        .where(*conditions)
    )


def _summary(row: Any, tier_names: tuple[str, ...]) -> EventSummary:
    return EventSummary(
        id=row.id,
        title=row.title,
        venue=row.venue,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        min_price=row.min_price,
        max_price=row.max_price,
        capacity=row.capacity,
        available=max(row.capacity - row.sold_count, 0),
        status=row.status,
        general_admission=row.ga_capacity is not None,
        tier_names=tier_names,
        category=row.category,
    )


def _tier_names(s: Session, event_ids: list[int]) -> dict[int, tuple[str, ...]]:
    names: dict[int, list[str]] = defaultdict(list)
    if event_ids:
        for event_id, name in s.execute(
            select(PriceTier.event_id, PriceTier.name)
            .where(PriceTier.event_id.in_(event_ids))
            .order_by(PriceTier.event_id, PriceTier.sort_order, PriceTier.id)
        ):
            names[event_id].append(name)
    return {k: tuple(v) for k, v in names.items()}


@dataclass(frozen=True)
class _GaTier:
    event_id: int
    tier_id: int
    available: int


def _expired_ga(s: Session, event_ids: Sequence[int], now: datetime) -> dict[int, int]:
    """GA places per tier held by holds that ran out but were not reclaimed yet."""
    return {
        tier_id: int(q)
        for tier_id, q in s.execute(
            select(Hold.tier_id, func.sum(Hold.quantity))
            .where(Hold.event_id.in_(event_ids), Hold.expires_at <= now, Hold.tier_id.is_not(None))
            .group_by(Hold.tier_id)
        )
        if tier_id is not None
    }


def _ga_tiers(s: Session, event_ids: Sequence[int], now: datetime) -> list[_GaTier]:
    ga_events = select(Event.id).where(Event.id.in_(event_ids), Event.ga_capacity.is_not(None))
    rows = s.execute(
        select(PriceTier.event_id, PriceTier.id, PriceTier.ga_capacity, PriceTier.ga_sold).where(
            PriceTier.event_id.in_(ga_events)
        )
    ).all()
    if not rows:
        return []
    expired = _expired_ga(s, event_ids, now)
    return [_GaTier(e, t, max(cap - sold + expired.get(t, 0), 0)) for e, t, cap, sold in rows]


def _tiers(s: Session, event_id: int, now: datetime) -> tuple[TierInfo, ...]:
    rows = s.execute(
        select(
            PriceTier.id,
            PriceTier.name,
            PriceTier.price,
            PriceTier.colour,
            PriceTier.sort_order,
            PriceTier.ga_capacity,
            PriceTier.ga_sold,
        )
        .where(PriceTier.event_id == event_id)
        .order_by(PriceTier.sort_order, PriceTier.id)
    ).all()
    expired = _expired_ga(s, [event_id], now) if any(r.ga_capacity for r in rows) else {}
    return tuple(
        TierInfo(
            tid,
            name,
            price,
            colour,
            order,
            cap,
            max(cap - sold + expired.get(tid, 0), 0) if cap else 0,
        )
        for tid, name, price, colour, order, cap, sold in rows
    )


def _state(
    status: str,
    holder: str | None,
    expires: datetime | None,
    hold_id: str | None,
    now: datetime,
) -> SeatState:
    if status == SeatStatus.HELD.value:
        if expires is None or expires <= now:
            return SeatState.AVAILABLE
        if hold_id is not None and holder == hold_id:
            return SeatState.HELD_MINE
        return SeatState.HELD_OTHER
    if status == SeatStatus.SOLD.value:
        return SeatState.SOLD
    if status == SeatStatus.BLOCKED.value:
        return SeatState.BLOCKED
    return SeatState.AVAILABLE
