"""Named holds and kills: placed by seat, row or section; clerks kept off until released (by hand
or by time, without a scheduler); kills never sold; counts per hold type."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import EventSeat, Seat
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, PermissionDenied, SeatUnavailable, ValidationError
from boxoffice.services.events import house
from boxoffice.services.reports import sales as reports
from boxoffice.services.sales import catalog, holds, monitor
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    SeatedEvent,
    Staff,
    cash,
    check_invariants,
    make_seated_event,
    make_staff,
)


def _types(db: Database, staff: Staff) -> dict[str, int]:
    return {t.name: t.id for t in house.list_hold_types(db, staff.clerk)}


def section_of(db: Database, event_id: int) -> int:
    """The (one) section of a test event's layout."""

    def work(s: Session) -> int:
        return int(
            s.scalar(
                select(Seat.section_id)
                .join(EventSeat, EventSeat.seat_id == Seat.id)
                .where(EventSeat.event_id == event_id)
                .limit(1)
            )
            or 0
        )

    return db.run(work)


def _counts(db: Database, staff: Staff, ev: SeatedEvent) -> dict[str, tuple[int, int, int]]:
    return {
        c.type.name: (c.held, c.sold, c.released)
        for c in house.house_counts(db, staff.clerk, ev.id)
    }


def test_clerks_cannot_take_seats_under_a_named_hold(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    types = _types(db, staff)
    assert set(types) >= {"House", "Press", "Artist", "Production kill", "Allocation"}
    before = catalog.get_event(db, staff.clerk, ev.id).available
    change = house.place_hold(db, staff.manager, ev.id, types["House"], seat_ids=ev.ids("A1", "A2"))
    assert change.changed == 2
    with pytest.raises(SeatUnavailable, match="named hold"):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    with pytest.raises(PermissionDenied):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"), from_house=True)
    assert catalog.get_event(db, staff.clerk, ev.id).available == before - 2
    # A manager sells from the hold; the seat keeps the mark, so the counts show it sold from it.
    hold = holds.hold_seats(db, staff.manager, ev.id, ev.ids("A1"), from_house=True)
    checkout.checkout(db, staff.manager, hold.hold_id, cash(hold.total), "house-1")
    assert _counts(db, staff, ev) == {"House": (1, 1, 0)}
    check_invariants(db, ev.id)


def test_the_monitor_counts_named_holds_and_their_release(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)  # 32 seats
    types = _types(db, staff)
    soon = utcnow() + timedelta(hours=2)
    house.place_hold(db, staff.manager, ev.id, types["House"], seat_ids=ev.ids("A1", "A2"))
    house.place_hold(
        db, staff.manager, ev.id, types["Press"], seat_ids=ev.ids("B1"), release_at=soon
    )
    counts = monitor.seat_counts(db, staff.manager, [ev.id])[ev.id]
    assert counts.house == (("House", 2), ("Press", 1))
    assert counts.available == 32 - 3
    assert counts.next_expiry is not None and abs((counts.next_expiry - soon).total_seconds()) < 1
    stats = {r.event_id: r for r in reports.event_statistics(db, staff.manager)}
    assert stats[ev.id].house_text == "House 2, Press 1"
    later = db.run(lambda s: monitor.counts_in(s, [ev.id], soon + timedelta(seconds=1)))[ev.id]
    assert later.house == (("House", 2),) and later.available == 32 - 2


def test_kills_are_never_sold_nor_timed(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    kill = _types(db, staff)["Production kill"]
    house.place_hold(db, staff.manager, ev.id, kill, seat_ids=ev.ids("B1"))
    with pytest.raises(SeatUnavailable):
        holds.hold_seats(db, staff.manager, ev.id, ev.ids("B1"), from_house=True)
    with pytest.raises(ValidationError, match="kill"):
        house.place_hold(db, staff.manager, ev.id, kill, seat_ids=ev.ids("B2"), release_at=utcnow())
    assert _counts(db, staff, ev) == {"Production kill": (1, 0, 0)}


def test_a_release_time_takes_effect_without_a_scheduler(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    press = _types(db, staff)["Press"]
    later = utcnow() + timedelta(hours=1)
    house.place_hold(db, staff.manager, ev.id, press, seat_ids=ev.ids("C1", "C2"), release_at=later)
    with pytest.raises(SeatUnavailable):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"))
    # The release time moves into the past: the seats are on sale at once, nothing swept.
    past = utcnow() - timedelta(seconds=1)
    house.place_hold(db, staff.manager, ev.id, press, seat_ids=ev.ids("C1"), release_at=past)
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1", "C2"))
    assert _counts(db, staff, ev) == {"Press": (0, 0, 2)}


def test_placing_skips_sold_and_desk_held_seats_and_covers_rows(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db, rows=4, per_row=8)
    types = _types(db, staff)
    sold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    checkout.checkout(db, staff.clerk, sold.hold_id, cash(sold.total), "skip-1")
    holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A2"))
    section = section_of(db, ev.id)
    change = house.place_hold(
        db, staff.manager, ev.id, types["Artist"], section_id=section, rows=["A", "B"]
    )
    assert change.changed == 14  # 16 seats of rows A and B, less the sold and the held one
    assert _counts(db, staff, ev) == {"Artist": (14, 0, 0)}
    # Another type moves seats over; a release by hand gives them back to sale.
    house.place_hold(db, staff.manager, ev.id, types["House"], seat_ids=ev.ids("B1", "B2"))
    assert _counts(db, staff, ev) == {"House": (2, 0, 0), "Artist": (12, 0, 0)}
    with pytest.raises(PermissionDenied):
        house.release_hold(db, staff.clerk, ev.id, types["House"], seat_ids=ev.ids("B1"))
    released = house.release_hold(db, staff.manager, ev.id, types["House"], seat_ids=ev.ids("B1"))
    assert released.changed == 1
    assert house.release_hold(db, staff.manager, ev.id, types["Press"], seat_ids=[1]).changed == 0
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("B1"))
    changes = catalog.seat_changes(db, staff.clerk, ev.id, change.version - 1)
    assert changes is not None
    check_invariants(db, ev.id)


def test_hold_types_refuse_tier_colours_and_duplicates(db: Database) -> None:
    staff = make_staff(db)
    _types(db, staff)
    with pytest.raises(ValidationError, match="too close"):
        house.save_hold_type(db, staff.manager, "Agent", "#4e79a8", "dots")
    with pytest.raises(ValidationError, match="already"):
        house.save_hold_type(db, staff.manager, "Press", "#01665e", "dots")
    made = house.save_hold_type(db, staff.manager, "Agent", "#c51b7d", "grid")
    assert made.name in _types(db, staff)
    with pytest.raises(PermissionDenied):
        house.save_hold_type(db, staff.clerk, "Other", "#c51b7d", "grid")


def test_allocations_sell_for_their_channel_and_return_unsold_seats(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    types = _types(db, staff)
    alloc = types["Allocation"]
    with pytest.raises(ValidationError, match="who the allocation is for"):
        house.place_hold(db, staff.manager, ev.id, alloc, seat_ids=ev.ids("D1"))
    with pytest.raises(ValidationError, match="not an allocation"):
        house.place_hold(db, staff.manager, ev.id, types["House"], seat_ids=[1], label="Phone")
    later = utcnow() + timedelta(days=1)
    house.place_hold(
        db, staff.manager, ev.id, alloc, seat_ids=ev.ids("D1", "D2", "D3"), label="Phone",
        release_at=later,
    )  # fmt: skip
    house.place_hold(
        db, staff.manager, ev.id, alloc, seat_ids=ev.ids("D4", "D5"), label="Group: St Mary's"
    )
    counts = {c.label: c for c in house.house_counts(db, staff.clerk, ev.id)}
    phone, school = counts["Phone"], counts["Group: St Mary's"]
    with pytest.raises(SeatUnavailable):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("D1"))
    with pytest.raises(SeatUnavailable):  # the school's seats are not the phone line's
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("D4"), allocation=phone.placement_id)
    hold = holds.hold_seats(
        db, staff.clerk, ev.id, ev.ids("D1", "D2", "A1"), allocation=phone.placement_id
    )
    checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "alloc-1")
    counts = {c.label: c for c in house.house_counts(db, staff.clerk, ev.id)}
    assert (counts["Phone"].held, counts["Phone"].sold) == (1, 2)  # remaining 1, sold 2
    assert (counts["Group: St Mary's"].held, counts["Group: St Mary's"].sold) == (2, 0)
    with pytest.raises(NotFound):  # a plain named hold is no allocation
        pid = house.place_hold(db, staff.manager, ev.id, types["Press"], seat_ids=ev.ids("C8"))
        assert pid.changed == 1
        press = next(c for c in house.house_counts(db, staff.clerk, ev.id) if not c.label)
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C8"), allocation=press.placement_id)
    # At the set time the phone line's unsold seat returns to general sale by itself.
    past = utcnow() - timedelta(seconds=1)
    house.place_hold(
        db, staff.manager, ev.id, alloc, seat_ids=ev.ids("D3"), label="Phone", release_at=past
    )
    holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("D3"))
    assert school.release_at is None
    check_invariants(db, ev.id)


