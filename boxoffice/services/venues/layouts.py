"""Venues and their seat layouts, as the layout designer reads and edits them (managers).

Sections and seats are edited in :mod:`venue_sections`; JSON import/export is in
:mod:`venue_json`. A layout's seat *count* is fixed once an event using it has bookings;
moving, rotating and relabelling-free edits stay possible (see :mod:`venue_sections`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import delete, distinct, func, select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Seat, SeatLayout, Section, Venue
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict, NotFound, ValidationError
from boxoffice.domain.layout import SectionSpec
from boxoffice.domain.roles import Permission
from boxoffice.domain.seatmap import Stage
from boxoffice.i18n import _
from boxoffice.services.common import audit

NAME_MAX = 128
SECTION_NAME_MAX = 64
STAGE_LIMIT = 10_000.0  # layout units either way of the origin


@dataclass(frozen=True)
class LayoutSummary:
    id: int
    name: str
    seats: int
    sections: int
    events: int


@dataclass(frozen=True)
class VenueDetail:
    id: int
    name: str
    address: str
    layouts: tuple[LayoutSummary, ...]


@dataclass(frozen=True)
class SeatInfo:
    id: int
    section_id: int
    row_label: str
    row_index: int
    number: int
    x: float
    y: float
    accessible: bool
    restricted_view: bool
    blocked: bool

    @property
    def label(self) -> str:
        return f"{self.row_label}{self.number}"


@dataclass(frozen=True)
class SectionInfo:
    id: int
    spec: SectionSpec  # the designer's parameters (name, rows, seats, origin, rotation ...)
    seats: int

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class LayoutDetail:
    id: int
    venue_id: int
    venue_name: str
    name: str
    stage: Stage
    sections: tuple[SectionInfo, ...]
    seats: tuple[SeatInfo, ...]
    events: int  # events using this layout
    events_with_sales: int  # of which have bookings: seat counts are then fixed

    @property
    def seat_count_fixed(self) -> bool:
        return self.events_with_sales > 0

    def section(self, section_id: int) -> SectionInfo:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise NotFound(
            _("Section {section_id} is not in layout {name!r}.").format(
                section_id=section_id, name=self.name
            )
        )


# --- helpers shared by the venue modules ------------------------------------------------------


def clean_name(text: str, what: str, limit: int = NAME_MAX) -> str:
    name = " ".join(text.split())
    if not name:
        raise ValidationError(_("The {what} needs a name.").format(what=what))
    if len(name) > limit:
        raise ValidationError(
            _("The {what} name is longer than {limit} characters.").format(what=what, limit=limit)
        )
    return name


def get_venue(s: Session, venue_id: int) -> Venue:
    venue = s.get(Venue, venue_id)
    if venue is None:
        raise NotFound(_("There is no venue with id {venue_id}.").format(venue_id=venue_id))
    return venue


def get_layout_row(s: Session, layout_id: int, lock: bool = False) -> SeatLayout:
    layout = s.get(SeatLayout, layout_id, with_for_update=lock)
    if layout is None:
        raise NotFound(
            _("There is no seat layout with id {layout_id}.").format(layout_id=layout_id)
        )
    return layout


def check_layout_name(s: Session, venue_id: int, name: str, layout_id: int | None = None) -> str:
    name = clean_name(name, _("layout"))
    clash = s.scalar(
        select(SeatLayout.id).where(SeatLayout.venue_id == venue_id, SeatLayout.name == name)
    )
    if clash is not None and clash != layout_id:
        raise ValidationError(
            _("This venue already has a layout called {name!r}.").format(name=name)
        )
    return name


def section_spec(section: Section, first_row: int) -> SectionSpec:
    return SectionSpec(
        name=section.name,
        rows=section.row_count,
        seats_per_row=section.seats_per_row,
        origin_x=section.origin_x,
        origin_y=section.origin_y,
        rotation=section.rotation,
        curve=section.curve,
        row_labels=section.row_labels,
        numbering=section.numbering,
        first_row=first_row,
    )


def first_rows(s: Session, layout_id: int) -> dict[int, int]:
    """Each section's first row offset: stored seats carry ``row_index = row + first_row``."""
    return {
        sid: int(first or 0)
        for sid, first in s.execute(
            select(Seat.section_id, func.min(Seat.row_index))
            .where(Seat.layout_id == layout_id)
            .group_by(Seat.section_id)
        )
    }


