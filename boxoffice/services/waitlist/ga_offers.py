"""Waiting lists of general-admission events: places that come free (a cancellation, a desk's
hold ending, an allocation returned, a larger capacity) are offered in order, as a GA hold row
of the entry's tier (or the first tier with room) held for the customer until the offer runs out.

Same guarantees as seated offers (:mod:`.offers`): the entry moves ``waiting -> offered`` by a
conditional UPDATE, and the places are counted by the tier's conditional ``ga_sold`` UPDATE, so
two desks freeing places at once never offer one place twice nor beyond capacity.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import PriceTier, WaitlistEntry
from boxoffice.i18n import _
from boxoffice.services.sales import inventory as inv
from boxoffice.services.waitlist.offer_mail import queue_offer_mail
from boxoffice.services.waitlist.offers import (
    MOST_PER_PASS,
    WAITING,
    _anyone_waiting_or_offered,
    _claim,
    offer_free_seats,
    offer_length,
)
from boxoffice.services.waitlist.views import Offer


def offer_free_places(session: Session, event_id: int, now: datetime) -> list[Offer]:
    """:func:`offers.offer_free_seats` for a path that freed GA places (same checks)."""
    return offer_free_seats(session, event_id, now)


def offer_places(session: Session, event: inv.EventRow, now: datetime) -> list[Offer]:
    """Offer the GA event's free places to its waiting customers in order (caller: offers)."""
    if not _anyone_waiting_or_offered(session, event.id):
        return []
    inv.reclaim_expired(session, event.id, now)  # dead desk holds and due allocations first
    waiting = session.execute(
        select(
            WaitlistEntry.id,
            WaitlistEntry.customer_id,
            WaitlistEntry.tier_id,
            WaitlistEntry.quantity,
            WaitlistEntry.ticket_type_id,
            WaitlistEntry.staff_user_id,
        )
        .where(WaitlistEntry.event_id == event.id, WaitlistEntry.status == WAITING)
        .order_by(WaitlistEntry.id)
        .limit(MOST_PER_PASS)
    ).all()
    if not waiting:
        return []
    tiers = session.execute(
        select(PriceTier.id, PriceTier.name, PriceTier.ga_capacity - PriceTier.ga_sold)
        .where(PriceTier.event_id == event.id)
        .order_by(PriceTier.sort_order, PriceTier.id)
    ).all()
    free = {int(t[0]): int(t[2] or 0) for t in tiers}
    names = {int(t[0]): str(t[1]) for t in tiers}
    until = now + offer_length()
    offers: list[Offer] = []
    for entry_id, customer_id, tier_id, quantity, type_id, staff in waiting:
        wanted = [tier_id] if tier_id is not None else list(free)
        tier = next((t for t in wanted if free.get(t, 0) >= quantity), None)
        if tier is None:
            continue  # a smaller request behind it may fit
        hold_id = str(uuid.uuid4())
        if not _claim(session, entry_id, hold_id, now, until):
            continue  # another desk offered it meanwhile
        if not inv.try_take_ga(session, tier, quantity):  # another desk took the places meanwhile
            session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry_id, WaitlistEntry.hold_id == hold_id)
                .values(status=WAITING, hold_id=None, offered_at=None, offer_expires_at=None)
                .execution_options(synchronize_session=False)
            )
            free[tier] = 0
            continue
        inv.insert_hold(
            session, hold_id, event.id, staff, "waiting list", now, until, tier, quantity
        )
        if type_id is not None:  # the cart opens with the type the customer asked for
            inv.set_ga_count(session, hold_id, type_id, quantity, "Waiting list")
        label = _("{n} × {tier}").format(n=quantity, tier=names[tier])
        offer = Offer(
            entry_id, customer_id, event.id, event.title, event.starts_at, hold_id,
            (), (label,), until, quantity,
        )  # fmt: skip
        queue_offer_mail(session, offer)
        offers.append(offer)
        free[tier] -= quantity
        if not any(n > 0 for n in free.values()):
            break
    return offers
