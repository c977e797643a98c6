"""Layout designer edits: add, reshape, move and delete sections; block or flag seats.

What an edit does to events already using the layout:

- *Moving or rotating* a section (same rows, seats and labels) only moves seats: seat ids stay,
  so it is allowed whatever was sold; seat maps show the new places when next opened.
- *Adding or removing seats* (a new or deleted section, other row/seat counts, other labels or
  first row) is refused while any event using the layout has bookings: tickets name the seats.
  Events without bookings follow the change: removed seats leave them, new seats join them in
  the tier their zones give (or blocked, until the event's tiers cover them).
- *Blocking* a seat applies to events created afterwards and to the unsold seats of events that
  have not started; sold seats, seats a desk is holding and past events are left as they are
  (the result says how many were skipped). Unblocking is the mirror image.
- *Accessible* and *restricted view* describe the physical seat: every event shows them at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, Seat, SeatLayout, Section, TierZone
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, NotFound, ValidationError
from boxoffice.domain.layout import SectionSpec, seat_spots
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import EventStatus, SeatStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.sales import inventory as seat_inventory
from boxoffice.services.sales.inventory import event_seats as inv
from boxoffice.services.sales.inventory.common import chunks
from boxoffice.services.venues.layouts import (
    SECTION_NAME_MAX,
    LayoutDetail,
    clean_name,
    first_rows,
    get_layout_row,
    layout_detail,
    section_spec,
)
from boxoffice.services.waitlist import offers as waitlist_offers

MAX_LAYOUT_SEATS = 200_000
COORD_LIMIT = 10_000.0


@dataclass(frozen=True)
class SeatFlagsResult:
    layout: LayoutDetail
    event_seats_changed: int  # unsold seats of upcoming events blocked or unblocked
    skipped: int  # sold or held seats of upcoming events left as they were


def check_spec(spec: SectionSpec) -> SectionSpec:
    """Validate and normalise a section's parameters (clear messages for the designer)."""
    name = clean_name(spec.name, _("section"), SECTION_NAME_MAX)
    spec = replace(spec, name=name)
    spec.validate()
    for what, value in (("position", spec.origin_x), ("position", spec.origin_y)):
        if not math.isfinite(value) or abs(value) > COORD_LIMIT:
            raise ValidationError(
                _("Section {name!r}: the {what} is out of range.").format(name=name, what=what)
            )
    if not math.isfinite(spec.rotation):
        raise ValidationError(
            _("Section {name!r}: the rotation must be a number of degrees.").format(name=name)
        )
    if not math.isfinite(spec.curve) or not 0 <= spec.curve <= 5:
        raise ValidationError(
            _("Section {name!r}: the curve runs from 0 (straight) to 5.").format(name=name)
        )
    if not 0 <= spec.first_row <= 1000:
        raise ValidationError(
            _("Section {name!r}: the first row offset runs from 0 to 1000.").format(name=name)
        )
    rotation = spec.rotation % 360.0
    return replace(spec, rotation=round(rotation, 3), curve=round(spec.curve, 3))


def _events_of(s: Session, layout_id: int) -> list[Event]:
    """Every event using the layout, rows locked in id order (no deadlock between editors)."""
    ids = list(s.scalars(select(Event.id).where(Event.layout_id == layout_id).order_by(Event.id)))
    return [inv.lock_event(s, i) for i in ids]


def _require_no_sales(s: Session, layout: SeatLayout, events: list[Event], now: datetime) -> None:
    for event in events:
        act = inv.activity(s, event.id, now)
        if act.has_sales:
            raise ValidationError(
                _(
                    "Layout {name!r} is used by {title!r}, which has bookings, so "
                    "seats cannot be added, removed or relabelled. Moving or "
                    "rotating sections is still possible."
                ).format(name=layout.name, title=event.title)
            )
        if act.active_holds:
            raise Conflict(
                _("A desk is holding seats of {title!r} right now; try again shortly.").format(
                    title=event.title
                )
            )


