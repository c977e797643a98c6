"""Two cancellations (and sweeps) at once on MariaDB: no seat is offered twice, no entry gets two
offers, nothing leaks to the user."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import EventSeat, WaitlistEntry
from boxoffice.domain.actor import SYSTEM
from boxoffice.services import waitlist
from boxoffice.services.bookings import manage as bookings
from tests.services.sales_support import Staff, check_invariants, make_staff
from tests.services.waitlist.support import customers, sold_out_event

ROUNDS = 4


@pytest.fixture
def mysql_db(mysql_url: str) -> Iterator[Database]:
    from tests.conftest import _empty_tables

    db = Database(mysql_url)
    _empty_tables(db)
    yield db
    db.dispose()


def _at_once(jobs: list[Callable[[], object]]) -> list[Exception]:
    barrier = threading.Barrier(len(jobs))
    errors: list[Exception] = []

    def go(job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            job()
        except Exception as exc:  # collected: the assertion names it
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _offers(db: Database, event_id: int) -> dict[str, list[int]]:
    """Live offers of the event: hold id -> the seats that hold holds."""

    def work(s: object) -> dict[str, list[int]]:
        holds = s.scalars(  # type: ignore[attr-defined]
            select(WaitlistEntry.hold_id).where(
                WaitlistEntry.event_id == event_id, WaitlistEntry.status == "offered"
            )
        ).all()
        out: dict[str, list[int]] = {}
        for h in holds:
            out[h] = sorted(
                s.scalars(  # type: ignore[attr-defined]
                    select(EventSeat.id).where(EventSeat.hold_id == h, EventSeat.status == "held")
                ).all()
            )
        return out

    return db.run(work)


def _statuses(db: Database, event_id: int) -> list[str]:
    return list(
        db.run(
            lambda s: s.scalars(
                select(WaitlistEntry.status).where(WaitlistEntry.event_id == event_id)
            ).all()
        )
    )


@pytest.mark.mysql
@pytest.mark.slow
@pytest.mark.parametrize("waiting", [1, 3])
def test_two_cancellations_at_once_never_offer_a_seat_twice(
    mysql_db: Database, waiting: int
) -> None:
    db = mysql_db
    staff: Staff = make_staff(db)
    for round_ in range(ROUNDS):
        house = sold_out_event(db, staff.clerk, per_row=4)
        people = customers(db, *[f"R{round_}W{n}" for n in range(waiting)])
        for who in people:
            waitlist.add_to_waitlist(db, staff.clerk, house.event.id, who, 1)
        refs = house.references
        errors = _at_once(
            [
                partial(bookings.cancel_booking, db, staff.clerk, refs["A1"], "x"),
                partial(bookings.cancel_booking, db, staff.manager, refs["A3"], "y"),
                partial(waitlist.sweep, db, SYSTEM),
            ]
        )
        assert errors == [], (
            round_,
            [repr(e) for e in errors],
            [repr(e.__cause__) for e in errors],
        )
        offers = _offers(db, house.event.id)
        seats = [s for held in offers.values() for s in held]
        assert len(offers) == min(waiting, 2)  # one offer per entry, as many as seats came back
        assert all(len(held) == 1 for held in offers.values())
        assert len(seats) == len(set(seats))  # no seat in two offers
        assert set(seats) <= set(house.event.ids("A1", "A3"))
        states: Counter[str] = Counter(_statuses(db, house.event.id))
        assert states == Counter({"offered": min(waiting, 2), "waiting": waiting - min(waiting, 2)})
        check_invariants(db, house.event.id)


@pytest.mark.mysql
@pytest.mark.slow
def test_sweeps_racing_after_offers_ran_out_hand_each_seat_to_one_customer(
    mysql_db: Database,
) -> None:
    db = mysql_db
    staff: Staff = make_staff(db)
    house = sold_out_event(db, staff.clerk, per_row=4)
    people = customers(db, *[f"S{n}" for n in range(6)])
    for who in people:
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, who, 1)
    for label in ("A1", "A2"):
        bookings.cancel_booking(db, staff.clerk, house.references[label], "")
    from tests.services.waitlist.test_waitlist import _run_out

    for hold_id in _offers(db, house.event.id):
        _run_out(db, hold_id)
    errors = _at_once([lambda: waitlist.sweep(db, SYSTEM) for _ in range(4)])
    assert errors == []
    offers = _offers(db, house.event.id)
    seats = [s for held in offers.values() for s in held]
    assert len(offers) == 2 and sorted(seats) == sorted(house.event.ids("A1", "A2"))
    check_invariants(db, house.event.id)


@pytest.mark.mysql
def test_ga_places_freed_at_once_are_offered_once_within_capacity(mysql_db: Database) -> None:
    """General admission: two cancellations and a sweep at once never offer more places than
    came free, nor one entry twice (the tier's and the entry's conditional UPDATEs)."""
    from boxoffice.db.models import Hold, PriceTier
    from boxoffice.services.sales import holds
    from boxoffice.services.sales import purchase as checkout
    from tests.services.sales_support import cash, make_ga_event

    db = mysql_db
    staff: Staff = make_staff(db)
    ev = make_ga_event(db, tiers=(("Standing", "20.00", 4),))
    tier = ev.tiers["Standing"]
    refs = []
    for n in range(4):
        hold = holds.hold_general_admission(db, staff.clerk, ev.id, tier, 1)
        refs.append(checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), f"g{n}"))
    people = customers(db, "GA1", "GA2", "GA3")
    for who in people:
        waitlist.add_to_waitlist(db, staff.clerk, ev.id, who, 1)
    errors = _at_once(
        [
            partial(bookings.cancel_booking, db, staff.clerk, refs[0].reference, "x"),
            partial(bookings.cancel_booking, db, staff.manager, refs[1].reference, "y"),
            partial(waitlist.sweep, db, SYSTEM),
        ]
    )
    assert errors == [], [repr(e) for e in errors]
    assert Counter(_statuses(db, ev.id)) == Counter({"offered": 2, "waiting": 1})
    offered = db.run(
        lambda s: s.scalar(
            select(func.sum(Hold.quantity)).where(
                Hold.id.in_(select(WaitlistEntry.hold_id).where(WaitlistEntry.event_id == ev.id))
            )
        )
    )
    assert offered == 2
    assert db.run(lambda s: s.scalar(select(PriceTier.ga_sold).where(PriceTier.id == tier))) == 4
    check_invariants(db, ev.id)
