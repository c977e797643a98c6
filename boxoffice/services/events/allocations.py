"""Allocations of an event, seated or general admission: listed for the desk ("sell from…") and
the House set-up, and GA allocations placed and returned by managers.

A seated allocation is a named hold of an allocation type on seats (see :mod:`.house`); a GA
allocation is a quantity of a GA tier on the same ``house_hold`` row (tier, ga_quantity,
ga_taken). Counts change only through :mod:`boxoffice.services.sales.inventory.ga_allocations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import HoldType, HouseHold, PriceTier
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common.audit import record
from boxoffice.services.events.house import _hold_type, _label, _placement, house_counts_in
from boxoffice.services.sales import inventory as inv
from boxoffice.services.sales.inventory import ga_allocations as ga
from boxoffice.services.waitlist import ga_offers

MAX_PLACES = 100_000


@dataclass(frozen=True)
class AllocationInfo:
    """One allocation of an event: for whom, how many kept, sold (or drawn) and left."""

    id: int  # the placement (house_hold) id: pass it as ``allocation`` when selling
    label: str
    type_name: str
    tier_id: int | None  # GA: the tier it keeps places of; None for seats
    tier_name: str
    size: int  # seats or places allocated (seated: kept + sold)
    sold: int  # seats sold, or GA places drawn by desks (held or sold)
    remaining: int  # what a desk selling for it can still take now
    release_at: datetime | None
    returned: bool  # back on general sale (by hand, or its release time passed)

    @property
    def general_admission(self) -> bool:
        return self.tier_id is not None

    @property
    def title(self) -> str:
        """How the desk names it: "Phone" or "Group: St Mary's (Standing)"."""
        return f"{self.label} ({self.tier_name})" if self.tier_name else self.label


def list_allocations(db: Database, actor: Actor, event_id: int) -> list[AllocationInfo]:
    """The event's allocations, seated and GA, in hold-type then label order."""
    actor.require(Permission.SELL)
    return db.run(lambda s: allocations_in(s, event_id, utcnow()))


def allocations_in(s: Session, event_id: int, now: datetime) -> list[AllocationInfo]:
    found = [
        AllocationInfo(
            id=c.placement_id,
            label=c.label,
            type_name=c.type.name,
            tier_id=None,
            tier_name="",
            size=c.held + c.sold,
            sold=c.sold,
            remaining=c.held,
            release_at=c.release_at,
            returned=c.released > 0 and c.held == 0,
        )
        for c in house_counts_in(s, event_id, now)
        if c.type.allocation
    ]
    rows = s.execute(
        select(
            HouseHold.id,
            HouseHold.label,
            HoldType.name,
            HouseHold.tier_id,
            PriceTier.name,
            HouseHold.ga_quantity,
            HouseHold.ga_taken,
            HouseHold.release_at,
            HouseHold.ga_returned,
        )
        .join(HoldType, HoldType.id == HouseHold.hold_type_id)
        .join(PriceTier, PriceTier.id == HouseHold.tier_id)
        .where(HouseHold.event_id == event_id)
        .order_by(HoldType.sort_order, HoldType.id, HouseHold.label)
    ).all()
    for pid, label, type_name, tier_id, tier, size, taken, release_at, returned in rows:
        gone = bool(returned) or (release_at is not None and release_at <= now)
        found.append(
            AllocationInfo(
                id=int(pid),
                label=label,
                type_name=type_name,
                tier_id=int(tier_id or 0),
                tier_name=tier,
                size=int(size),
                sold=int(taken),
                remaining=0 if gone else int(size) - int(taken),
                release_at=release_at,
                returned=gone,
            )
        )
    return found


def _quantity(quantity: int) -> int:
    try:
        count = int(quantity)
    except (TypeError, ValueError):
        raise ValidationError(_("Give the number of places as a whole number.")) from None
    if not 1 <= count <= MAX_PLACES:
        raise ValidationError(
            _("Allocate between 1 and {n:,} places at once.").format(n=MAX_PLACES)
        )
    return count


