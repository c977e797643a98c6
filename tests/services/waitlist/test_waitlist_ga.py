"""Waiting lists of general-admission events: places that come free are offered in order as a
GA hold for the customer; an offer runs out to the next; taking it fills the cart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from boxoffice.db.database import Database
from boxoffice.db.models import Hold, WaitlistEntry
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.services import waitlist
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.events import allocations, house
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import Staff, cash, check_invariants, make_ga_event, make_staff
from tests.services.waitlist.support import customers, entry_rows, offer_mails


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _sold_out(db: Database, staff: Staff, places: int = 4) -> tuple[int, int, list[str]]:
    """A GA event of one tier with every place sold, two per booking: (event, tier, refs)."""
    ev = make_ga_event(db, tiers=(("Standing", "20.00", places),))
    tier = ev.tiers["Standing"]
    refs = []
    for n in range(places // 2):
        hold = holds.hold_general_admission(db, staff.clerk, ev.id, tier, 2)
        refs.append(
            checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), f"w{n}").reference
        )
    return ev.id, tier, refs


def _run_out(db: Database, hold_id: str) -> None:
    past = utcnow() - timedelta(seconds=1)

    def work(s: object) -> None:
        s.execute(  # type: ignore[attr-defined]
            update(WaitlistEntry)
            .where(WaitlistEntry.hold_id == hold_id)
            .values(offer_expires_at=past)
        )
        s.execute(update(Hold).where(Hold.id == hold_id).values(expires_at=past))  # type: ignore[attr-defined]

    db.run(work)


def test_cancelled_places_are_offered_in_order_and_taken_into_the_cart(
    db: Database, staff: Staff
) -> None:
    event_id, tier, refs = _sold_out(db, staff)
    ann, ben, cat = customers(db, "Ann", "Ben", "Cat")
    waitlist.add_to_waitlist(db, staff.clerk, event_id, ann, 3)  # more than will come free
    waitlist.add_to_waitlist(db, staff.clerk, event_id, ben, 2, tier_id=tier)
    waitlist.add_to_waitlist(db, staff.clerk, event_id, cat, 1)

    bookings.cancel_booking(db, staff.clerk, refs[0], "returned")  # 2 places come free

    statuses = [st for _c, st, _h in entry_rows(db, event_id)]
    assert statuses == ["waiting", "offered", "waiting"]  # Ann wants 3: Ben's 2 fit
    assert offer_mails(db) == ["ben@example.com"]
    shown = waitlist.event_waitlist(db, staff.clerk, event_id)
    assert shown[1].offer_open and shown[0].position == 1
    with pytest.raises(Exception, match="sold out"):  # the offered places are held for Ben
        holds.hold_general_admission(db, staff.clerk2, event_id, tier, 1)
    check_invariants(db, event_id)

    cart = waitlist.take_offer(db, staff.clerk, shown[1].id)
    assert cart.quantity == 2 and cart.seat_ids == ()
    checkout.checkout(db, staff.clerk, cart.hold_id, cash(cart.total), "ga-offer-take")
    assert [st for _c, st, _h in entry_rows(db, event_id)] == ["waiting", "taken", "waiting"]
    check_invariants(db, event_id)


def test_an_expired_ga_offer_passes_on_and_removing_an_offer_frees_its_places(
    db: Database, staff: Staff
) -> None:
    event_id, _tier, refs = _sold_out(db, staff)
    ann, ben, cat = customers(db, "Ann", "Ben", "Cat")
    for who in (ann, ben, cat):
        waitlist.add_to_waitlist(db, staff.clerk, event_id, who, 2)
    bookings.cancel_booking(db, staff.clerk, refs[1], "")
    ann_hold = entry_rows(db, event_id)[0][2]
    assert ann_hold is not None
    _run_out(db, ann_hold)
    assert waitlist.sweep(db, SYSTEM).offers == 1
    rows = entry_rows(db, event_id)
    assert [st for _c, st, _h in rows] == ["expired", "offered", "waiting"]
    check_invariants(db, event_id)
    # Ben is taken off: his places go straight to Cat.
    waitlist.remove_from_waitlist(
        db, staff.clerk, waitlist.event_waitlist(db, staff.clerk, event_id)[0].id
    )
    assert [st for _c, st, _h in entry_rows(db, event_id)] == ["expired", "removed", "offered"]
    assert offer_mails(db) == ["ann@example.com", "ben@example.com", "cat@example.com"]
    check_invariants(db, event_id)


def test_places_of_a_returned_allocation_are_offered(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 3),))
    tier = ev.tiers["Standing"]
    kind = next(t.id for t in house.list_hold_types(db, staff.clerk) if t.allocation)
    made = allocations.place_ga_allocation(db, staff.manager, ev.id, kind, tier, "Phone", 3)
    (ann,) = customers(db, "Ann")
    waitlist.add_to_waitlist(db, staff.clerk, ev.id, ann, 2)
    assert entry_rows(db, ev.id)[0][1] == "waiting"
    allocations.return_ga_allocation(db, staff.manager, made.id, 2)
    assert entry_rows(db, ev.id)[0][1] == "offered"
    check_invariants(db, ev.id)
