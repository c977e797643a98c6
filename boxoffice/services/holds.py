"""Seat holds: a desk reserves seats (or a general-admission quantity) while it takes payment.

Holds expire after ``hold_minutes`` (config, default 10) without any background job: a held seat
whose ``hold_expires_at`` passed is taken by the next conditional UPDATE as if it were available,
and expired GA holds are reclaimed inside the transaction that next holds that tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor


@dataclass(frozen=True)
class HoldLine:
    """One held seat (``seat_id`` = event_seat.id) or one GA tier with a quantity."""

    seat_id: int | None
    label: str  # "Stalls A12" or the GA tier name
    tier_id: int
    tier_name: str
    price: Decimal  # unit price
    quantity: int = 1

    @property
    def amount(self) -> Decimal:
        return self.price * self.quantity


@dataclass(frozen=True)
class HoldInfo:
    """What a desk holds right now; pass ``hold_id`` to checkout."""

    hold_id: str
    event_id: int
    seat_ids: tuple[int, ...]  # event_seat ids (empty for GA)
    quantity: int  # seats or GA places held
    expires_at: datetime
    lines: tuple[HoldLine, ...]
    total: Decimal


def hold_seats(
    db: Database, actor: Actor, event_id: int, seat_ids: list[int], hold_id: str | None = None
) -> HoldInfo:
    """Hold these seats (event_seat ids), adding them to *hold_id*'s hold if given.

    All or nothing: SeatUnavailable names the seats another desk holds or sold.
    Adding to a hold renews its expiry.
    """
    raise NotImplementedError


def release_seats(
    db: Database, actor: Actor, hold_id: str, seat_ids: list[int] | None = None
) -> HoldInfo | None:
    """Give back some seats of a hold, or the whole hold (seats and GA) when *seat_ids* is None.

    Returns what is still held, or None when nothing is.
    """
    raise NotImplementedError


def best_available(
    db: Database,
    actor: Actor,
    event_id: int,
    quantity: int,
    tier_id: int | None = None,
    hold_id: str | None = None,
) -> HoldInfo:
    """Hold *quantity* adjacent seats (same section and row) in the best zone, or *tier_id*'s.

    Falls back to the next zone when the best has no block that size; SoldOut if none has.
    """
    raise NotImplementedError


def hold_general_admission(
    db: Database,
    actor: Actor,
    event_id: int,
    tier_id: int,
    quantity: int,
    hold_id: str | None = None,
) -> HoldInfo:
    """Hold *quantity* more places of a general-admission tier (SoldOut past its capacity)."""
    raise NotImplementedError


def get_hold(db: Database, actor: Actor, hold_id: str) -> HoldInfo | None:
    """The hold as it stands (None if released, checked out or expired)."""
    raise NotImplementedError
