"""Changing a sold package: cancel it wholly or per event, exchange one night for another date.

Rules (stated once, here):
- Cancelling refunds each cancelled event's share of the package price (the price split of the
  sale, :mod:`boxoffice.domain.package_split`), from that night's own payment; a night
  already used at the door or already started is neither cancelled nor
  refunded. When no night is left the package sale is cancelled too.
- An exchange moves one night to another date of the same production (same title and layout),
  the same seat, at the same share: the night's booking moves to the new event (its payment
  with it), its old ticket is cancelled and a new one issued. No money changes hands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, PackageSale, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict, NotFound, SalesClosed, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import BookingStatus, TicketStatus
from boxoffice.i18n import _
from boxoffice.services.bookings import changes as booking_changes
from boxoffice.services.common import audit
from boxoffice.services.packages import catalog
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales import payments


@dataclass(frozen=True)
class _Night:
    booking_id: int
    event_id: int
    ticket_id: int
    event_seat_id: int
    tier_id: int
    price: Decimal
    status: str


def _sale(s: Session, reference: str) -> tuple[int, int, int, str]:
    """(id, package id, seat id, status) of package sale *reference*, locked."""
    row = s.execute(
        select(PackageSale.id, PackageSale.package_id, PackageSale.seat_id, PackageSale.status)
        .where(PackageSale.reference == reference.strip().upper())
        .with_for_update()
    ).one_or_none()
    if row is None:
        raise NotFound(
            _("There is no season ticket {upper}.").format(upper=reference.strip().upper())
        )
    return int(row[0]), int(row[1]), int(row[2]), str(row[3])


def _nights(s: Session, sale_id: int) -> list[_Night]:
    """The sale's confirmed bookings with their seat ticket, by event id."""
    return [
        _Night(row[0], row[1], row[2], int(row[3] or 0), row[4], row[5], row[6])
        for row in s.execute(
            select(
                Booking.id,
                Booking.event_id,
                Ticket.id,
                Ticket.event_seat_id,
                Ticket.tier_id,
                Ticket.price,
                Ticket.status,
            )
            .join(Ticket, Ticket.booking_id == Booking.id)
            .where(
                Booking.package_sale_id == sale_id,
                Booking.status == BookingStatus.CONFIRMED.value,
                Ticket.status != TicketStatus.CANCELLED.value,
            )
            .order_by(Booking.event_id)
        )
    ]


def cancel_package(
    db: Database,
    actor: Actor,
    reference: str,
    event_ids: Sequence[int] | None = None,
    reason: str = "",
) -> Decimal:
    """Cancel season ticket *reference* wholly (*event_ids* None) or only those nights, and
    refund their shares; returns the amount refunded."""
    actor.require(Permission.CANCEL_OWN)
    wanted = None if event_ids is None else set(event_ids)
    why = reason.strip()[:200] or "Package cancelled at the desk"

    def work(s: Session) -> Decimal:
        now = utcnow()
        sale_id, _package, _seat, status = _sale(s, reference)
        if status != BookingStatus.CONFIRMED.value:
            raise Conflict(
                _("Season ticket {upper} is already cancelled.").format(
                    upper=reference.strip().upper()
                )
            )
        nights = _nights(s, sale_id)
        chosen = [n for n in nights if wanted is None or n.event_id in wanted]
        if wanted is not None and {n.event_id for n in chosen} != wanted:
            raise ValidationError(_("Some of those events are not live nights of this package."))
        starts = {
            event_id: at
            for event_id, at in s.execute(
                select(Event.id, Event.starts_at).where(Event.id.in_([n.event_id for n in chosen]))
            )
        }
        cancellable = [
            n for n in chosen if n.status == TicketStatus.VALID.value and starts[n.event_id] > now
        ]
        if not cancellable:
            raise Conflict(_("No night of this choice can be cancelled (used or already started)."))
        for night in cancellable:  # booking rows, then seats, by event id
            booking = booking_changes.lock_booking(s, night.booking_id)
            booking_changes.require_may_change(actor, booking)
        for night in cancellable:
            inv.free_sold(s, night.booking_id, [night.event_seat_id])
            inv.cancel_tickets(s, [night.ticket_id], now)
            s.execute(
                update(Booking)
                .where(Booking.id == night.booking_id)
                .values(status=BookingStatus.CANCELLED.value, updated_at=now)
                .execution_options(synchronize_session=False)
            )
        amount = sum((n.price for n in cancellable), Decimal("0.00"))
        for night in cancellable:  # each night was paid its share on its own booking
            if night.price > 0:
                payments.refund(s, actor, night.booking_id, night.price, why)
        left = len(nights) - len(cancellable)
        if left == 0:
            s.execute(
                update(PackageSale)
                .where(PackageSale.id == sale_id)
                .values(status=BookingStatus.CANCELLED.value)
                .execution_options(synchronize_session=False)
            )
        audit.record(
            s,
            actor,
            "package.cancel",
            "package_sale",
            sale_id,
            events=[n.event_id for n in cancellable],
            refunded=str(amount),
            reason=why,
        )
        for night in cancellable:
            inv.publish(s, night.event_id, [night.event_seat_id], sold_delta=-1)
        return amount

    return inv.run(db, work)


