"""The house set-up: hold types of the installation, and named holds and kills placed on an
event's seats by seat, row or section (a manager's event editor and House panel).

Seat rows change only through :mod:`boxoffice.services.sales.inventory.house`; this module checks
permissions and arguments, keeps the ``house_hold`` rows and audits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, and_, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, HoldType, HouseHold, Seat, Section
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import as_utc, utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.house import ALLOCATION_TYPE, DEFAULT_TYPES, check_hold_type
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import SeatStatus
from boxoffice.i18n import _
from boxoffice.services.common.audit import record
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.inventory import house as seats
from boxoffice.services.waitlist.offers import offer_free_seats, offered_seat_ids

MAX_SEATS = 100_000  # seats named in one placement by id (a lasso); sections go by subquery


@dataclass(frozen=True)
class HoldTypeInfo:
    id: int
    name: str
    colour: str
    pattern: str
    kill: bool
    allocation: bool = False
    retired: bool = False  # no longer offered for new placements


@dataclass(frozen=True)
class HouseCount:
    """One placement on one event (a hold type, or an allocation for one label): seats it keeps
    back now (an allocation's remaining), sold from it, released by time."""

    placement_id: int
    type: HoldTypeInfo
    label: str
    release_at: datetime | None
    held: int
    sold: int
    released: int


@dataclass(frozen=True)
class HouseChange:
    changed: int  # seats placed or released
    version: int  # the event's seat_version after the change


_TYPE_COLUMNS = (
    HoldType.id,
    HoldType.name,
    HoldType.colour,
    HoldType.pattern,
    HoldType.kill,
    HoldType.allocation,
)


def _types(s: Session, include_retired: bool = False) -> list[HoldTypeInfo]:
    query = select(*_TYPE_COLUMNS, HoldType.retired).order_by(HoldType.sort_order, HoldType.id)
    if not include_retired:
        query = query.where(HoldType.retired.is_(False))
    return [HoldTypeInfo(*row) for row in s.execute(query)]


def list_hold_types(
    db: Database, actor: Actor, include_retired: bool = False
) -> list[HoldTypeInfo]:
    """The installation's hold types (retired ones only if asked: the hold-type editor); a fresh
    installation gets House, Press, Artist, Production kill and Allocation."""
    actor.require(Permission.SELL)

    def work(s: Session) -> list[HoldTypeInfo]:
        found = _types(s, include_retired)
        if found or s.scalar(select(func.count(HoldType.id))):
            return found
        name, colour, pattern = ALLOCATION_TYPE
        s.execute(
            insert(HoldType),
            [
                *(
                    dict(name=n, colour=c, pattern=p, kill=k, allocation=False, sort_order=i)
                    for i, (n, c, p, k) in enumerate(DEFAULT_TYPES)
                ),
                dict(
                    name=name,
                    colour=colour,
                    pattern=pattern,
                    kill=False,
                    allocation=True,
                    sort_order=len(DEFAULT_TYPES),
                ),
            ],
        )
        return _types(s, include_retired)

    return db.run(work)


def retire_hold_type(db: Database, actor: Actor, type_id: int, retired: bool = True) -> None:
    """Stop offering a hold type for new placements (or offer it again). Seats it already keeps
    stay kept, and its placements still show and release as before."""
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> None:
        changed = s.execute(
            update(HoldType).where(HoldType.id == type_id).values(retired=bool(retired))
        )
        if inv.rowcount(changed) != 1:
            raise NotFound(f"There is no hold type with id {type_id}.")
        record(s, actor, "hold_type.retire", "hold_type", type_id, retired=bool(retired))

    db.run(work)


def save_hold_type(
    db: Database,
    actor: Actor,
    name: str,
    colour: str,
    pattern: str,
    kill: bool = False,
    type_id: int | None = None,
    allocation: bool = False,
) -> HoldTypeInfo:
    """Add a hold type (or change *type_id*); its colour may not be taken for a tier's."""
    actor.require(Permission.MANAGE_EVENTS)
    name, colour, pattern = check_hold_type(name, colour, pattern)
    if kill and allocation:
        raise ValidationError(_("A kill is never sold, so it cannot be an allocation."))

    def work(s: Session) -> HoldTypeInfo:
        clash = s.scalar(select(HoldType.id).where(HoldType.name == name))
        if clash is not None and clash != type_id:
            raise ValidationError(
                _("There is already a hold type called {name}.").format(name=name)
            )
        values = dict(
            name=name, colour=colour, pattern=pattern, kill=bool(kill), allocation=bool(allocation)
        )
        if type_id is None:
            order = s.scalar(select(func.coalesce(func.max(HoldType.sort_order), -1)))
            made = s.execute(insert(HoldType).values(sort_order=int(order or 0) + 1, **values))
            tid = _new_id(made)
        else:
            tid = type_id
            if s.get(HoldType, tid) is None:
                raise NotFound(_("There is no hold type with id {tid}.").format(tid=tid))
            s.execute(update(HoldType).where(HoldType.id == tid).values(**values))
        record(s, actor, "hold_type.save", "hold_type", tid, name=name, kill=bool(kill))
        return _hold_type(s, tid)

    return db.run(work)


def _new_id(result: Any) -> int:
    assert isinstance(result, CursorResult)
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _hold_type(s: Session, type_id: int) -> HoldTypeInfo:
    row = s.execute(
        select(*_TYPE_COLUMNS, HoldType.retired).where(HoldType.id == type_id)
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no hold type with id {type_id}.").format(type_id=type_id))
    return HoldTypeInfo(*row)


def _label(hold: HoldTypeInfo, label: str) -> str:
    """An allocation names who it is for; a plain named hold has no label."""
    label = " ".join(str(label).split())
    if hold.allocation and not label:
        raise ValidationError(_("Say who the allocation is for (a channel or a group)."))
    if not hold.allocation and label:
        raise ValidationError(
            _("{name} is not an allocation: it takes no channel or group.").format(name=hold.name)
        )
    if len(label) > 80:
        raise ValidationError(_("An allocation's name is at most 80 characters."))
    return label


def _placement(
    s: Session, actor: Actor, event_id: int, hold: HoldTypeInfo, now: datetime, label: str = ""
) -> tuple[int, datetime | None]:
    """The event's ``house_hold`` row for *hold* and *label* (made if missing): id and release
    time."""
    row = s.execute(
        select(HouseHold.id, HouseHold.release_at).where(
            HouseHold.event_id == event_id,
            HouseHold.hold_type_id == hold.id,
            HouseHold.label == label,
        )
    ).one_or_none()
    if row is not None:
        return int(row[0]), row[1]
    inv.load_event(s, event_id)  # NotFound for an unknown event
    made = s.execute(
        insert(HouseHold).values(
            event_id=event_id,
            hold_type_id=hold.id,
            label=label,
            created_by=actor.user_id,
            created_at=now,
        )
    )
    return _new_id(made), None


def _scope(
    s: Session,
    event_id: int,
    seat_ids: Sequence[int] | None,
    section_id: int | None,
    rows: Sequence[str],
) -> tuple[list[int] | None, int | None, tuple[str, ...]]:
    """Checked (seat ids) or (section, rows): exactly one of the two."""
    if (seat_ids is None) == (section_id is None):
        raise ValidationError(_("Choose seats, or a section (and rows)."))
    if seat_ids is not None:
        try:
            ids = sorted({int(i) for i in seat_ids})
        except (TypeError, ValueError):
            raise ValidationError(_("Seats are given by their numeric ids.")) from None
        if not ids:
            raise ValidationError(_("Choose at least one seat."))
        if len(ids) > MAX_SEATS:
            raise ValidationError(
                _("Place a hold on at most {MAX_SEATS:,} seats at once.").format(
                    MAX_SEATS=MAX_SEATS
                )
            )
        return ids, None, ()
    assert section_id is not None
    event = inv.load_event(s, event_id)
    if (
        s.scalar(
            select(Section.id).where(Section.id == section_id, Section.layout_id == event.layout_id)
        )
        is None
    ):
        raise NotFound(
            _("Section {section_id} is not part of this event's seat layout.").format(
                section_id=section_id
            )
        )
    return None, section_id, tuple(str(r) for r in rows)


def place_hold(
    db: Database,
    actor: Actor,
    event_id: int,
    hold_type_id: int,
    *,
    seat_ids: Sequence[int] | None = None,
    section_id: int | None = None,
    rows: Sequence[str] = (),
    release_at: datetime | None = None,
    label: str = "",
) -> HouseChange:
    """Put seats (by event_seat id, or a section and optionally its rows) under a named hold.

    Seats that are sold, held at a desk right now or blocked are left out (the count says how many
    were placed). *release_at* (not for kills) is when the hold's seats return to sale by
    themselves; given, it applies to every seat of this hold on the event. For an allocation
    type, *label* names the channel or group (one allocation per label).
    """
    actor.require(Permission.MANAGE_EVENTS)

    def work(s: Session) -> HouseChange:
        now = utcnow()
        hold = _hold_type(s, hold_type_id)
        if hold.retired:
            raise ValidationError(f"{hold.name} is retired: choose another hold type.")
        if hold.kill and release_at is not None:
            raise ValidationError(
                _("{name} is a kill: its seats are never released by time.").format(name=hold.name)
            )
        name = _label(hold, label)
        ids, section, row_labels = _scope(s, event_id, seat_ids, section_id, rows)
        pid, until = _placement(s, actor, event_id, hold, now, name)
        mark = seats.new_mark()
        if release_at is not None and release_at != until:
            s.execute(update(HouseHold).where(HouseHold.id == pid).values(release_at=release_at))
            until = release_at
            seats.retime(s, event_id, pid, until, mark)
        if ids is not None:
            placed = seats.place_ids(s, event_id, pid, until, now, mark, ids)
        else:
            assert section is not None
            scope = seats.in_section(section, row_labels)
            placed = seats.place(s, event_id, pid, until, now, mark, scope)
        version = seats.publish_marked(s, event_id, mark)
        record(s, actor, "house.place", "event", event_id, hold=hold.name, seats=placed)
        return HouseChange(placed, version)

    return inv.run(db, work)


def release_hold(
    db: Database,
    actor: Actor,
    event_id: int,
    hold_type_id: int,
    *,
    seat_ids: Sequence[int] | None = None,
    section_id: int | None = None,
    rows: Sequence[str] = (),
    label: str = "",
) -> HouseChange:
    """Release seats of a named hold (or of the allocation *label*) to general sale (a kill:
    lift it)."""
    actor.require(Permission.RELEASE_HOLDS)

    def work(s: Session) -> HouseChange:
        hold = _hold_type(s, hold_type_id)
        ids, section, row_labels = _scope(s, event_id, seat_ids, section_id, rows)
        pid = s.scalar(
            select(HouseHold.id).where(
                HouseHold.event_id == event_id,
                HouseHold.hold_type_id == hold.id,
                HouseHold.label == _label(hold, label),
            )
        )
        if pid is None:
            version = s.scalar(select(Event.seat_version).where(Event.id == event_id))
            if version is None:
                raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
            return HouseChange(0, int(version))
        mark = seats.new_mark()
        released = 0
        if ids is not None:
            for part in inv.chunks(ids):
                released += seats.release(s, event_id, pid, mark, EventSeat.id.in_(part))
        else:
            assert section is not None
            released = seats.release(s, event_id, pid, mark, seats.in_section(section, row_labels))
        version = seats.publish_marked(s, event_id, mark)
        if released:  # released seats go to the waiting list first (same transaction)
            offered = offered_seat_ids(offer_free_seats(s, event_id, utcnow()))
            if offered:
                version = inv.publish(s, event_id, offered)
        record(s, actor, "house.release", "event", event_id, hold=hold.name, seats=released)
        return HouseChange(released, version)

    return inv.run(db, work)


def house_counts(db: Database, actor: Actor, event_id: int) -> list[HouseCount]:
    """Per hold type placed on the event: seats kept back now, sold from it, released by time."""
    actor.require(Permission.SELL)

    def work(s: Session) -> list[HouseCount]:
        return house_counts_in(s, event_id, utcnow())

    return db.run(work)


def house_counts_in(s: Session, event_id: int, now: datetime) -> list[HouseCount]:
    """:func:`house_counts` inside an open session (the monitor and reports)."""
    sold = EventSeat.status == SeatStatus.SOLD.value
    gone = EventSeat.house_until <= now
    rows = s.execute(
        select(
            HouseHold.id,
            *_TYPE_COLUMNS,
            HouseHold.label,
            HouseHold.release_at,
            func.sum(case((sold, 0), (gone, 0), else_=1)),
            func.sum(case((sold, 1), else_=0)),
            func.sum(case((sold, 0), (gone, 1), else_=0)),
        )
        .select_from(HouseHold)
        .join(HoldType, HoldType.id == HouseHold.hold_type_id)
        .join(EventSeat, EventSeat.house_hold_id == HouseHold.id)
        .where(HouseHold.event_id == event_id)
        .group_by(
            HouseHold.id,
            *_TYPE_COLUMNS,
            HoldType.sort_order,
            HouseHold.label,
            HouseHold.release_at,
        )
        .order_by(HoldType.sort_order, HoldType.id, HouseHold.label)
    ).all()
    return [
        HouseCount(
            int(pid),
            HoldTypeInfo(t, n, c, p, bool(k), bool(a)),
            label,
            r,
            int(h or 0),
            int(so or 0),
            int(rel or 0),
        )
        for pid, t, n, c, p, k, a, label, r, h, so, rel in rows
    ]


def kept_back_in(
    session: Session, event_ids: list[int], now: datetime
) -> tuple[dict[int, list[tuple[str, int]]], dict[int, datetime]]:
    """Per event: (hold type, free seats it keeps back now) and its next release time.

    Reads the events' placements and then only their seats (the house-hold index), so the cost
    follows the seats under named holds, not the size of the venue. Seats a desk holds live are
    counted as held, not here.
    """
    keeps = or_(EventSeat.house_until.is_(None), EventSeat.house_until > now)
    free = or_(
        EventSeat.status == SeatStatus.AVAILABLE.value,
        and_(EventSeat.status == SeatStatus.HELD.value, EventSeat.hold_expires_at <= now),
    )
    house: dict[int, list[tuple[str, int]]] = {}
    release: dict[int, datetime] = {}
    for event_id, name, label, count, first in session.execute(
        select(
            HouseHold.event_id,
            HoldType.name,
            HouseHold.label,
            func.count(EventSeat.id),
            func.min(EventSeat.house_until),
        )
        .select_from(HouseHold)
        .join(HoldType, HoldType.id == HouseHold.hold_type_id)
        .join(EventSeat, EventSeat.house_hold_id == HouseHold.id)
        .where(HouseHold.event_id.in_(event_ids), keeps, free)
        .group_by(
            HouseHold.event_id, HoldType.name, HouseHold.label, HoldType.sort_order, HoldType.id
        )
        .order_by(HouseHold.event_id, HoldType.sort_order, HoldType.id, HouseHold.label)
    ):
        shown = f"{name}: {label}" if label else str(name)
        house.setdefault(int(event_id), []).append((shown, int(count)))
        when = _aware(first)
        if when is not None and (event_id not in release or when < release[event_id]):
            release[int(event_id)] = when
    return house, release


def _aware(value: Any) -> datetime | None:
    """MIN() loses the column type on SQLite: parse it back to aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return as_utc(value)


WHEELCHAIR_LABEL = "Wheelchair users"


def reserve_wheelchair_spaces(
    db: Database, actor: Actor, event_id: int, hours_before: float
) -> HouseChange:
    """Keep the event's free wheelchair spaces for wheelchair users (an allocation any clerk
    sells from for them) until *hours_before* the start, when the unsold ones return to general
    sale by themselves. Companion seats stay on sale: the desk's map offers one with a space."""
    actor.require(Permission.MANAGE_EVENTS)
    if not 0 <= hours_before <= 24 * 365:
        raise ValidationError(_("Return wheelchair spaces between 0 hours and a year before."))

    def work(s: Session) -> HouseChange:
        now = utcnow()
        event = s.execute(
            select(Event.starts_at, Event.layout_id).where(Event.id == event_id)
        ).one_or_none()
        if event is None:
            raise NotFound(_("There is no event with id {event_id}.").format(event_id=event_id))
        starts, layout_id = event
        kind = next((t for t in _types(s) if t.allocation), None)
        if kind is None:
            raise NotFound(_("There is no allocation hold type: open the House set-up once first."))
        until = starts - timedelta(hours=hours_before)
        pid, old = _placement(s, actor, event_id, kind, now, WHEELCHAIR_LABEL)
        mark = seats.new_mark()
        if old != until:
            s.execute(update(HouseHold).where(HouseHold.id == pid).values(release_at=until))
            seats.retime(s, event_id, pid, until, mark)
        spaces = and_(
            EventSeat.seat_id.in_(
                select(Seat.id).where(Seat.layout_id == layout_id, Seat.accessible.is_(True))
            ),
            EventSeat.house_hold_id.is_(None),  # a space already killed or held stays so
        )
        placed = seats.place(s, event_id, pid, until, now, mark, spaces)
        version = seats.publish_marked(s, event_id, mark)
        record(s, actor, "house.wheelchair", "event", event_id, seats=placed)
        return HouseChange(placed, version)

    return inv.run(db, work)
