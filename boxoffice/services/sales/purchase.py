"""Checkout: turn a hold into a paid booking in ONE transaction (seats, booking, tickets,
payments, audit row and notification commit together or not at all)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CursorResult, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, Event, EventSeat, Payment, PriceTier, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import DatabaseUnavailable, HoldExpired, NotFound, ValidationError
from boxoffice.domain.reference import new_reference
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus
from boxoffice.domain.tender import CardTender, SavedCardTender, Tender, tender_methods
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.mail import notifications
from boxoffice.services.sales import (
    discount_codes,
    event_pricing,
    payments,
    pending_auths,
    pricing,
    sale_guard,
    sale_record,
)
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.pricing import PriceLine

REFERENCE_ATTEMPTS = 5  # a reference clash (40 random bits) is rare; a run of them is a bug


@dataclass(frozen=True)
class BookingResult:
    booking_id: int
    reference: str  # "7KQ4-MX2P"
    total: Decimal
    change_due: Decimal  # cash to hand back
    ticket_ids: tuple[int, ...]
    # The connection to the database was lost during the sale and made again (the server came
    # back, or another node of the cluster took over): the sale still went through, once.
    reconnected: bool = False


def checkout(
    db: Database,
    actor: Actor,
    hold_id: str,
    tenders: Sequence[Tender],
    idempotency_key: str,
    customer_id: int | None = None,
    codes: Sequence[str] = (),
) -> BookingResult:
    """Sell what *hold_id* holds, paid by *tenders* (split tender allowed), with the discount
    *codes* typed in the cart (each counted as used with the sale; CodeRefused if one no
    longer applies).

    HoldExpired if the hold ran out (or is not this hold any more); PaymentDeclined/PaymentError
    from payments leave nothing behind. The same *idempotency_key* again returns the first
    booking and charges nothing — also when both requests run at the same moment.
    """
    actor.require(Permission.SELL)
    staff = inv.staff_id(actor)
    key = idempotency_key.strip()
    if not key or len(key) > 64:
        raise ValidationError(_("A checkout needs an idempotency key of 1–64 characters."))
    tender_list = tuple(tenders)
    code_list = tuple(codes)

    def work(s: Session) -> BookingResult:
        return _checkout(s, actor, staff, hold_id, tender_list, key, customer_id, code_list)

    recoveries = db.recoveries()
    result = _run_once(db, work, key, tender_list)
    if db.recoveries() > recoveries:
        return replace(result, reconnected=True)
    return result


def _run_once(
    db: Database,
    work: Callable[[Session], BookingResult],
    key: str,
    tender_list: tuple[Tender, ...],
) -> BookingResult:
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            result = inv.run(db, work)
        except IntegrityError:
            # Either an identical request committed first (its booking is the answer), or the
            # new reference clashed with an existing one: everything rolled back, run again.
            done = db.run(lambda s: _existing(s, key))
            if done is not None:
                pending_auths.forget(idempotency_key=key)
                return done
            continue
        except DatabaseUnavailable as exc:
            if not any(isinstance(t, CardTender | SavedCardTender) for t in tender_list):
                raise
            raise DatabaseUnavailable(
                _(
                    "{message} If the card was approved, press Pay again once the "
                    "database is back: it is not charged twice. If this sale is not "
                    "completed, this desk cancels the card payment by itself once "
                    "the hold has run out."
                ).format(message=exc.message)
            ) from exc
        pending_auths.forget(idempotency_key=key)  # saved: nothing left to void
        return result
    raise AssertionError("booking references keep clashing")


def _checkout(
    s: Session,
    actor: Actor,
    staff: int,
    hold_id: str,
    tenders: tuple[Tender, ...],
    key: str,
    customer_id: int | None,
    codes: tuple[str, ...] = (),
) -> BookingResult:
    now = utcnow()
    # Seats held under this id and still alive are ours: no other desk may take them before
    # they run out. A GA hold is a row, claimed by deleting it.
    event, seated = _held_lines(s, hold_id, now)
    lines: list[tuple[int | None, int, Decimal]]
    if event is not None:
        lines = [(seat, tier, price) for seat, tier, price in seated]
    else:
        hold = inv.claim_hold(s, hold_id, now)
        if hold is None:
            # A retry of a checkout that already went through finds the hold gone.
            done = _existing(s, key)
            if done is not None:
                return done
            raise HoldExpired(
                _("The hold on this selection ran out before payment; please choose again.")
            )
        if hold.tier_id is None or hold.quantity < 1:
            raise ValidationError(_("Nothing is held in this sale yet."))
        event = inv.load_event(s, hold.event_id)
        lines = _ga_lines(s, hold.tier_id, hold.quantity)
    inv.require_on_sale(event, now)
    if customer_id is not None:
        _require_customer(s, customer_id)
    # The same quote the cart showed (holds, discount_codes.price_hold), one line per ticket.
    rules = event_pricing.load(s, event.id)
    typed = event_pricing.typed_lines(
        s, hold_id, [PriceLine(seat, "", tier, "", p) for seat, tier, p in lines], rules
    )
    comps = [
        i for i, line in enumerate(typed) if line.ticket_type and line.ticket_type.complimentary
    ]
    if comps:
        actor.require(Permission.GIVE_COMPLIMENTARY)
    discounts = discount_codes.rules_for(s, codes, event.id, typed, customer_id, now)
    request = rules.request(typed, tender_methods(tenders))
    quote = pricing.quote(
        replace(request, codes=codes, customer_id=customer_id, discounts=discounts)
    )
    total = quote.total
    seat_ids = [seat for seat, _tier, _price in lines if seat is not None]
    booking_id, reference = _insert_booking(s, actor, staff, event.id, customer_id, total, key, now)
    discount_codes.redeem_in(s, discounts, quote, booking_id, customer_id, now)
    if seat_ids:
        inv.sell_held(
            s,
            hold_id,
            booking_id,
            len(seat_ids),
            now,
            _("Some seats of this selection were released meanwhile; please check."),
        )
    sold = [
        (line.seat_id, line.tier_id, amount)
        for line, amount in zip(quote.lines, quote.line_amounts(), strict=True)
    ]
    kinds = [line.ticket_type.id if line.ticket_type else None for line in quote.lines]
    ticket_ids = inv.issue_tickets(s, booking_id, event.id, sold, now, kinds)
    sale_record.record(s, booking_id, ticket_ids, quote, now)
    audit_complimentary(s, actor, hold_id, quote, comps, ticket_ids)
    if rules.types:  # the cart could choose types: its choices are on the tickets now
        inv.forget_held_types(s, hold_id)
    paid = payments.charge(s, actor, booking_id, customer_id, tenders, total, key)
    change = sum((p.change_due or Decimal("0.00") for p in paid), Decimal("0.00"))
    with sale_guard.void_on_failure(paid):
        audit_booking_created(s, actor, booking_id, reference, event.id, ticket_ids, total)
        if customer_id is not None:  # a walk-in sale has nobody to write to
            notifications.booking_confirmed(s, booking_id)
        inv.publish(s, event.id, seat_ids, sold_delta=len(ticket_ids))
        sale_guard.still_on_sale(s, event.id)  # cancelled while the card was at the terminal?
    return BookingResult(booking_id, reference, total, change, ticket_ids)


def audit_booking_created(
    s: Session,
    actor: Actor,
    booking_id: int,
    reference: str,
    event_id: int,
    ticket_ids: tuple[int, ...],
    total: Decimal,
) -> None:
    """The ``booking.create`` audit row of a sale (cart checkout and walk-up alike)."""
    audit.record(
        s,
        actor,
        "booking.create",
        "booking",
        booking_id,
        reference=reference,
        event_id=event_id,
        tickets=len(ticket_ids),
        total=str(total),
    )


def audit_complimentary(
    s: Session,
    actor: Actor,
    hold_id: str,
    quote: pricing.Quote,
    comps: list[int],
    ticket_ids: tuple[int, ...],
) -> None:
    """One audit row per ticket given away, with the reason the clerk gave."""
    if not comps:
        return
    reasons = event_pricing.reasons(s, hold_id)
    for index in comps:
        line = quote.lines[index]
        assert line.ticket_type is not None
        audit.record(
            s,
            actor,
            "ticket.complimentary",
            "ticket",
            ticket_ids[index],
            ticket_type=line.ticket_type.name,
            reason=reasons.get(line.seat_id, ""),
            tier_id=line.tier_id,
        )


def _held_lines(
    s: Session, hold_id: str, now: datetime
) -> tuple[inv.EventRow | None, list[tuple[int, int, Decimal]]]:
    """The event and (event_seat id, tier id, price) of the live seats of *hold_id*.

    One query for both: the event's sales window is read with the seats (no lock on the event
    row; the bump in :func:`inv.publish` is what proves it still exists at commit).
    """
    rows = s.execute(
        inv.live_held(
            hold_id, now, EventSeat.id, EventSeat.tier_id, PriceTier.price, *inv.EVENT_ROW_COLUMNS
        ).join(Event, Event.id == EventSeat.event_id)
    ).all()
    if not rows:
        return None, []
    return inv.EventRow(*rows[0][3:]), [(row[0], row[1], row[2]) for row in rows]


def _ga_lines(s: Session, tier_id: int, quantity: int) -> list[tuple[int | None, int, Decimal]]:
    price = s.scalar(select(PriceTier.price).where(PriceTier.id == tier_id))
    if price is None:
        raise NotFound(_("The price tier of this hold no longer exists."))
    # The places were counted in ga_sold when held; selling them changes no count.
    return [(None, tier_id, price)] * quantity


def _insert_booking(
    s: Session,
    actor: Actor,
    staff: int,
    event_id: int,
    customer_id: int | None,
    total: Decimal,
    key: str,
    now: datetime,
) -> tuple[int, str]:
    reference = new_reference()
    result = s.execute(
        insert(Booking).values(
            reference=reference,
            event_id=event_id,
            customer_id=customer_id,
            clerk_id=staff,
            desk=actor.desk[:64],
            status=BookingStatus.CONFIRMED.value,
            total=total,
            idempotency_key=key,
            created_at=now,
            updated_at=now,
        )
    )
    assert isinstance(result, CursorResult)
    booking_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    assert booking_id is not None, "both backends report the new id"
    return int(booking_id), reference


def _existing(s: Session, key: str) -> BookingResult | None:
    """The booking an earlier checkout with *key* made, as its result (None if none)."""
    booking = s.execute(
        select(Booking.id, Booking.reference, Booking.total).where(Booking.idempotency_key == key)
    ).one_or_none()
    if booking is None:
        return None
    booking_id, reference, total = booking
    change = sum(
        (
            c
            for c in s.scalars(select(Payment.change_due).where(Payment.booking_id == booking_id))
            if c is not None
        ),
        Decimal("0.00"),
    )
    ticket_ids = tuple(
        s.scalars(select(Ticket.id).where(Ticket.booking_id == booking_id).order_by(Ticket.id))
    )
    return BookingResult(booking_id, reference, total, change, ticket_ids)


def _require_customer(s: Session, customer_id: int) -> None:
    """The sale's customer exists and is not erased. A shared lock (the one the booking's
    foreign key would take anyway, taken earlier): a merge or erasure of this customer waits
    for the sale, or the sale for it and then sees the customer gone or erased."""
    erased = s.execute(
        select(Customer.erased_at).where(Customer.id == customer_id).with_for_update(read=True)
    ).one_or_none()
    if erased is None:
        raise NotFound(
            _(
                "There is no customer with id {customer_id} (merged or removed); "
                "choose the customer again."
            ).format(customer_id=customer_id)
        )
    if erased[0] is not None:
        raise ValidationError(
            _("Customer {customer_id} was erased; sell without a customer.").format(
                customer_id=customer_id
            )
        )