def layout_detail(s: Session, layout_id: int) -> LayoutDetail:
    layout = get_layout_row(s, layout_id)
    firsts = first_rows(s, layout_id)
    seats = tuple(
        SeatInfo(
            r.id, r.section_id, r.row_label, r.row_index, r.number, r.x, r.y,
            bool(r.accessible), bool(r.restricted_view), bool(r.blocked),
        )
        for r in s.execute(
            select(
                Seat.id, Seat.section_id, Seat.row_label, Seat.row_index, Seat.number,
                Seat.x, Seat.y, Seat.accessible, Seat.restricted_view, Seat.blocked,
            )
            .where(Seat.layout_id == layout_id)
            .order_by(Seat.section_id, Seat.row_index, Seat.number)
        )
    )  # fmt: skip
    counts: dict[int, int] = {}
    for seat in seats:
        counts[seat.section_id] = counts.get(seat.section_id, 0) + 1
    sections = tuple(
        SectionInfo(sec.id, section_spec(sec, firsts.get(sec.id, 0)), counts.get(sec.id, 0))
        for sec in s.scalars(
            select(Section).where(Section.layout_id == layout_id).order_by(Section.id)
        )
    )
    events, with_sales = usage(s, layout_id)
    return LayoutDetail(
        id=layout.id,
        venue_id=layout.venue_id,
        venue_name=layout.venue.name,
        name=layout.name,
        stage=Stage(layout.stage_x, layout.stage_y, layout.stage_w, layout.stage_h),
        sections=sections,
        seats=seats,
        events=events,
        events_with_sales=with_sales,
    )


def usage(s: Session, layout_id: int) -> tuple[int, int]:
    """(events using the layout, of which with bookings of any status)."""
    events = s.scalar(select(func.count()).select_from(Event).where(Event.layout_id == layout_id))
    with_sales = s.scalar(
        select(func.count(distinct(Booking.event_id)))
        .join(Event, Event.id == Booking.event_id)
        .where(Event.layout_id == layout_id)
    )
    return int(events or 0), int(with_sales or 0)


def _venue_detail(s: Session, venue: Venue) -> VenueDetail:
    summaries = []
    for layout in s.scalars(
        select(SeatLayout).where(SeatLayout.venue_id == venue.id).order_by(SeatLayout.name)
    ):
        seats = s.scalar(select(func.count()).select_from(Seat).where(Seat.layout_id == layout.id))
        sections = s.scalar(
            select(func.count()).select_from(Section).where(Section.layout_id == layout.id)
        )
        events, _sales = usage(s, layout.id)
        summaries.append(
            LayoutSummary(layout.id, layout.name, int(seats or 0), int(sections or 0), events)
        )
    return VenueDetail(venue.id, venue.name, venue.address, tuple(summaries))


# --- use cases --------------------------------------------------------------------------------


def list_venues(db: Database, actor: Actor) -> list[VenueDetail]:
    """Every venue with its layouts (seat, section and event counts)."""
    actor.require(Permission.MANAGE_VENUES)
    return db.run(
        lambda s: [_venue_detail(s, v) for v in s.scalars(select(Venue).order_by(Venue.name))]
    )


def create_venue(db: Database, actor: Actor, name: str, address: str = "") -> VenueDetail:
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> VenueDetail:
        clean = clean_name(name, _("venue"))
        if s.scalar(select(Venue.id).where(Venue.name == clean)) is not None:
            raise ValidationError(
                _("There is already a venue called {clean!r}.").format(clean=clean)
            )
        venue = Venue(name=clean, address=" ".join(address.split())[:256])
        s.add(venue)
        s.flush()
        audit.record(s, actor, "venue.create", "venue", venue.id, name=clean)
        return _venue_detail(s, venue)

    return db.run(work)


def update_venue(
    db: Database, actor: Actor, venue_id: int, name: str, address: str = ""
) -> VenueDetail:
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> VenueDetail:
        venue = get_venue(s, venue_id)
        clean = clean_name(name, _("venue"))
        clash = s.scalar(select(Venue.id).where(Venue.name == clean))
        if clash is not None and clash != venue.id:
            raise ValidationError(
                _("There is already a venue called {clean!r}.").format(clean=clean)
            )
        old = venue.name
        venue.name, venue.address = clean, " ".join(address.split())[:256]
        audit.record(s, actor, "venue.update", "venue", venue.id, old=old, name=clean)
        return _venue_detail(s, venue)

    return db.run(work)