def exchange_night(
    db: Database, actor: Actor, reference: str, from_event_id: int, to_event_id: int
) -> int:
    """Move season ticket *reference*'s night *from_event_id* to *to_event_id* (another date of
    the same production), the same seat; returns the night's booking id (now of the new date)."""
    actor.require(Permission.CANCEL_OWN)
    actor.require(Permission.SELL)

    def work(s: Session) -> int:
        now = utcnow()
        sale_id, package_id, seat_id, status = _sale(s, reference)
        if status != BookingStatus.CONFIRMED.value:
            raise Conflict(
                _("Season ticket {upper} is cancelled.").format(upper=reference.strip().upper())
            )
        night = next((n for n in _nights(s, sale_id) if n.event_id == from_event_id), None)
        if night is None or night.status != TicketStatus.VALID.value:
            raise ValidationError(
                _("That night is not a live, unused night of this season ticket.")
            )
        if to_event_id in catalog.load(s, package_id).event_ids:
            raise ValidationError(_("The new date is already a night of this package."))
        old, new = inv.load_event(s, from_event_id), inv.load_event(s, to_event_id)
        if old.starts_at <= now:
            raise SalesClosed(
                _("{title} has already started; it can no longer be exchanged.").format(
                    title=old.title
                )
            )
        inv.require_on_sale(new, now)
        if (old.title, old.layout_id) != (new.title, new.layout_id):
            raise ValidationError(
                _("Exchange only for another date of {title}.").format(title=old.title)
            )
        booking = booking_changes.lock_booking(s, night.booking_id)
        booking_changes.require_may_change(actor, booking)
        seat = inv.seat_in_events(s, seat_id, [to_event_id])[0]
        # Seats in the lock order: event id, then seat id.
        steps = sorted([(from_event_id, "free"), (to_event_id, "take")])
        for _event, step in steps:
            if step == "free":
                inv.free_sold(s, night.booking_id, [night.event_seat_id])
            else:
                inv.sell_across(s, [seat], {to_event_id: night.booking_id}, now)
        inv.cancel_tickets(s, [night.ticket_id], now)
        inv.issue_tickets(
            s, night.booking_id, to_event_id, [(seat.event_seat_id, seat.tier_id, night.price)], now
        )
        # The booking (and the payment on it) moves with the night: it stays paid for its ticket.
        s.execute(
            update(Booking)
            .where(Booking.id == night.booking_id)
            .values(event_id=to_event_id, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        audit.record(
            s,
            actor,
            "package.exchange",
            "package_sale",
            sale_id,
            from_event=from_event_id,
            to_event=to_event_id,
            booking=night.booking_id,
        )
        for event_id, _step in steps:
            moved = night.event_seat_id if event_id == from_event_id else seat.event_seat_id
            inv.publish(s, event_id, [moved], sold_delta=-1 if event_id == from_event_id else 1)
        return night.booking_id

    return inv.run(db, work)
