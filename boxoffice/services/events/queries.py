"""What the event editor reads: the event list, venue/layout pickers, an event to edit, and
the seats of a layout (for the tier coverage map). Permission: MANAGE_EVENTS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, PriceTier, Seat, SeatLayout, Section, Ticket, TierZone, Venue
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound
from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import Stage
from boxoffice.domain.status import EventStatus
from boxoffice.i18n import _
from boxoffice.services.events.drafts import TITLE_MAX, EventDraft, TierDraft, ZoneDraft
from boxoffice.services.sales.inventory import event_seats as inv
from boxoffice.services.venues.layouts import get_layout_row


@dataclass(frozen=True)
class EventRow:
    """One line of the editor's event list."""

    id: int
    title: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    status: str
    general_admission: bool
    capacity: int
    sold: int


@dataclass(frozen=True)
class EventEdit:
    """An event as the editor loads it: the draft to show plus what limits editing."""

    id: int
    draft: EventDraft
    status: str
    capacity: int
    sold_count: int
    bookings: int  # any status
    confirmed_bookings: int
    tier_tickets: dict[int, int]  # tier id -> tickets issued (any status)
    updated_at: datetime
    series_id: int | None = None  # a performance of an event series

    @property
    def has_sales(self) -> bool:
        return self.bookings > 0

    @property
    def cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED.value


@dataclass(frozen=True)
class SectionChoice:
    id: int
    name: str
    rows: tuple[str, ...]  # row labels, nearest the stage first
    seats: int


@dataclass(frozen=True)
class LayoutChoice:
    id: int
    name: str
    seats: int
    sections: tuple[SectionChoice, ...]


@dataclass(frozen=True)
class VenueChoice:
    id: int
    name: str
    layouts: tuple[LayoutChoice, ...]


@dataclass(frozen=True)
class PlanSeat:
    """A layout seat as the coverage map draws it."""

    id: int
    section_id: int
    section: str
    row: str
    number: int
    x: float
    y: float
    accessible: bool
    restricted_view: bool
    blocked: bool


@dataclass(frozen=True)
class LayoutPlan:
    layout_id: int
    stage: Stage
    seats: tuple[PlanSeat, ...]


# --- reading --------------------------------------------------------------------------------


def _filtered(
    text: str, include_past: bool, now: datetime, series_id: int | None = None
) -> Select[Event, str]:
    query = select(Event, Venue.name).join(Venue, Venue.id == Event.venue_id)
    if series_id is not None:
        query = query.where(Event.series_id == int(series_id))
    if len(text.strip()) > TITLE_MAX:  # no title is that long; SQLite caps LIKE at 50 kB
        query = query.where(false())
    elif text.strip():
        query = query.where(Event.title.contains(text.strip(), autoescape=True))
    if not include_past:
        query = query.where(Event.ends_at > now)
    return query


def list_managed_events(
    db: Database,
    actor: Actor,
    text: str = "",
    include_past: bool = False,
    offset: int = 0,
    limit: int = 200,
    series_id: int | None = None,
) -> list[EventRow]:
    """Events by start time (title filter; past ones only if asked; one series' performances
    if given), one page at a time."""
    actor.require(Permission.MANAGE_EVENTS)
    query = _filtered(text, include_past, utcnow(), series_id)
    return db.run(lambda s: _managed_rows(s, query, offset, limit))


def count_managed_events(
    db: Database,
    actor: Actor,
    text: str = "",
    include_past: bool = False,
    series_id: int | None = None,
) -> int:
    actor.require(Permission.MANAGE_EVENTS)
    query = _filtered(text, include_past, utcnow(), series_id)
    return db.run(lambda s: _managed_count(s, query))


def first_managed_page(
    db: Database,
    actor: Actor,
    text: str = "",
    include_past: bool = False,
    limit: int = 200,
    series_id: int | None = None,
) -> tuple[int, list[EventRow]]:
    """A new filter's total count and first page, read in one transaction (they agree)."""
    actor.require(Permission.MANAGE_EVENTS)
    query = _filtered(text, include_past, utcnow(), series_id)
    return db.run(lambda s: (_managed_count(s, query), _managed_rows(s, query, 0, limit)))


def _managed_rows(
    s: Session, filtered: Select[Event, str], offset: int, limit: int
) -> list[EventRow]:
    query = filtered.order_by(Event.starts_at, Event.id).offset(max(offset, 0)).limit(max(limit, 0))
    return [
        EventRow(
            e.id,
            e.title,
            venue,
            e.starts_at,
            e.ends_at,
            e.status,
            e.layout_id is None,
            e.capacity,
            e.sold_count,
        )
        for e, venue in s.execute(query)
    ]