def _section(s: Session, section_id: int) -> Section:
    section = s.get(Section, section_id)
    if section is None:
        raise NotFound(_("There is no section with id {section_id}.").format(section_id=section_id))
    return section


def _check_unique(s: Session, layout_id: int, name: str, section_id: int | None) -> None:
    clash = s.scalar(select(Section.id).where(Section.layout_id == layout_id, Section.name == name))
    if clash is not None and clash != section_id:
        raise ValidationError(
            _("This layout already has a section called {name!r}.").format(name=name)
        )


def _check_size(s: Session, layout_id: int, adding: int, removing: int = 0) -> None:
    current = s.scalar(select(func.count()).select_from(Seat).where(Seat.layout_id == layout_id))
    if int(current or 0) - removing + adding > MAX_LAYOUT_SEATS:
        raise ValidationError(
            _("A layout holds at most {MAX_LAYOUT_SEATS:,} seats.").format(
                MAX_LAYOUT_SEATS=MAX_LAYOUT_SEATS
            )
        )


def _store(section: Section, spec: SectionSpec) -> None:
    section.name = spec.name
    section.row_count, section.seats_per_row = spec.rows, spec.seats_per_row
    section.origin_x, section.origin_y = spec.origin_x, spec.origin_y
    section.rotation, section.curve = spec.rotation, spec.curve
    section.row_labels, section.numbering = spec.row_labels, spec.numbering


def _shape(spec: SectionSpec) -> tuple[Any, ...]:
    """What identifies the seats (not where they are)."""
    return (spec.rows, spec.seats_per_row, spec.row_labels, spec.first_row)


Flags = dict[tuple[int, int], tuple[bool, bool, bool]]


def seat_rows(
    layout_id: int, section_id: int, spec: SectionSpec, flags: Flags | None = None
) -> list[dict[str, Any]]:
    """Seat rows to insert for *spec*; *flags* keeps (accessible, restricted, blocked) by
    ``(row_index, number)``."""
    rows = []
    for spot in seat_spots(spec):
        index = spot.row_index + spec.first_row
        accessible, restricted, blocked = (flags or {}).get(
            (index, spot.number), (False, False, False)
        )
        rows.append(
            dict(
                layout_id=layout_id,
                section_id=section_id,
                row_label=spot.row_label,
                row_index=index,
                number=spot.number,
                x=spot.x,
                y=spot.y,
                accessible=accessible,
                restricted_view=restricted,
                blocked=blocked,
            )
        )
    return rows


def _reseat(s: Session, layout: SeatLayout, section: Section, spec: SectionSpec | None) -> None:
    """Replace the section's seats (spec None: remove them) and follow in every event."""
    now = utcnow()
    events = _events_of(s, layout.id)
    _require_no_sales(s, layout, events, now)
    old = list(s.execute(select(Seat).where(Seat.section_id == section.id)).scalars())
    flags = {(x.row_index, x.number): (x.accessible, x.restricted_view, x.blocked) for x in old}
    old_ids = [x.id for x in old]
    versions = {e.id: e.seat_version + 1 for e in events}
    for event in events:
        inv.delete_event_seats(s, event.id, old_ids)
    for part in chunks(old_ids):
        s.execute(delete(Seat).where(Seat.id.in_(part)))
    if spec is not None:
        rows = seat_rows(layout.id, section.id, spec, flags)
        for start in range(0, len(rows), 5000):
            s.execute(insert(Seat), rows[start : start + 5000])
        new = [
            (r.id, r.section_id, r.row_label, r.blocked)
            for r in s.execute(
                select(Seat.id, Seat.section_id, Seat.row_label, Seat.blocked).where(
                    Seat.section_id == section.id
                )
            )
        ]
        for event in events:
            tiers = inv.lenient_tiers(s, event.id, layout.id)
            inv.insert_event_seats(
                s, event.id, new, tiers, versions[event.id], blocking=event.starts_at > now
            )
    for event in events:
        inv.refresh_totals(s, event)
        inv.bump_version(s, event, versions[event.id])


