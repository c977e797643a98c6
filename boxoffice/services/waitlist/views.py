"""Plain values the waiting-list services return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from boxoffice.domain.waitlist import WaitlistStatus


@dataclass(frozen=True)
class Offer:
    """Seats just held for a waiting customer."""

    entry_id: int
    customer_id: int
    event_id: int
    event_title: str
    starts_at: datetime
    hold_id: str
    seat_ids: tuple[int, ...]
    seat_labels: tuple[str, ...]
    expires_at: datetime
    places: int = 0  # general admission: places held (no seats)

    @property
    def quantity(self) -> int:
        return self.places or len(self.seat_ids)


@dataclass(frozen=True)
class WaitlistEntryView:
    """One line of an event's (or a customer's) waiting list, as the desk shows it."""

    id: int
    position: int  # 1 = next to be offered (0 when no longer waiting)
    event_id: int
    event_title: str
    customer_id: int
    customer_name: str
    tier_name: str  # "" = any tier
    ticket_type_name: str  # "" = the event's default type
    quantity: int
    status: WaitlistStatus  # as of now: an offer past its expiry shows as expired
    offer_expires_at: datetime | None
    hold_id: str | None
    created_at: datetime

    @property
    def offer_open(self) -> bool:
        return self.status is WaitlistStatus.OFFERED