def place_ga_allocation(
    db: Database,
    actor: Actor,
    event_id: int,
    hold_type_id: int,
    tier_id: int,
    label: str,
    quantity: int,
    *,
    release_at: datetime | None = None,
) -> AllocationInfo:
    """Keep *quantity* places of a GA tier for a channel or group (*label*), returning to general
    sale at *release_at* if given. Adds to an allocation of the same label; SoldOut when the tier
    has fewer places free."""
    actor.require(Permission.MANAGE_EVENTS)
    count = _quantity(quantity)

    def work(s: Session) -> AllocationInfo:
        now = utcnow()
        event = inv.load_event(s, event_id)
        if not event.general_admission:
            raise ValidationError(
                _("{title} has numbered seats: allocate seats in the House set-up.").format(
                    title=event.title
                )
            )
        hold = _hold_type(s, hold_type_id)
        if not hold.allocation:
            raise ValidationError(_("{name} is not an allocation type.").format(name=hold.name))
        if hold.retired:
            raise ValidationError(
                _("{name} is retired: choose another hold type.").format(name=hold.name)
            )
        name = _label(hold, label)
        tier = s.execute(
            select(PriceTier.id, PriceTier.name).where(
                PriceTier.id == tier_id, PriceTier.event_id == event_id
            )
        ).one_or_none()
        if tier is None:
            raise NotFound(_("That price tier is not one of this event's."))
        if release_at is not None and release_at <= now:
            raise ValidationError(_("Choose a return time in the future."))
        inv.reclaim_expired(s, event_id, now)  # places of dead holds and due allocations first
        pid, _until = _placement(s, actor, event_id, hold, now, name)
        existing = s.execute(
            select(HouseHold.tier_id, HouseHold.ga_returned).where(HouseHold.id == pid)
        ).one()
        if existing[0] is not None and existing[0] != tier_id:
            raise ValidationError(
                _("The allocation for {label} keeps places of another tier.").format(label=name)
            )
        # The allocation's row first, then the tier (the order desks lock them in).
        values: dict[str, object] = dict(tier_id=tier_id, ga_quantity=HouseHold.ga_quantity + count)
        if existing[1]:  # returned before: it starts again from nothing drawn
            values.update(ga_quantity=count, ga_taken=0, ga_returned=False)
        if release_at is not None:
            values["release_at"] = release_at
        s.execute(update(HouseHold).where(HouseHold.id == pid).values(**values))
        inv.take_ga(s, tier_id, tier[1], count)
        inv.publish(s, event_id)
        record(
            s, actor, "allocation.place", "event", event_id,
            label=name, tier=tier[1], places=count,
        )  # fmt: skip
        return next(a for a in allocations_in(s, event_id, now) if a.id == pid)

    return inv.run(db, work)


def return_ga_allocation(
    db: Database, actor: Actor, allocation_id: int, quantity: int | None = None
) -> AllocationInfo:
    """Give *quantity* undrawn places of a GA allocation back to general sale (all that is left
    when None: the allocation is closed). Waiting customers are offered the places at once."""
    actor.require(Permission.RELEASE_HOLDS)
    count = None if quantity is None else _quantity(quantity)

    def work(s: Session) -> AllocationInfo:
        now = utcnow()
        row = s.execute(
            select(HouseHold.event_id, HouseHold.label, HouseHold.tier_id).where(
                HouseHold.id == allocation_id
            )
        ).one_or_none()
        if row is None or row[2] is None:
            raise NotFound(_("There is no general-admission allocation with that id."))
        event_id, label = int(row[0]), row[1]
        if count is None:
            freed = ga.return_allocation(s, allocation_id)
        elif ga.shrink(s, allocation_id, count):
            freed = count
        else:
            raise ValidationError(
                _("The allocation for {label} has fewer than {n} places left.").format(
                    label=label, n=count
                )
            )
        ga_offers.offer_free_places(s, event_id, now)
        inv.publish(s, event_id)
        record(s, actor, "allocation.return", "event", event_id, label=label, places=freed)
        return next(a for a in allocations_in(s, event_id, now) if a.id == allocation_id)

    return inv.run(db, work)
