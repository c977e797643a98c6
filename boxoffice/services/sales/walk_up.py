"""A walk-up sale: the best N seats (or the seats named) paid in cash or by card, with nobody to
talk to about types or codes - ONE service call and ONE transaction.

The desk's usual sale is two calls (hold, then checkout after the customer agreed); a walk-up
that asks for "two, cash" needs no cart in between. The rules are the same ones, in the same
order as a checkout (see :mod:`~boxoffice.services.sales.purchase`): the seats are taken by a
conditional UPDATE whose row count is checked (never sold twice), the event's sales window is
checked, the pricing seam quotes the lines (the default ticket type, fees, tax), then booking,
seats, tickets, sale adjustments, payment, till and audit rows, and last the event's version
bump, which here also refuses an event cancelled meanwhile. Fewer round trips than hold +
checkout: the seats are marked held and sold inside this one transaction (never published
held), the event, the lines and whether the event has pricing rules come back in one query, and
the statements are built once (module level) and only bound per sale.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import cast

from sqlalchemy import String, Table, bindparam, exists, insert, or_
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, EventFee, EventSeat, EventTax, PriceTier, TicketType
from boxoffice.db.prepared import Prepared
from boxoffice.db.types import UTCDateTime
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    HoldExpired,
    NotFound,
    PaymentError,
    SeatUnavailable,
    SoldOut,
    ValidationError,
)
from boxoffice.domain.reference import new_reference
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus
from boxoffice.domain.tender import CardTender, CashTender, Tender
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.sales import (
    event_pricing,
    holds,
    payments,
    pricing,
    sale_guard,
    sale_record,
)
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales.pricing import PriceLine

# The seats are marked held only inside the sale's transaction (sold before it commits); the
# expiry just has to outlast the transaction.
_MARK_FOR = timedelta(minutes=5)

# Whether the event has any pricing rule beyond tier prices (types, fees, tax): read with the
# lines, so a plain event costs no query for its (empty) rules.
_HAS_RULES = or_(
    exists().where(TicketType.event_id == Event.id),
    exists().where(EventFee.event_id == Event.id),
    exists().where(EventTax.event_id == Event.id),
)
# (event_seat id, tier id, price, *EventRow, has rules) of the seats this sale marked.
_SELECT_LINES = inv.live_held(
    bindparam("hold_id", type_=String()),
    bindparam("now", type_=UTCDateTime()),
    EventSeat.id,
    EventSeat.tier_id,
    PriceTier.price,
    *inv.EVENT_ROW_COLUMNS,
    _HAS_RULES.label("priced"),
).join(Event, Event.id == EventSeat.event_id)
_LINES = Prepared(_SELECT_LINES)
_INSERT_BOOKING = Prepared(insert(cast(Table, Booking.__table__)))


def walk_up_sale(
    db: Database,
    actor: Actor,
    event_id: int,
    idempotency_key: str,
    *,
    quantity: int | None = None,
    seat_ids: Sequence[int] | None = None,
    tier_id: int | None = None,
    cash_tendered: Decimal | None = None,
    card: CardTender | None = None,
) -> checkout.BookingResult:
    """Sell *quantity* best seats (of *tier_id*, or the best zone with a block that size) or
    the *seat_ids* named (event_seat ids), paid wholly in cash (*cash_tendered*: what the
    customer handed over, None for the exact total) or by *card* (its amount is set to the
    total), in one transaction.

    SalesClosed off sale; SoldOut or SeatUnavailable when the seats are not there; PaymentError
    for cash short of the total or a card refused. The same *idempotency_key* again returns the
    first booking and charges nothing.
    """
    actor.require(Permission.SELL)
    staff = inv.staff_id(actor)
    key = idempotency_key.strip()
    if not key or len(key) > 64:
        raise ValidationError(_("A sale needs an idempotency key of 1–64 characters."))
    if (quantity is None) == (seat_ids is None):
        raise ValidationError(_("Sell either a number of best seats or the seats chosen."))
    count = inv.quantity_arg(quantity, holds.MAX_BLOCK) if quantity is not None else 0
    ids = inv.seat_ids_arg(seat_ids) if seat_ids is not None else []
    if ids and tier_id is not None:
        raise ValidationError(_("A price tier picks the best seats; chosen seats keep theirs."))
    if card is not None and cash_tendered is not None:
        raise ValidationError(_("A walk-up sale is paid in cash or by card, not both."))
    if cash_tendered is not None and not isinstance(cash_tendered, Decimal):
        raise PaymentError(_("Cash tendered must be an amount of money."))

    def work(s: Session) -> checkout.BookingResult:
        return _sell(s, actor, staff, event_id, key, count, ids, tier_id, cash_tendered, card)

    try:
        return checkout._run_once(db, work, key, (card,) if card is not None else ())
    except (SeatUnavailable, SoldOut, HoldExpired):
        # A retry of a sale that went through (its reply was lost) finds its seats sold.
        done = db.run(lambda s: checkout._existing(s, key))
        if done is not None:
            return done
        raise


def _sell(
    s: Session,
    actor: Actor,
    staff: int,
    event_id: int,
    key: str,
    count: int,
    ids: list[int],
    tier_id: int | None,
    cash_tendered: Decimal | None,
    card: CardTender | None,
) -> checkout.BookingResult:
    now = utcnow()
    hold_id = str(uuid.uuid4())
    expires = now + _MARK_FOR
    if count:
        event = inv.on_sale_event(s, event_id, now)
        holds.take_best_block(s, event, count, tier_id, hold_id, expires, now)
    else:
        _take_chosen(s, event_id, ids, hold_id, expires, now)
    rows = _LINES.rows(s, {"hold_id": hold_id, "now": now})
    if not rows:  # marked a moment ago in this transaction: cannot happen
        raise AssertionError("the seats this sale marked are gone")
    event = inv.require_on_sale(inv.EventRow(*rows[0][3:11]), now)
    rules = event_pricing.load(s, event.id) if rows[0][11] else event_pricing.EventPricing()
    # Nothing was chosen in a cart: every line is the event's default ticket type.
    typed = [
        PriceLine(seat, "", tier, "", price, ticket_type=rules.rule(None, tier))
        for seat, tier, price, *_rest in rows
    ]
    comps = [i for i, ln in enumerate(typed) if ln.ticket_type and ln.ticket_type.complimentary]
    if comps:
        actor.require(Permission.GIVE_COMPLIMENTARY)
    method = "card" if card is not None else "cash"
    quote = pricing.quote(rules.request(typed, method))
    total = quote.total
    tenders = _tenders(total, cash_tendered, card)
    seat_ids = [row[0] for row in rows]
    reference = new_reference()
    result = _INSERT_BOOKING.write(
        s,
        {
            "reference": reference,
            "event_id": event.id,
            "customer_id": None,
            "clerk_id": staff,
            "desk": actor.desk[:64],
            "status": BookingStatus.CONFIRMED.value,
            "total": total,
            "idempotency_key": key,
            "created_at": now,
            "updated_at": now,
        },
    )
    booking_id = int(result.lastrowid)
    inv.sell_held(s, hold_id, booking_id, len(seat_ids), now, "seats marked by this sale")
    sold = [
        (line.seat_id, line.tier_id, amount)
        for line, amount in zip(quote.lines, quote.line_amounts(), strict=True)
    ]
    kinds = [line.ticket_type.id if line.ticket_type else None for line in quote.lines]
    ticket_ids = inv.issue_tickets(s, booking_id, event.id, sold, now, kinds)
    sale_record.record(s, booking_id, ticket_ids, quote, now)
    checkout.audit_complimentary(s, actor, hold_id, quote, comps, ticket_ids)
    with audit.batched(s) as write_audit:  # booking.create and payment.charge: one insert
        paid = payments.charge(s, actor, booking_id, None, tenders, total, key)
        with sale_guard.void_on_failure(paid):
            checkout.audit_booking_created(
                s, actor, booking_id, reference, event.id, ticket_ids, total
            )
            write_audit()
            try:  # the bump refuses an event cancelled meanwhile (card at the terminal)
                inv.publish(
                    s, event.id, seat_ids, sold_delta=len(ticket_ids), unless_cancelled=True
                )
            except NotFound:
                sale_guard.still_on_sale(s, event.id)  # says whether cancelled or deleted
                raise
    change = sum((p.change_due or Decimal("0.00") for p in paid), Decimal("0.00"))
    return checkout.BookingResult(booking_id, reference, total, change, ticket_ids)


def _take_chosen(
    s: Session, event_id: int, ids: list[int], hold_id: str, expires: datetime, now: datetime
) -> None:
    """Mark the chosen seats; when that fails, say first whether the event is on sale at all."""
    try:
        inv.take_seats(s, event_id, ids, hold_id, expires, now)
    except (NotFound, SeatUnavailable):
        inv.on_sale_event(s, event_id, now)  # NotFound / SalesClosed say more
        raise


def _tenders(
    total: Decimal, cash_tendered: Decimal | None, card: CardTender | None
) -> list[Tender]:
    """The one tender paying *total* (none for a free sale)."""
    if total <= 0:
        return []
    if card is not None:
        return [replace(card, amount=total)]
    return [CashTender(total, total if cash_tendered is None else cash_tendered)]
