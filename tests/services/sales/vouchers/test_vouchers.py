"""Gift vouchers on both backends: issue with a signed code, pay part of a sale, never more than
the balance, never after expiry, refunds go back onto the voucher, and the report adds up."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from boxoffice.db.database import Database
from boxoffice.db.models import GiftVoucher
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import PaymentError, PermissionDenied, ValidationError
from boxoffice.domain.tender import CashTender, Tender, VoucherTender
from boxoffice.domain.voucher import VoucherMovementKind as Kind
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.sales import holds, vouchers
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.vouchers import InvalidVoucherCode, voucher_code, voucher_id_of
from tests.services.sales_support import Staff, make_seated_event, make_staff

D = Decimal


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def test_signed_code_round_trips_and_refuses_tampering() -> None:
    code = voucher_code(123456)
    assert len(code.replace("-", "")) == 32
    assert voucher_id_of(code.lower().replace("-", " ")) == 123456
    flipped = ("B" if code[10] == "A" else "A").join((code[:10], code[11:]))
    with pytest.raises(InvalidVoucherCode):
        voucher_id_of(flipped)
    with pytest.raises(InvalidVoucherCode):
        voucher_id_of("7KQ4-MX2P")


def test_a_voucher_pays_part_of_a_sale_and_gets_refunds_back(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)  # Front 50.00
    v = vouchers.issue_voucher(db, staff.manager, "60.00", recipient="Grace")
    assert v.balance == v.value == D("60.00") and v.number.startswith("V-")
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))  # 100.00
    paid: list[Tender] = [VoucherTender(D("60.00"), v.code), CashTender(D("40.00"), D("50.00"))]
    result = checkout.checkout(db, staff.clerk, hold.hold_id, paid, "v1")
    assert result.change_due == D("10.00")
    assert vouchers.voucher_info(db, staff.clerk, v.number).balance == D("0.00")
    # Cancelling refunds the voucher part onto the voucher, the rest in cash.
    assert bookings.cancel_booking(db, staff.clerk, result.reference, "test") == D("100.00")
    after = vouchers.voucher_info(db, staff.clerk, v.code)
    assert after.balance == D("60.00")
    assert [m.kind for m in after.movements] == [Kind.ISSUE, Kind.REDEEM, Kind.REFUND]
    assert after.movements[1].booking_reference == result.reference


def test_never_more_than_the_balance_nor_after_expiry(db: Database, staff: Staff) -> None:
    ev = make_seated_event(db)
    v = vouchers.issue_voucher(db, staff.manager, "20.00", expires_at=utcnow() + timedelta(days=1))
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"))  # 30.00
    with pytest.raises(PaymentError, match=r"has only €20\.00 left"):
        checkout.checkout(db, staff.clerk, hold.hold_id, [VoucherTender(D("30.00"), v.code)], "x")
    db.run(
        lambda s: s.execute(update(GiftVoucher).values(expires_at=utcnow() - timedelta(minutes=1)))
    )
    paid: list[Tender] = [VoucherTender(D("10.00"), v.code), CashTender(D("20.00"), D("20.00"))]
    with pytest.raises(PaymentError, match="expired"):
        checkout.checkout(db, staff.clerk, hold.hold_id, paid, "y")
    assert vouchers.voucher_info(db, staff.clerk, v.number).balance == D("20.00")
    forged = v.code[:-3] + ("A" if v.code[-3] != "A" else "B") + v.code[-2:]
    with pytest.raises(PaymentError, match="not valid"):
        checkout.checkout(db, staff.clerk, hold.hold_id, [VoucherTender(D("30.00"), forged)], "z")


def test_issue_checks_input_and_the_report_adds_up(db: Database, staff: Staff) -> None:
    with pytest.raises(ValidationError):
        vouchers.issue_voucher(db, staff.manager, "0")
    with pytest.raises(ValidationError):
        vouchers.issue_voucher(db, staff.manager, "25", expires_at=utcnow() - timedelta(days=1))
    ev = make_seated_event(db)
    a = vouchers.issue_voucher(db, staff.manager, "25.00")
    vouchers.issue_voucher(db, staff.manager, "15.00")
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"))  # 30.00
    paid: list[Tender] = [VoucherTender(D("25.00"), a.code), CashTender(D("5.00"), D("5.00"))]
    checkout.checkout(db, staff.clerk, hold.hold_id, paid, "r1")
    with pytest.raises(PermissionDenied):
        vouchers.voucher_report(db, staff.clerk)
    report = vouchers.voucher_report(db, staff.manager)
    assert report.issued_count == 2 and report.issued == D("40.00")
    assert report.redeemed == D("25.00") and report.outstanding == D("15.00")
    assert report.issued - report.redeemed == report.outstanding + report.expired_unspent


def test_voucher_pdf_carries_the_signed_code_as_qr(db: Database, staff: Staff) -> None:
    from boxoffice.services.sales.vouchers import voucher_document, voucher_pdf

    v = vouchers.issue_voucher(db, staff.manager, "30.00", recipient="Ann")
    doc = voucher_document(vouchers.voucher_info(db, staff.clerk, v.number))
    texts = [getattr(item, "text", "") for item in doc.pages[0].items]
    assert v.number in texts and "€30.00" in texts and "For Ann" in texts
    assert voucher_id_of(v.code) == v.id and v.code.replace("-", "") in texts
    assert voucher_pdf(db, staff.clerk, v.code).startswith(b"%PDF")
