"""General-admission places: a tier's ``ga_sold`` counter, taken and given back by conditional
UPDATEs."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import PriceTier
from boxoffice.domain.errors import (
    SoldOut,
)
from boxoffice.i18n import _
from boxoffice.services.sales.inventory.common import rowcount


def take_ga(session: Session, tier_id: int, tier_name: str, quantity: int) -> None:
    """Count *quantity* more places of the tier as taken: all of them, or SoldOut."""
    taken = rowcount(
        session.execute(
            update(PriceTier)
            .where(PriceTier.id == tier_id, PriceTier.ga_sold + quantity <= PriceTier.ga_capacity)
            .values(ga_sold=PriceTier.ga_sold + quantity)
            .execution_options(synchronize_session=False)
        )
    )
    if taken != 1:
        left = session.scalar(
            select(PriceTier.ga_capacity - PriceTier.ga_sold).where(PriceTier.id == tier_id)
        )
        left = max(int(left or 0), 0)
        if left == 0:
            raise SoldOut(_("{tier_name} is sold out.").format(tier_name=tier_name))
        raise SoldOut(
            _("Only {left} place{value} left in {tier_name}.").format(
                left=left, value="s" if left != 1 else "", tier_name=tier_name
            )
        )


def give_back_ga(session: Session, quantities: dict[int, int]) -> None:
    """Return GA places (released, expired or cancelled) to their tiers."""
    for tier_id in sorted(quantities):
        quantity = quantities[tier_id]
        if quantity <= 0:
            continue
        changed = rowcount(
            session.execute(
                update(PriceTier)
                .where(PriceTier.id == tier_id, PriceTier.ga_sold >= quantity)
                .values(ga_sold=PriceTier.ga_sold - quantity)
                .execution_options(synchronize_session=False)
            )
        )
        if changed != 1:
            raise AssertionError(f"tier {tier_id}: giving back {quantity} places it never had")


def try_take_ga(session: Session, tier_id: int, quantity: int) -> bool:
    """:func:`take_ga` that says False instead of raising (a waiting-list pass tries the next
    tier or entry)."""
    return (
        rowcount(
            session.execute(
                update(PriceTier)
                .where(
                    PriceTier.id == tier_id,
                    PriceTier.ga_sold + quantity <= PriceTier.ga_capacity,
                )
                .values(ga_sold=PriceTier.ga_sold + quantity)
                .execution_options(synchronize_session=False)
            )
        )
        == 1
    )