def make_accessible(db: Database, event_seat_id: int) -> None:
    """Make the layout seat behind *event_seat_id* a wheelchair space."""

    def work(s: Session) -> None:
        seat = select(EventSeat.seat_id).where(EventSeat.id == event_seat_id).scalar_subquery()
        s.execute(update(Seat).where(Seat.id == seat).values(accessible=True))

    db.run(work)


def test_wheelchair_spaces_are_kept_for_wheelchair_users_until_a_set_time(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)  # starts in 7 days
    _types(db, staff)
    space = ev.ids("A1")

    make_accessible(db, space[0])
    with pytest.raises(PermissionDenied):
        house.reserve_wheelchair_spaces(db, staff.clerk, ev.id, 2)
    assert house.reserve_wheelchair_spaces(db, staff.manager, ev.id, 2).changed == 1
    with pytest.raises(SeatUnavailable):
        holds.hold_seats(db, staff.clerk, ev.id, space)
    wheelchair = next(
        c for c in house.house_counts(db, staff.clerk, ev.id) if c.label == house.WHEELCHAIR_LABEL
    )
    # Sold with its companion beside it, by any clerk selling for wheelchair users.
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"), allocation=wheelchair.placement_id)
    # On another event the spaces return to general sale 8 days before: already, here.
    other = make_seated_event(db, venue=None)
    make_accessible(db, other.seats["A1"])
    assert house.reserve_wheelchair_spaces(db, staff.manager, other.id, 24 * 8).changed == 1
    holds.hold_seats(db, staff.clerk, other.id, other.ids("A1"))


def test_an_event_with_named_holds_can_still_be_deleted(db: Database) -> None:
    from boxoffice.services.events import editor

    staff = make_staff(db)
    ev = make_seated_event(db)
    house.place_hold(db, staff.manager, ev.id, _types(db, staff)["House"], seat_ids=ev.ids("A1"))
    editor.delete_event(db, staff.manager, ev.id)
    assert house.house_counts(db, staff.clerk, ev.id) == []