def _place(s: Session, section: Section, old: SectionSpec, spec: SectionSpec) -> None:
    """Move the section's seats to *spec*'s places; seat ids stay."""
    moved_only = replace(old, origin_x=spec.origin_x, origin_y=spec.origin_y) == replace(
        spec, name=old.name
    )
    if moved_only:
        dx, dy = spec.origin_x - old.origin_x, spec.origin_y - old.origin_y
        s.execute(
            update(Seat)
            .where(Seat.section_id == section.id)
            .values(x=func.round(Seat.x + dx, 3), y=func.round(Seat.y + dy, 3))
            .execution_options(synchronize_session=False)
        )
        return
    ids = {
        (r.row_index, r.number): r.id
        for r in s.execute(
            select(Seat.id, Seat.row_index, Seat.number).where(Seat.section_id == section.id)
        )
    }
    params = [
        {"id": ids[(spot.row_index + spec.first_row, spot.number)], "x": spot.x, "y": spot.y}
        for spot in seat_spots(spec)
    ]
    s.execute(update(Seat), params)


# --- use cases --------------------------------------------------------------------------------


def add_section(db: Database, actor: Actor, layout_id: int, spec: SectionSpec) -> LayoutDetail:
    """Add a section of ``rows × seats_per_row`` seats to the layout."""
    actor.require(Permission.MANAGE_VENUES)
    spec = check_spec(spec)

    def work(s: Session) -> LayoutDetail:
        layout = get_layout_row(s, layout_id, lock=True)
        _check_unique(s, layout.id, spec.name, None)
        _check_size(s, layout.id, spec.rows * spec.seats_per_row)
        section = Section(layout_id=layout.id)
        _store(section, spec)
        s.add(section)
        s.flush()
        _reseat(s, layout, section, spec)
        audit.record(
            s, actor, "layout.section_add", "seat_layout", layout.id, section=spec.name,
            rows=spec.rows, seats_per_row=spec.seats_per_row,
        )  # fmt: skip
        return layout_detail(s, layout.id)

    return db.run(work)


def update_section(db: Database, actor: Actor, section_id: int, spec: SectionSpec) -> LayoutDetail:
    """Change a section's parameters. Seats keep their ids when only their places change."""
    actor.require(Permission.MANAGE_VENUES)
    spec = check_spec(spec)

    def work(s: Session) -> LayoutDetail:
        section = _section(s, section_id)
        layout = get_layout_row(s, section.layout_id, lock=True)
        old = section_spec(section, first_rows(s, layout.id).get(section.id, 0))
        _check_unique(s, layout.id, spec.name, section.id)
        if _shape(old) != _shape(spec):
            _check_size(s, layout.id, spec.rows * spec.seats_per_row, old.rows * old.seats_per_row)
            _store(section, spec)
            s.flush()
            _reseat(s, layout, section, spec)
        else:
            _store(section, spec)
            s.flush()
            _place(s, section, old, spec)
        audit.record(
            s, actor, "layout.section_update", "seat_layout", layout.id, section=spec.name,
            reshaped=_shape(old) != _shape(spec),
        )  # fmt: skip
        return layout_detail(s, layout.id)

    return db.run(work)


def move_section(
    db: Database,
    actor: Actor,
    section_id: int,
    origin_x: float,
    origin_y: float,
    rotation: float | None = None,
) -> LayoutDetail:
    """Move (and optionally rotate) a section: allowed even after sales."""
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> LayoutDetail:
        section = _section(s, section_id)
        layout = get_layout_row(s, section.layout_id, lock=True)
        old = section_spec(section, first_rows(s, layout.id).get(section.id, 0))
        spec = check_spec(
            replace(
                old,
                origin_x=round(origin_x, 3),
                origin_y=round(origin_y, 3),
                rotation=old.rotation if rotation is None else rotation,
            )
        )
        _store(section, spec)
        s.flush()
        _place(s, section, old, spec)
        audit.record(
            s, actor, "layout.section_move", "seat_layout", layout.id, section=spec.name,
            x=spec.origin_x, y=spec.origin_y, rotation=spec.rotation,
        )  # fmt: skip
        return layout_detail(s, layout.id)

    return db.run(work)


