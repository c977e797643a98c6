"""Discount codes end to end on both backends: the cart quote, the use counted at checkout, the
reasons a code is refused, per-customer limits and a cancellation giving the use back."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import DiscountCode, DiscountRedemption
from boxoffice.domain.clock import utcnow
from boxoffice.domain.discount import CodeRefused
from boxoffice.domain.errors import Conflict, PermissionDenied, ValidationError
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import discount_codes as dc
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales.discount_codes.support import make_code, make_customer
from tests.services.sales_support import Staff, cash, make_ga_event, make_seated_event, make_staff


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _uses(db: Database, code: str) -> int:
    found = db.run(lambda s: s.scalar(select(DiscountCode.uses).where(DiscountCode.code == code)))
    assert found is not None
    return found


def test_code_prices_the_cart_and_is_counted_once_at_checkout(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)  # Front 50.00 (rows A-B), Back 30.00
    make_code(db, staff.manager, "spring10", use_limit=5)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "C1"))
    priced = dc.price_hold(db, staff.clerk, hold.hold_id, [" spring10 "])
    assert priced is not None and priced.total == Decimal("72.00")
    assert {a.label for a in priced.quote.adjustments} == {"Code SPRING10"}
    result = checkout.checkout(
        db, staff.clerk, hold.hold_id, cash(priced.total), "k1", codes=["SPRING10"]
    )
    assert result.total == Decimal("72.00")
    assert _uses(db, "SPRING10") == 1
    [red] = dc.code_redemptions(db, staff.manager, "spring10")
    assert red.booking_reference == result.reference and red.amount == Decimal("8.00")
    # The same checkout again (a retry) counts nothing more.
    again = checkout.checkout(
        db, staff.clerk, hold.hold_id, cash(priced.total), "k1", codes=["SPRING10"]
    )
    assert again.booking_id == result.booking_id and _uses(db, "SPRING10") == 1


def test_refusals_say_why(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    other = make_seated_event(db, title="Other")
    now = utcnow()
    make_code(db, staff.manager, "LATER", valid_from=now + timedelta(days=1))
    make_code(db, staff.manager, "OVER", valid_until=now - timedelta(days=1))
    make_code(db, staff.manager, "ELSEWHERE", event_ids=(other.id,))
    make_code(db, staff.manager, "BACKONLY", tier_ids=(ev.tiers["Back"],))
    make_code(db, staff.manager, "MEMBERS", per_customer_limit=1)
    make_code(db, staff.manager, "GONE")
    dc.disable_code(db, staff.manager, "gone")
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))

    def why(code: str) -> str:
        with pytest.raises(CodeRefused) as info:
            dc.price_hold(db, staff.clerk, hold.hold_id, [code])
        return info.value.message

    assert "no discount code NOPE" in why("nope")
    assert "valid only from" in why("later")
    assert "expired" in why("over")
    assert "not valid for this event" in why("elsewhere")
    assert "does not cover the tickets in the cart (only Back)" in why("backonly")
    assert "attach the customer" in why("members")
    assert "disabled" in why("gone")
    assert "is not a discount code" in why("a b")
    with pytest.raises(CodeRefused, match="Only one"):
        dc.price_hold(db, staff.clerk, hold.hold_id, ["LATER", "OVER"])


def test_use_limit_and_per_customer_limit(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    ada, bob = make_customer(db), make_customer(db, "Bob")
    make_code(db, staff.manager, "ONCEEACH", kind="fixed", value="5", per_customer_limit=1)
    make_code(db, staff.manager, "TWICE", use_limit=2)

    def sell(seat: str, code: str, key: str, customer: int | None = None) -> None:
        hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids(seat))
        priced = dc.price_hold(db, staff.clerk, hold.hold_id, [code], customer)
        assert priced is not None
        checkout.checkout(
            db, staff.clerk, hold.hold_id, cash(priced.total), key, customer, codes=[code]
        )

    sell("A1", "ONCEEACH", "a", ada)
    sell("A2", "ONCEEACH", "b", bob)
    with pytest.raises(CodeRefused, match="already used code ONCEEACH"):
        sell("A3", "ONCEEACH", "c", ada)
    sell("B1", "TWICE", "d")
    sell("B2", "TWICE", "e")
    with pytest.raises(CodeRefused, match="used up"):
        sell("B3", "TWICE", "f")
    assert _uses(db, "TWICE") == 2 and _uses(db, "ONCEEACH") == 2


def test_cancellation_gives_the_use_back_when_the_code_says_so(db: Database, staff: Staff) -> None:
    ev = make_ga_event(db)
    make_code(db, staff.manager, "BACK", applies="order", kind="fixed", value="15", use_limit=1)
    make_code(db, staff.manager, "KEEP", use_limit=1, cancel_returns_use=False)
    refs = {}
    for code in ("BACK", "KEEP"):
        hold = holds.hold_general_admission(db, staff.clerk, ev.id, ev.tiers["Standing"], 2)
        priced = dc.price_hold(db, staff.clerk, hold.hold_id, [code])
        assert priced is not None
        refs[code] = checkout.checkout(
            db, staff.clerk, hold.hold_id, cash(priced.total), code, codes=[code]
        )
    assert refs["BACK"].total == Decimal("25.00")  # 2 x 20.00 - 15.00
    refunded = bookings.cancel_booking(db, staff.clerk, refs["BACK"].reference, "test")
    assert refunded == Decimal("25.00")  # what was paid, discount kept off
    bookings.cancel_booking(db, staff.clerk, refs["KEEP"].reference, "test")
    assert _uses(db, "BACK") == 0 and _uses(db, "KEEP") == 1
    released = db.run(
        lambda s: s.scalar(
            select(func.count())
            .select_from(DiscountRedemption)
            .where(DiscountRedemption.released_at.is_not(None))
        )
    )
    assert released == 1


def test_manage_codes_checks_input_and_rights(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied):
        make_code(db, staff.clerk, "CLERKS")
    with pytest.raises(ValidationError, match="at most 100%"):
        make_code(db, staff.manager, "HUGE", value="150")
    make_code(db, staff.manager, "TWINS")
    with pytest.raises(Conflict, match="already a discount code TWINS"):
        make_code(db, staff.manager, "twins")
    codes = dc.list_codes(db, staff.manager)
    assert [c.code for c in codes] == ["TWINS"] and codes[0].amount_text == "10% off per ticket"
