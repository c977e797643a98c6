"""Exchanges priced through the pricing seam (types carried over, fees, tax) and refunds the
clerk puts onto a new gift voucher (exchange and cancellation): the books balance (`db check`)
and the voucher holds what was refunded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Refund, TicketType, TillMovement
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.domain.tender import CardTender, CashTender, Tender
from boxoffice.domain.voucher import VoucherMovementKind as Kind
from boxoffice.services import bookings, events
from boxoffice.services.events import FeeSetup, PricingSetup
from boxoffice.services.integrity import check_database
from boxoffice.services.sales import holds, set_ticket_type, vouchers
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.till import open_session
from tests.services.sales_support import (
    SeatedEvent,
    Staff,
    cash,
    check_invariants,
    make_seated_event,
    make_staff,
)

D = Decimal
CARD = "4242424242424242"


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _priced_event(db: Database) -> tuple[SeatedEvent, dict[str, int]]:
    """Front 50 / Back 30, Child half price, a 1.50 booking fee per ticket that is not
    refundable, a refundable 2.00 order fee, 20 % tax added to the prices."""
    ev = make_seated_event(db)
    tiers = [t[0] for t in events.pricing_rules(db, SYSTEM, ev.id).tiers]
    setup = PricingSetup(
        types=events.standard_types(tiers),
        fees=(
            FeeSetup("Booking fee", FeePer.TICKET, D("1.50"), refundable=False),
            FeeSetup("Handling", FeePer.ORDER, D("2.00"), refundable=True),
        ),
        tax_name="VAT 20%",
        tax_percent=D("20.00"),
        prices_include_tax=False,
    )
    events.save_pricing_rules(db, SYSTEM, ev.id, setup)
    rows = db.run(
        lambda s: s.execute(
            select(TicketType.name, TicketType.id).where(TicketType.event_id == ev.id)
        ).all()
    )
    return ev, {name: type_id for name, type_id in rows}


def _balanced(db: Database) -> None:
    report = check_database(db, SYSTEM, None)
    assert {"booking_money", "voucher_balances"} <= set(report.ran)
    assert [(f.check, f.rows) for f in report.findings] == []


def _voucher_of_refunds(db: Database, booking_id: int) -> list[tuple[str, str, Decimal]]:
    return [
        tuple(r)
        for r in db.run(
            lambda s: s.execute(
                select(Refund.method, Refund.gateway_ref, Refund.amount)
                .where(Refund.booking_id == booking_id)
                .order_by(Refund.id)
            ).all()
        )
    ]


def test_exchange_keeps_the_ticket_types_and_prices_fees_and_tax(
    db: Database, staff: Staff
) -> None:
    ev, types = _priced_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1", "C2"))
    hold = set_ticket_type(db, staff.clerk, hold.hold_id, types["Child"], ev.ids("C1", "C2"))
    # 2 x (15 + 1.50) + 2.00 = 35.00, tax 7.00
    assert hold.total == D("42.00")
    sold = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "types-1")
    new = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    quote = bookings.quote_exchange(db, staff.clerk, sold.reference, sold.ticket_ids, new.hold_id)
    assert quote is not None
    # Back: each Child 19.80 less its fee kept with tax (1.80) = 18.00. New: Child of the
    # Front tier 25.00 + 20 % tax, no second booking fee, no second order fee.
    assert quote.returned.total == D("36.00")
    assert quote.bought.total == D("60.00")
    assert [line.ticket_type.name for line in quote.bought.lines if line.ticket_type] == [
        "Child",
        "Child",
    ]
    assert quote.difference == D("24.00")
    card: list[Tender] = [CardTender(D("24.00"), CARD, 12, 2035, "123", "Ann Smith")]
    detail = bookings.exchange_seats(
        db, staff.clerk, sold.reference, sold.ticket_ids, new.hold_id, card, "types-ex"
    )
    assert detail.total == D("66.00")
    assert sorted(t.ticket_type for t in detail.valid_tickets) == ["Child", "Child"]
    assert sorted(t.price for t in detail.valid_tickets) == [D("30.00"), D("30.00")]
    _balanced(db)
    # Cancelling now gives back the new tickets and the order fee; the fees kept stay kept.
    back = bookings.cancel_booking(db, staff.clerk, sold.reference, "changed plans")
    assert back == D("60.00") + D("2.40")
    _balanced(db)
    check_invariants(db, ev.id)


def test_cheaper_exchange_refunds_onto_a_new_voucher(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    open_session(db, staff.clerk, {"20": 5})
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))  # 2 x 50
    sold = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "to-v-1")
    new = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1", "C2"))  # 2 x 30
    detail = bookings.exchange_seats(
        db, staff.clerk, sold.reference, sold.ticket_ids, new.hold_id, to_voucher=True
    )
    assert detail.total == D("60.00")
    [(method, number, amount)] = _voucher_of_refunds(db, sold.booking_id)
    assert (method, amount) == ("voucher", D("40.00")) and number.startswith("V-")
    assert [r.voucher for r in detail.refunds] == [number]
    voucher = vouchers.voucher_info(db, staff.clerk, number)
    assert voucher.balance == voucher.value == D("40.00")
    assert [(m.kind, m.amount) for m in voucher.movements] == [(Kind.REFUND, D("40.00"))]
    # No cash left the drawer: only the sale is in the till.
    kinds = db.run(lambda s: s.scalars(select(TillMovement.kind)).all())
    assert kinds == ["sale"]
    _balanced(db)
    # The voucher pays for another sale like any other.
    other = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("D1"))
    from boxoffice.domain.tender import VoucherTender

    paid: list[Tender] = [VoucherTender(D("30.00"), voucher.code)]
    checkout.checkout(db, staff.clerk, other.hold_id, paid, "spend-refund-voucher")
    assert vouchers.voucher_info(db, staff.clerk, number).balance == D("10.00")
    report = vouchers.voucher_report(db, staff.manager)
    assert report.credited == D("40.00") and report.redeemed == D("30.00")
    assert report.issued + report.credited - report.redeemed == (
        report.outstanding + report.expired_unspent
    )
    _balanced(db)


def test_cancellation_onto_a_new_voucher_whole_or_per_ticket(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2", "C1"))  # 50 + 50 + 30
    paid: list[Tender] = [
        CardTender(D("80.00"), CARD, 12, 2035, "123", "Ann Smith"),
        CashTender(D("50.00"), D("50.00")),
    ]
    sold = checkout.checkout(db, staff.clerk, hold.hold_id, paid, "cancel-v")
    one = bookings.cancel_tickets(
        db, staff.clerk, sold.reference, [sold.ticket_ids[2]], "swap", to_voucher=True
    )
    assert one == D("30.00")
    rest = bookings.cancel_booking(db, staff.clerk, sold.reference, "ill", to_voucher=True)
    assert rest == D("100.00")
    refunds = _voucher_of_refunds(db, sold.booking_id)
    assert {m for m, _n, _a in refunds} == {"voucher"}
    numbers = sorted({n for _m, n, _a in refunds})
    assert len(numbers) == 2  # one new voucher per cancellation
    balances = sorted(vouchers.voucher_info(db, staff.clerk, n).balance for n in numbers)
    assert balances == [D("30.00"), D("100.00")]
    audits = db.run(
        lambda s: s.scalars(select(AuditLog.action).where(AuditLog.action.like("voucher.%"))).all()
    )
    assert audits == ["voucher.refund_issue", "voucher.refund_issue"]
    _balanced(db)
    # Nothing is left to refund: the original payments are used up by the voucher refunds.
    with pytest.raises(Exception, match="already cancelled"):
        bookings.cancel_booking(db, staff.clerk, sold.reference)
    check_invariants(db, ev.id)
