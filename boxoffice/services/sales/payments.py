"""Taking and refunding money for a booking, inside the caller's transaction.

:func:`charge` and :func:`refund` do not open a transaction: the checkout / cancellation service
calls them inside its own, so payment rows commit together with the seats and the booking (or not
at all). :func:`change_due` is pure and tells the payment dialog whether the tenders add up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, Payment, Refund, SavedCard, VoucherPayment
from boxoffice.db.prepared import Prepared
from boxoffice.domain import card as cardrules
from boxoffice.domain.actor import Actor
from boxoffice.domain.card import CardBrand
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    NotFound,
    PaymentDeclined,
    PaymentError,
    PermissionDenied,
    ValidationError,
)
from boxoffice.domain.money import exact_money, format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender, VoucherTender
from boxoffice.domain.till import MovementKind
from boxoffice.i18n import _
from boxoffice.security import cardcrypt
from boxoffice.services.common import audit
from boxoffice.services.sales import pending_auths
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.sales.gateway import CardData, PaymentGateway, default_gateway
from boxoffice.services.sales.vouchers import balance as vouchers
from boxoffice.services.till import cash_hook

# One booking over a million is a typing slip, not a sale.
MAX_CHARGE = Decimal("1000000.00")
_INSERT_PAYMENTS = Prepared(insert(cast(Table, Payment.__table__)))  # built once


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
    amount = exact_money(tender.amount, _("A payment amount"))
    if amount <= 0:
        raise PaymentError(
            _("A payment amount must be more than zero (got {amount}).").format(amount=amount)
        )
    if amount > MAX_CHARGE:
        raise PaymentError(
            _("{amount} is more than one payment can take.").format(amount=format_money(amount))
        )
    return amount


def _cash_change(tender: CashTender, amount: Decimal) -> Decimal:
    tendered = exact_money(tender.tendered, _("Cash tendered"))
    if tendered < amount:
        raise PaymentError(
            _("Cash tendered {amount} is less than the {amount2} it should pay.").format(
                amount=format_money(tendered), amount2=format_money(amount)
            )
        )
    if tendered > amount + MAX_CHARGE:
        raise PaymentError(
            _("{amount} cash tendered looks like a typing slip.").format(
                amount=format_money(tendered)
            )
        )
    return tendered - amount


def change_due(tenders: Sequence[Tender], total: Decimal) -> Decimal:
    """Change to hand back for *tenders* paying *total*; PaymentError if they do not add up.

    The applied amounts must sum exactly to the total; only cash may be over-tendered (its
    ``tendered`` exceeds its ``amount``), and the difference is the change.
    """
    due = exact_money(total, _("The total"))
    if due < 0:
        raise PaymentError(_("The total cannot be negative ({due}).").format(due=due))
    if due > MAX_CHARGE:
        raise PaymentError(
            _("{amount} is more than one booking can take.").format(amount=format_money(due))
        )
    applied = Decimal("0.00")
    change = Decimal("0.00")
    for tender in tenders:
        amount = _tender_amount(tender)
        applied += amount
        if isinstance(tender, CashTender):
            change += _cash_change(tender, amount)
        elif not isinstance(tender, CardTender | SavedCardTender | VoucherTender):
            raise PaymentError(
                _("Unknown kind of payment: {name}.").format(name=type(tender).__name__)
            )
    if applied < due:
        raise PaymentError(
            _("The payments cover {amount} of {amount2}; {amount3} is still to pay.").format(
                amount=format_money(applied),
                amount2=format_money(due),
                amount3=format_money(due - applied),
            )
        )
    if applied > due:
        raise PaymentError(
            _(
                "The payments add up to {amount}, more than the total {amount2}; "
                "take {amount3} less (cash may be over-tendered, the change is "
                "given back)."
            ).format(
                amount=format_money(applied),
                amount2=format_money(due),
                amount3=format_money(applied - due),
            )
        )
    return change


def _line(row: dict[str, Any]) -> PaymentLine:
    return PaymentLine(
        method=PaymentMethodKind(row["method"]),
        amount=row["amount"],
        tendered=row["tendered"],
        change_due=row["change_due"],
        brand=row["card_brand"],
        last4=row["card_last4"],
        gateway_ref=row["gateway_ref"],
    )


@dataclass(frozen=True)
class _Prepared:
    """A tender checked and ready: card data (decrypted for a saved card) stays in memory."""

    tender: Tender
    amount: Decimal
    card: CardData | None = None
    identity: str = ""  # keyed digest or saved-card id: tells retried requests apart
    voucher: vouchers.VoucherRef | None = None

    @property
    def label(self) -> str:
        if self.voucher is not None:
            return _("Gift voucher {number}").format(number=self.voucher.number)
        if self.card is None:
            return _("Cash")
        return f"{self.card.brand.value.title()} {cardrules.mask(self.card.number)}"


def _prepare_card(tender: CardTender, customer_id: int | None) -> _Prepared:
    try:
        digits = cardrules.validate_number(tender.number)
        month, year = cardrules.validate_expiry(tender.exp_month, tender.exp_year)
        cvv = cardrules.validate_cvv(tender.cvv, cardrules.card_brand(digits))
        holder = " ".join(tender.cardholder.split())
        if tender.save_to_customer:
            holder = cards.clean_holder(tender.cardholder)
            cards.clean_address(tender.billing_address)
    except ValidationError as exc:
        raise PaymentError(exc.message) from None
    if tender.save_to_customer and customer_id is None:
        raise PaymentError(_("Choose a customer to save the card for, or do not save it."))
    card = CardData(digits, month, year, cvv, holder)
    return _Prepared(tender, tender.amount, card, cardcrypt.fingerprint(digits))


def _prepare_saved(session: Session, tender: SavedCardTender, customer_id: int | None) -> _Prepared:
    row = session.get(SavedCard, tender.saved_card_id)
    if row is None or customer_id is None or row.customer_id != customer_id:
        raise PaymentError(_("That saved card does not belong to this booking's customer."))
    label = f"{row.brand.title()} {cardrules.MASK} {row.last4}"
    try:
        cardrules.validate_expiry(row.exp_month, row.exp_year)
        cvv = cardrules.validate_cvv(tender.cvv, CardBrand(row.brand)) if tender.cvv else ""
    except ValidationError as exc:
        raise PaymentError(f"{label}: {exc.message}") from None
    # The only place a saved card number is decrypted: to hand it to the gateway.
    number = cardcrypt.decrypt_pan(row.pan_ciphertext, row.key_id, row.customer_id)
    card = CardData(number, row.exp_month, row.exp_year, cvv, row.cardholder)
    return _Prepared(tender, tender.amount, card, f"saved:{row.id}")


def _prepare(session: Session, tender: Tender, customer_id: int | None) -> _Prepared:
    if isinstance(tender, CashTender):
        return _Prepared(tender, tender.amount)
    if isinstance(tender, CardTender):
        return _prepare_card(tender, customer_id)
    if isinstance(tender, VoucherTender):
        ref = vouchers.find(session, tender.code)
        return _Prepared(tender, tender.amount, identity=f"voucher:{ref.id}", voucher=ref)
    return _prepare_saved(session, tender, customer_id)


def _tender_key(idempotency_key: str, index: int, prepared: _Prepared) -> str:
    """The gateway key of one card tender: stable across retries of the same checkout, new when
    the clerk changes the card or the amount (so a decline is not replayed for another card)."""
    digest = hashlib.sha256(
        f"{index}|{type(prepared.tender).__name__}|{prepared.amount}|{prepared.identity}".encode()
    ).hexdigest()[:16]
    return f"{idempotency_key}:{index}:{digest}"


def charge(
    session: Session,
    actor: Actor,
    booking_id: int,
    customer_id: int | None,
    tenders: Sequence[Tender],
    total: Decimal,
    idempotency_key: str,
    *,
    gateway: PaymentGateway | None = None,
) -> list[PaymentLine]:
    """Take *tenders* for *total* and record one payment row per tender on *booking_id*.

    Call it as the last step of the checkout transaction. Every tender is checked before any
    card is charged. On a decline it cancels the cards already approved and raises
    PaymentDeclined; the caller's transaction rolls back, so nothing is recorded. A retried
    transaction with the same *idempotency_key* gets the same gateway results: never charged
    twice. A CardTender with ``save_to_customer`` is saved (encrypted) to *customer_id*.
    """
    actor.require(Permission.SELL)
    change_due(tenders, total)
    if not idempotency_key:
        raise ValidationError(_("A payment needs an idempotency key."))
    gw = gateway or default_gateway()
    clerk_id = _clerk_id(actor) if tenders else 0
    prepared = [_prepare(session, tender, customer_id) for tender in tenders]
    # The till before any card is charged: cash without an open till may be refused.
    cash = [t for t in tenders if isinstance(t, CashTender)]
    cash_hook.cash_taken(session, actor, booking_id, cash, clerk_id)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    # Vouchers first: a balance that does not cover its part fails before any card is charged.
    for item in prepared:
        if item.voucher is not None:
            amount = exact_money(item.amount, _("A payment amount"))
            vouchers.spend(session, item.voucher, amount, booking_id, actor.user_id, now)
            row = _payment_row(booking_id, clerk_id, now, PaymentMethodKind.VOUCHER, amount)
            row.update(gateway_ref=item.voucher.number)
            rows.append(row)

    def record(taken: list[dict[str, Any]]) -> None:
        rows.extend(taken)
        if rows:
            # A Core insert: the hot checkout path needs no ORM objects for these rows.
            _INSERT_PAYMENTS.insert_many(session, rows)

    _take(
        session,
        actor,
        prepared,
        customer_id,
        idempotency_key,
        gw,
        now,
        clerk_id,
        record,
        booking_id,
    )
    if not rows:
        return []  # a free booking: nothing taken, nothing to record
    audit.record(
        session,
        actor,
        "payment.charge",
        "booking",
        booking_id,
        methods=[row["method"] for row in rows],
        total=str(exact_money(total, "The total")),
    )
    return [_line(row) for row in rows]


def _take(
    session: Session,
    actor: Actor,
    prepared: Sequence[_Prepared],
    customer_id: int | None,
    idempotency_key: str,
    gw: PaymentGateway,
    now: datetime,
    clerk_id: int,
    record: Callable[[list[dict[str, Any]]], None],
    booking_id: int | None = None,
) -> None:
    """Take the cash and card tenders of *prepared* (vouchers are spent by the caller) and hand
    their payment rows to *record*, which writes them. If anything fails, the cards already
    approved are voided and nothing is recorded (the caller's transaction rolls back)."""
    approved: list[str] = []
    rows: list[dict[str, Any]] = []
    try:
        for index, item in enumerate(prepared):
            amount = exact_money(item.amount, _("A payment amount"))
            if item.voucher is not None:
                continue
            if item.card is None:
                assert isinstance(item.tender, CashTender)
                tendered = exact_money(item.tender.tendered, _("Cash tendered"))
                row = _payment_row(booking_id, clerk_id, now, PaymentMethodKind.CASH, amount)
                row.update(tendered=tendered, change_due=tendered - amount)
                rows.append(row)
                continue
            result = gw.authorize(amount, item.card, _tender_key(idempotency_key, index, item))
            if not result.approved:
                cancelled = _(" The other card payments were cancelled.") if approved else ""
                raise PaymentDeclined(f"{item.label}: {result.message}{cancelled}")
            approved.append(result.ref)
            pending_auths.record(result.ref, amount, idempotency_key)  # until the sale commits
            method = (
                PaymentMethodKind.SAVED_CARD
                if isinstance(item.tender, SavedCardTender)
                else PaymentMethodKind.CARD
            )
            row = _payment_row(booking_id, clerk_id, now, method, amount)
            row.update(
                card_brand=item.card.brand.value, card_last4=item.card.last4, gateway_ref=result.ref
            )
            rows.append(row)
            if isinstance(item.tender, CardTender) and item.tender.save_to_customer:
                assert customer_id is not None
                cards.save_card_in(
                    session,
                    actor,
                    customer_id,
                    item.card.number,
                    item.card.exp_month,
                    item.card.exp_year,
                    item.card.cardholder,
                    item.tender.billing_address,
                )
        record(rows)
    except BaseException:
        # Nothing will be recorded: give back what the gateway already approved.
        for ref in approved:
            gw.void(ref)
        pending_auths.forget(approved)
        raise


def charge_voucher_sale(
    session: Session,
    actor: Actor,
    voucher_id: int,
    number: str,
    customer_id: int | None,
    tenders: Sequence[Tender],
    total: Decimal,
    idempotency_key: str,
    *,
    gateway: PaymentGateway | None = None,
) -> list[PaymentLine]:
    """Take *tenders* for a gift voucher sold at the desk (its value, *total*) and record one
    ``voucher_payment`` row per tender, inside the caller's transaction.

    Cash goes into this desk's till as a voucher sale (cash in the drawer, not ticket revenue);
    cards through the gateway as for a booking. A voucher cannot pay for a voucher.
    """
    actor.require(Permission.SELL)
    change_due(tenders, total)
    if not tenders:
        raise PaymentError(_("Take the voucher's value from the customer first."))
    if any(isinstance(t, VoucherTender) for t in tenders):
        raise PaymentError(_("A gift voucher cannot pay for another gift voucher."))
    if not idempotency_key:
        raise ValidationError("A payment needs an idempotency key.")
    gw = gateway or default_gateway()
    clerk_id = _clerk_id(actor)
    prepared = [_prepare(session, tender, customer_id) for tender in tenders]
    cash = [t for t in tenders if isinstance(t, CashTender)]
    cash_hook.cash_taken(
        session,
        actor,
        None,
        cash,
        clerk_id,
        kind=MovementKind.VOUCHER_SALE,
        reason=_("Gift voucher {number}").format(number=number),
    )
    rows: list[dict[str, Any]] = []

    def record(taken: list[dict[str, Any]]) -> None:
        for row in taken:
            row.pop("booking_id")
            rows.append(dict(row, voucher_id=voucher_id))
        session.execute(insert(VoucherPayment), rows)

    _take(session, actor, prepared, customer_id, idempotency_key, gw, utcnow(), clerk_id, record)
    audit.record(
        session,
        actor,
        "payment.voucher_sale",
        "gift_voucher",
        voucher_id,
        methods=[row["method"] for row in rows],
        total=str(exact_money(total, _("The total"))),
    )
    return [_line(row) for row in rows]


def _payment_row(
    booking_id: int | None,
    clerk_id: int,
    now: datetime,
    method: PaymentMethodKind,
    amount: Decimal,
) -> dict[str, Any]:
    return dict(
        booking_id=booking_id,
        method=method.value,
        amount=amount,
        tendered=None,
        change_due=None,
        card_brand="",
        card_last4="",
        gateway_ref="",
        clerk_id=clerk_id,
        created_at=now,
    )


def _clerk_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise PaymentError(_("Payments are taken by a signed-in staff member."))
    return actor.user_id


# The methods a manager may refund by instead of the original tender (a card needs the card's
# gateway reference, so refunding to "another card" is not something the desk can do).
OVERRIDE_METHODS = (PaymentMethodKind.CASH,)


def require_refund_override(actor: Actor, by: PaymentMethodKind, reason: str) -> str:
    """Check a manager's override of the refund method; returns the reason, cleaned.

    Refunds go back to the original tender; only a manager (MANAGE_BOOKINGS) may send the money
    another way (*by*, e.g. cash when the card is gone), and must say why.
    """
    actor.require(Permission.MANAGE_BOOKINGS)
    if by not in OVERRIDE_METHODS:
        raise ValidationError(
            _("A refund can be overridden to cash only, not to {method}.").format(method=by)
        )
    why = " ".join(str(reason).split())[:200]
    if not why:
        raise ValidationError(
            _("Say why the refund does not go back the way it was paid (kept in the audit log).")
        )
    return why


def refund(
    session: Session,
    actor: Actor,
    booking_id: int,
    amount: Decimal,
    reason: str,
    ticket_id: int | None = None,
    *,
    gateway: PaymentGateway | None = None,
    onto: vouchers.VoucherRef | None = None,
    by: PaymentMethodKind | None = None,
    by_reason: str = "",
) -> list[PaymentLine]:
    """Refund *amount* of *booking_id* to its original payment methods; one row per payment used.

    Card payments are refunded first, through the gateway by their reference, in the order they
    were taken; then cash (handed back at the desk). Never more than was paid minus what was
    already refunded. Runs inside the caller's transaction; the booking row is locked so two
    desks cannot refund the same money. If a card refund fails the transaction rolls back;
    running it again is safe, the gateway sees the same refund keys.

    With *onto* (a voucher from :func:`vouchers.open_refund_voucher`, the clerk's choice) the
    money goes onto that gift voucher instead: no card is refunded and no cash leaves the
    drawer; the refund rows say ``voucher`` and name it, still attributed to the payments they
    come out of.

    With *by* (a manager's override, see :func:`require_refund_override`, *by_reason* saying
    why) the money is handed back that way instead, e.g. cash from this desk's till when the
    card is gone: no gateway or voucher is touched, the rows say ``cash``, still attributed to
    the payments they come out of, and a ``payment.refund_override`` audit row names who, why,
    from which methods and to which.
    """
    actor.require(Permission.CANCEL_OWN)
    override_why = ""
    if by is not None:
        override_why = require_refund_override(actor, by, by_reason)
        if onto is not None:
            raise ValidationError(_("Refund onto a gift voucher or by another method, not both."))
    wanted = exact_money(amount, _("A refund amount"))
    if wanted <= 0:
        raise ValidationError(
            _("A refund must be more than zero (got {wanted}).").format(wanted=wanted)
        )
    gw = gateway or default_gateway()
    booking = session.get(Booking, booking_id, with_for_update=True)
    if booking is None:
        raise NotFound(_("No booking with id {booking_id}.").format(booking_id=booking_id))
    if not actor.can(Permission.MANAGE_BOOKINGS) and booking.clerk_id != actor.user_id:
        raise PermissionDenied(
            _("Booking {reference} was sold by another clerk; a manager can refund it.").format(
                reference=booking.reference
            )
        )
    payments = sorted(
        session.scalars(select(Payment).where(Payment.booking_id == booking_id)),
        key=lambda p: (p.method == PaymentMethodKind.CASH.value, p.id),
    )
    refunded: dict[int | None, Decimal] = {
        payment_id: Decimal(total)
        for payment_id, total in session.execute(
            select(Refund.payment_id, func.sum(Refund.amount))
            .where(Refund.booking_id == booking_id)
            .group_by(Refund.payment_id)
        )
    }
    left = {p.id: p.amount - refunded.get(p.id, Decimal("0.00")) for p in payments}
    unattributed = refunded.get(None, Decimal("0.00"))  # older rows without a payment id
    for payment in payments:
        taken = min(unattributed, left[payment.id])
        left[payment.id] -= taken
        unattributed -= taken
    available = sum(left.values(), Decimal("0.00"))
    if wanted > available:
        raise PaymentError(
            _(
                "Cannot refund {amount}: only {amount2} of this booking's "
                "payments is left to refund."
            ).format(amount=format_money(wanted), amount2=format_money(available))
        )
    lines: list[PaymentLine] = []
    overridden: list[str] = []  # the original methods the refund comes out of
    now = utcnow()
    remaining = wanted
    for payment in payments:
        part = min(remaining, left[payment.id])
        if part <= 0:
            continue
        ref = ""
        method = payment.method
        if by is not None:
            method = by.value  # the manager's override: nothing goes back to the tender
        elif onto is not None:
            vouchers.credit(session, onto.id, part, booking_id, actor.user_id, now)
            ref, method = onto.number, PaymentMethodKind.VOUCHER.value
        elif payment.method == PaymentMethodKind.VOUCHER.value:
            # Back onto the voucher it was paid from (its number is the payment's reference).
            voucher = vouchers.find_by_number(session, payment.gateway_ref)
            vouchers.credit(session, voucher.id, part, booking_id, actor.user_id, now)
            ref = payment.gateway_ref
        elif payment.method != PaymentMethodKind.CASH.value:
            ref = _refund_card(gw, payment, part, payment.amount - left[payment.id])
        session.add(
            Refund(
                booking_id=booking_id,
                payment_id=payment.id,
                ticket_id=ticket_id,
                method=method,
                amount=part,
                reason=reason.strip()[:256],
                gateway_ref=ref,
                # The command line (no staff row) refunds in the name of the original clerk;
                # the audit row below still records who really did it.
                clerk_id=actor.user_id if actor.user_id is not None else payment.clerk_id,
                created_at=now,
            )
        )
        lines.append(
            PaymentLine(
                method=PaymentMethodKind(method),
                amount=part,
                brand="" if onto is not None or by is not None else payment.card_brand,
                last4="" if onto is not None or by is not None else payment.card_last4,
                gateway_ref=ref,
            )
        )
        overridden.append(payment.method)
        remaining -= part
        if remaining == 0:
            break
    session.flush()
    cash = sum((x.amount for x in lines if x.method is PaymentMethodKind.CASH), Decimal("0.00"))
    cash_hook.cash_returned(session, actor, booking_id, cash, actor.user_id or booking.clerk_id)
    audit.record(
        session,
        actor,
        "payment.refund",
        "booking",
        booking_id,
        amount=str(wanted),
        methods=[line.method.value for line in lines],
        ticket_id=ticket_id,
        **({"onto_voucher": onto.number} if onto is not None else {}),
    )
    if by is not None:
        audit.record(
            session,
            actor,
            "payment.refund_override",
            "booking",
            booking_id,
            amount=str(wanted),
            from_methods=sorted(set(overridden)),
            to_method=by.value,
            reason=override_why,
            ticket_id=ticket_id,
        )
    return lines


def _refund_card(gw: PaymentGateway, payment: Payment, part: Decimal, before: Decimal) -> str:
    label = f"{payment.card_brand.title()} {cardrules.MASK} {payment.card_last4}"
    if not payment.gateway_ref:
        raise PaymentError(
            _("{label} has no gateway reference to refund; refund it by hand.").format(label=label)
        )
    # Same payment, state and amount give the same key, so a re-run never refunds twice.
    key = f"refund:{payment.gateway_ref}:{before}:{part}"
    result = gw.refund(payment.gateway_ref, part, key)
    if not result.approved:
        raise PaymentError(
            _("The refund of {amount} to {label} failed: {message} Nothing was refunded.").format(
                amount=format_money(part), label=label, message=result.message
            )
        )
    return result.ref
