"""General-admission allocations: a quantity of a GA tier kept for a channel or group.

Placing one counts its places as taken in the tier (``price_tier.ga_sold``, by the same
conditional UPDATE as a sale), so general sale cannot reach them; a desk selling *for* the
allocation draws from ``house_hold.ga_taken`` instead. So, at every commit,

    ga_sold = live GA tickets + GA hold quantities + sum(ga_quantity - ga_taken) of the tier's
              allocations not yet returned

(the integrity check ``ga_tier_counts``). A desk hold drawn from an allocation gives its places
back to it while it is live, to the tier once it was returned. Returning (by hand, or once the
release time passed: done lazily by the next GA hold or the sweeper, no scheduler) flips
``ga_returned`` and gives what was never drawn back to the tier. Every write is one conditional
UPDATE whose row count is checked; the allocation's row is the lock desks meet on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from boxoffice.db.models import HoldType, HouseHold
from boxoffice.domain.errors import SoldOut
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import rowcount
from boxoffice.services.sales.inventory.general_admission import give_back_ga


def live(now: datetime) -> ColumnElement[bool]:
    """GA allocations desks may still draw from at *now*."""
    return (
        HouseHold.tier_id.is_not(None)
        & HouseHold.ga_returned.is_(False)
        & or_(HouseHold.release_at.is_(None), HouseHold.release_at > now)
    )


def draw(session: Session, house_hold_id: int, tier_id: int, quantity: int, now: datetime) -> None:
    """Take *quantity* places of the allocation for a desk's hold: all of them, or SoldOut."""
    taken = rowcount(
        session.execute(
            update(HouseHold)
            .where(
                HouseHold.id == house_hold_id,
                HouseHold.tier_id == tier_id,
                live(now),
                HouseHold.ga_taken + quantity <= HouseHold.ga_quantity,
            )
            .values(ga_taken=HouseHold.ga_taken + quantity)
            .execution_options(synchronize_session=False)
        )
    )
    if taken == 1:
        return
    row = session.execute(
        select(HouseHold.label, HouseHold.ga_quantity - HouseHold.ga_taken).where(
            HouseHold.id == house_hold_id, live(now)
        )
    ).one_or_none()
    if row is None:
        raise SoldOut(_("That allocation has returned to general sale."))
    label, left = row[0], max(int(row[1] or 0), 0)
    if left == 0:
        raise SoldOut(_("The allocation for {label} is used up.").format(label=label))
    raise SoldOut(
        _("Only {n} places left in the allocation for {label}.").format(n=left, label=label)
    )


def give_back_drawn(session: Session, house_hold_id: int, tier_id: int, quantity: int) -> None:
    """A hold drawn from the allocation ended unsold: its places go back to the allocation while
    it is not returned, else to the tier (general sale)."""
    if quantity <= 0:
        return
    back = rowcount(
        session.execute(
            update(HouseHold)
            .where(
                HouseHold.id == house_hold_id,
                HouseHold.ga_returned.is_(False),
                HouseHold.ga_taken >= quantity,
            )
            .values(ga_taken=HouseHold.ga_taken - quantity)
            .execution_options(synchronize_session=False)
        )
    )
    if back != 1:
        give_back_ga(session, {tier_id: quantity})


def give_back_held(session: Session, rows: list[tuple[int | None, int, int | None]]) -> int:
    """Give back the places of ended GA holds, (tier, quantity, allocation or None) each: to
    their allocation if they drew from one, else to the tier. Returns the places."""
    to_tiers: dict[int, int] = {}
    total = 0
    for tier_id, quantity, house_hold_id in rows:
        if tier_id is None or not quantity:
            continue
        total += quantity
        if house_hold_id is not None:
            give_back_drawn(session, house_hold_id, tier_id, quantity)
        else:
            to_tiers[tier_id] = to_tiers.get(tier_id, 0) + quantity
    give_back_ga(session, to_tiers)
    return total


def return_allocation(session: Session, house_hold_id: int) -> int:
    """Return a GA allocation to general sale: what was never drawn goes back to the tier;
    returns those places (0 if it was returned already)."""
    flipped = rowcount(
        session.execute(
            update(HouseHold)
            .where(
                HouseHold.id == house_hold_id,
                HouseHold.tier_id.is_not(None),
                HouseHold.ga_returned.is_(False),
            )
            .values(ga_returned=True)
            .execution_options(synchronize_session=False)
        )
    )
    if flipped != 1:
        return 0
    # Read after our UPDATE: InnoDB shows our own change on the newest row version, and the row
    # lock we now hold keeps desks from drawing meanwhile.
    tier_id, left = session.execute(
        select(HouseHold.tier_id, HouseHold.ga_quantity - HouseHold.ga_taken).where(
            HouseHold.id == house_hold_id
        )
    ).one()
    left = int(left or 0)
    if left > 0 and tier_id is not None:
        give_back_ga(session, {int(tier_id): left})
    return left


def shrink(session: Session, house_hold_id: int, quantity: int) -> bool:
    """Give *quantity* undrawn places of a live allocation back to its tier; False if it has
    fewer than that left (nothing changed)."""
    shrunk = rowcount(
        session.execute(
            update(HouseHold)
            .where(
                HouseHold.id == house_hold_id,
                HouseHold.tier_id.is_not(None),
                HouseHold.ga_returned.is_(False),
                HouseHold.ga_quantity - HouseHold.ga_taken >= quantity,
            )
            .values(ga_quantity=HouseHold.ga_quantity - quantity)
            .execution_options(synchronize_session=False)
        )
    )
    if shrunk != 1:
        return False
    tier_id = session.scalar(select(HouseHold.tier_id).where(HouseHold.id == house_hold_id))
    assert tier_id is not None
    give_back_ga(session, {int(tier_id): quantity})
    return True


def return_due(session: Session, event_id: int, now: datetime) -> int:
    """Return the event's GA allocations whose release time passed; returns the places freed."""
    due = session.scalars(
        select(HouseHold.id)
        .where(
            HouseHold.event_id == event_id,
            HouseHold.tier_id.is_not(None),
            HouseHold.ga_returned.is_(False),
            HouseHold.release_at <= now,
        )
        .order_by(HouseHold.id)
    ).all()
    return sum(return_allocation(session, int(pid)) for pid in due)


def kept_in(
    session: Session, event_ids: list[int], now: datetime
) -> tuple[dict[int, list[tuple[str, int]]], dict[int, datetime]]:
    """Per GA event: ("<type>: <label>", undrawn places kept now) of its live allocations, and
    the first of their release times (the monitor and reports, like ``house.kept_back_in``)."""
    kept: dict[int, list[tuple[str, int]]] = {}
    release: dict[int, datetime] = {}
    if not event_ids:
        return kept, release
    for event_id, name, label, left, when in session.execute(
        select(
            HouseHold.event_id,
            HoldType.name,
            HouseHold.label,
            HouseHold.ga_quantity - HouseHold.ga_taken,
            HouseHold.release_at,
        )
        .join(HoldType, HoldType.id == HouseHold.hold_type_id)
        .where(HouseHold.event_id.in_(event_ids), live(now))
        .order_by(HouseHold.event_id, HoldType.sort_order, HouseHold.label)
    ):
        if int(left or 0) <= 0:
            continue
        kept.setdefault(int(event_id), []).append((f"{name}: {label}", int(left)))
        if when is not None and (event_id not in release or when < release[event_id]):
            release[int(event_id)] = when
    return kept, release
