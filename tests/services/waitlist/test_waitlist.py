"""Waiting lists: queue, offer on cancellation and release, lazy expiry, sweep, take, remove."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from boxoffice.db.database import Database
from boxoffice.db.models import EventSeat, WaitlistEntry
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, HoldExpired, NotFound, ValidationError
from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.services import waitlist
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    Staff,
    cash,
    check_invariants,
    make_ga_event,
    make_seated_event,
    make_staff,
    seat_statuses,
)
from tests.services.waitlist.support import (
    customers,
    entry_rows,
    offer_mails,
    seats_of_hold,
    sold_out_event,
)


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _run_out(db: Database, hold_id: str) -> None:
    """The offer's time passes (entry and seats alike)."""
    past = utcnow() - timedelta(seconds=1)

    def work(s: object) -> None:
        s.execute(  # type: ignore[attr-defined]
            update(WaitlistEntry)
            .where(WaitlistEntry.hold_id == hold_id)
            .values(offer_expires_at=past)
        )
        s.execute(  # type: ignore[attr-defined]
            update(EventSeat).where(EventSeat.hold_id == hold_id).values(hold_expires_at=past)
        )

    db.run(work)


def test_a_cancelled_seat_is_offered_to_the_first_waiting_customer(
    db: Database, staff: Staff
) -> None:
    house = sold_out_event(db, staff.clerk)
    ann, ben = customers(db, "Ann", "Ben")
    first = waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 1)
    second = waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ben, 1)
    assert (first.position, second.position) == (1, 2)
    assert first.status is WaitlistStatus.WAITING and offer_mails(db) == []

    bookings.cancel_booking(db, staff.clerk, house.references["A2"], "returned")

    (a_status, a_hold), (b_status, b_hold) = [
        (st, h) for _c, st, h in entry_rows(db, house.event.id)
    ]
    assert (a_status, b_status) == ("offered", "waiting") and b_hold is None
    assert a_hold is not None and seats_of_hold(db, a_hold) == house.event.ids("A2")
    assert offer_mails(db) == ["ann@example.com"]
    shown = waitlist.event_waitlist(db, staff.clerk, house.event.id)
    assert [v.status for v in shown] == [WaitlistStatus.OFFERED, WaitlistStatus.WAITING]
    assert shown[1].position == 1 and shown[0].offer_open
    check_invariants(db, house.event.id)


def test_an_expired_offer_passes_to_the_next_and_the_seat_is_never_offered_twice(
    db: Database, staff: Staff
) -> None:
    house = sold_out_event(db, staff.clerk)
    ann, ben = customers(db, "Ann", "Ben")
    for who in (ann, ben):
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, who, 1)
    bookings.cancel_booking(db, staff.clerk, house.references["A3"], "")
    ann_hold = entry_rows(db, house.event.id)[0][2]
    assert ann_hold is not None
    _run_out(db, ann_hold)
    # Lazily: the desk sees it as expired before any job ran.
    assert waitlist.event_waitlist(db, staff.clerk, house.event.id)[0].status is (
        WaitlistStatus.EXPIRED
    )
    result = waitlist.sweep(db, SYSTEM)
    assert result.offers == 1
    rows = entry_rows(db, house.event.id)
    assert [st for _c, st, _h in rows] == ["expired", "offered"]
    ben_hold = rows[1][2]
    assert ben_hold is not None and seats_of_hold(db, ben_hold) == house.event.ids("A3")
    assert seats_of_hold(db, ann_hold) == []
    with pytest.raises(Conflict):
        waitlist.take_offer(db, staff.clerk, _entry_id(db, ann_hold))
    assert offer_mails(db) == ["ann@example.com", "ben@example.com"]
    assert waitlist.sweep(db, SYSTEM).offers == 0  # nothing free, nothing offered again


def _entry_id(db: Database, hold_id: str) -> int:
    from sqlalchemy import select

    found = db.run(
        lambda s: s.scalar(select(WaitlistEntry.id).where(WaitlistEntry.hold_id == hold_id))
    )
    assert found is not None
    return int(found)


