"""Catalog: the event list's filters and paging, event detail, seat map and seat changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Event, Venue
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.seatmap import SeatState
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.catalog import EventQuery
from tests.services.sales_support import (
    Staff,
    cash,
    expire_hold,
    make_ga_event,
    make_seated_event,
    make_staff,
)


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _titles(db: Database, staff: Staff, **query: object) -> list[str]:
    return [e.title for e in catalog.search_events(db, staff.clerk, EventQuery(**query))]  # type: ignore[arg-type]


def test_filters(db: Database, staff: Staff) -> None:
    make_seated_event(db, "Hamlet", starts_in=timedelta(days=2), venue="Globe")
    make_seated_event(db, "Macbeth", starts_in=timedelta(days=5), tiers=(("Cheap", "10.00", 99),))
    make_seated_event(db, "100% Comedy", starts_in=timedelta(days=9))
    make_seated_event(db, "Over", starts_in=timedelta(days=-1))
    make_seated_event(db, "Off", starts_in=timedelta(days=3), status="cancelled")
    make_ga_event(db)
    assert _titles(db, staff) == ["Hamlet", "Club Night", "Macbeth", "100% Comedy"]
    assert _titles(db, staff, text="ham") == ["Hamlet"]
    assert _titles(db, staff, text="globe") == ["Hamlet"]
    assert _titles(db, staff, text="100%") == ["100% Comedy"]
    assert _titles(db, staff, text="1_0") == []
    assert _titles(db, staff, max_price=Decimal("11.00")) == ["Macbeth"]
    assert _titles(db, staff, max_price=Decimal("12.00")) == ["Club Night", "Macbeth"]
    assert _titles(db, staff, min_price=Decimal("40.00")) == ["Hamlet", "100% Comedy"]
    now = utcnow()
    assert _titles(db, staff, start=now + timedelta(days=4), end=now + timedelta(days=6)) == [
        "Macbeth"
    ]
    globe = db.run(lambda s: s.scalar(select(Venue.id).where(Venue.name == "Globe")))
    assert _titles(db, staff, venue_ids=(globe,)) == ["Hamlet"]
    assert catalog.count_events(db, staff.clerk, EventQuery(text="m")) == 3
    with pytest.raises(ValidationError):
        catalog.search_events(db, staff.clerk, EventQuery(start=now, end=now))
    with pytest.raises(ValidationError):
        catalog.search_events(db, staff.clerk, EventQuery(), limit=0)
    venues = catalog.list_venues(db, staff.clerk)
    assert "Globe" in [v.name for v in venues]


def test_genre_filter_and_search(db: Database, staff: Staff) -> None:
    hamlet = make_seated_event(db, "Hamlet", starts_in=timedelta(days=2))
    gig = make_seated_event(db, "Polar Lights", starts_in=timedelta(days=3))
    with db.session() as s:
        s.execute(update(Event).where(Event.id == hamlet.id).values(category="Theatre"))
        s.execute(update(Event).where(Event.id == gig.id).values(category="Concert"))
    assert _titles(db, staff, text="concert") == ["Polar Lights"]
    assert _titles(db, staff, category="Theatre") == ["Hamlet"]
    assert _titles(db, staff, category="theatre") == ["Hamlet"]
    assert [e.category for e in catalog.search_events(db, staff.clerk, EventQuery())] == [
        "Theatre",
        "Concert",
    ]
    assert catalog.get_event(db, staff.clerk, gig.id).category == "Concert"
    with pytest.raises(ValidationError):
        catalog.search_events(db, staff.clerk, EventQuery(category="Opera buffa"))


def test_paging_is_stable_and_complete(db: Database, staff: Staff) -> None:
    for n in range(7):
        make_seated_event(db, f"Show {n}", starts_in=timedelta(days=1 + n % 3), rows=1, per_row=2)
    pages = [
        catalog.search_events(db, staff.clerk, EventQuery(), offset=o, limit=3) for o in (0, 3, 6)
    ]
    ids = [e.id for page in pages for e in page]
    assert len(ids) == 7 == len(set(ids))
    everything = catalog.search_events(db, staff.clerk, EventQuery())
    assert ids == [e.id for e in everything]
    keys = [(e.starts_at, e.id) for e in everything]
    assert keys == sorted(keys)


def test_sold_out_events_hidden_on_request(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, "Tiny", rows=1, per_row=2)
    make_seated_event(db, "Roomy")
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "all")
    listed = {e.title: e for e in catalog.search_events(db, staff.clerk, EventQuery())}
    assert listed["Tiny"].available == 0 and listed["Tiny"].capacity == 2
    assert listed["Tiny"].tier_names == ("Front", "Back")
    assert _titles(db, staff, only_available=True) == ["Roomy"]


def test_event_detail(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, blocked=("D8",))
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    detail = catalog.get_event(db, staff.clerk, ev.id)
    assert detail.on_sale and not detail.general_admission
    assert detail.capacity == 31 and detail.available == 30  # one blocked, one held
    assert [t.name for t in detail.tiers] == ["Front", "Back"]
    closed = make_seated_event(db, "Later", sales_open_in=timedelta(days=1))
    assert not catalog.get_event(db, staff.clerk, closed.id).on_sale
    with pytest.raises(NotFound):
        catalog.get_event(db, staff.clerk, 99999)


def test_seat_map_states_as_one_desk_sees_them(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, blocked=("D8",))
    mine = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    theirs = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A2"))
    lapsed = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A3"))
    expire_hold(db, lapsed.hold_id)
    sold = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A4"))
    checkout.checkout(db, staff.clerk2, sold.hold_id, cash(sold.total), "s")
    seat_map = catalog.seat_map(db, staff.clerk, ev.id, mine.hold_id)
    assert len(seat_map.seats) == 32
    state = {ev.labels[k]: v for k, v in seat_map.states.items()}
    assert state["A1"] == SeatState.HELD_MINE
    assert state["A2"] == SeatState.HELD_OTHER
    assert state["A3"] == SeatState.AVAILABLE
    assert state["A4"] == SeatState.SOLD
    assert state["D8"] == SeatState.BLOCKED
    assert set(seat_map.hold_expiry) == set(ev.ids("A1", "A2"))
    place = next(p for p in seat_map.seats if p.seat_id == ev.seats["A1"])
    assert place.label == "Stalls A1" and place.tier_id == ev.tiers["Front"]
    assert seat_map.stage.y == -3.0
    # Another desk sees the first desk's hold as someone else's.
    other = catalog.seat_map(db, staff.clerk2, ev.id, theirs.hold_id)
    assert other.states[ev.seats["A1"]] == SeatState.HELD_OTHER
    assert other.states[ev.seats["A2"]] == SeatState.HELD_MINE


def test_seat_changes_and_versions(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    other = make_seated_event(db, "Other")
    start = catalog.seat_map(db, staff.clerk, ev.id)
    nothing = catalog.seat_changes(db, staff.clerk, ev.id, start.version)
    assert nothing.states == {} and nothing.version == start.version
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("B1", "B2"))
    changed = catalog.seat_changes(db, staff.clerk2, ev.id, start.version)
    assert changed.states == dict.fromkeys(ev.ids("B1", "B2"), SeatState.HELD_OTHER)
    assert changed.version == start.version + 1
    holds.release_seats(db, staff.clerk, hold.hold_id, ev.ids("B2"))
    later = catalog.seat_changes(db, staff.clerk2, ev.id, changed.version)
    assert later.states == {ev.seats["B2"]: SeatState.AVAILABLE}
    versions = catalog.seat_versions(db, staff.clerk, [ev.id, other.id, 12345])
    assert versions == {ev.id: start.version + 2, other.id: 0}
    assert catalog.seat_versions(db, staff.clerk, []) == {}


def test_available_counts(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, rows=1, per_row=4)
    ga = make_ga_event(db)
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    holds.hold_general_admission(db, staff.clerk, ga.id, ga.tiers["Early"], 2)
    assert catalog.available_counts(db, staff.clerk, [ev.id, ga.id]) == {ev.id: 3, ga.id: 13}
