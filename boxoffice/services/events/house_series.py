"""Named holds and kills placed on, or released from, the same seats of every performance of a
series in one action (a manager's House set-up with "all performances of the series").

One transaction for the whole series: either every performance gets the hold on the seats that
are free there, or none does. Performances are changed in event-id order, and each seat UPDATE
is the same conditional one :mod:`boxoffice.services.sales.inventory.house` uses for a single
event, so a desk selling a seat of one performance at the same moment leaves it sold or held,
never both. A release time is given relative to each performance's start ("24 h before").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, HouseHold
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import EventStatus
from boxoffice.i18n import _
from boxoffice.services.common.audit import record
from boxoffice.services.events.house import MAX_SEATS, _hold_type, _label, _placement
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.inventory import house as seats
from boxoffice.services.waitlist.offers import offer_free_seats, offered_seat_ids


@dataclass(frozen=True)
class SeriesHouseChange:
    performances: int  # performances of the series changed (seats placed or released there)
    changed: int  # seats placed or released over all of them


def _seat_ids(seat_ids: Sequence[int]) -> list[int]:
    try:
        ids = sorted({int(i) for i in seat_ids})
    except (TypeError, ValueError):
        raise ValidationError(_("Seats are given by their numeric ids.")) from None
    if not ids:
        raise ValidationError(_("Choose at least one seat."))
    if len(ids) > MAX_SEATS:
        raise ValidationError(_("Place a hold on at most {n:,} seats at once.").format(n=MAX_SEATS))
    return ids


def _performances(
    s: Session, event_id: int, event_seat_ids: list[int]
) -> tuple[list[tuple[int, datetime]], list[int]]:
    """The series' performances still to come on the same layout (the chosen one always), in id
    order, and the layout seats behind *event_seat_ids* (seats of *event_id*)."""
    row = s.execute(
        select(Event.series_id, Event.layout_id).where(Event.id == event_id)
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no event with id {id}.").format(id=event_id))
    series_id, layout_id = row
    if series_id is None:
        raise ValidationError(_("This event is not part of a series."))
    if layout_id is None:
        raise ValidationError(_("General-admission events have no seats to hold."))
    layout_seats: list[int] = []
    for part in inv.chunks(event_seat_ids):
        layout_seats += s.scalars(
            select(EventSeat.seat_id).where(EventSeat.event_id == event_id, EventSeat.id.in_(part))
        ).all()
    if len(layout_seats) != len(event_seat_ids):
        raise NotFound(_("Some of those seats are not seats of this event."))
    events = s.execute(
        select(Event.id, Event.starts_at)
        .where(
            Event.series_id == series_id,
            Event.layout_id == layout_id,
            Event.status != EventStatus.CANCELLED.value,
            (Event.starts_at > utcnow()) | (Event.id == event_id),
        )
        .order_by(Event.id)
    ).all()
    return [(int(e[0]), e[1]) for e in events], sorted(layout_seats)


def place_series_hold(
    db: Database,
    actor: Actor,
    event_id: int,
    hold_type_id: int,
    seat_ids: Sequence[int],
    *,
    release_hours_before: float | None = None,
    label: str = "",
) -> SeriesHouseChange:
    """Put the same seats (event_seat ids of *event_id*) under a named hold on every performance
    of its series still to come. Seats sold, held at a desk or blocked on a performance are left
    out there. *release_hours_before* returns each performance's seats that long before it."""
    actor.require(Permission.MANAGE_EVENTS)
    ids = _seat_ids(seat_ids)
    if release_hours_before is not None and not 0 <= release_hours_before <= 24 * 365:
        raise ValidationError(_("Return seats between 0 hours and a year before the show."))

    def work(s: Session) -> SeriesHouseChange:
        now = utcnow()
        hold = _hold_type(s, hold_type_id)
        if hold.retired:
            raise ValidationError(_("{name} is retired: choose another hold type.").format(
                name=hold.name))  # fmt: skip
        if hold.kill and release_hours_before is not None:
            raise ValidationError(
                _("{name} is a kill: its seats are never released by time.").format(name=hold.name)
            )
        name = _label(hold, label)
        events, layout_seats = _performances(s, event_id, ids)
        touched = total = 0
        for eid, starts in events:
            pid, until = _placement(s, actor, eid, hold, now, name)
            mark = seats.new_mark()
            if release_hours_before is not None:
                wanted = starts - timedelta(hours=release_hours_before)
                if wanted != until:
                    s.execute(
                        update(HouseHold).where(HouseHold.id == pid).values(release_at=wanted)
                    )
                    seats.retime(s, eid, pid, wanted, mark)
                until = wanted
            placed = 0
            for part in inv.chunks(layout_seats):
                placed += seats.place(s, eid, pid, until, now, mark, EventSeat.seat_id.in_(part))
            seats.publish_marked(s, eid, mark)
            touched += 1 if placed else 0
            total += placed
        record(
            s, actor, "house.place_series", "event", event_id,
            hold=hold.name, label=name, performances=len(events), seats=total,
        )  # fmt: skip
        return SeriesHouseChange(touched, total)

    return inv.run(db, work)


def release_series_hold(
    db: Database,
    actor: Actor,
    event_id: int,
    hold_type_id: int,
    seat_ids: Sequence[int],
    *,
    label: str = "",
) -> SeriesHouseChange:
    """Release the same seats of a named hold (or of the allocation *label*) on every
    performance of the series still to come (a kill: lift it). Sold seats stay sold."""
    actor.require(Permission.RELEASE_HOLDS)
    ids = _seat_ids(seat_ids)

    def work(s: Session) -> SeriesHouseChange:
        hold = _hold_type(s, hold_type_id)
        name = _label(hold, label)
        events, layout_seats = _performances(s, event_id, ids)
        touched = total = 0
        for eid, _starts in events:
            pid = s.scalar(
                select(HouseHold.id).where(
                    HouseHold.event_id == eid,
                    HouseHold.hold_type_id == hold.id,
                    HouseHold.label == name,
                )
            )
            if pid is None:
                continue
            mark = seats.new_mark()
            released = 0
            for part in inv.chunks(layout_seats):
                released += seats.release(s, eid, pid, mark, EventSeat.seat_id.in_(part))
            seats.publish_marked(s, eid, mark)
            if released:  # the waiting list is offered released seats first
                offered = offered_seat_ids(offer_free_seats(s, eid, utcnow()))
                if offered:
                    inv.publish(s, eid, offered)
            touched += 1 if released else 0
            total += released
        record(
            s, actor, "house.release_series", "event", event_id,
            hold=hold.name, label=name, performances=len(events), seats=total,
        )  # fmt: skip
        return SeriesHouseChange(touched, total)

    return inv.run(db, work)