def test_the_desk_takes_an_offer_and_sells_it(db: Database, staff: Staff) -> None:
    house = sold_out_event(db, staff.clerk)
    (ann,) = customers(db, "Ann")
    entry = waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 2)
    bookings.cancel_booking(db, staff.clerk, house.references["A1"], "")
    assert entry_rows(db, house.event.id)[0][1] == "waiting"  # one seat free, two wanted
    bookings.cancel_booking(db, staff.clerk, house.references["A4"], "")
    assert entry_rows(db, house.event.id)[0][1] == "offered"

    info = waitlist.take_offer(db, staff.clerk2, entry.id)
    assert sorted(info.seat_ids) == sorted(house.event.ids("A1", "A4"))
    assert info.expires_at > utcnow() + timedelta(minutes=5)
    sale = checkout.checkout(db, staff.clerk2, info.hold_id, cash(info.total), "wl-take")
    assert sale.reference
    assert entry_rows(db, house.event.id)[0][1] == "taken"
    statuses = seat_statuses(db, house.event.id)
    assert all(statuses[s] == "sold" for s in house.event.ids("A1", "A4"))
    with pytest.raises(Conflict):
        waitlist.take_offer(db, staff.clerk2, entry.id)
    check_invariants(db, house.event.id)


def test_taking_an_offer_that_ran_out_is_refused(db: Database, staff: Staff) -> None:
    house = sold_out_event(db, staff.clerk)
    (ann,) = customers(db, "Ann")
    entry = waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 1)
    bookings.cancel_booking(db, staff.clerk, house.references["A1"], "")
    hold_id = entry_rows(db, house.event.id)[0][2]
    assert hold_id is not None
    _run_out(db, hold_id)
    with pytest.raises(HoldExpired):
        waitlist.take_offer(db, staff.clerk, entry.id)


def test_released_seats_and_a_removed_offer_go_down_the_list(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, rows=1, per_row=2, tiers=(("Stalls", "20.00", 99),))
    desk = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    ann, ben = customers(db, "Ann", "Ben")
    a = waitlist.add_to_waitlist(db, staff.clerk, ev.id, ann, 1)
    waitlist.add_to_waitlist(db, staff.clerk, ev.id, ben, 1)
    holds.release_seats(db, staff.clerk, desk.hold_id, ev.ids("A2"))
    assert [st for _c, st, _h in entry_rows(db, ev.id)] == ["offered", "waiting"]
    waitlist.remove_from_waitlist(db, staff.clerk, a.id)
    rows = entry_rows(db, ev.id)
    assert [st for _c, st, _h in rows] == ["removed", "offered"]
    assert rows[1][2] is not None and seats_of_hold(db, rows[1][2]) == ev.ids("A2")
    with pytest.raises(Conflict):
        waitlist.remove_from_waitlist(db, staff.clerk, a.id)


def test_a_tier_entry_waits_for_its_own_tier(db: Database, staff: Staff) -> None:
    ev = make_seated_event(
        db, rows=2, per_row=1, tiers=(("Front", "50.00", 1), ("Back", "30.00", 9))
    )
    refs = {}
    for label in ("A1", "B1"):
        hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids(label))
        refs[label] = checkout.checkout(
            db, staff.clerk, hold.hold_id, cash(hold.total), label
        ).reference
    ann, ben = customers(db, "Ann", "Ben")
    waitlist.add_to_waitlist(db, staff.clerk, ev.id, ann, 1, tier_id=ev.tiers["Front"])
    waitlist.add_to_waitlist(db, staff.clerk, ev.id, ben, 1)
    bookings.cancel_booking(db, staff.clerk, refs["B1"], "")
    assert [st for _c, st, _h in entry_rows(db, ev.id)] == ["waiting", "offered"]


