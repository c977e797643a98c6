"""Consistency rules of discount codes and gift vouchers (part of ``boxoffice db check``)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from boxoffice.db.models import (
    DiscountCode,
    DiscountCodeCustomer,
    DiscountRedemption,
    GiftVoucher,
    Payment,
    Refund,
    VoucherMovement,
    VoucherPayment,
)
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.services.integrity.findings import CAP, Finding, finding

ZERO = Decimal("0.00")


def code_use_counts(s: Session) -> Finding | None:
    """A code's use count is its redemptions not given back (and likewise per customer)."""
    held = (
        select(DiscountRedemption.code_id, func.count().label("n"))
        .where(DiscountRedemption.released_at.is_(None))
        .group_by(DiscountRedemption.code_id)
        .subquery()
    )
    actual = func.coalesce(held.c.n, 0)
    rows: list[tuple[object, ...]] = [
        tuple(row)
        for row in s.execute(
            select(DiscountCode.id, DiscountCode.code, DiscountCode.uses, actual)
            .outerjoin(held, held.c.code_id == DiscountCode.id)
            .where(DiscountCode.uses != actual)
            .order_by(DiscountCode.id)
            .limit(CAP)
        )
    ]
    per = (
        select(DiscountRedemption.code_id, DiscountRedemption.customer_id, func.count().label("n"))
        .where(
            DiscountRedemption.released_at.is_(None),
            DiscountRedemption.customer_id.is_not(None),
        )
        .group_by(DiscountRedemption.code_id, DiscountRedemption.customer_id)
        .subquery()
    )
    customer_actual = func.coalesce(per.c.n, 0)
    rows += [
        (code_id, f"customer {customer_id}", uses, n)
        for code_id, customer_id, uses, n in s.execute(
            select(
                DiscountCodeCustomer.code_id,
                DiscountCodeCustomer.customer_id,
                DiscountCodeCustomer.uses,
                customer_actual,
            )
            .outerjoin(
                per,
                (per.c.code_id == DiscountCodeCustomer.code_id)
                & (per.c.customer_id == DiscountCodeCustomer.customer_id),
            )
            .where(DiscountCodeCustomer.uses != customer_actual)
            .limit(CAP)
        )
    ]
    return finding(
        "code_use_counts",
        "discount codes whose use count differs from their redemptions",
        rows,
        "discount_code {0} ({1}): uses {2}, redemptions {3}",
    )


def voucher_balances(s: Session) -> Finding | None:
    """A voucher's balance is the sum of its movements, its redemptions and refunds match the
    voucher payments and refunds recorded on bookings, and a voucher sold was paid its value."""
    moved = (
        select(VoucherMovement.voucher_id, func.sum(VoucherMovement.amount).label("amount"))
        .group_by(VoucherMovement.voucher_id)
        .subquery()
    )
    total = func.coalesce(moved.c.amount, literal(ZERO))
    rows = [
        (i, n, f"balance {b}", f"movements {Decimal(m).quantize(ZERO)}")
        for i, n, b, m in s.execute(
            select(GiftVoucher.id, GiftVoucher.number, GiftVoucher.balance, total)
            .outerjoin(moved, moved.c.voucher_id == GiftVoucher.id)
            .where(GiftVoucher.balance != total)
            .order_by(GiftVoucher.id)
            .limit(CAP)
        )
        if Decimal(b).quantize(ZERO) != Decimal(m).quantize(ZERO)
    ]
    voucher = PaymentMethodKind.VOUCHER.value
    spent = s.scalar(
        select(func.coalesce(func.sum(VoucherMovement.amount), literal(ZERO))).where(
            VoucherMovement.booking_id.is_not(None)
        )
    )
    paid = s.scalar(
        select(func.coalesce(func.sum(Payment.amount), literal(ZERO))).where(
            Payment.method == voucher
        )
    )
    back = s.scalar(
        select(func.coalesce(func.sum(Refund.amount), literal(ZERO))).where(
            Refund.method == voucher
        )
    )
    net = Decimal(paid or ZERO) - Decimal(back or ZERO)
    used = -Decimal(spent or ZERO)
    if used.quantize(ZERO) != net.quantize(ZERO):
        rows.append(("all", "vouchers", f"spent on bookings {used}", f"paid {net}"))
    # A voucher sold at the desk was paid its value, never by another voucher.
    taken = (
        select(
            VoucherPayment.voucher_id,
            func.sum(VoucherPayment.amount).label("amount"),
            func.sum(case((VoucherPayment.method == voucher, 1), else_=0)).label("by_voucher"),
        )
        .group_by(VoucherPayment.voucher_id)
        .subquery()
    )
    rows += [
        (i, n, f"value {v}", f"paid {Decimal(a).quantize(ZERO)}, by voucher {int(b)}")
        for i, n, v, a, b in s.execute(
            select(
                GiftVoucher.id,
                GiftVoucher.number,
                GiftVoucher.value,
                taken.c.amount,
                taken.c.by_voucher,
            )
            .join(taken, taken.c.voucher_id == GiftVoucher.id)
            .where((taken.c.amount != GiftVoucher.value) | (taken.c.by_voucher > 0))
            .order_by(GiftVoucher.id)
            .limit(CAP)
        )
    ]
    return finding(
        "voucher_balances",
        "gift vouchers whose balance differs from their movements (or from voucher payments)",
        rows,
        "gift_voucher {0} ({1}): {2}, {3}",
    )