def delete_section(db: Database, actor: Actor, section_id: int) -> LayoutDetail:
    actor.require(Permission.MANAGE_VENUES)

    def work(s: Session) -> LayoutDetail:
        section = _section(s, section_id)
        layout = get_layout_row(s, section.layout_id, lock=True)
        name = section.name
        _reseat(s, layout, section, None)
        s.execute(delete(TierZone).where(TierZone.section_id == section.id))
        s.delete(section)
        audit.record(s, actor, "layout.section_delete", "seat_layout", layout.id, section=name)
        s.flush()
        return layout_detail(s, layout.id)

    return db.run(work)


def set_seat_flags(
    db: Database,
    actor: Actor,
    layout_id: int,
    seat_ids: Sequence[int],
    *,
    blocked: bool | None = None,
    accessible: bool | None = None,
    restricted_view: bool | None = None,
) -> SeatFlagsResult:
    """Set flags of layout seats *seat_ids* (None = leave as is); see the module docstring."""
    actor.require(Permission.MANAGE_VENUES)
    ids = sorted(set(seat_ids))
    if not ids:
        raise ValidationError(_("Pick at least one seat."))

    def work(s: Session) -> SeatFlagsResult:
        layout = get_layout_row(s, layout_id, lock=True)
        found = 0
        for part in chunks(ids):
            found += int(
                s.scalar(
                    select(func.count())
                    .select_from(Seat)
                    .where(Seat.layout_id == layout.id, Seat.id.in_(part))
                )
                or 0
            )
        if found != len(ids):
            raise NotFound(
                _("Some of those seats are not in layout {name!r}.").format(name=layout.name)
            )
        values: dict[str, bool] = {}
        if blocked is not None:
            values["blocked"] = blocked
        if accessible is not None:
            values["accessible"] = accessible
        if restricted_view is not None:
            values["restricted_view"] = restricted_view
        if not values:
            raise ValidationError(_("Choose what to change about the seats."))
        for part in chunks(ids):
            s.execute(
                update(Seat)
                .where(Seat.id.in_(part))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        changed = skipped = 0
        if blocked is not None:
            changed, skipped = _follow_blocks(s, layout.id, ids, blocked)
        audit.record(
            s, actor, "layout.seat_flags", "seat_layout", layout.id, seats=len(ids),
            event_seats=changed, skipped=skipped, **values,
        )  # fmt: skip
        return SeatFlagsResult(layout_detail(s, layout.id), changed, skipped)

    return db.run(work)


def _follow_blocks(s: Session, layout_id: int, ids: list[int], blocked: bool) -> tuple[int, int]:
    """Apply a block/unblock to upcoming events; returns (changed, skipped) event seats."""
    now = utcnow()
    upcoming = list(
        s.scalars(
            select(Event.id)
            .where(
                Event.layout_id == layout_id,
                Event.status == EventStatus.SCHEDULED.value,
                Event.starts_at > now,
            )
            .order_by(Event.id)
        )
    )
    changed = skipped = 0
    for event_id in upcoming:
        event = inv.lock_event(s, event_id)
        version = event.seat_version + 1
        done = inv.set_blocked(s, event, ids, blocked, version, now)
        if blocked:
            target = SeatStatus.BLOCKED.value
            for part in chunks(ids):
                skipped += int(
                    s.scalar(
                        select(func.count())
                        .select_from(EventSeat)
                        .where(
                            EventSeat.event_id == event.id,
                            EventSeat.seat_id.in_(part),
                            EventSeat.status != target,
                        )
                    )
                    or 0
                )
        if done:
            changed += done
            inv.refresh_totals(s, event)
            inv.bump_version(s, event, version)
            if not blocked:  # seats back on sale go to the waiting list first
                offers = waitlist_offers.offer_free_seats(s, event.id, now)
                if offers:
                    seat_inventory.publish(s, event.id, waitlist_offers.offered_seat_ids(offers))
    return changed, skipped
