"""Changing a sold booking: cancel it (whole or per ticket) and exchange seats.

Internal to :mod:`boxoffice.services.bookings.manage`, which is the public module. Each function
runs inside the caller's transaction: seats, tickets, refund or payment rows, audit row and
the customer notification commit together.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import Booking, EventSeat, PriceTier, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    Conflict,
    HoldExpired,
    NotFound,
    PermissionDenied,
    SalesClosed,
    ValidationError,
)
from boxoffice.domain.money import format_money
from boxoffice.domain.pricing_kinds import FeePer
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, PaymentMethodKind, TicketStatus
from boxoffice.domain.tender import Tender
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.mail import notifications
from boxoffice.services.sales import (
    discount_codes,
    event_pricing,
    payments,
    pricing,
    sale_charges,
    sale_record,
)
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.pricing import ExchangeQuote, PriceLine
from boxoffice.services.sales.vouchers import balance as voucher_balance
from boxoffice.services.waitlist import offers as waitlist_offers

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class _Booking:
    id: int
    reference: str
    event_id: int
    customer_id: int | None
    clerk_id: int
    status: str
    total: Decimal


@dataclass(frozen=True)
class _Ticket:
    id: int
    seat_id: int | None
    tier_id: int
    price: Decimal
    status: str
    checked_in: bool
    type_id: int | None = None


def _sold_line(ticket: _Ticket) -> PriceLine:
    """A sold ticket as a pricing line, at the price it was sold at."""
    return PriceLine(ticket.seat_id, f"ticket {ticket.id}", ticket.tier_id, "", ticket.price)


def lock_booking(s: Session, booking_id: int, *, lock: bool = True) -> _Booking:
    """The booking row, locked: changes to one booking queue up instead of interleaving
    (*lock* False: only read it, for a quote)."""
    query = select(
        Booking.id,
        Booking.reference,
        Booking.event_id,
        Booking.customer_id,
        Booking.clerk_id,
        Booking.status,
        Booking.total,
    ).where(Booking.id == booking_id)
    row = s.execute(query.with_for_update() if lock else query).one_or_none()
    if row is None:
        raise NotFound(_("There is no booking with id {booking_id}.").format(booking_id=booking_id))
    return _Booking(*row)


def require_may_change(actor: Actor, booking: _Booking) -> None:
    """Clerks cancel and exchange the bookings they sold; managers any booking."""
    actor.require(Permission.CANCEL_OWN)
    if actor.can(Permission.MANAGE_BOOKINGS):
        return
    if booking.clerk_id != actor.user_id:
        raise PermissionDenied(
            _(
                "Booking {reference} was sold by another clerk; a manager can "
                "cancel or exchange it."
            ).format(reference=booking.reference)
        )


def require_changeable(s: Session, booking: _Booking, now: datetime) -> None:
    if booking.status != BookingStatus.CONFIRMED.value:
        raise Conflict(
            _("Booking {reference} is already cancelled.").format(reference=booking.reference)
        )
    event = inv.load_event(s, booking.event_id)
    if event.starts_at <= now:
        raise SalesClosed(
            _("{title} has already started; its tickets can no longer be changed.").format(
                title=event.title
            )
        )


def tickets_of(s: Session, booking_id: int) -> list[_Ticket]:
    return [
        _Ticket(tid, seat, tier, price, status, checked is not None, kind)
        for tid, seat, tier, price, status, checked, kind in s.execute(
            select(
                Ticket.id,
                Ticket.event_seat_id,
                Ticket.tier_id,
                Ticket.price,
                Ticket.status,
                Ticket.checked_in_at,
                Ticket.ticket_type_id,
            )
            .where(Ticket.booking_id == booking_id)
            .order_by(Ticket.id)
        )
    ]


def choose(tickets: list[_Ticket], ticket_ids: Sequence[int], reference: str) -> list[_Ticket]:
    """The booking's tickets named by *ticket_ids*, each still valid and unused."""
    wanted = sorted({int(t) for t in ticket_ids})
    if not wanted:
        raise ValidationError(_("Choose at least one ticket."))
    by_id = {t.id: t for t in tickets}
    strangers = [t for t in wanted if t not in by_id]
    if strangers:
        raise NotFound(
            _("Ticket(s) {items} are not part of booking {reference}.").format(
                items=", ".join(map(str, strangers)), reference=reference
            )
        )
    chosen = [by_id[t] for t in wanted]
    for ticket in chosen:
        if ticket.status == TicketStatus.CANCELLED.value:
            raise Conflict(_("Ticket {id} is already cancelled.").format(id=ticket.id))
        if ticket.status == TicketStatus.USED.value or ticket.checked_in:
            raise Conflict(_("Ticket {id} was already used at the door.").format(id=ticket.id))
    return chosen


