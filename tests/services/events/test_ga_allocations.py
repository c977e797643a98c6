"""General-admission allocations: a quantity of a GA tier kept for a channel or group, sold from
by desks selling for it, returned to general sale by hand or at its time (no scheduler)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from boxoffice.db.database import Database
from boxoffice.db.models import HouseHold
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, PermissionDenied, SoldOut, ValidationError
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.events import allocations, house
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    Staff,
    cash,
    check_invariants,
    expire_hold,
    make_ga_event,
    make_seated_event,
    make_staff,
)


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _allocation_type(db: Database, staff: Staff) -> int:
    return next(t.id for t in house.list_hold_types(db, staff.clerk) if t.allocation)


def _left(db: Database, staff: Staff, event_id: int, tier: str) -> int:
    detail = catalog.get_event(db, staff.clerk, event_id)
    return next(t.ga_available for t in detail.tiers if t.name == tier)


def test_general_sale_cannot_reach_allocated_places_a_desk_for_it_can(
    db: Database, staff: Staff
) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 10),))
    kind = _allocation_type(db, staff)
    made = allocations.place_ga_allocation(
        db, staff.manager, ev.id, kind, ev.tiers["Standing"], "Group: St Mary's", 4
    )
    assert (made.size, made.sold, made.remaining, made.general_admission) == (4, 0, 4, True)
    assert made.title == "Group: St Mary's (Standing)"
    assert _left(db, staff, ev.id, "Standing") == 6
    with pytest.raises(SoldOut, match="Only 6"):
        holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Standing"], 7)
    # A clerk selling for the group draws from the allocation, not from general sale.
    hold = holds.hold_general_admission(
        db, staff.clerk, ev.id, ev.tiers["Standing"], 3, allocation=made.id
    )
    checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "ga-alloc-1")
    (listed,) = allocations.list_allocations(db, staff.clerk, ev.id)
    assert (listed.sold, listed.remaining) == (3, 1)
    assert _left(db, staff, ev.id, "Standing") == 6
    with pytest.raises(SoldOut, match="Only 1 places left in the allocation"):
        holds.hold_general_admission(
            db, staff.clerk, ev.id, ev.tiers["Standing"], 2, allocation=made.id
        )
    # One cart sells from one source only.
    general = holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Standing"], 1)
    with pytest.raises(ValidationError, match="one allocation"):
        holds.hold_general_admission(
            db, staff.clerk, ev.id, ev.tiers["Standing"], 1, general.hold_id, allocation=made.id
        )
    check_invariants(db, ev.id)


def test_an_unsold_desk_hold_goes_back_to_the_allocation_and_returning_frees_the_rest(
    db: Database, staff: Staff
) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 10),))
    tier = ev.tiers["Standing"]
    made = allocations.place_ga_allocation(
        db, staff.manager, ev.id, _allocation_type(db, staff), tier, "Phone", 5
    )
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, tier, 2, allocation=made.id)
    holds.release_seats(db, staff.clerk, hold.hold_id)
    assert allocations.list_allocations(db, staff.clerk, ev.id)[0].remaining == 5
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, tier, 2, allocation=made.id)
    expire_hold(db, hold.hold_id)  # reclaimed by the next GA hold of the event
    holds.hold_general_admission(db, staff.clerk2, ev.id, tier, 1)
    assert allocations.list_allocations(db, staff.clerk, ev.id)[0].remaining == 5
    check_invariants(db, ev.id)

    with pytest.raises(PermissionDenied):
        allocations.return_ga_allocation(db, staff.clerk, made.id, 2)
    with pytest.raises(ValidationError, match="fewer than 9"):
        allocations.return_ga_allocation(db, staff.manager, made.id, 9)
    shrunk = allocations.return_ga_allocation(db, staff.manager, made.id, 2)
    assert (shrunk.size, shrunk.remaining) == (3, 3)
    assert _left(db, staff, ev.id, "Standing") == 10 - 1 - 3
    closed = allocations.return_ga_allocation(db, staff.manager, made.id)
    assert closed.returned and closed.remaining == 0
    assert _left(db, staff, ev.id, "Standing") == 9
    with pytest.raises(SoldOut, match="returned to general sale"):
        holds.hold_general_admission(db, staff.clerk, ev.id, tier, 1, allocation=made.id)
    check_invariants(db, ev.id)


def test_a_cancelled_allocation_ticket_and_a_due_allocation_return_to_general_sale(
    db: Database, staff: Staff
) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 6),))
    tier = ev.tiers["Standing"]
    later = utcnow() + timedelta(hours=2)
    made = allocations.place_ga_allocation(
        db, staff.manager, ev.id, _allocation_type(db, staff), tier, "Agent", 4, release_at=later
    )
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, tier, 1, allocation=made.id)
    ref = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "ga-alloc-2")
    bookings.cancel_booking(db, staff.manager, ref.reference, "changed plans")
    assert _left(db, staff, ev.id, "Standing") == 2 + 1  # the cancelled place: general sale
    check_invariants(db, ev.id)
    # The release time passes: the next GA hold returns the 3 undrawn places first.
    past = utcnow() - timedelta(seconds=1)
    db.run(lambda s: s.execute(update(HouseHold).values(release_at=past)))
    assert allocations.list_allocations(db, staff.clerk, ev.id)[0].remaining == 0
    holds.hold_general_admission(db, staff.clerk, ev.id, tier, 6)
    assert allocations.list_allocations(db, staff.clerk, ev.id)[0].returned
    check_invariants(db, ev.id)


def test_placing_refuses_what_it_cannot_do(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 5), ("Seated", "30.00", 5)))
    kind = _allocation_type(db, staff)
    house_type = next(t.id for t in house.list_hold_types(db, staff.clerk) if t.name == "House")
    tier = ev.tiers["Standing"]
    with pytest.raises(PermissionDenied):
        allocations.place_ga_allocation(db, staff.clerk, ev.id, kind, tier, "Phone", 1)
    with pytest.raises(ValidationError, match="not an allocation"):
        allocations.place_ga_allocation(db, staff.manager, ev.id, house_type, tier, "Phone", 1)
    with pytest.raises(ValidationError, match="who the allocation is for"):
        allocations.place_ga_allocation(db, staff.manager, ev.id, kind, tier, " ", 1)
    with pytest.raises(ValidationError, match="between 1"):
        allocations.place_ga_allocation(db, staff.manager, ev.id, kind, tier, "Phone", 0)
    with pytest.raises(SoldOut, match="Only 5"):
        allocations.place_ga_allocation(db, staff.manager, ev.id, kind, tier, "Phone", 6)
    with pytest.raises(NotFound):
        allocations.place_ga_allocation(db, staff.manager, ev.id, kind, 999_999, "Phone", 1)
    allocations.place_ga_allocation(db, staff.manager, ev.id, kind, tier, "Phone", 2)
    grown = allocations.place_ga_allocation(db, staff.manager, ev.id, kind, tier, "Phone", 1)
    assert grown.size == 3
    with pytest.raises(ValidationError, match="another tier"):
        allocations.place_ga_allocation(
            db, staff.manager, ev.id, kind, ev.tiers["Seated"], "Phone", 1
        )
    seated = make_seated_event(db)
    with pytest.raises(ValidationError, match="numbered seats"):
        allocations.place_ga_allocation(
            db, staff.manager, seated.id, kind, seated.tiers["Front"], "Phone", 1
        )
    check_invariants(db, ev.id)


@pytest.mark.mysql
def test_desks_drawing_at_once_never_overdraw_an_allocation(mysql_url: str) -> None:
    from tests.conftest import _empty_tables

    db = Database(mysql_url)
    _empty_tables(db)
    staff = make_staff(db)
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 12),))
    tier = ev.tiers["Standing"]
    made = allocations.place_ga_allocation(
        db, staff.manager, ev.id, _allocation_type(db, staff), tier, "Phone", 5
    )
    start = threading.Barrier(4)
    won: list[str] = []
    errors: list[BaseException] = []

    def desk(n: int) -> None:
        own = Database(mysql_url)
        actor = staff.clerk if n % 2 else staff.clerk2
        try:
            start.wait()
            for k in range(3):
                try:
                    hold = holds.hold_general_admission(
                        own, actor, ev.id, tier, 1, allocation=made.id
                    )
                    checkout.checkout(own, actor, hold.hold_id, cash(hold.total), f"d{n}-{k}")
                    won.append(hold.hold_id)
                except SoldOut:
                    pass
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [], errors
    assert len(won) == 5  # 12 attempts, 5 places: exactly the allocation, never more
    (listed,) = allocations.list_allocations(db, staff.clerk, ev.id)
    assert (listed.sold, listed.remaining) == (5, 0)
    assert _left(db, staff, ev.id, "Standing") == 7
    check_invariants(db, ev.id)
    db.dispose()
