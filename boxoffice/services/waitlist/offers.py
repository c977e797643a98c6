"""Offering freed seats to an event's waiting list, inside the transaction that freed them.

No scheduler: the code path that frees seats (a cancellation, a released hold, the event editor)
calls :func:`offer_free_seats` before :func:`inventory.publish`, and ``boxoffice waitlist sweep``
(cron) does the same for every event whose offers ran out. Expiry is evaluated lazily: an offer
past ``offer_expires_at`` is marked expired here, and its seats are already sellable (a held seat
whose hold ran out is, see :func:`inventory.sellable`).

Two guarantees, each from a conditional UPDATE whose row count is checked:

- an entry moves ``waiting -> offered`` once, so two desks freeing seats at once never both make
  it an offer;
- the seats are held for the offer's hold id by :func:`inventory.hold_free_seats`, so a seat is
  never in two live offers.

Entries are served in ``id`` order; an entry wanting more places than are free is passed over
(a smaller request behind it may fit) and keeps its place for the next time.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice import config
from boxoffice.db.models import EventSeat, PriceTier, WaitlistEntry
from boxoffice.domain.status import EventStatus
from boxoffice.domain.waitlist import WaitlistStatus
from boxoffice.services.sales import inventory as inv
from boxoffice.services.waitlist.offer_mail import queue_offer_mail
from boxoffice.services.waitlist.views import Offer

WAITING = WaitlistStatus.WAITING.value
OFFERED = WaitlistStatus.OFFERED.value
MOST_PER_PASS = 200  # entries looked at per pass: a pass stays one short transaction


def offer_length() -> timedelta:
    hours = int(config.get("waitlist_offer_hours"))
    return timedelta(hours=max(hours, 1))


def expire_offers(session: Session, event_id: int, now: datetime) -> int:
    """Mark the event's offers past their expiry as expired; returns how many."""
    result = session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.event_id == event_id,
            WaitlistEntry.status == OFFERED,
            WaitlistEntry.offer_expires_at <= now,
        )
        .values(status=WaitlistStatus.EXPIRED.value, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return inv.rowcount(result)


def _claim(session: Session, entry_id: int, hold_id: str, now: datetime, until: datetime) -> bool:
    return (
        inv.rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == WAITING)
                .values(
                    status=OFFERED,
                    hold_id=hold_id,
                    offered_at=now,
                    offer_expires_at=until,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        )
        == 1
    )


def _unclaim(session: Session, entry_id: int, hold_id: str, now: datetime) -> None:
    session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry_id, WaitlistEntry.hold_id == hold_id)
        .values(
            status=WAITING, hold_id=None, offered_at=None, offer_expires_at=None, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )


def _anyone_waiting_or_offered(session: Session, event_id: int) -> bool:
    return (
        session.execute(
            select(WaitlistEntry.id)
            .where(
                WaitlistEntry.event_id == event_id,
                WaitlistEntry.status.in_((WAITING, OFFERED)),
            )
            .limit(1)
        ).first()
        is not None
    )


def offer_free_seats(session: Session, event_id: int, now: datetime) -> list[Offer]:
    """Expire the event's old offers, then hold free seats for waiting customers in order and
    queue their e-mails. The caller passes ``[seat for o in offers for seat in o.seat_ids]`` to
    :func:`inventory.publish` (its last statement)."""
    # The hot path (every cancellation and released hold) ends here for events nobody waits
    # for: one indexed read, no lock, no seat count.
    if not _anyone_waiting_or_offered(session, event_id):
        return []
    expire_offers(session, event_id, now)
    event = inv.load_event(session, event_id)
    if event.status == EventStatus.CANCELLED.value or event.starts_at <= now:
        return []
    if event.general_admission:
        from boxoffice.services.waitlist.ga_offers import offer_places  # it imports this module

        return offer_places(session, event, now)
    waiting = session.execute(
        select(
            WaitlistEntry.id,
            WaitlistEntry.customer_id,
            WaitlistEntry.tier_id,
            WaitlistEntry.quantity,
            WaitlistEntry.ticket_type_id,
        )
        .where(WaitlistEntry.event_id == event_id, WaitlistEntry.status == WAITING)
        .order_by(WaitlistEntry.id)
        .limit(MOST_PER_PASS)
    ).all()
    if not waiting:
        return []
    free = inv.free_counts(session, event_id, now)
    if not any(free.values()):
        return []
    tiers = list(
        session.scalars(
            select(PriceTier.id)
            .where(PriceTier.event_id == event_id)
            .order_by(PriceTier.sort_order, PriceTier.id)
        )
    )
    until = now + offer_length()
    offers: list[Offer] = []
    for entry_id, customer_id, tier_id, quantity, type_id in waiting:
        wanted = [tier_id] if tier_id is not None else tiers
        if sum(free.get(t, 0) for t in wanted) < quantity:
            continue
        hold_id = str(uuid.uuid4())
        if not _claim(session, entry_id, hold_id, now, until):
            continue  # another desk offered it meanwhile
        seats = inv.hold_free_seats(session, event_id, wanted, quantity, hold_id, until, now)
        if not seats:
            _unclaim(session, entry_id, hold_id, now)
            continue
        if type_id is not None:  # the cart opens with the type the customer asked for
            inv.set_seat_types(session, hold_id, seats, type_id, "Waiting list")
        labels = inv.seat_labels(session, seats)
        offer = Offer(
            entry_id,
            customer_id,
            event_id,
            event.title,
            event.starts_at,
            hold_id,
            tuple(seats),
            tuple(labels[s] for s in seats),
            until,
        )
        queue_offer_mail(session, offer)
        offers.append(offer)
        for tier in session.scalars(select(EventSeat.tier_id).where(EventSeat.id.in_(seats))):
            free[tier] = free.get(tier, 0) - 1
        if not any(n > 0 for n in free.values()):
            break
    return offers


def offered_seat_ids(offers: list[Offer]) -> list[int]:
    return [seat for offer in offers for seat in offer.seat_ids]


def close_for_event(session: Session, event_id: int, now: datetime) -> int:
    """The event is cancelled: nobody waits for it any more (its seats are off sale anyway)."""
    return inv.rowcount(
        session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.event_id == event_id, WaitlistEntry.status.in_((WAITING, OFFERED)))
            .values(status=WaitlistStatus.REMOVED.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    )
