"""General admission: tier capacities never oversold; expired holds come back without a job."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Hold, PriceTier, Ticket
from boxoffice.domain.errors import (
    HoldExpired,
    NotFound,
    SoldOut,
    ValidationError,
)
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    Staff,
    cash,
    check_invariants,
    expire_hold,
    make_ga_event,
    make_staff,
)


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _ga_sold(db: Database, tier_id: int) -> int:
    return int(db.run(lambda s: s.scalar(select(PriceTier.ga_sold).where(PriceTier.id == tier_id))))


def test_hold_and_sell_general_admission(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db)
    standing = ev.tiers["Standing"]
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, standing, 3)
    assert hold.quantity == 3 and hold.total == Decimal("60.00") and hold.seat_ids == ()
    more = holds.hold_general_admission(db, staff.clerk, ev.id, standing, 2, hold.hold_id)
    assert more.hold_id == hold.hold_id and more.quantity == 5
    tiers = {t.id: t for t in catalog.get_event(db, staff.clerk2, ev.id).tiers}
    assert tiers[standing].ga_available == 5
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(more.total), "ga-1")
    assert len(result.ticket_ids) == 5 and result.total == Decimal("100.00")
    assert _ga_sold(db, standing) == 5
    detail = catalog.get_event(db, staff.clerk, ev.id)
    assert detail.available == 10 and detail.general_admission
    check_invariants(db, ev.id)


def test_capacity_is_never_exceeded(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db)
    early = ev.tiers["Early"]
    holds.hold_general_admission(db, staff.clerk, ev.id, early, 4)
    with pytest.raises(SoldOut, match="Only 1 place left in Early"):
        holds.hold_general_admission(db, staff.clerk2, ev.id, early, 2)
    last = holds.hold_general_admission(db, staff.clerk2, ev.id, early, 1)
    with pytest.raises(SoldOut, match="Early is sold out"):
        holds.hold_general_admission(db, staff.clerk2, ev.id, early, 1)
    holds.release_seats(db, staff.clerk2, last.hold_id)
    assert _ga_sold(db, early) == 4
    check_invariants(db, ev.id)


def test_expired_ga_hold_comes_back_without_a_job(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db)
    early = ev.tiers["Early"]
    lapsed = holds.hold_general_admission(
        db, staff.clerk, ev.id, early, 5, hold_for=timedelta(minutes=5)
    )
    with pytest.raises(SoldOut):
        holds.hold_general_admission(db, staff.clerk2, ev.id, early, 1)
    expire_hold(db, lapsed.hold_id)
    # The catalog counts the lapsed places as free before anyone reclaims them...
    tiers = {t.id: t for t in catalog.get_event(db, staff.clerk2, ev.id).tiers}
    assert tiers[early].ga_available == 5
    assert catalog.available_counts(db, staff.clerk2, [ev.id]) == {ev.id: 15}
    # ...and the next hold reclaims them in its own transaction.
    fresh = holds.hold_general_admission(db, staff.clerk2, ev.id, early, 5)
    assert fresh.quantity == 5
    assert _ga_sold(db, early) == 5
    with pytest.raises(HoldExpired):
        checkout.checkout(db, staff.clerk, lapsed.hold_id, cash(lapsed.total), "late")
    with pytest.raises(HoldExpired):
        holds.hold_general_admission(db, staff.clerk, ev.id, early, 1, lapsed.hold_id)
    check_invariants(db, ev.id)


def test_cancel_gives_places_back(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db)
    standing = ev.tiers["Standing"]
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, standing, 4)
    sold = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "ga")
    bookings.cancel_tickets(db, staff.clerk, sold.reference, sold.ticket_ids[:1])
    assert _ga_sold(db, standing) == 3
    detail = bookings.get_booking(db, staff.clerk, sold.reference)
    assert [t.seat_label for t in detail.tickets] == ["Standing"] * 4
    bookings.cancel_booking(db, staff.clerk, sold.reference)
    assert _ga_sold(db, standing) == 0
    check_invariants(db, ev.id)


def test_ga_input_errors(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db)
    other = make_ga_event(db)
    with pytest.raises(ValidationError):
        holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Standing"], -1)
    with pytest.raises(ValidationError):
        holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Standing"], 0)
    with pytest.raises(NotFound):
        holds.hold_general_admission(db, staff.clerk, ev.id, other.tiers["Standing"], 1)
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Standing"], 1)
    with pytest.raises(ValidationError, match="one general-admission tier"):
        holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Early"], 1, hold.hold_id)
    with pytest.raises(ValidationError, match="released as a whole"):
        holds.release_seats(db, staff.clerk, hold.hold_id, [1])


@pytest.mark.slow
def test_concurrent_ga_sales_never_oversell(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 25),))
    tier = ev.tiers["Standing"]
    sold: list[int] = []
    refused: list[int] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def desk(n: int) -> None:
        actor = staff.clerk if n % 2 else staff.clerk2
        barrier.wait()
        for i in range(6):
            quantity = 1 + (n + i) % 3
            try:
                hold = holds.hold_general_admission(
                    db,
                    actor,
                    ev.id,
                    tier,
                    quantity,
                    hold_for=timedelta(milliseconds=30) if i % 3 == 2 else None,
                )
                if i % 3 == 2:
                    continue  # left to run out: the next holds must reclaim it
                checkout.checkout(db, actor, hold.hold_id, cash(hold.total), f"{n}-{i}")
                sold.append(quantity)
            except SoldOut:
                refused.append(quantity)
            except HoldExpired:
                pass
            except Exception as exc:  # collected: the assertion names it
                errors.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(sold) <= 25
    assert refused, "the capacity was reached"
    tickets = db.run(lambda s: s.scalar(select(func.count()).where(Ticket.tier_id == tier)))
    assert tickets == sum(sold)
    check_invariants(db, ev.id)
    # Whatever expired and was not reclaimed yet still counts, and nothing more.
    held = db.run(lambda s: s.scalar(select(func.coalesce(func.sum(Hold.quantity), 0))))
    assert _ga_sold(db, tier) == sum(sold) + held
