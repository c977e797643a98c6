"""Changing a voucher's balance inside the caller's transaction (checkout, refund).

Every change is one conditional UPDATE whose row count is checked: a redemption only if the
balance covers it and the voucher has not expired (``balance >= amount``), so two desks
spending the same voucher at once can never take it below zero; each change writes a movement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import GiftVoucher, VoucherMovement
from boxoffice.domain.errors import NotFound, PaymentError
from boxoffice.domain.money import format_money
from boxoffice.domain.reference import new_reference
from boxoffice.domain.voucher import VoucherMovementKind
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import rowcount
from boxoffice.services.sales.vouchers.codes import InvalidVoucherCode, voucher_id_of


@dataclass(frozen=True)
class VoucherRef:
    id: int
    number: str


def find(s: Session, code: str) -> VoucherRef:
    """The voucher a signed *code* names (PaymentError if the code is not one)."""
    try:
        voucher_id = voucher_id_of(code)
    except InvalidVoucherCode as exc:
        raise PaymentError(exc.message) from None
    number = s.scalar(select(GiftVoucher.number).where(GiftVoucher.id == voucher_id))
    if number is None:
        raise NotFound(_("This gift voucher does not exist (any more)."))
    return VoucherRef(voucher_id, number)


def find_by_number(s: Session, number: str) -> VoucherRef:
    voucher_id = s.scalar(select(GiftVoucher.id).where(GiftVoucher.number == number))
    if voucher_id is None:
        raise NotFound(_("There is no gift voucher {number}.").format(number=number))
    return VoucherRef(voucher_id, number)


def spend(
    s: Session,
    voucher: VoucherRef,
    amount: Decimal,
    booking_id: int,
    staff_id: int | None,
    now: datetime,
) -> None:
    """Take *amount* off the voucher for *booking_id*; PaymentError if it does not cover it."""
    taken = rowcount(
        s.execute(
            update(GiftVoucher)
            .where(
                GiftVoucher.id == voucher.id,
                GiftVoucher.balance >= amount,
                (GiftVoucher.expires_at.is_(None)) | (GiftVoucher.expires_at > now),
            )
            .values(balance=GiftVoucher.balance - amount)
            .execution_options(synchronize_session=False)
        )
    )
    if taken != 1:
        balance, expires = s.execute(
            select(GiftVoucher.balance, GiftVoucher.expires_at).where(GiftVoucher.id == voucher.id)
        ).one()
        if expires is not None and expires <= now:
            raise PaymentError(
                _("Gift voucher {number} expired on {expires:%Y-%m-%d}.").format(
                    number=voucher.number, expires=expires
                )
            )
        raise PaymentError(
            _("Gift voucher {number} has only {amount} left, not {amount2}.").format(
                number=voucher.number, amount=format_money(balance), amount2=format_money(amount)
            )
        )
    _movement(s, voucher.id, VoucherMovementKind.REDEEM, -amount, booking_id, staff_id, now)


def credit(
    s: Session,
    voucher_id: int,
    amount: Decimal,
    booking_id: int | None,
    staff_id: int | None,
    now: datetime,
) -> None:
    """Put *amount* back on the voucher (a refund of a voucher payment)."""
    changed = rowcount(
        s.execute(
            update(GiftVoucher)
            .where(GiftVoucher.id == voucher_id)
            .values(balance=GiftVoucher.balance + amount)
            .execution_options(synchronize_session=False)
        )
    )
    if changed != 1:
        raise NotFound(_("The gift voucher of this payment no longer exists."))
    _movement(s, voucher_id, VoucherMovementKind.REFUND, amount, booking_id, staff_id, now)


def open_refund_voucher(
    s: Session,
    value: Decimal,
    customer_id: int | None,
    recipient: str,
    staff_id: int | None,
    now: datetime,
) -> VoucherRef:
    """A new voucher worth *value* that a refund is about to fill: its balance starts at zero
    and :func:`credit` puts each refunded part on it (a refund movement naming the booking),
    so it holds *value* once the refund is done. Its number is drawn like a sold voucher's (40
    random bits; a clash would fail the whole transaction, nothing half done)."""
    row = GiftVoucher(
        number=f"V-{new_reference()}",
        value=value,
        balance=Decimal("0.00"),
        expires_at=None,
        customer_id=customer_id,
        recipient=recipient.strip()[:200],
        issued_by=staff_id,
        issued_at=now,
    )
    s.add(row)
    s.flush()
    return VoucherRef(row.id, row.number)


def _movement(
    s: Session,
    voucher_id: int,
    kind: VoucherMovementKind,
    amount: Decimal,
    booking_id: int | None,
    staff_id: int | None,
    now: datetime,
) -> None:
    s.execute(
        insert(VoucherMovement).values(
            voucher_id=voucher_id,
            kind=kind.value,
            amount=amount,
            booking_id=booking_id,
            staff_id=staff_id,
            created_at=now,
        )
    )
