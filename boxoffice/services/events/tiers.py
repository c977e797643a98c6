"""Writing an event draft's price tiers and zones (inside the event service's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import Event, Hold, PriceTier, Ticket, TierZone
from boxoffice.domain.errors import Conflict, ValidationError
from boxoffice.i18n import _
from boxoffice.services.events.coverage import SectionRows, Zone, resolve_coverage
from boxoffice.services.events.drafts import EventDraft, FieldError, TierDraft
from boxoffice.services.sales.inventory import event_seats


def coverage(
    sections: Sequence[SectionRows], tiers: Sequence[TierDraft]
) -> dict[tuple[int, str], str]:
    """Strict seat coverage of a seated draft (tier names), as a FieldError on ``tiers``."""
    zones = [Zone(t.name, z.section_id, z.row_spec) for t in tiers for z in t.zones]
    try:
        return resolve_coverage(sections, zones, [t.name for t in tiers])
    except ValidationError as exc:
        raise FieldError("tiers", exc.message) from None


def write_tiers(session: Session, event: Event, draft: EventDraft, now: datetime) -> list[int]:
    """Make the event's tiers and zones those of *draft*; return ids of tiers to delete.

    Tiers dropped from the draft are renamed out of the way and returned: the caller deletes
    them with :func:`delete_tiers` once no seat refers to them any more.
    """
    existing = {
        t.id: t for t in session.scalars(select(PriceTier).where(PriceTier.event_id == event.id))
    }
    for i, tier in enumerate(draft.tiers):
        if tier.id is not None and tier.id not in existing:
            raise FieldError(
                "tiers",
                _("Tier {name!r} is not part of this event; reload it and retry.").format(
                    name=tier.name
                ),
                i,
            )
    kept = {t.id for t in draft.tiers if t.id is not None}
    removed = [tid for tid in existing if tid not in kept]
    _check_removable(session, [existing[t] for t in removed], now)

    # Free every name first, so renames that swap names or reuse a removed one cannot collide.
    renamed = [t for t in existing.values() if t.id not in kept] + [
        existing[d.id] for d in draft.tiers if d.id is not None and existing[d.id].name != d.name
    ]
    for old in renamed:
        old.name = f"~{old.id}~"
    session.flush()

    if existing:
        session.execute(delete(TierZone).where(TierZone.tier_id.in_(list(existing))))
    for order, d in enumerate(draft.tiers):
        if d.id is None:
            row = PriceTier(
                event_id=event.id,
                name=d.name,
                price=d.price,
                colour=d.colour,
                sort_order=order,
                ga_capacity=d.ga_capacity,
                ga_sold=0,
            )
            session.add(row)
            session.flush()
        else:
            row = existing[d.id]
            row.name, row.price, row.colour, row.sort_order = d.name, d.price, d.colour, order
            session.flush()
            _set_capacity(session, row, d.ga_capacity, order)
        for zone in d.zones:
            session.add(
                TierZone(tier_id=row.id, section_id=zone.section_id, row_spec=zone.row_spec)
            )
    session.flush()
    return removed


def _set_capacity(session: Session, tier: PriceTier, capacity: int, index: int) -> None:
    """Change a GA tier's capacity, never below what is already sold or held (checked in SQL)."""
    done = (
        session.connection()
        .execute(
            update(PriceTier)
            .where(PriceTier.id == tier.id, PriceTier.ga_sold <= capacity)
            .values(ga_capacity=capacity)
        )
        .rowcount
    )
    if not done:
        sold = session.scalar(select(PriceTier.ga_sold).where(PriceTier.id == tier.id))
        raise FieldError(
            "tiers",
            _(
                "Tier {name!r} already has {sold} sold or held; its capacity cannot go below that."
            ).format(name=tier.name, sold=sold),
            index,
        )
    session.expire(tier, ["ga_capacity"])


def _check_removable(session: Session, tiers: list[PriceTier], now: datetime) -> None:
    if not tiers:
        return
    ids = [t.id for t in tiers]
    names = {t.id: t.name for t in tiers}
    sold = session.execute(
        select(Ticket.tier_id, func.count()).where(Ticket.tier_id.in_(ids)).group_by(Ticket.tier_id)
    ).first()
    if sold is not None:
        raise FieldError(
            "tiers",
            _(
                "Tier {names!r} has tickets, so it cannot be removed; change its "
                "seats or its price instead."
            ).format(names=names[sold[0]]),
        )
    held = session.scalar(
        select(Hold.tier_id).where(
            Hold.tier_id.in_(ids), Hold.expires_at > now, Hold.released.is_(False)
        )
    )
    if held is not None:
        raise Conflict(
            _(
                "A desk is holding places in tier {names!r} right now; try again "
                "when that sale is finished."
            ).format(names=names[held])
        )


def delete_tiers(session: Session, tier_ids: list[int], now: datetime) -> None:
    """Delete tiers no seat or ticket refers to (expired holds on them go too)."""
    if not tier_ids:
        return
    event_seats.delete_dead_tier_holds(session, tier_ids, now)
    session.execute(delete(TierZone).where(TierZone.tier_id.in_(tier_ids)))
    session.execute(
        delete(PriceTier)
        .where(PriceTier.id.in_(tier_ids))
        .execution_options(synchronize_session=False)
    )
