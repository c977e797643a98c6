"""Checkout: one transaction, idempotent, never sells a seat whose hold ran out."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Booking, Event, EventSeat, Hold, Payment, Ticket
from boxoffice.domain.errors import HoldExpired, NotFound, PaymentError, ValidationError
from boxoffice.domain.reference import normalise_reference
from boxoffice.domain.tender import CashTender
from boxoffice.services.sales import catalog, holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    Staff,
    cash,
    check_invariants,
    expire_hold,
    make_seated_event,
    make_staff,
    seat_statuses,
)


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _count(db: Database, model: type, *where: object) -> int:
    return int(db.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where))))


def test_checkout_sells_everything_in_one_go(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    before = catalog.seat_map(db, staff.clerk, ev.id)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "C1"))
    result = checkout.checkout(
        db, staff.clerk, hold.hold_id, [CashTender(Decimal("80.00"), Decimal("100.00"))], "key-1"
    )
    assert result.total == Decimal("80.00")
    assert result.change_due == Decimal("20.00")
    assert len(result.ticket_ids) == 2
    assert normalise_reference(result.reference) == result.reference
    states = seat_statuses(db, ev.id)
    assert states[ev.seats["A1"]] == states[ev.seats["C1"]] == "sold"
    assert _count(db, Hold) == 0
    assert _count(db, Payment, Payment.booking_id == result.booking_id) == 1
    assert _count(db, AuditLog, AuditLog.action == "booking.create") == 1
    sold, version = db.run(
        lambda s: s.execute(
            select(Event.sold_count, Event.seat_version).where(Event.id == ev.id)
        ).one()
    )
    assert sold == 2
    assert version == before.version + 2  # the hold and the sale
    changes = catalog.seat_changes(db, staff.clerk2, ev.id, before.version + 1)
    assert changes.version == version
    assert changes.states == {ev.seats["A1"]: "sold", ev.seats["C1"]: "sold"}
    check_invariants(db, ev.id)


def test_same_idempotency_key_gives_one_booking_and_one_payment(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("B2"))
    first = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "same-key")
    again = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "same-key")
    assert again == first
    assert _count(db, Booking) == 1
    assert _count(db, Payment) == 1


@pytest.mark.slow
def test_identical_checkouts_at_the_same_moment_book_once(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("B2", "B3"))
    results: list[checkout.BookingResult] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(4)

    def desk() -> None:
        barrier.wait()
        try:
            results.append(
                checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "twin-key")
            )
        except Exception as exc:  # collected: the assertion names it
            errors.append(exc)

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.booking_id for r in results}) == 1
    assert _count(db, Booking) == 1
    assert _count(db, Payment) == 1
    check_invariants(db, ev.id)


def test_key_reused_for_another_hold_returns_the_first_booking(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    first_hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    first = checkout.checkout(db, staff.clerk, first_hold.hold_id, cash(first_hold.total), "k")
    second_hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A2"))
    again = checkout.checkout(db, staff.clerk, second_hold.hold_id, cash(second_hold.total), "k")
    assert again == first
    # Nothing of the second sale was kept: its seats are still just held.
    assert seat_statuses(db, ev.id)[ev.seats["A2"]] == "held"
    check_invariants(db, ev.id)


def test_expired_hold_cannot_be_checked_out(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    hold = holds.hold_seats(
        db, staff.clerk, ev.id, ev.ids("A1"), hold_for=timedelta(milliseconds=50)
    )
    time.sleep(0.1)
    with pytest.raises(HoldExpired):
        checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "late")
    assert _count(db, Booking) == 0
    assert _count(db, Payment) == 0


def test_seats_taken_after_expiry_stay_with_the_new_desk(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    slow = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    expire_hold(db, slow.hold_id)
    quick = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A2"))
    sold = checkout.checkout(db, staff.clerk2, quick.hold_id, cash(quick.total), "quick")
    with pytest.raises(HoldExpired):
        checkout.checkout(db, staff.clerk, slow.hold_id, cash(slow.total), "slow")
    detail = db.run(
        lambda s: s.scalar(select(EventSeat.booking_id).where(EventSeat.id == ev.seats["A2"]))
    )
    assert detail == sold.booking_id
    check_invariants(db, ev.id)


def test_payment_error_leaves_nothing_behind(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    short = [CashTender(Decimal("10.00"), Decimal("10.00"))]
    with pytest.raises(PaymentError):
        checkout.checkout(db, staff.clerk, hold.hold_id, short, "short")
    assert _count(db, Booking) == 0 and _count(db, Ticket) == 0
    # The hold survived the failed payment: the desk can take the money again.
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "short")
    assert result.total == Decimal("50.00")


def test_checkout_checks_its_input(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    with pytest.raises(ValidationError, match="idempotency key"):
        checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "  ")
    with pytest.raises(NotFound, match="customer"):
        checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "c", customer_id=999)
    with pytest.raises(HoldExpired):
        checkout.checkout(db, staff.clerk, "no-such-hold", cash(hold.total), "x")


def test_checkout_after_the_event_was_cancelled_is_refused(db: Database, staff: Staff) -> None:
    from sqlalchemy import update

    from boxoffice.domain.errors import SalesClosed

    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    db.run(lambda s: s.execute(update(Event).where(Event.id == ev.id).values(status="cancelled")))
    with pytest.raises(SalesClosed):
        checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "gone")
    assert _count(db, Booking) == 0


def test_free_tickets_need_no_payment(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db, tiers=(("Guest", "0.00", 99),))
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    result = checkout.checkout(db, staff.clerk, hold.hold_id, [], "free")
    assert result.total == 0 and len(result.ticket_ids) == 1
    assert _count(db, Payment) == 0
