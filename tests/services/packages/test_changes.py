"""Cancelling a season ticket wholly or per event, and exchanging a night for another date."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, EventSeat, PackageSale, Refund, Ticket
from boxoffice.domain.errors import Conflict, PermissionDenied, SeatUnavailable, ValidationError
from boxoffice.domain.tender import CashTender
from boxoffice.services import packages
from tests.services.packages.support import make_season
from tests.services.sales_support import check_invariants, make_staff

D = Decimal


def _sold(db: Database, nights: int = 3, in_package: int = 3):  # type: ignore[no-untyped-def]
    staff = make_staff(db)
    season = make_season(db, nights=nights)
    db.run(
        lambda s: s.execute(
            update(Event).where(Event.id.in_(season.event_ids)).values(title="Hamlet")
        )
    )
    pid = packages.create_package(
        db, staff.manager, "S", season.event_ids[:in_package], {"Front": "100.00"}
    )
    sale = packages.sell_package(
        db, staff.clerk, pid, season.seats["A1"], [CashTender(D("100.00"), D("100.00"))], "k"
    )
    return staff, season, sale


def _money_adds_up(db: Database) -> None:
    """The integrity check: each booking paid less refunded == the price of its live tickets."""
    from boxoffice.services.integrity.checks import booking_money

    assert db.run(booking_money) is None


def _refunded(db: Database) -> Decimal:
    total = db.run(lambda s: s.scalar(select(func.coalesce(func.sum(Refund.amount), 0))))
    return Decimal(total or 0)


def test_cancel_one_night_refunds_its_share_then_the_rest(db: Database) -> None:
    staff, season, sale = _sold(db)
    ev = season.event_ids
    assert packages.cancel_package(db, staff.clerk, sale.reference, [ev[1]]) == D("33.33")
    assert _refunded(db) == D("33.33")
    _money_adds_up(db)
    with pytest.raises(ValidationError):  # not a live night any more
        packages.cancel_package(db, staff.clerk, sale.reference, [ev[1]])
    with pytest.raises(PermissionDenied):  # another clerk's sale
        packages.cancel_package(db, staff.clerk2, sale.reference)
    assert packages.cancel_package(db, staff.clerk, sale.reference) == D("66.67")
    assert _refunded(db) == D("100.00")
    status = db.run(lambda s: s.scalar(select(PackageSale.status)))
    assert status == "cancelled"
    with pytest.raises(Conflict):
        packages.cancel_package(db, staff.clerk, sale.reference)
    for e in ev:
        check_invariants(db, e)
    _money_adds_up(db)
    free = db.run(
        lambda s: s.scalar(
            select(func.count()).where(
                EventSeat.seat_id == season.seats["A1"], EventSeat.status == "available"
            )
        )
    )
    assert free == 3  # sellable again every night


def test_exchange_moves_a_night_to_another_date_with_the_same_seat(db: Database) -> None:
    staff, season, sale = _sold(db, nights=3, in_package=2)
    first, second, spare = season.event_ids
    new_booking = packages.exchange_night(db, staff.clerk, sale.reference, first, spare)

    def check(s):  # type: ignore[no-untyped-def]
        live = s.execute(
            select(Ticket.event_id, EventSeat.seat_id, Ticket.price)
            .join(EventSeat, EventSeat.id == Ticket.event_seat_id)
            .join(Booking, Booking.id == Ticket.booking_id)
            .where(Booking.package_sale_id == sale.sale_id, Ticket.status == "valid")
            .order_by(Ticket.event_id)
        ).all()
        assert [(e, seat) for e, seat, _p in live] == [
            (second, season.seats["A1"]),
            (spare, season.seats["A1"]),
        ]
        assert sum(p for _e, _s, p in live) == D("100.00")  # no money changed hands
        moved = s.get(Booking, new_booking)
        assert (moved.package_sale_id, moved.event_id) == (sale.sale_id, spare)

    db.run(check)
    for e in season.event_ids:
        check_invariants(db, e)
    _money_adds_up(db)
    with pytest.raises(ValidationError, match="already a night"):
        packages.exchange_night(db, staff.clerk, sale.reference, spare, second)


def test_exchange_to_a_taken_seat_changes_nothing(db: Database) -> None:
    staff, season, sale = _sold(db, nights=3, in_package=2)
    first, _second, spare = season.event_ids
    pid2 = packages.create_package(db, staff.manager, "Other", [spare], {"Front": "10.00"})
    packages.sell_package(
        db, staff.clerk2, pid2, season.seats["A1"], [CashTender(D("10.00"), D("10.00"))], "o"
    )
    with pytest.raises(SeatUnavailable):
        packages.exchange_night(db, staff.clerk, sale.reference, first, spare)
    for e in season.event_ids:
        check_invariants(db, e)
