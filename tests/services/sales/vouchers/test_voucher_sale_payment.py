"""A gift voucher sold at the desk is paid like a sale: cash into the till as a voucher sale
(in the drawer, not ticket revenue), cards through the gateway; the shift report counts it in
the takings and the expected cash, the sales report's ticket revenue does not, and a voucher
spent later is no cash; `db check` agrees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, TillMovement, VoucherPayment
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import PaymentDeclined, PaymentError, PermissionDenied
from boxoffice.domain.tender import CardTender, CashTender, Tender, VoucherTender
from boxoffice.services.integrity import check_database
from boxoffice.services.reports import sales_report
from boxoffice.services.reports.period import Period
from boxoffice.services.reports.shift import shift_report
from boxoffice.services.sales import holds, vouchers
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.till import current_session, open_session
from tests.services.sales_support import Staff, make_seated_event, make_staff

D = Decimal
CARD = "4242424242424242"


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def _clean(db: Database) -> None:
    report = check_database(db, SYSTEM, None)
    assert [(f.check, f.rows) for f in report.findings] == []


def test_cash_and_card_for_a_voucher_are_takings_not_ticket_revenue(
    db: Database, staff: Staff
) -> None:
    start = utcnow() - timedelta(minutes=1)
    open_session(db, staff.clerk, {"20": 5})  # a 100.00 float
    paid: list[Tender] = [
        CashTender(D("30.00"), D("50.00")),
        CardTender(D("20.00"), CARD, 12, 2035, "123", "Ann Smith"),
    ]
    v = vouchers.issue_voucher(db, staff.clerk, "50.00", tenders=paid, idempotency_key="gv-1")
    assert v.balance == D("50.00")
    rows = db.run(
        lambda s: s.execute(
            select(
                VoucherPayment.method, VoucherPayment.amount, VoucherPayment.change_due
            ).order_by(VoucherPayment.id)
        ).all()
    )
    assert [tuple(r) for r in rows] == [
        ("cash", D("30.00"), D("20.00")),
        ("card", D("20.00"), None),
    ]
    till = current_session(db, staff.clerk)
    assert till is not None
    assert till.totals.voucher_sales == D("30.00") and till.totals.sales == D("0.00")
    assert till.expected == D("130.00")
    movement = db.run(lambda s: s.execute(select(TillMovement.kind, TillMovement.reason)).one())
    assert tuple(movement) == ("voucher", f"Gift voucher {v.number}")

    # Spending the voucher on tickets is no cash: the drawer does not change.
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("C1"))  # 30.00
    checkout.checkout(db, staff.clerk, hold.hold_id, [VoucherTender(D("30.00"), v.code)], "spend")
    assert current_session(db, staff.clerk).expected == D("130.00")  # type: ignore[union-attr]

    shift = shift_report(db, staff.manager, staff.clerk.user_id or 0, start, utcnow())
    assert {(line.method, line.paid) for line in shift.voucher_lines} == {
        ("cash", D("30.00")),
        ("card", D("20.00")),
    }
    assert shift.vouchers_sold == D("50.00")
    assert shift.cash_taken == D("50.00") and shift.change_given == D("20.00")
    assert shift.expected_cash == D("30.00")
    assert shift.net == D("30.00")  # the booking paid by voucher, not the voucher sold
    today = datetime.now(UTC).date()
    report = sales_report(db, staff.manager, Period(today, today))
    assert {m.method: m.paid for m in report.methods} == {"voucher": D("30.00")}
    audit = db.run(
        lambda s: s.scalars(
            select(AuditLog.action).where(
                AuditLog.action.in_(("voucher.issue", "payment.voucher_sale"))
            )
        ).all()
    )
    assert sorted(audit) == ["payment.voucher_sale", "voucher.issue"]
    _clean(db)


def test_voucher_sale_payments_are_checked(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied):  # a clerk does not give vouchers away
        vouchers.issue_voucher(db, staff.clerk, "20.00")
    with pytest.raises(PaymentError, match="still to pay"):
        vouchers.issue_voucher(db, staff.clerk, "20.00", tenders=[CashTender(D("10"), D("10"))])
    gift = vouchers.issue_voucher(db, staff.manager, "20.00")  # given away: no payment
    with pytest.raises(PaymentError, match="cannot pay for another"):
        vouchers.issue_voucher(
            db, staff.clerk, "20.00", tenders=[VoucherTender(D("20.00"), gift.code)]
        )
    declined = CardTender(D("20.00"), "4000000000000002", 12, 2035, "123", "Ann Smith")
    with pytest.raises(PaymentDeclined, match="declined"):
        vouchers.issue_voucher(db, staff.clerk, "20.00", tenders=[declined])
    assert vouchers.voucher_report(db, staff.manager).issued_count == 1  # nothing half sold
    assert db.run(lambda s: s.scalars(select(VoucherPayment.id)).all()) == []
    _clean(db)


def test_the_till_report_and_z_report_show_voucher_sales(db: Database, staff: Staff) -> None:
    from boxoffice.services.till.report import till_sessions_report
    from boxoffice.services.till.z_report import z_lines

    start = utcnow() - timedelta(minutes=1)
    open_session(db, staff.clerk, {"20": 1})
    value = D("25.00")
    vouchers.issue_voucher(db, staff.clerk, value, tenders=[CashTender(value, value)])
    table = till_sessions_report(db, staff.manager, start, utcnow() + timedelta(minutes=1))
    names = [c.name for c in table.columns]
    [row] = table.rows
    assert row[names.index("Voucher sales")] == D("25.00")
    assert row[names.index("Cash sales")] == D("0.00")
    assert row[names.index("Expected")] == D("45.00")
    view = current_session(db, staff.clerk)
    assert view is not None
    lines = [(x.left, x.right) for x in z_lines(view)]
    assert any(left == "Gift vouchers sold" and "25.00" in right for left, right in lines)
