"""Selling gift vouchers at the desk, looking one up, and the voucher report."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, GiftVoucher, VoucherMovement
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.money import money
from boxoffice.domain.reference import new_reference
from boxoffice.domain.roles import Permission
from boxoffice.domain.tender import Tender
from boxoffice.domain.voucher import VoucherMovementKind
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.sales import payments
from boxoffice.services.sales.vouchers import balance as ledger
from boxoffice.services.sales.vouchers.codes import voucher_code

MAX_VALUE = Decimal("10000.00")  # a gift voucher over this is a typing slip
ATTEMPTS = 5  # a number clash (40 random bits) is rare; a run of them is a bug


@dataclass(frozen=True)
class Movement:
    kind: VoucherMovementKind
    amount: Decimal  # signed
    booking_reference: str
    at: datetime


@dataclass(frozen=True)
class VoucherInfo:
    """A voucher as the desk shows it; ``code`` is the signed code printed as the QR."""

    id: int
    number: str
    code: str
    value: Decimal
    balance: Decimal
    expires_at: datetime | None
    customer: str
    recipient: str
    issued_at: datetime
    movements: tuple[Movement, ...] = ()

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True)
class VoucherReport:
    """Vouchers issued and redeemed in a period, and what is outstanding now."""

    issued_count: int
    issued: Decimal  # vouchers sold (issued with their value)
    redeemed: Decimal  # positive: what vouchers paid for bookings
    outstanding: Decimal  # balances of vouchers still usable now
    expired_unspent: Decimal  # balances left on expired vouchers
    # Refunds put onto vouchers: back onto the voucher that paid, or onto a new voucher the
    # clerk chose for a cancellation or exchange. issued + credited - redeemed, over all time,
    # is outstanding + expired_unspent.
    credited: Decimal = Decimal("0.00")


def issue_voucher(
    db: Database,
    actor: Actor,
    value: Decimal | str,
    *,
    expires_at: datetime | None = None,
    customer_id: int | None = None,
    recipient: str = "",
    tenders: Sequence[Tender] = (),
    idempotency_key: str = "",
) -> VoucherInfo:
    """Sell a voucher of *value*, paid by *tenders*, and return it with its signed code.

    The payment is taken in the same transaction (``voucher_payment`` rows; cash into this
    desk's till as a voucher sale, not ticket revenue). A voucher given away without payment
    (no *tenders*) needs the complimentary permission and is audited as such. A retry after a
    lost reply returns the first voucher (the gateway sees the same keys: never charged twice).
    """
    actor.require(Permission.SELL)
    amount = money(value)
    if not Decimal("0") < amount <= MAX_VALUE:
        raise ValidationError(
            _("A gift voucher is worth more than zero and at most {MAX_VALUE}.").format(
                MAX_VALUE=MAX_VALUE
            )
        )
    now = utcnow()
    if expires_at is not None and expires_at <= now:
        raise ValidationError(_("A new voucher's expiry must be in the future."))
    paid = tuple(tenders)
    key = idempotency_key.strip() or f"voucher-{uuid.uuid4()}"

    def work(s: Session) -> VoucherInfo:
        if not paid:  # given away: like a complimentary ticket (a clerk sells, a manager gives)
            actor.require(Permission.GIVE_COMPLIMENTARY)
        if customer_id is not None and s.get(Customer, customer_id) is None:
            raise NotFound(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        row = GiftVoucher(
            number=f"V-{new_reference()}",
            value=amount,
            balance=amount,
            expires_at=expires_at,
            customer_id=customer_id,
            recipient=recipient.strip()[:200],
            issued_by=actor.user_id,
            issued_at=now,
        )
        s.add(row)
        s.flush()
        s.add(
            VoucherMovement(
                voucher_id=row.id,
                kind=VoucherMovementKind.ISSUE.value,
                amount=amount,
                staff_id=actor.user_id,
                created_at=now,
            )
        )
        if paid:
            payments.charge_voucher_sale(
                s, actor, row.id, row.number, customer_id, paid, amount, key
            )
        audit.record(
            s, actor, "voucher.issue", "gift_voucher", row.id, value=str(amount), paid=bool(paid)
        )
        return _info(s, row)

    for _attempt in range(ATTEMPTS):
        try:
            return db.run(once(work))
        except IntegrityError:
            continue  # the random number clashed: everything rolled back, draw again
    raise AssertionError("voucher numbers keep clashing")


def voucher_info(db: Database, actor: Actor, code_or_number: str) -> VoucherInfo:
    """A voucher by its signed code or by its number (``V-7KQ4-MX2P``), with its movements."""
    actor.require(Permission.SELL)
    text = code_or_number.strip().upper()

    def work(s: Session) -> VoucherInfo:
        if text.startswith("V-"):
            row = s.scalar(select(GiftVoucher).where(GiftVoucher.number == text))
        else:
            row = s.get(GiftVoucher, ledger.find(s, text).id)
        if row is None:
            raise NotFound(_("There is no gift voucher {text}.").format(text=text))
        return _info(s, row, with_movements=True)

    return db.run(work)


def voucher_info_in(s: Session, voucher_id: int) -> VoucherInfo:
    """Voucher *voucher_id* inside the caller's transaction (its movements left out)."""
    row = s.get(GiftVoucher, voucher_id)
    if row is None:
        raise NotFound("This gift voucher does not exist (any more).")
    return _info(s, row)


def voucher_report(
    db: Database, actor: Actor, since: datetime | None = None, until: datetime | None = None
) -> VoucherReport:
    """Issued and redeemed in [since, until) (all time if not given); outstanding as of now."""
    actor.require(Permission.VIEW_REPORTS)
    now = utcnow()

    def work(s: Session) -> VoucherReport:
        period = []
        if since is not None:
            period.append(VoucherMovement.created_at >= since)
        if until is not None:
            period.append(VoucherMovement.created_at < until)
        kind = VoucherMovement.kind
        issue = VoucherMovementKind.ISSUE.value
        redeem = VoucherMovementKind.REDEEM.value
        refund = VoucherMovementKind.REFUND.value
        issued_count, issued, spent, credited = s.execute(
            select(
                func.count(case((kind == issue, 1))),
                func.coalesce(func.sum(case((kind == issue, VoucherMovement.amount))), 0),
                func.coalesce(func.sum(case((kind == redeem, VoucherMovement.amount))), 0),
                func.coalesce(func.sum(case((kind == refund, VoucherMovement.amount))), 0),
            ).where(*period)
        ).one()
        live = (GiftVoucher.expires_at.is_(None)) | (GiftVoucher.expires_at > now)
        outstanding, dead = s.execute(
            select(
                func.coalesce(func.sum(case((live, GiftVoucher.balance))), 0),
                func.coalesce(func.sum(case((~live, GiftVoucher.balance))), 0),
            )
        ).one()
        return VoucherReport(
            int(issued_count),
            money(issued),
            -money(spent),
            money(outstanding),
            money(dead),
            money(credited),
        )

    return db.run(work)


def _info(s: Session, row: GiftVoucher, *, with_movements: bool = False) -> VoucherInfo:
    customer = s.scalar(select(Customer.name).where(Customer.id == row.customer_id)) or ""
    movements: tuple[Movement, ...] = ()
    if with_movements:
        rows = s.execute(
            select(
                VoucherMovement.kind,
                VoucherMovement.amount,
                Booking.reference,
                VoucherMovement.created_at,
            )
            .outerjoin(Booking, Booking.id == VoucherMovement.booking_id)
            .where(VoucherMovement.voucher_id == row.id)
            .order_by(VoucherMovement.created_at, VoucherMovement.id)
        ).all()
        movements = tuple(
            Movement(VoucherMovementKind(k), a, ref or "", at) for k, a, ref, at in rows
        )
    return VoucherInfo(
        row.id,
        row.number,
        voucher_code(row.id),
        row.value,
        row.balance,
        row.expires_at,
        customer,
        row.recipient,
        row.issued_at,
        movements,
    )
