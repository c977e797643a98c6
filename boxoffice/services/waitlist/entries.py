"""The desk's waiting-list use cases: add a customer, take them off, list, take an offer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Customer, Event, PriceTier, TicketType, WaitlistEntry
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import (
    Conflict,
    HoldExpired,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from boxoffice.domain.roles import Permission
from boxoffice.domain.status import EventStatus
from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.sales import event_pricing, holds
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.holds import HoldInfo
from boxoffice.services.waitlist.offers import offer_free_seats, offered_seat_ids
from boxoffice.services.waitlist.views import WaitlistEntryView

MOST_PER_ENTRY = 20
_LIVE = (WaitlistStatus.WAITING.value, WaitlistStatus.OFFERED.value)


def add_to_waitlist(
    db: Database,
    actor: Actor,
    event_id: int,
    customer_id: int,
    quantity: int,
    tier_id: int | None = None,
    ticket_type_id: int | None = None,
    note: str = "",
) -> WaitlistEntryView:
    """Queue *customer_id* for *quantity* places of the event (of *tier_id*, or any tier).

    If seats are free already (an offer ran out, say) the list is offered at once, in the same
    transaction, so the new entry may come back as an offer.
    """
    actor.require(Permission.SELL)
    staff = inv.staff_id(actor)
    count = inv.quantity_arg(quantity, MOST_PER_ENTRY)

    def work(s: Session) -> WaitlistEntryView:
        now = utcnow()
        event = inv.load_event(s, event_id)
        if event.status == EventStatus.CANCELLED.value or event.starts_at <= now:
            raise ValidationError(
                _("{title} can no longer be sold: no waiting list.").format(title=event.title)
            )
        if s.get(Customer, customer_id) is None:
            raise NotFound(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        if (
            tier_id is not None
            and s.scalar(
                select(PriceTier.id).where(PriceTier.id == tier_id, PriceTier.event_id == event_id)
            )
            is None
        ):
            raise NotFound(
                _("The price tier {tier_id} is not one of this event's.").format(tier_id=tier_id)
            )
        if ticket_type_id is not None:
            kind = s.execute(
                select(TicketType.complimentary).where(
                    TicketType.id == ticket_type_id, TicketType.event_id == event_id
                )
            ).one_or_none()
            if kind is None:
                raise NotFound(
                    _("The ticket type {ticket_type_id} is not one of this event's.").format(
                        ticket_type_id=ticket_type_id
                    )
                )
            if kind.complimentary and not actor.can(Permission.GIVE_COMPLIMENTARY):
                raise PermissionDenied(_("Complimentary tickets need a manager."))
        already = s.scalar(
            select(WaitlistEntry.id).where(
                WaitlistEntry.event_id == event_id,
                WaitlistEntry.customer_id == customer_id,
                WaitlistEntry.status.in_(_LIVE),
            )
        )
        if already is not None:
            raise Conflict(_("This customer is already on the waiting list for this event."))
        inserted = s.execute(
            insert(WaitlistEntry).values(
                event_id=event_id,
                tier_id=tier_id,
                ticket_type_id=ticket_type_id,
                customer_id=customer_id,
                quantity=count,
                status=WaitlistStatus.WAITING.value,
                note=note.strip()[:200],
                staff_user_id=staff,
                created_at=now,
                updated_at=now,
            )
        )
        assert isinstance(inserted, CursorResult) and inserted.inserted_primary_key
        entry_id = int(inserted.inserted_primary_key[0])
        audit.record(
            s,
            actor,
            "waitlist.add",
            "waitlist_entry",
            int(entry_id),
            event=event_id,
            customer=customer_id,
            quantity=count,
        )
        _offer_and_publish(s, event_id, now)
        line = _views(s, now, WaitlistEntry.event_id == event_id, WaitlistEntry.status.in_(_LIVE))
        return next(v for v in line if v.id == int(entry_id))

    return inv.run(db, once(work))


def remove_from_waitlist(db: Database, actor: Actor, entry_id: int) -> None:
    """Take the customer off the list; seats of an open offer pass to the next customer."""
    actor.require(Permission.SELL)

    def work(s: Session) -> None:
        now = utcnow()
        row = s.execute(
            select(WaitlistEntry.event_id, WaitlistEntry.status, WaitlistEntry.hold_id)
            .where(WaitlistEntry.id == entry_id)
            .with_for_update()
        ).one_or_none()
        if row is None:
            raise NotFound(
                _("There is no waiting-list entry {entry_id}.").format(entry_id=entry_id)
            )
        if row.status not in _LIVE:
            raise Conflict(_("That customer is no longer waiting."))
        s.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.id == entry_id)
            .values(status=WaitlistStatus.REMOVED.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        freed: list[int] = []
        if row.status == WaitlistStatus.OFFERED.value and row.hold_id:
            if inv.hold_row(s, row.hold_id) is not None:  # GA places: back to the tier
                inv.drop_hold(s, row.hold_id)
            else:
                freed = _held_by(s, row.hold_id)
                inv.drop_offer(s, row.hold_id, freed)
        audit.record(s, actor, "waitlist.remove", "waitlist_entry", entry_id)
        _offer_and_publish(s, row.event_id, now, freed)

    inv.run(db, once(work))


def take_offer(db: Database, actor: Actor, entry_id: int) -> HoldInfo:
    """The desk takes an open offer into its cart: the seats stay held (at least ``hold_minutes``
    from now) and the returned hold is checked out like any other."""
    actor.require(Permission.SELL)
    length = inv.hold_length()

    def work(s: Session) -> HoldInfo:
        now = utcnow()
        row = s.execute(
            select(WaitlistEntry.event_id, WaitlistEntry.hold_id, WaitlistEntry.offer_expires_at)
            .where(
                WaitlistEntry.id == entry_id,
                WaitlistEntry.status == WaitlistStatus.OFFERED.value,
            )
            .with_for_update()
        ).one_or_none()
        if row is None or row.hold_id is None:
            raise Conflict(_("That customer has no open offer."))
        if row.offer_expires_at <= now:
            raise HoldExpired(_("The offer ran out; its seats went on to the next customer."))
        until = max(row.offer_expires_at, now + length)
        if inv.hold_row(s, row.hold_id) is not None:  # general admission: a hold row
            renewed: list[int] = []
            if not inv.renew_ga_hold(s, row.hold_id, until, now):
                raise HoldExpired(_("The offered places are no longer held."))
        else:
            renewed = inv.renew_held(s, row.hold_id, row.event_id, until, now)
            if not renewed:
                raise HoldExpired(_("The offered seats are no longer held."))
        s.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.id == entry_id)
            .values(status=WaitlistStatus.TAKEN.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        audit.record(s, actor, "waitlist.take", "waitlist_entry", entry_id, hold=row.hold_id)
        if renewed:
            info = holds.seated_info(s, row.hold_id, row.event_id)
        else:
            ga_info = holds.current_hold(s, row.hold_id, now)
            assert ga_info is not None  # renewed just above
            info = ga_info
        inv.publish(s, row.event_id, renewed)
        return info

    return inv.run(db, once(work))


def event_waitlist(db: Database, actor: Actor, event_id: int) -> list[WaitlistEntryView]:
    """The event's live entries (waiting and offered, in order), as of now."""
    actor.require(Permission.SELL)
    return db.run(
        lambda s: _views(
            s, utcnow(), WaitlistEntry.event_id == event_id, WaitlistEntry.status.in_(_LIVE)
        )
    )


