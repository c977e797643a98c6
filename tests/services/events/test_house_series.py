"""Named holds placed and released on the same seats of every performance of a series in one
action; hold types retired and offered again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Event, EventSeat, HouseHold, Seat
from boxoffice.domain.errors import NotFound, PermissionDenied, SeatUnavailable, ValidationError
from boxoffice.services.events import house, house_series
from boxoffice.services.sales import holds
from tests.services.events.test_series import _daily_run
from tests.services.sales_support import Staff, check_invariants, make_seated_event, make_staff


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _types(db: Database, staff: Staff) -> dict[str, int]:
    return {t.name: t.id for t in house.list_hold_types(db, staff.clerk)}


def _seats(db: Database, event_id: int, labels: tuple[str, ...]) -> list[int]:
    """event_seat ids of the seats "<row><number>" (first section) of the event."""

    def work(s: object) -> list[int]:
        rows = s.execute(  # type: ignore[attr-defined]
            select(EventSeat.id, Seat.row_label, Seat.number)
            .join(Seat, Seat.id == EventSeat.seat_id)
            .where(EventSeat.event_id == event_id)
            .order_by(EventSeat.id)
        ).all()
        by_label = {f"{r}{n}": int(i) for i, r, n in rows}
        return [by_label[label] for label in labels]

    return db.run(work)


def _held_labels(db: Database, event_id: int) -> set[str]:
    def work(s: object) -> set[str]:
        return {
            f"{r}{n}"
            for r, n in s.execute(  # type: ignore[attr-defined]
                select(Seat.row_label, Seat.number)
                .join(EventSeat, EventSeat.seat_id == Seat.id)
                .where(EventSeat.event_id == event_id, EventSeat.house_hold_id.is_not(None))
            )
        }

    return db.run(work)


def test_a_hold_placed_on_a_series_covers_every_performance(db: Database, staff: Staff) -> None:
    run = _daily_run(db, staff, days=2)
    first, second, third = run.event_ids
    wanted = ("A1", "A2", "A3")
    held_elsewhere = holds.hold_seats(db, staff.clerk, second, _seats(db, second, ("A2",)))
    press = _types(db, staff)["Press"]
    change = house_series.place_series_hold(
        db, staff.manager, first, press, _seats(db, first, wanted), release_hours_before=24
    )
    assert (change.performances, change.changed) == (3, 8)  # A2 of the second is at a desk
    assert _held_labels(db, first) == _held_labels(db, third) == set(wanted)
    assert _held_labels(db, second) == {"A1", "A3"}
    # Each performance returns its seats 24 h before its own start.
    times = db.run(
        lambda s: {
            e: (r, st)
            for e, r, st in s.execute(
                select(HouseHold.event_id, HouseHold.release_at, Event.starts_at).join(
                    Event, Event.id == HouseHold.event_id
                )
            )
        }
    )
    assert set(times) == {first, second, third}
    assert all(r == st - timedelta(hours=24) for r, st in times.values())
    with pytest.raises(SeatUnavailable):
        holds.hold_seats(db, staff.clerk, third, _seats(db, third, ("A1",)))
    holds.release_seats(db, staff.clerk, held_elsewhere.hold_id)

    with pytest.raises(PermissionDenied):
        house_series.release_series_hold(db, staff.clerk, first, press, _seats(db, first, wanted))
    released = house_series.release_series_hold(
        db, staff.manager, second, press, _seats(db, second, ("A1",))
    )
    assert (released.performances, released.changed) == (3, 3)
    assert _held_labels(db, third) == {"A2", "A3"}
    holds.hold_seats(db, staff.clerk, third, _seats(db, third, ("A1",)))
    for event_id in run.event_ids:
        check_invariants(db, event_id)


def test_series_holds_refuse_what_they_cannot_do(db: Database, staff: Staff) -> None:
    run = _daily_run(db, staff, days=1)
    types = _types(db, staff)
    seats = _seats(db, run.event_ids[0], ("B1",))
    with pytest.raises(PermissionDenied):
        house_series.place_series_hold(db, staff.clerk, run.event_ids[0], types["House"], seats)
    with pytest.raises(ValidationError, match="kill"):
        house_series.place_series_hold(
            db, staff.manager, run.event_ids[0], types["Production kill"], seats,
            release_hours_before=1,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="at least one seat"):
        house_series.place_series_hold(db, staff.manager, run.event_ids[0], types["House"], [])
    lone = make_seated_event(db)
    with pytest.raises(ValidationError, match="not part of a series"):
        house_series.place_series_hold(db, staff.manager, lone.id, types["House"], lone.ids("A1"))
    # Seats of another event are not this performance's.
    with pytest.raises(NotFound, match="not seats of this event"):
        house_series.place_series_hold(
            db, staff.manager, run.event_ids[0], types["House"], lone.ids("A1")
        )


def test_a_retired_hold_type_is_no_longer_offered_but_keeps_its_seats(
    db: Database, staff: Staff
) -> None:
    ev = make_seated_event(db)
    artist = _types(db, staff)["Artist"]
    house.place_hold(db, staff.manager, ev.id, artist, seat_ids=ev.ids("A1"))
    with pytest.raises(PermissionDenied):
        house.retire_hold_type(db, staff.clerk, artist)
    house.retire_hold_type(db, staff.manager, artist)
    assert "Artist" not in _types(db, staff)
    every = {t.name: t for t in house.list_hold_types(db, staff.clerk, include_retired=True)}
    assert every["Artist"].retired
    with pytest.raises(ValidationError, match="retired"):
        house.place_hold(db, staff.manager, ev.id, artist, seat_ids=ev.ids("A2"))
    with pytest.raises(SeatUnavailable):  # its seat stays kept
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    assert [c.held for c in house.house_counts(db, staff.clerk, ev.id)] == [1]
    # Renamed and recoloured while retired, then offered again.
    renamed = house.save_hold_type(
        db, staff.manager, "Band", "#01665e", "horizontal", type_id=artist
    )
    assert renamed.retired and renamed.name == "Band"
    house.retire_hold_type(db, staff.manager, artist, retired=False)
    assert "Band" in _types(db, staff)
    house.place_hold(db, staff.manager, ev.id, artist, seat_ids=ev.ids("A2"))
    check_invariants(db, ev.id)
