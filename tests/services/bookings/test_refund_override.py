"""A manager's override of the refund method (issue 14): money paid by card handed back as cash
from the manager's till, with a reason, audited; a clerk cannot, and an empty reason is refused.
The books still balance (`db check`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Payment, Refund, TillMovement
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.domain.tender import CardTender, Tender
from boxoffice.domain.till import MovementKind
from boxoffice.services import bookings
from boxoffice.services.integrity import check_database
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.till import open_session
from tests.services.sales_support import SeatedEvent, Staff, make_seated_event, make_staff

D = Decimal
CASH = PaymentMethodKind.CASH
CARD = "4242424242424242"


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _sold_by_card(db: Database, staff: Staff, ev: SeatedEvent, key: str) -> checkout.BookingResult:
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    paid: list[Tender] = [CardTender(hold.total, CARD, 12, 2035, "123", "Ann Smith")]
    return checkout.checkout(db, staff.clerk, hold.hold_id, paid, key)


def _refunds(db: Database, booking_id: int) -> list[tuple[str, Decimal, str]]:
    return [
        (r.method, r.amount, r.gateway_ref)
        for r in db.run(
            lambda s: s.execute(
                select(Refund.method, Refund.amount, Refund.gateway_ref).where(
                    Refund.booking_id == booking_id
                )
            ).all()
        )
    ]


def test_a_manager_refunds_a_card_booking_in_cash(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sold_by_card(db, staff, ev, "override-1")
    open_session(db, staff.manager, {"20": 5})
    back = bookings.cancel_booking(
        db, staff.manager, sold.reference, "  card   stolen ", refund_by=CASH
    )
    assert back == sold.total > 0
    assert _refunds(db, sold.booking_id) == [("cash", sold.total, "")]
    card = db.run(lambda s: s.scalars(select(Payment.method)).all())
    assert card == ["card"]  # the payment stays a card payment; only the refund is cash
    moves = db.run(
        lambda s: s.execute(
            select(TillMovement.kind, TillMovement.amount, TillMovement.booking_id)
        ).all()
    )
    assert [tuple(m) for m in moves if m[0] == MovementKind.REFUND.value] == [
        (MovementKind.REFUND.value, sold.total, sold.booking_id)
    ]
    rows = db.run(
        lambda s: s.execute(
            select(AuditLog.staff_user_id, AuditLog.detail).where(
                AuditLog.action == "payment.refund_override"
            )
        ).all()
    )
    assert len(rows) == 1
    who, detail = rows[0]
    assert who == staff.manager.user_id
    assert "card stolen" in str(detail) and "'card'" in str(detail).replace('"', "'")
    assert "'cash'" in str(detail).replace('"', "'")
    report = check_database(db, SYSTEM, None)
    assert [(f.check, f.rows) for f in report.findings] == []


def test_per_ticket_override_and_the_rest_goes_back_to_the_card(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sold_by_card(db, staff, ev, "override-2")
    open_session(db, staff.manager, {"20": 5})
    one = bookings.cancel_tickets(
        db, staff.manager, sold.reference, [sold.ticket_ids[0]], "card expired", refund_by=CASH
    )
    rest = bookings.cancel_booking(db, staff.manager, sold.reference, "plans changed")
    methods = sorted((m, a) for m, a, _ in _refunds(db, sold.booking_id))
    assert methods == sorted([("cash", one), ("card", rest)])
    assert one + rest == sold.total
    report = check_database(db, SYSTEM, None)
    assert [(f.check, f.rows) for f in report.findings] == []


def test_a_clerk_cannot_override_and_a_reason_is_required(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    sold = _sold_by_card(db, staff, ev, "override-3")
    open_session(db, staff.clerk, {"20": 5})
    with pytest.raises(PermissionDenied):
        bookings.cancel_booking(db, staff.clerk, sold.reference, "card gone", refund_by=CASH)
    with pytest.raises(ValidationError, match="why"):
        bookings.cancel_booking(db, staff.manager, sold.reference, "   ", refund_by=CASH)
    with pytest.raises(ValidationError, match="cash only"):
        bookings.cancel_booking(
            db, staff.manager, sold.reference, "x", refund_by=PaymentMethodKind.VOUCHER
        )
    with pytest.raises(ValidationError, match="not both"):
        bookings.cancel_booking(
            db, staff.manager, sold.reference, "x", refund_by=CASH, to_voucher=True
        )
    assert _refunds(db, sold.booking_id) == []  # nothing happened
    assert bookings.get_booking(db, staff.clerk, sold.reference).status == "confirmed"
