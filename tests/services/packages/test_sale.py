"""Selling a fixed package: one seat in every event, one transaction, prices split per event."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, EventSeat, Payment, Ticket
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.domain.tender import CashTender
from boxoffice.services import packages
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.packages.support import event_seat, make_season
from tests.services.sales_support import check_invariants, make_staff

D = Decimal


def test_the_same_seat_is_sold_in_every_event_and_the_price_split_adds_up(db: Database) -> None:
    staff = make_staff(db)
    season = make_season(db, nights=3)
    pid = packages.create_package(
        db, staff.manager, "Season 26", season.event_ids, {"Front": "100.00", "Back": "70.00"}
    )
    seat = season.seats["A3"]
    result = packages.sell_package(
        db, staff.clerk, pid, seat, [CashTender(D("100.00"), D("120.00"))], "pk-1"
    )
    assert result.total == D("100.00") and result.change_due == D("20.00")
    assert len(result.booking_ids) == 3 and len(result.ticket_ids) == 3

    def check(s):  # type: ignore[no-untyped-def]
        tickets = s.execute(
            select(Ticket.event_id, Ticket.price, EventSeat.seat_id, EventSeat.status)
            .join(EventSeat, EventSeat.id == Ticket.event_seat_id)
            .where(Ticket.id.in_(result.ticket_ids))
            .order_by(Ticket.event_id)
        ).all()
        assert [t[0] for t in tickets] == sorted(season.event_ids)
        assert {t[2] for t in tickets} == {seat} and {t[3] for t in tickets} == {"sold"}
        # pro rata to the tier prices (50 each night): 33.33, 33.33, remainder 33.34 last
        assert [t[1] for t in tickets] == [D("33.33"), D("33.33"), D("33.34")]
        totals = s.scalars(
            select(Booking.total)
            .where(Booking.id.in_(result.booking_ids))
            .order_by(Booking.event_id)
        ).all()
        assert sum(totals) == D("100.00")
        per_booking = s.execute(
            select(Payment.booking_id, Payment.amount, Payment.change_due).order_by(Payment.id)
        ).all()
        # Each night paid its share; the change handed back once, on the last.
        assert [(a, c) for _b, a, c in per_booking] == [
            (D("33.33"), D("0.00")),
            (D("33.33"), D("0.00")),
            (D("33.34"), D("20.00")),
        ]
        paid = s.scalar(
            select(func.sum(Payment.amount)).where(Payment.booking_id.in_(result.booking_ids))
        )
        assert paid == D("100.00")
        sold = s.scalars(select(Event.sold_count).where(Event.id.in_(season.event_ids))).all()
        assert sold == [1, 1, 1]

    db.run(check)
    for e in season.event_ids:
        check_invariants(db, e)
    from boxoffice.services.integrity.checks import booking_money

    assert db.run(booking_money) is None
    with pytest.raises(ValidationError, match="one payment method"):
        packages.sell_package(
            db, staff.clerk, pid, season.seats["A4"], [CashTender(D("50"), D("50"))] * 2, "pk-9"
        )
    again = packages.sell_package(
        db, staff.clerk, pid, seat, [CashTender(D("100.00"), D("120.00"))], "pk-1"
    )
    assert again.sale_id == result.sale_id  # a retry sells and charges nothing more


def test_a_seat_gone_in_one_event_sells_nothing_and_offers_the_best_free_seat(db: Database) -> None:
    staff = make_staff(db)
    season = make_season(db, nights=3)
    pid = packages.create_package(db, staff.manager, "Season", season.event_ids, {"Front": "90.00"})
    a1 = season.seats["A1"]
    # A single ticket for A1 on the last night only.
    hold = holds.hold_seats(
        db, staff.clerk2, season.event_ids[-1], [event_seat(db, season.event_ids[-1], a1)]
    )
    checkout.checkout(
        db, staff.clerk2, hold.hold_id, [CashTender(hold.total, hold.total)], "single"
    )
    with pytest.raises(packages.PackageSeatUnavailable) as caught:
        packages.sell_package(
            db, staff.clerk, pid, a1, [CashTender(D("90.00"), D("90.00"))], "pk-2"
        )
    assert "nothing was sold" in str(caught.value)
    assert caught.value.alternatives[0] == season.seats["A2"]  # front row, next seat
    counts = db.run(
        lambda s: s.scalar(
            select(func.count()).select_from(Booking).where(Booking.package_sale_id.is_not(None))
        )
    )
    assert counts == 0
    for e in season.event_ids:
        check_invariants(db, e)
    assert packages.best_seats(db, staff.clerk, pid)[0] == season.seats["A2"]


def test_bad_input_is_a_clear_message(db: Database) -> None:
    staff = make_staff(db)
    season = make_season(db, nights=2)
    with pytest.raises(PermissionDenied):
        packages.create_package(db, staff.clerk, "X", season.event_ids, {"Front": "1.00"})
    with pytest.raises(ValidationError, match="no tier named"):
        packages.create_package(db, staff.manager, "X", season.event_ids, {"Gold": "1.00"})
    with pytest.raises(ValidationError, match="negative"):
        packages.create_package(db, staff.manager, "X", season.event_ids, {"Front": "-1"})
    pid = packages.create_package(db, staff.manager, "X", season.event_ids, {"Front": "1.00"})
    with pytest.raises(ValidationError, match="already a package"):
        packages.create_package(db, staff.manager, "X", season.event_ids, {"Front": "1.00"})
    with pytest.raises(ValidationError, match="no price for Back"):
        packages.sell_package(
            db, staff.clerk, pid, season.seats["D1"], [CashTender(D("1.00"), D("1.00"))], "k"
        )


def test_renewal_holds_the_subscribers_seat_until_the_deadline(db: Database) -> None:
    staff = make_staff(db)
    old = make_season(db, nights=2)
    new = make_season(db, nights=2)  # another layout: seats do not carry over
    pid = packages.create_package(db, staff.manager, "S1", old.event_ids, {"Front": "80.00"})
    sold = packages.sell_package(
        db, staff.clerk, pid, old.seats["A1"], [CashTender(D("80.00"), D("80.00"))], "s1"
    )
    # The next season on the same layout: two more nights of the first season's layout.
    with pytest.raises(ValidationError):
        packages.create_renewal(
            db,
            staff.manager,
            pid,
            "S2",
            new.event_ids,
            {"Front": "85.00"},
            utcnow() + timedelta(days=3),
        )
    del new
    nxt = make_season_on(db, old)
    new_pid = packages.create_renewal(
        db, staff.manager, pid, "S2", nxt, {"Front": "85.00"}, utcnow() + timedelta(days=3)
    )
    # Someone else cannot take the subscriber's seat before the deadline ...
    with pytest.raises(packages.PackageSeatUnavailable):
        packages.sell_package(
            db, staff.clerk2, new_pid, old.seats["A1"], [CashTender(D("85.00"), D("85.00"))], "x"
        )
    # ... the subscriber renews in one action: same seat, new price.
    renewed = packages.renew(
        db, staff.clerk, sold.reference, [CashTender(D("85.00"), D("85.00"))], "r1"
    )
    assert renewed.total == D("85.00") and len(renewed.ticket_ids) == 2
    for e in nxt:
        check_invariants(db, e)


def make_season_on(db: Database, season) -> list[int]:  # type: ignore[no-untyped-def]
    """Two more events on *season*'s layout (next season)."""
    from tests.services.packages.support import clone_events

    return clone_events(db, season.event_ids[0], 2, first_day=30)
