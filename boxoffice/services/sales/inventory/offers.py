"""Seats held for a waiting-list offer: any free seats of the wanted tiers, all or none."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boxoffice.db.models import EventSeat
from boxoffice.services.sales.inventory.seats import free_held, sellable, try_take_block

_TRIES = 3  # another desk may take the seats we picked; pick again a few times


def free_counts(session: Session, event_id: int, now: datetime) -> dict[int, int]:
    """``tier id -> seats a desk may take now`` for the event (one grouped query)."""
    return {
        int(tier): int(count)
        for tier, count in session.execute(
            select(EventSeat.tier_id, func.count())
            .where(EventSeat.event_id == event_id, sellable(now))
            .group_by(EventSeat.tier_id)
        )
    }


def hold_free_seats(
    session: Session,
    event_id: int,
    tier_ids: Sequence[int],
    quantity: int,
    hold_id: str,
    expires_at: datetime,
    now: datetime,
) -> list[int]:
    """Hold *quantity* free seats of *tier_ids* for *hold_id* (lowest ids first); their ids, or
    [] when that many could not be taken.

    The taking is a conditional UPDATE (:func:`try_take_block`), so a seat freed by two desks'
    work at once goes to one hold only: a seat is never offered twice.
    """
    for _ in range(_TRIES):
        picked = sorted(
            session.scalars(
                select(EventSeat.id)
                .where(
                    EventSeat.event_id == event_id,
                    EventSeat.tier_id.in_(list(tier_ids)),
                    sellable(now),
                )
                .order_by(EventSeat.id)
                .limit(quantity)
            )
        )
        if len(picked) < quantity:
            return []
        if try_take_block(session, event_id, picked, hold_id, expires_at, now):
            return picked
    return []


def drop_offer(session: Session, hold_id: str, seat_ids: Sequence[int]) -> int:
    """Seats still held by an offer become available (the offer was withdrawn)."""
    return free_held(session, hold_id, seat_ids)