def customer_waitlist(db: Database, actor: Actor, customer_id: int) -> list[WaitlistEntryView]:
    """Every entry of the customer, newest first (offers show for the desk's customer view)."""
    actor.require(Permission.SELL)
    return db.run(
        lambda s: list(reversed(_views(s, utcnow(), WaitlistEntry.customer_id == customer_id)))
    )


def ticket_type_choices(db: Database, actor: Actor, event_id: int) -> list[tuple[int, str]]:
    """``(id, name)`` of the event's ticket types a clerk may queue a customer for."""
    actor.require(Permission.SELL)

    def work(s: Session) -> list[tuple[int, str]]:
        rules = event_pricing.load(s, event_id)
        return [(t.id, t.name) for t in rules.types if not t.complimentary]

    return db.run(work)


def process_event(s: Session, event_id: int, now: datetime) -> int:
    """Expire and offer for one event inside the caller's transaction; returns offers made
    (customers offered seats or GA places)."""
    offers = offer_free_seats(s, event_id, now)
    if offers:
        inv.publish(s, event_id, offered_seat_ids(offers))
    return len(offers)


# --- helpers ----------------------------------------------------------------------------------


def _offer_and_publish(
    s: Session, event_id: int, now: datetime, freed: list[int] | None = None
) -> list[int]:
    offers = offer_free_seats(s, event_id, now)
    seats = offered_seat_ids(offers)
    if seats or freed:
        inv.publish(s, event_id, set(seats) | set(freed or ()))
    return seats


def _held_by(s: Session, hold_id: str) -> list[int]:
    from boxoffice.db.models import EventSeat

    return sorted(
        s.scalars(
            inv.by_hold(
                select(EventSeat.id).where(
                    EventSeat.hold_id == hold_id, EventSeat.status == inv.HELD
                )
            )
        )
    )


def _views(s: Session, now: datetime, *where: object) -> list[WaitlistEntryView]:
    rows = s.execute(
        select(
            WaitlistEntry.id,
            WaitlistEntry.event_id,
            Event.title,
            WaitlistEntry.customer_id,
            Customer.name,
            PriceTier.name,
            TicketType.name,
            WaitlistEntry.quantity,
            WaitlistEntry.status,
            WaitlistEntry.offer_expires_at,
            WaitlistEntry.hold_id,
            WaitlistEntry.created_at,
        )
        .join(Event, Event.id == WaitlistEntry.event_id)
        .join(Customer, Customer.id == WaitlistEntry.customer_id)
        .outerjoin(PriceTier, PriceTier.id == WaitlistEntry.tier_id)
        .outerjoin(TicketType, TicketType.id == WaitlistEntry.ticket_type_id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(WaitlistEntry.id)
    ).all()
    views: list[WaitlistEntryView] = []
    position = 0
    for r in rows:
        status = WaitlistStatus(r[8])
        if status is WaitlistStatus.OFFERED and r[9] is not None and r[9] <= now:
            status = WaitlistStatus.EXPIRED  # lazily: the next pass passes it on
        place = 0
        if status is WaitlistStatus.WAITING:
            position += 1
            place = position
        views.append(
            WaitlistEntryView(
                r[0],
                place,
                r[1],
                r[2],
                r[3],
                r[4],
                r[5] or "",
                r[6] or "",
                r[7],
                status,
                r[9],
                r[10],
                r[11],
            )
        )
    return views
