"""Sixteen desks (threads, real MariaDB) race for a code limited to N uses: exactly N sales get
it, the others are refused with a message, and nothing else goes wrong."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, DiscountCode, DiscountRedemption
from boxoffice.domain.discount import CodeRefused
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales.discount_codes.support import make_code
from tests.services.sales_support import cash, make_seated_event, make_staff

DESKS = 16
LIMIT = 5


@pytest.mark.mysql
def test_desks_racing_for_a_limited_code_never_over_redeem(mysql_url: str) -> None:
    db = Database(mysql_url)
    try:
        _race(db)
    finally:
        db.dispose()


def _race(db: Database) -> None:
    from tests.conftest import _empty_tables

    _empty_tables(db)
    staff = make_staff(db)
    ev = make_seated_event(db, rows=4, per_row=8)
    make_code(db, staff.manager, "RACE", kind="fixed", value="5", use_limit=LIMIT)
    seats = sorted(ev.seats.values())[:DESKS]
    held = [holds.hold_seats(db, staff.clerk, ev.id, [seat]) for seat in seats]
    barrier = threading.Barrier(DESKS)
    won: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def desk(i: int) -> None:
        hold = held[i]
        total = hold.total - Decimal("5.00")
        barrier.wait()
        try:
            result = checkout.checkout(
                db, staff.clerk, hold.hold_id, cash(total), f"race-{i}", codes=["RACE"]
            )
            won.append(result.booking_id)
        except CodeRefused as exc:
            refused.append(exc.message)
        except BaseException as exc:  # collected: the assertion names it
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(DESKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(won) == LIMIT and len(refused) == DESKS - LIMIT
    uses, redemptions, bookings = db.run(
        lambda s: (
            s.scalar(select(DiscountCode.uses)),
            s.scalar(select(func.count()).select_from(DiscountRedemption)),
            s.scalar(select(func.count()).select_from(Booking)),
        )
    )
    assert uses == redemptions == bookings == LIMIT