def _managed_count(s: Session, filtered: Select[Event, str]) -> int:
    return int(s.scalar(select(func.count()).select_from(filtered.subquery())) or 0)


def venue_choices(db: Database, actor: Actor) -> list[VenueChoice]:
    """Venues with their layouts and sections (and row labels) for the editor's pickers."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> list[VenueChoice]:
        layouts: dict[int, list[LayoutChoice]] = {}
        for layout in s.scalars(select(SeatLayout).order_by(SeatLayout.name)):
            counts = dict(
                s.execute(
                    select(Seat.section_id, func.count())
                    .where(Seat.layout_id == layout.id)
                    .group_by(Seat.section_id)
                ).all()
            )
            sections = tuple(
                SectionChoice(r.section_id, r.name, r.labels, int(counts.get(r.section_id, 0)))
                for r in inv.section_rows(s, layout.id)
            )
            choice = LayoutChoice(layout.id, layout.name, sum(c.seats for c in sections), sections)
            layouts.setdefault(layout.venue_id, []).append(choice)
        return [
            VenueChoice(v.id, v.name, tuple(layouts.get(v.id, ())))
            for v in s.scalars(select(Venue).order_by(Venue.name))
        ]

    return db.run(work)


def edit_view(s: Session, event: Event, now: datetime) -> EventEdit:
    tiers = list(
        s.scalars(
            select(PriceTier)
            .where(PriceTier.event_id == event.id)
            .order_by(PriceTier.sort_order, PriceTier.id)
        )
    )
    zones: dict[int, list[ZoneDraft]] = {}
    for tier_id, section_id, spec in s.execute(
        select(TierZone.tier_id, TierZone.section_id, TierZone.row_spec)
        .where(TierZone.tier_id.in_([t.id for t in tiers] or [-1]))
        .order_by(TierZone.id)
    ):
        zones.setdefault(tier_id, []).append(ZoneDraft(section_id, spec))
    tickets = dict(
        s.execute(
            select(Ticket.tier_id, func.count())
            .where(Ticket.event_id == event.id)
            .group_by(Ticket.tier_id)
        ).all()
    )
    draft = EventDraft(
        title=event.title,
        venue_id=event.venue_id,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        sales_open_at=event.sales_open_at,
        sales_close_at=event.sales_close_at,
        description=event.description,
        category=event.category,
        layout_id=event.layout_id,
        ga_capacity=event.ga_capacity,
        allow_reentry=event.allow_reentry,
        tiers=tuple(
            TierDraft(
                name=t.name,
                price=t.price,
                colour=t.colour,
                zones=tuple(zones.get(t.id, ())),
                ga_capacity=t.ga_capacity,
                id=t.id,
            )
            for t in tiers
        ),
    )
    act = inv.activity(s, event.id, now)
    return EventEdit(
        id=event.id,
        draft=draft,
        status=event.status,
        capacity=event.capacity,
        sold_count=event.sold_count,
        bookings=act.bookings,
        confirmed_bookings=act.confirmed,
        tier_tickets={int(k): int(v) for k, v in tickets.items()},
        updated_at=event.updated_at,
        series_id=event.series_id,
    )


def event_for_edit(db: Database, actor: Actor, event_id: int) -> EventEdit:
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> EventEdit:
        event = s.get(Event, event_id)
        if event is None:
            raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
        return edit_view(s, event, utcnow())

    return db.run(work)


def layout_plan(db: Database, actor: Actor, layout_id: int) -> LayoutPlan:
    """Every seat of a layout with its place (the editor's tier coverage map)."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> LayoutPlan:
        layout = get_layout_row(s, layout_id)
        rows = s.execute(
            select(
                Seat.id, Seat.section_id, Section.name, Seat.row_label, Seat.number, Seat.x,
                Seat.y, Seat.accessible, Seat.restricted_view, Seat.blocked,
            )
            .join(Section, Section.id == Seat.section_id)
            .where(Seat.layout_id == layout_id)
            .order_by(Seat.id)
        )  # fmt: skip
        seats = tuple(
            PlanSeat(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), bool(r[9]))
            for r in rows
        )
        stage = Stage(layout.stage_x, layout.stage_y, layout.stage_w, layout.stage_h)
        return LayoutPlan(layout.id, stage, seats)

    return db.run(work)
