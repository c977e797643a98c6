"""Taking and refunding money for a booking, inside the caller's transaction.

:func:`charge` and :func:`refund` do not open a transaction: the checkout / cancellation service
calls them inside its own, so payment rows commit together with the seats and the booking (or not
at all). :func:`change_due` is pure and tells the payment dialog whether the tenders add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, Payment, Refund
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, PaymentError, ValidationError
from boxoffice.domain.money import exact_money, format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender

# One booking over a million is a typing slip, not a sale.
MAX_CHARGE = Decimal("1000000.00")


@dataclass(frozen=True)
class PaymentLine:
    """One payment (or refund) row as the desk sees it: never more of a card than brand + last4."""

    method: PaymentMethodKind
    amount: Decimal
    tendered: Decimal | None = None
    change_due: Decimal | None = None
    brand: str = ""
    last4: str = ""
    gateway_ref: str = ""


def _tender_amount(tender: Tender) -> Decimal:
    amount = exact_money(tender.amount, "A payment amount")
    if amount <= 0:
        raise PaymentError(f"A payment amount must be more than zero (got {amount}).")
    if amount > MAX_CHARGE:
        raise PaymentError(f"{format_money(amount)} is more than one payment can take.")
    return amount


def _cash_change(tender: CashTender, amount: Decimal) -> Decimal:
    tendered = exact_money(tender.tendered, "Cash tendered")
    if tendered < amount:
        raise PaymentError(
            f"Cash tendered {format_money(tendered)} is less than the "
            f"{format_money(amount)} it should pay."
        )
    if tendered > amount + MAX_CHARGE:
        raise PaymentError(f"{format_money(tendered)} cash tendered looks like a typing slip.")
    return tendered - amount


def change_due(tenders: Sequence[Tender], total: Decimal) -> Decimal:
    """Change to hand back for *tenders* paying *total*; PaymentError if they do not add up.

    The applied amounts must sum exactly to the total; only cash may be over-tendered (its
    ``tendered`` exceeds its ``amount``), and the difference is the change.
    """
    due = exact_money(total, "The total")
    if due < 0:
        raise PaymentError(f"The total cannot be negative ({due}).")
    if due > MAX_CHARGE:
        raise PaymentError(f"{format_money(due)} is more than one booking can take.")
    applied = Decimal("0.00")
    change = Decimal("0.00")
    for tender in tenders:
        amount = _tender_amount(tender)
        applied += amount
        if isinstance(tender, CashTender):
            change += _cash_change(tender, amount)
        elif not isinstance(tender, CardTender | SavedCardTender):
            raise PaymentError(f"Unknown kind of payment: {type(tender).__name__}.")
    if applied < due:
        raise PaymentError(
            f"The payments cover {format_money(applied)} of {format_money(due)}; "
            f"{format_money(due - applied)} is still to pay."
        )
    if applied > due:
        raise PaymentError(
            f"The payments add up to {format_money(applied)}, more than the total "
            f"{format_money(due)}; take {format_money(applied - due)} less "
            "(cash may be over-tendered, the change is given back)."
        )
    return change


def _line(row: Payment) -> PaymentLine:
    return PaymentLine(
        method=PaymentMethodKind(row.method),
        amount=row.amount,
        tendered=row.tendered,
        change_due=row.change_due,
        brand=row.card_brand,
        last4=row.card_last4,
        gateway_ref=row.gateway_ref,
    )


def charge(
    session: Session,
    actor: Actor,
    booking_id: int,
    customer_id: int | None,
    tenders: Sequence[Tender],
    total: Decimal,
    idempotency_key: str,
) -> list[PaymentLine]:
    """Take *tenders* for *total* and record one payment row per tender on *booking_id*.

    Call it as the last step of the checkout transaction. On a decline it raises PaymentDeclined
    and the caller's transaction rolls back, so nothing is recorded.
    """
    actor.require(Permission.SELL)
    change_due(tenders, total)
    if not idempotency_key:
        raise ValidationError("A payment needs an idempotency key.")
    now = utcnow()
    rows: list[Payment] = []
    for tender in tenders:
        amount = exact_money(tender.amount, "A payment amount")
        if isinstance(tender, CashTender):
            tendered = exact_money(tender.tendered, "Cash tendered")
            rows.append(
                Payment(
                    booking_id=booking_id,
                    method=PaymentMethodKind.CASH.value,
                    amount=amount,
                    tendered=tendered,
                    change_due=tendered - amount,
                    card_brand="",
                    card_last4="",
                    gateway_ref="",
                    clerk_id=_clerk_id(actor),
                    created_at=now,
                )
            )
        else:
            raise PaymentError("Card payments are not available yet.")
    session.add_all(rows)
    session.flush()
    return [_line(row) for row in rows]


def _clerk_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise PaymentError("Payments are taken by a signed-in staff member.")
    return actor.user_id


def refund(
    session: Session,
    actor: Actor,
    booking_id: int,
    amount: Decimal,
    reason: str,
    ticket_id: int | None = None,
) -> list[PaymentLine]:
    """Refund *amount* of *booking_id* to its original payment methods; rows per payment touched.

    Card payments are refunded first (in the order they were taken), then cash. Never more than
    was paid minus what was already refunded.
    """
    actor.require(Permission.CANCEL_OWN)
    wanted = exact_money(amount, "A refund amount")
    if wanted <= 0:
        raise ValidationError(f"A refund must be more than zero (got {wanted}).")
    booking = session.get(Booking, booking_id, with_for_update=True)
    if booking is None:
        raise NotFound(f"No booking with id {booking_id}.")
    payments = list(
        session.scalars(
            select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id)
        )
    )
    refunded: dict[int | None, Decimal] = {
        payment_id: Decimal(total)
        for payment_id, total in session.execute(
            select(Refund.payment_id, func.sum(Refund.amount))
            .where(Refund.booking_id == booking_id)
            .group_by(Refund.payment_id)
        ).tuples()
    }
    left = {p.id: p.amount - refunded.get(p.id, Decimal(0)) for p in payments}
    available = sum(left.values(), Decimal("0.00"))
    if wanted > available:
        raise PaymentError(
            f"Cannot refund {format_money(wanted)}: only {format_money(available)} of this "
            "booking's payments is left to refund."
        )
    order = sorted(payments, key=lambda p: (p.method == PaymentMethodKind.CASH.value, p.id))
    lines: list[PaymentLine] = []
    now = utcnow()
    remaining = wanted
    for payment in order:
        if remaining <= 0:
            break
        part = min(remaining, left[payment.id])
        if part <= 0:
            continue
        if payment.method != PaymentMethodKind.CASH.value:
            raise PaymentError("Card refunds are not available yet.")
        session.add(
            Refund(
                booking_id=booking_id,
                payment_id=payment.id,
                ticket_id=ticket_id,
                method=payment.method,
                amount=part,
                reason=reason.strip()[:256],
                gateway_ref="",
                clerk_id=_clerk_id(actor),
                created_at=now,
            )
        )
        lines.append(PaymentLine(method=PaymentMethodKind(payment.method), amount=part))
        remaining -= part
    session.flush()
    return lines
