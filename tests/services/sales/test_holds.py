"""Seat holds: all-or-nothing, expiry without a job, best available, clear errors."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Hold
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import (
    HoldExpired,
    NotFound,
    PermissionDenied,
    SalesClosed,
    SeatUnavailable,
    SoldOut,
    ValidationError,
)
from boxoffice.services.sales import catalog, holds
from tests.services.sales_support import (
    Staff,
    make_ga_event,
    make_seated_event,
    make_staff,
    seat_statuses,
)


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def test_hold_marks_seats_and_returns_lines(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    info = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    assert info.seat_ids == tuple(sorted(ev.ids("A1", "A2")))
    assert [line.label for line in info.lines] == ["Stalls A1", "Stalls A2"]
    assert info.total == 100
    assert info.quantity == 2
    states = seat_statuses(db, ev.id)
    assert states[ev.seats["A1"]] == "held" and states[ev.seats["A3"]] == "available"


def test_adding_to_a_hold_keeps_one_hold_and_renews_it(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    first = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"), hold_for=timedelta(minutes=1))
    second = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"), first.hold_id)
    assert second.hold_id == first.hold_id
    assert second.seat_ids == tuple(sorted(ev.ids("A1", "C1")))
    assert second.total == 80
    assert second.expires_at > first.expires_at + timedelta(minutes=5)
    again = holds.get_hold(db, staff.clerk, first.hold_id)
    assert again == second


def test_seat_held_elsewhere_is_refused_naming_it(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("B2"))
    with pytest.raises(SeatUnavailable) as err:
        holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("B1", "B2", "B3"))
    assert "Stalls B2" in str(err.value)
    assert err.value.seat_ids == (ev.seats["B2"],)
    # All or nothing: B1 and B3 were not kept by the failed attempt.
    states = seat_statuses(db, ev.id)
    assert states[ev.seats["B1"]] == "available" and states[ev.seats["B3"]] == "available"


def test_blocked_seat_cannot_be_held(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, blocked=("A4",))
    with pytest.raises(SeatUnavailable, match="Stalls A4"):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A4"))


def test_unknown_and_foreign_seats_are_not_found(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    other = make_seated_event(db, title="Other")
    with pytest.raises(NotFound, match="not seats of this event"):
        holds.hold_seats(db, staff.clerk, ev.id, [987654])
    with pytest.raises(NotFound):
        holds.hold_seats(db, staff.clerk, ev.id, other.ids("A1"))
    with pytest.raises(NotFound, match="no event"):
        holds.hold_seats(db, staff.clerk, 424242, ev.ids("A1"))


def test_bad_input_is_a_validation_error(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    with pytest.raises(ValidationError):
        holds.hold_seats(db, staff.clerk, ev.id, [])
    with pytest.raises(ValidationError, match="at least 1"):
        holds.best_available(db, staff.clerk, ev.id, -2)
    with pytest.raises(ValidationError):
        holds.best_available(db, staff.clerk, ev.id, 0)
    with pytest.raises(ValidationError, match="longer than zero"):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"), hold_for=timedelta(0))


def test_system_account_does_not_sell(db: Database) -> None:
    ev = make_seated_event(db)
    with pytest.raises(PermissionDenied):
        holds.hold_seats(db, SYSTEM, ev.id, ev.ids("A1"))


def test_expired_hold_is_sellable_again_without_any_job(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    lapsed = holds.hold_seats(
        db, staff.clerk, ev.id, ev.ids("A1", "A2"), hold_for=timedelta(milliseconds=50)
    )
    time.sleep(0.1)
    seat_map = catalog.seat_map(db, staff.clerk2, ev.id)
    assert seat_map.states[ev.seats["A1"]] == "available"
    taken = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A2"))
    assert taken.seat_ids == (ev.seats["A2"],)
    # The lapsed hold cannot be topped up any more.
    with pytest.raises(HoldExpired):
        holds.hold_seats(db, staff.clerk, ev.id, ev.ids("D1"), lapsed.hold_id)
    assert holds.get_hold(db, staff.clerk, lapsed.hold_id) is None


def test_release_some_then_all(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    info = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2", "A3"))
    left = holds.release_seats(db, staff.clerk, info.hold_id, ev.ids("A2"))
    assert left is not None and left.seat_ids == tuple(sorted(ev.ids("A1", "A3")))
    assert holds.release_seats(db, staff.clerk, info.hold_id) is None
    assert set(seat_statuses(db, ev.id).values()) == {"available"}
    count = db.run(lambda s: s.scalar(select(func.count()).select_from(Hold)))
    assert count == 0
    # Releasing again (a desk closing after its hold ran out) is not an error.
    assert holds.release_seats(db, staff.clerk, info.hold_id) is None


def test_releasing_the_last_seat_ends_the_hold(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    info = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    assert holds.release_seats(db, staff.clerk, info.hold_id, ev.ids("A1")) is None
    assert holds.get_hold(db, staff.clerk, info.hold_id) is None


def test_sales_window_and_event_state(db: Database, staff: Staff) -> None:
    past = make_seated_event(db, title="Yesterday", starts_in=timedelta(days=-1))
    with pytest.raises(SalesClosed, match="already started"):
        holds.hold_seats(db, staff.clerk, past.id, past.ids("A1"))
    early = make_seated_event(db, title="Later", sales_open_in=timedelta(days=2))
    with pytest.raises(SalesClosed, match="open on"):
        holds.best_available(db, staff.clerk, early.id, 2)
    off = make_seated_event(db, title="Off", status="cancelled")
    with pytest.raises(SalesClosed, match="cancelled"):
        holds.hold_seats(db, staff.clerk, off.id, off.ids("A1"))


def test_ga_event_needs_a_quantity_not_seats(db: Database, staff: Staff) -> None:
    ga = make_ga_event(db)
    with pytest.raises(ValidationError, match="general admission"):
        holds.best_available(db, staff.clerk, ga.id, 2)
    seated = make_seated_event(db)
    with pytest.raises(ValidationError, match="numbered seats"):
        holds.hold_general_admission(db, staff.clerk, seated.id, seated.tiers["Front"], 2)


def test_best_available_takes_the_middle_of_the_front_row(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)  # 8 seats per row, stage in front of the middle
    info = holds.best_available(db, staff.clerk, ev.id, 2)
    assert sorted(ev.labels[i] for i in info.seat_ids) == ["A4", "A5"]
    info = holds.best_available(db, staff.clerk, ev.id, 4)
    # A3..A6 is broken by the held A4/A5: the next best block is in row B's middle.
    assert sorted(ev.labels[i] for i in info.seat_ids) == ["B3", "B4", "B5", "B6"]


def test_best_available_in_a_chosen_tier_and_fallback(db: Database, staff: Staff) -> None:
    ev = make_seated_event(
        db, rows=3, per_row=4, tiers=(("Front", "50.00", 1), ("Back", "30.00", 2))
    )
    back = holds.best_available(db, staff.clerk, ev.id, 3, tier_id=ev.tiers["Back"])
    assert {ev.labels[i][0] for i in back.seat_ids} == {"B"}
    holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A2"))
    # Front has A1 | A3 A4 left: no 3 together, so the best zone that has them wins.
    info = holds.best_available(db, staff.clerk2, ev.id, 3)
    assert {ev.labels[i][0] for i in info.seat_ids} == {"C"}
    assert {line.tier_name for line in info.lines} == {"Back"}
    with pytest.raises(SoldOut, match="side by side"):
        holds.best_available(db, staff.clerk2, ev.id, 3, tier_id=ev.tiers["Front"])
    with pytest.raises(SoldOut):
        holds.best_available(db, staff.clerk2, ev.id, 5)
    with pytest.raises(NotFound):
        holds.best_available(db, staff.clerk2, ev.id, 1, tier_id=999999)


def test_best_available_adds_to_an_existing_hold(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    first = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("D1"))
    info = holds.best_available(db, staff.clerk, ev.id, 2, hold_id=first.hold_id)
    assert info.hold_id == first.hold_id and info.quantity == 3


@pytest.mark.slow
def test_race_for_the_same_seats_has_exactly_one_winner(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    wanted = ev.ids("B3", "B4", "B5")
    results: list[str] = []
    barrier = threading.Barrier(8)

    def desk(n: int) -> None:
        actor = staff.clerk if n % 2 else staff.clerk2
        barrier.wait()
        try:
            holds.hold_seats(db, actor, ev.id, wanted[n % 3 :] + wanted[: n % 3])
            results.append("won")
        except SeatUnavailable:
            results.append("lost")

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["lost"] * 7 + ["won"]


@pytest.mark.slow
def test_best_available_race_gives_every_desk_different_seats(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, rows=6, per_row=4)  # exactly one block of 4 per row
    got: list[tuple[int, ...]] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(6)

    def desk(n: int) -> None:
        barrier.wait()
        try:
            got.append(holds.best_available(db, staff.clerk, ev.id, 4).seat_ids)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seats = [s for block in got for s in block]
    assert len(seats) == 24 and len(set(seats)) == 24