def test_bad_requests_get_clear_messages(db: Database, staff: Staff) -> None:
    house = sold_out_event(db, staff.clerk, per_row=1)
    (ann,) = customers(db, "Ann")
    with pytest.raises(ValidationError):
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 0)
    with pytest.raises(NotFound):
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, 999_999, 1)
    with pytest.raises(NotFound):
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 1, tier_id=999_999)
    waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 1)
    with pytest.raises(Conflict, match="already on the waiting list"):
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, ann, 1)
    ga = make_ga_event(db)  # general admission has waiting lists too (test_waitlist_ga.py)
    with pytest.raises(NotFound):
        waitlist.add_to_waitlist(db, staff.clerk, ga.id, ann, 1, tier_id=999_999)
    assert [v.customer_name for v in waitlist.customer_waitlist(db, staff.clerk, ann)] == ["Ann"]


def test_the_cron_sweep_command_offers_seats_whose_desk_hold_ran_out(
    db_url: str, db: Database, staff: Staff, capsys: pytest.CaptureFixture[str]
) -> None:
    from boxoffice.cli import main
    from tests.services.sales_support import expire_hold

    ev = make_seated_event(db, rows=1, per_row=1, tiers=(("Stalls", "20.00", 99),))
    desk = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    (ann,) = customers(db, "Ann")
    waitlist.add_to_waitlist(db, staff.clerk, ev.id, ann, 1)
    expire_hold(db, desk.hold_id)  # the desk walked away: no code path freed the seat
    assert main(["--database-url", db_url, "waitlist", "sweep"]) == 0
    assert "1 offer made" in capsys.readouterr().out
    assert [st for _c, st, _h in entry_rows(db, ev.id)] == ["offered"]
    assert offer_mails(db) == ["ann@example.com"]


def test_seats_unblocked_in_the_layout_are_offered(db: Database, staff: Staff) -> None:
    from sqlalchemy import select

    from boxoffice.db.models import Seat
    from boxoffice.services.events.editor import create_event
    from boxoffice.services.venues import sections
    from tests.services.events.test_events_support import make_hall, seated_draft

    hall = make_hall(db)
    event_id = create_event(db, staff.manager, seated_draft(hall)).id
    pillar = db.run(
        lambda s: s.scalar(select(Seat.id).where(Seat.layout_id == hall.layout_id).limit(1))
    )
    assert pillar is not None
    sections.set_seat_flags(db, staff.manager, hall.layout_id, [pillar], blocked=True)
    free = [i for i, st in seat_statuses(db, event_id).items() if st == "available"]
    hold = holds.hold_seats(db, staff.clerk, event_id, free)
    checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "all-but-pillar")
    (ann,) = customers(db, "Ann")
    waitlist.add_to_waitlist(db, staff.clerk, event_id, ann, 1)
    assert [st for _c, st, _h in entry_rows(db, event_id)] == ["waiting"]

    sections.set_seat_flags(db, staff.manager, hall.layout_id, [pillar], blocked=False)

    (row,) = entry_rows(db, event_id)
    assert row[1] == "offered" and row[2] is not None
    pillar_seat = db.run(
        lambda s: s.scalar(
            select(EventSeat.id).where(EventSeat.event_id == event_id, EventSeat.seat_id == pillar)
        )
    )
    assert seats_of_hold(db, row[2]) == [pillar_seat]
    check_invariants(db, event_id)


def test_cancelling_the_event_closes_its_waiting_list(db: Database, staff: Staff) -> None:
    from boxoffice.services.events.editor import cancel_event

    house = sold_out_event(db, staff.clerk, per_row=2)
    ann, ben = customers(db, "Ann", "Ben")
    for who in (ann, ben):
        waitlist.add_to_waitlist(db, staff.clerk, house.event.id, who, 1)
    bookings.cancel_booking(db, staff.clerk, house.references["A1"], "")
    cancel_event(db, staff.manager, house.event.id, "storm")
    assert [st for _c, st, _h in entry_rows(db, house.event.id)] == ["removed", "removed"]
    assert waitlist.event_waitlist(db, staff.clerk, house.event.id) == []