def _cancel_rows(s: Session, booking: _Booking, chosen: list[_Ticket], now: datetime) -> list[int]:
    """Seats of *chosen* sellable again, the tickets cancelled and GA places back; returns the
    freed seat ids (for :func:`inventory.publish`)."""
    seat_ids = sorted(t.seat_id for t in chosen if t.seat_id is not None)
    inv.free_sold(s, booking.id, seat_ids)
    inv.cancel_tickets(s, [t.id for t in chosen], now)
    inv.give_back_ga(s, dict(Counter(t.tier_id for t in chosen if t.seat_id is None)))
    return seat_ids


def cancel(
    s: Session,
    actor: Actor,
    booking: _Booking,
    ticket_ids: Sequence[int] | None,
    reason: str,
    now: datetime,
    *,
    whole_event: bool = False,
    to_voucher: bool = False,
    refund_by: PaymentMethodKind | None = None,
) -> Decimal:
    """Cancel *ticket_ids* (every valid ticket when None) and refund them; returns the refund.

    The booking itself is cancelled when no valid ticket is left and none was used (or the
    whole event is being cancelled). Tickets used at the door are never refunded here.
    *to_voucher*: the refund goes onto a new gift voucher (the clerk's choice) instead of
    back to the original payments. *refund_by*: a manager's override of the refund method (e.g.
    cash when the card is gone); *reason* must then say why (see payments.refund).
    """
    require_may_change(actor, booking)
    if refund_by is not None:
        payments.require_refund_override(actor, refund_by, reason)
        if to_voucher:
            raise ValidationError(_("Refund onto a gift voucher or by another method, not both."))
    tickets = tickets_of(s, booking.id)
    valid = [t for t in tickets if t.status == TicketStatus.VALID.value]
    used = [t for t in tickets if t.status == TicketStatus.USED.value]
    if ticket_ids is None:
        if used and not whole_event:
            raise Conflict(
                _(
                    "{count} ticket(s) of {reference} were already used at the door; "
                    "cancel the unused tickets one by one instead."
                ).format(count=len(used), reference=booking.reference)
            )
        chosen = valid
    else:
        chosen = choose(tickets, ticket_ids, booking.reference)
    if not chosen and not whole_event:
        raise Conflict(
            _("Booking {reference} has no valid tickets left to cancel.").format(
                reference=booking.reference
            )
        )
    why = reason.strip()[:200] or _("Cancelled at the desk")
    seat_ids = _cancel_rows(s, booking, chosen, now)
    closes = len(chosen) == len(valid) and (whole_event or not used)
    kept, order = sale_charges.refund_terms(s, booking.id, [t.id for t in chosen], closes)
    refund = pricing.refund_quote([_sold_line(t) for t in chosen], kept, order)
    amount = refund.total
    onto = _refund_voucher(s, actor, booking, amount, now) if to_voucher and amount > 0 else None
    by: dict[str, Any] = {} if refund_by is None else {"by": refund_by, "by_reason": reason}
    if ticket_ids is None:
        if amount > 0:
            payments.refund(s, actor, booking.id, amount, why, onto=onto, **by)
    else:
        for ticket, back in zip(chosen, refund.line_amounts(), strict=True):
            if back > 0:
                payments.refund(
                    s, actor, booking.id, back, why, ticket_id=ticket.id, onto=onto, **by
                )
        if order > 0:
            payments.refund(s, actor, booking.id, order, why, onto=onto, **by)
    values: dict[str, object] = {"updated_at": now}
    if closes:
        values["status"] = BookingStatus.CANCELLED.value
        discount_codes.release_in(s, booking.id, now)  # codes that say so get their use back
    s.execute(
        update(Booking)
        .where(Booking.id == booking.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        s,
        actor,
        "booking.cancel" if closes else "booking.cancel_tickets",
        "booking",
        booking.id,
        reference=booking.reference,
        tickets=[t.id for t in chosen],
        refunded=str(amount),
        reason=why,
        **({"onto_voucher": onto.number} if onto is not None else {}),
        **({"refund_by": refund_by.value} if refund_by is not None else {}),
    )
    refunded = format_money(amount)
    if onto is not None:
        refunded = _("{amount} onto gift voucher {number}").format(
            amount=refunded, number=onto.number
        )
    if closes:
        notifications.booking_cancelled(s, booking.id, refunded)
    else:
        notifications.booking_updated(
            s,
            booking.id,
            _("{count} ticket(s) cancelled, {amount} refunded.").format(
                count=len(chosen), amount=refunded
            ),
        )
    # Freed seats go to the event's waiting list first, in this same transaction (not when
    # the whole event is being cancelled).
    offered = (
        []
        if whole_event
        else waitlist_offers.offered_seat_ids(
            waitlist_offers.offer_free_seats(s, booking.event_id, now)
        )
    )
    inv.publish(s, booking.event_id, set(seat_ids) | set(offered), sold_delta=-len(chosen))
    return amount


def exchange(
    s: Session,
    actor: Actor,
    booking: _Booking,
    ticket_ids: Sequence[int],
    hold_id: str,
    tenders: Sequence[Tender],
    idempotency_key: str,
    *,
    to_voucher: bool = False,
) -> None:
    """Swap tickets for the seats *hold_id* holds; charge or refund the difference (onto a new
    gift voucher with *to_voucher*)."""
    require_may_change(actor, booking)
    now = utcnow()
    tickets = tickets_of(s, booking.id)
    held = s.execute(
        inv.live_held(
            hold_id, now, EventSeat.event_id, EventSeat.id, EventSeat.tier_id, PriceTier.price
        )
    ).all()
    if not held:
        if inv.hold_row(s, hold_id) is not None:
            raise ValidationError(_("General-admission places cannot be exchanged for seats."))
        wanted = {int(t) for t in ticket_ids}
        by_id = {t.id: t for t in tickets}
        if wanted and all(
            t in by_id and by_id[t].status == TicketStatus.CANCELLED.value for t in wanted
        ):
            return  # the same exchange already went through (a retry after a lost reply)
        raise HoldExpired(_("The hold on the new seats ran out; please choose them again."))
    if any(event_id != booking.event_id for event_id, *_rest in held):
        raise ValidationError(_("The new seats must be for the same event as the booking."))
    inv.on_sale_event(s, booking.event_id, now)
    old = choose(tickets, ticket_ids, booking.reference)
    if any(t.seat_id is None for t in old):
        raise ValidationError(_("General-admission tickets cannot be exchanged for seats."))
    quote = price_exchange(
        s, booking, old, [(es_id, tier_id, price) for _event, es_id, tier_id, price in held]
    )
    new = [  # the new tickets, at the prices the quote gives their seats
        (es_id, tier_id, amount)
        for (_event, es_id, tier_id, _price), amount in zip(
            held, quote.bought.line_amounts(), strict=True
        )
    ]
    inv.sell_held(
        s,
        hold_id,
        booking.id,
        len(new),
        now,
        _("Some of the new seats were released meanwhile; please check."),
    )
    freed = _cancel_rows(s, booking, old, now)
    # The new tickets carry the types the quote priced them with (the returned tickets' types,
    # in order), and its adjustments are kept with them like a sale's (receipt, refunds).
    kinds = [line.ticket_type.id if line.ticket_type else None for line in quote.bought.lines]
    new_ids = inv.issue_tickets(s, booking.id, booking.event_id, new, now, kinds)
    sale_record.record(s, booking.id, new_ids, quote.bought, now)
    difference = quote.difference
    if difference > 0:
        key = idempotency_key.strip() or f"exchange-{uuid.uuid4()}"
        payments.charge(s, actor, booking.id, booking.customer_id, tenders, difference, key)
    elif tenders:
        raise ValidationError(
            _("Nothing to pay: the new seats do not cost more (any difference is refunded).")
        )
    elif difference < 0:
        onto = _refund_voucher(s, actor, booking, -difference, now) if to_voucher else None
        payments.refund(s, actor, booking.id, -difference, _("Seat exchange"), onto=onto)
    s.execute(
        update(Booking)
        .where(Booking.id == booking.id)
        .values(total=Booking.total + difference, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    labels = inv.seat_labels(s, freed + [es_id for es_id, _t, _p in new])
    before = inv.describe(labels[i] for i in freed)
    after = inv.describe(labels[es_id] for es_id, _t, _p in new)
    audit.record(
        s,
        actor,
        "booking.exchange",
        "booking",
        booking.id,
        reference=booking.reference,
        old_tickets=[t.id for t in old],
        new_seats=[es_id for es_id, _t, _p in new],
        difference=str(difference),
    )
    change = (
        _("charged {amount}").format(amount=format_money(difference))
        if difference > 0
        else _("refunded {amount}").format(amount=format_money(-difference))
        if difference < 0
        else _("no price difference")
    )
    if difference < 0 and to_voucher:
        change = _("refunded {amount} onto a new gift voucher").format(
            amount=format_money(-difference)
        )
    notifications.booking_updated(
        s,
        booking.id,
        _("Seats {before} exchanged for {after}; {change}.").format(
            before=before, after=after, change=change
        ),
    )
    inv.publish(s, booking.event_id, freed + [es_id for es_id, _t, _p in new], len(new) - len(old))


def price_exchange(
    s: Session, booking: _Booking, old: Sequence[_Ticket], held: Sequence[tuple[int, int, Decimal]]
) -> ExchangeQuote:
    """The exchange of *old* tickets for the *held* seats (event_seat id, tier id, tier price),
    through the pricing seam.

    The returned tickets go back at what they were sold for, less their fees that are not
    refundable (already earned, as in a cancellation). The new seats are quoted like a cart:
    each takes the ticket type of the returned ticket at its position (the default type past
    them), the event's tax, and the per-ticket fees a cancellation would give back; fees
    already kept (not refundable) and order-wide fees are not charged twice.
    """
    rules = event_pricing.load(s, booking.event_id)
    kept, _order = sale_charges.refund_terms(s, booking.id, [t.id for t in old], False)
    types = [t.type_id for t in old]
    bought = [
        PriceLine(
            es_id,
            "",
            tier_id,
            "",
            price,
            ticket_type=rules.rule(types[i] if i < len(types) else None, tier_id),
        )
        for i, (es_id, tier_id, price) in enumerate(held)
    ]
    request = rules.request(bought)
    fees = tuple(
        f
        for f in request.fees
        if f.per is FeePer.TICKET and f.refundable and f.payment_method is None
    )
    return pricing.exchange_quote([_sold_line(t) for t in old], replace(request, fees=fees), kept)


def _refund_voucher(
    s: Session, actor: Actor, booking: _Booking, amount: Decimal, now: datetime
) -> voucher_balance.VoucherRef:
    """A new gift voucher for the customer of *booking* that a refund of *amount* fills."""
    ref = voucher_balance.open_refund_voucher(
        s, amount, booking.customer_id, "", actor.user_id, now
    )
    audit.record(
        s,
        actor,
        "voucher.refund_issue",
        "gift_voucher",
        ref.id,
        booking=booking.reference,
        value=str(amount),
    )
    return ref
