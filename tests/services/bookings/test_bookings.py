"""Booking management: lookup, lists, cancellation, exchange, permissions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Booking, Event, Payment, Refund
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import (
    Conflict,
    HoldExpired,
    NotFound,
    PaymentError,
    PermissionDenied,
    SalesClosed,
    ValidationError,
)
from boxoffice.domain.tender import CashTender
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import (
    SeatedEvent,
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


def _sell(
    db: Database, actor: Actor, ev: SeatedEvent, *seats: str, key: str = ""
) -> checkout.BookingResult:
    hold = holds.hold_seats(db, actor, ev.id, ev.ids(*seats))
    return checkout.checkout(db, actor, hold.hold_id, cash(hold.total), key or "-".join(seats))


def _money(db: Database, model: type, booking_id: int) -> Decimal:
    return Decimal(
        db.run(
            lambda s: s.scalar(
                select(func.coalesce(func.sum(model.amount), 0)).where(
                    model.booking_id == booking_id
                )
            )
        )
    ).quantize(Decimal("0.01"))


def test_get_booking_forgives_how_the_reference_is_typed(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "A2")
    typed = sold.reference.lower().replace("-", " ").replace("0", "o")
    detail = bookings.get_booking(db, staff.clerk, typed)
    assert detail.id == sold.booking_id
    assert detail.event_title == "Test Play"
    assert [t.seat_label for t in detail.tickets] == ["Stalls A1", "Stalls A2"]
    assert detail.total == Decimal("100.00") == detail.paid
    assert detail.clerk == "clerk" and detail.status == "confirmed"
    with pytest.raises(NotFound):
        bookings.get_booking(db, staff.clerk, "ZZZZ-ZZZZ")
    with pytest.raises(ValidationError):
        bookings.get_booking(db, staff.clerk, "   ")


def test_references_with_look_alikes_are_found(db: Database, staff: Staff) -> None:
    """5 typed as S finds a new reference; an old reference that holds an S is still found."""
    ev = make_seated_event(db)
    new = _sell(db, staff.clerk, ev, "A1")
    old = _sell(db, staff.clerk, ev, "A2")
    db.run(
        lambda s: s.execute(
            update(Booking).where(Booking.id == new.booking_id).values(reference="7K5Q-MX21")
        )
    )
    db.run(
        lambda s: s.execute(
            update(Booking).where(Booking.id == old.booking_id).values(reference="7KSQ-MX20")
        )
    )
    assert bookings.get_booking(db, staff.clerk, "7ksq mx2l").id == new.booking_id
    assert bookings.get_booking(db, staff.clerk, "7K5Q-MX2O").id == old.booking_id
    assert bookings.get_booking(db, staff.clerk, "7KSQ-MX20").id == old.booking_id
    found = bookings.search_bookings(db, staff.manager, "7ksqmx")
    assert {b.reference for b in found} == {"7K5Q-MX21", "7KSQ-MX20"}


def test_cancel_booking_frees_seats_and_refunds(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "B1")
    refunded = bookings.cancel_booking(db, staff.clerk, sold.reference, "Changed plans")
    assert refunded == Decimal("100.00")
    assert _money(db, Refund, sold.booking_id) == Decimal("100.00")
    detail = bookings.get_booking(db, staff.clerk, sold.reference)
    assert detail.status == "cancelled"
    assert {t.status for t in detail.tickets} == {"cancelled"}
    assert set(seat_statuses(db, ev.id).values()) == {"available"}
    audit = db.run(
        lambda s: s.scalar(select(func.count()).where(AuditLog.action == "booking.cancel"))
    )
    assert audit == 1
    check_invariants(db, ev.id)
    # The freed seats sell again.
    again = _sell(db, staff.clerk2, ev, "A1", key="again")
    assert again.booking_id != sold.booking_id
    with pytest.raises(Conflict, match="already cancelled"):
        bookings.cancel_booking(db, staff.clerk, sold.reference)
    check_invariants(db, ev.id)


def test_cancel_single_tickets_then_the_last(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "C1", "C2")
    first, second, third = sold.ticket_ids
    assert bookings.cancel_tickets(db, staff.clerk, sold.reference, [second]) == Decimal("30.00")
    detail = bookings.get_booking(db, staff.clerk, sold.reference)
    assert detail.status == "confirmed"
    assert [t.status for t in detail.tickets] == ["valid", "cancelled", "valid"]
    assert seat_statuses(db, ev.id)[ev.seats["C1"]] == "available"
    with pytest.raises(Conflict, match="already cancelled"):
        bookings.cancel_tickets(db, staff.clerk, sold.reference, [second])
    with pytest.raises(NotFound):
        bookings.cancel_tickets(db, staff.clerk, sold.reference, [first, 999999])
    bookings.cancel_tickets(db, staff.clerk, sold.reference, [first, third])
    assert bookings.get_booking(db, staff.clerk, sold.reference).status == "cancelled"
    assert _money(db, Refund, sold.booking_id) == Decimal("110.00")
    check_invariants(db, ev.id)


def test_used_ticket_is_not_cancelled(db: Database, staff: Staff) -> None:
    from boxoffice.db.models import Ticket

    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "A2")
    used = sold.ticket_ids[0]
    db.run(lambda s: s.execute(update(Ticket).where(Ticket.id == used).values(status="used")))
    with pytest.raises(Conflict, match="used at the door"):
        bookings.cancel_booking(db, staff.clerk, sold.reference)
    with pytest.raises(Conflict, match="used at the door"):
        bookings.cancel_tickets(db, staff.clerk, sold.reference, [used])
    bookings.cancel_tickets(db, staff.clerk, sold.reference, [sold.ticket_ids[1]])
    # One ticket was used: the booking stays confirmed with nothing left to cancel.
    assert bookings.get_booking(db, staff.clerk, sold.reference).status == "confirmed"
    check_invariants(db, ev.id)


def test_no_cancelling_after_the_event_started(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1")
    past = db.run(lambda s: s.scalar(select(Event.starts_at).where(Event.id == ev.id)))
    db.run(
        lambda s: s.execute(
            update(Event)
            .where(Event.id == ev.id)
            .values(starts_at=past - timedelta(days=8), ends_at=past - timedelta(days=7))
        )
    )
    with pytest.raises(SalesClosed, match="already started"):
        bookings.cancel_booking(db, staff.clerk, sold.reference)


def test_permissions(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "A2")
    with pytest.raises(PermissionDenied):
        bookings.search_bookings(db, staff.clerk, "")
    # A clerk changes the bookings they sold; a colleague's needs a manager.
    with pytest.raises(PermissionDenied, match="another clerk"):
        bookings.cancel_tickets(db, staff.clerk2, sold.reference, [sold.ticket_ids[0]])
    bookings.cancel_tickets(db, staff.clerk, sold.reference, [sold.ticket_ids[0]])
    assert bookings.cancel_booking(db, staff.manager, sold.reference) == Decimal("50.00")


def test_lists_and_search(db: Database, staff: Staff) -> None:
    from boxoffice.services.people.customers import create_customer

    ev = make_seated_event(db)
    alice = create_customer(db, staff.clerk, "Alice Example", "alice@example.com")
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    mine = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "a", alice.id)
    other = _sell(db, staff.clerk2, ev, "B1")
    listed = bookings.customer_bookings(db, staff.clerk, alice.id)
    assert [b.reference for b in listed] == [mine.reference]
    assert listed[0].ticket_count == 2 and listed[0].customer_name == "Alice Example"
    recent = bookings.list_recent_bookings(db, staff.clerk, 10)
    assert [b.reference for b in recent] == [other.reference, mine.reference]
    found = bookings.search_bookings(db, staff.manager, "alice")
    assert [b.reference for b in found] == [mine.reference]
    by_ref = bookings.search_bookings(db, staff.manager, other.reference[:6].lower())
    assert other.reference in [b.reference for b in by_ref]
    assert bookings.search_bookings(db, staff.manager, "100%") == []
    bookings.cancel_booking(db, staff.clerk2, other.reference)
    cancelled = bookings.search_bookings(db, staff.manager, status="cancelled", event_id=ev.id)
    assert [b.reference for b in cancelled] == [other.reference]
    # Counted sold / checked in / cancelled, and worth its total less the refund.
    row = cancelled[0]
    assert (row.sold, row.checked_in, row.cancelled, row.ticket_count) == (1, 0, 1, 0)
    assert row.total == row.refunded > 0 and row.net_total == Decimal("0.00")
    detail = bookings.get_booking(db, staff.manager, other.reference)
    assert detail.summary() == row
    with pytest.raises(ValidationError, match="status"):
        bookings.search_bookings(db, staff.manager, status="lost")


def test_exchange_for_dearer_seats_charges_the_difference(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "C1", "C2")  # 2 × 30
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))  # 2 × 50
    with pytest.raises(PaymentError):
        bookings.exchange_seats(db, staff.clerk, sold.reference, sold.ticket_ids, hold.hold_id)
    tender = [CashTender(Decimal("40.00"), Decimal("50.00"))]
    detail = bookings.exchange_seats(
        db, staff.clerk, sold.reference, sold.ticket_ids, hold.hold_id, tender, "ex-1"
    )
    assert detail.total == Decimal("100.00")
    assert sorted(t.seat_label for t in detail.valid_tickets) == ["Stalls A1", "Stalls A2"]
    assert _money(db, Payment, sold.booking_id) == Decimal("100.00")
    states = seat_statuses(db, ev.id)
    assert states[ev.seats["C1"]] == "available" and states[ev.seats["A1"]] == "sold"
    # A retry after a lost reply changes nothing.
    again = bookings.exchange_seats(
        db, staff.clerk, sold.reference, sold.ticket_ids, hold.hold_id, tender, "ex-1"
    )
    assert again == detail
    assert _money(db, Payment, sold.booking_id) == Decimal("100.00")
    check_invariants(db, ev.id)


def test_exchange_for_cheaper_seats_refunds(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "A2", "A3")
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("D5"))
    with pytest.raises(ValidationError, match="Nothing to pay"):
        bookings.exchange_seats(
            db, staff.clerk, sold.reference, [sold.ticket_ids[2]], hold.hold_id, cash(Decimal(5))
        )
    detail = bookings.exchange_seats(
        db, staff.clerk, sold.reference, [sold.ticket_ids[2]], hold.hold_id
    )
    assert detail.total == Decimal("130.00")
    assert _money(db, Refund, sold.booking_id) == Decimal("20.00")
    assert len(detail.valid_tickets) == 3
    check_invariants(db, ev.id)


def test_exchange_errors(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    other = make_seated_event(db, title="Elsewhere")
    sold = _sell(db, staff.clerk, ev, "A1")
    foreign = holds.hold_seats(db, staff.clerk, other.id, other.ids("A1"))
    with pytest.raises(ValidationError, match="same event"):
        bookings.exchange_seats(db, staff.clerk, sold.reference, sold.ticket_ids, foreign.hold_id)
    lapsed = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("B1"))
    expire_hold(db, lapsed.hold_id)
    with pytest.raises(HoldExpired):
        bookings.exchange_seats(db, staff.clerk, sold.reference, sold.ticket_ids, lapsed.hold_id)
    check_invariants(db, ev.id)


def test_cancel_booking_in_for_event_cancellation(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sell(db, staff.clerk, ev, "A1", "A2")
    with pytest.raises(PermissionDenied):
        db.run(lambda s: bookings.cancel_booking_in(s, staff.clerk, sold.booking_id, "x"))
    amount = db.run(lambda s: bookings.cancel_booking_in(s, staff.manager, sold.booking_id, "x"))
    assert amount == Decimal("100.00")
    again = db.run(lambda s: bookings.cancel_booking_in(s, staff.manager, sold.booking_id, "x"))
    assert again == 0
    check_invariants(db, ev.id)