def delete_venue(db: Database, actor: Actor, venue_id: int) -> None:
    """Delete a venue no event uses, with its layouts."""
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> None:
        venue = get_venue(s, venue_id)
        used = s.scalar(select(func.count()).select_from(Event).where(Event.venue_id == venue.id))
        if used:
            raise Conflict(
                _("{name!r} has {used} event{value}; it cannot be deleted.").format(
                    name=venue.name, used=used, value="s" if used != 1 else ""
                )
            )
        for layout_id in s.scalars(select(SeatLayout.id).where(SeatLayout.venue_id == venue.id)):
            _drop_layout(s, layout_id)
        audit.record(s, actor, "venue.delete", "venue", venue.id, name=venue.name)
        s.delete(venue)

    db.run(work)


def create_layout(
    db: Database, actor: Actor, venue_id: int, name: str, stage: Stage | None = None
) -> LayoutDetail:
    """An empty layout (add sections next, or import one from JSON)."""
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> LayoutDetail:
        venue = get_venue(s, venue_id)
        clean = check_layout_name(s, venue.id, name)
        layout = SeatLayout(venue_id=venue.id, name=clean)
        if stage is not None:
            apply_stage(layout, stage)
        s.add(layout)
        s.flush()
        audit.record(s, actor, "layout.create", "seat_layout", layout.id, name=clean)
        return layout_detail(s, layout.id)

    return db.run(work)


def get_layout(db: Database, actor: Actor, layout_id: int) -> LayoutDetail:
    actor.require(Permission.MANAGE_VENUES)
    return db.run(lambda s: layout_detail(s, layout_id))


def rename_layout(db: Database, actor: Actor, layout_id: int, name: str) -> LayoutDetail:
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> LayoutDetail:
        layout = get_layout_row(s, layout_id, lock=True)
        clean = check_layout_name(s, layout.venue_id, name, layout.id)
        old, layout.name = layout.name, clean
        audit.record(s, actor, "layout.rename", "seat_layout", layout.id, old=old, name=clean)
        return layout_detail(s, layout.id)

    return db.run(work)


def apply_stage(layout: SeatLayout, stage: Stage) -> None:
    values = (stage.x, stage.y, stage.w, stage.h)
    if not all(math.isfinite(v) and abs(v) <= STAGE_LIMIT for v in values):  # NaN too
        raise ValidationError(_("The stage lies too far from the seats."))
    if stage.w <= 0 or stage.h <= 0:
        raise ValidationError(_("The stage needs a width and a depth greater than 0."))
    layout.stage_x, layout.stage_y, layout.stage_w, layout.stage_h = values


def set_stage(db: Database, actor: Actor, layout_id: int, stage: Stage) -> LayoutDetail:
    """Place the stage: centre x, y, width and depth in layout units (seat pitch = 1)."""
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> LayoutDetail:
        layout = get_layout_row(s, layout_id, lock=True)
        apply_stage(layout, stage)
        audit.record(s, actor, "layout.stage", "seat_layout", layout.id)
        return layout_detail(s, layout.id)

    return db.run(work)


def _drop_layout(s: Session, layout_id: int) -> None:
    s.execute(delete(Seat).where(Seat.layout_id == layout_id))
    s.execute(delete(Section).where(Section.layout_id == layout_id))
    s.execute(delete(SeatLayout).where(SeatLayout.id == layout_id))


def delete_layout(db: Database, actor: Actor, layout_id: int) -> None:
    """Delete a layout that no event uses."""
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> None:
        layout = get_layout_row(s, layout_id, lock=True)
        events, _sales = usage(s, layout.id)
        if events:
            raise Conflict(
                _("Layout {name!r} is used by {events} event{value}; it cannot be deleted.").format(
                    name=layout.name, events=events, value="s" if events != 1 else ""
                )
            )
        audit.record(s, actor, "layout.delete", "seat_layout", layout.id, name=layout.name)
        _drop_layout(s, layout.id)

    db.run(work)
