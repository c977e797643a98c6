"""Catalog: find upcoming events, read one event, its seat map and the seat changes since a version.

Read-only; every function is one short transaction. The event list filters on the denormalised
event columns (min_price, max_price, capacity, sold_count) so 100,000 events stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.seatmap import SeatChanges, SeatMap, TierInfo


@dataclass(frozen=True)
class EventQuery:
    """Filters of the event list; the defaults select every upcoming scheduled event."""

    text: str = ""  # words matched against the title (and venue name)
    start: datetime | None = None  # starts_at >= start (default: now)
    end: datetime | None = None  # starts_at < end
    venue_ids: tuple[int, ...] = ()
    min_price: Decimal | None = None  # some ticket costs at least this (event.max_price >= it)
    max_price: Decimal | None = None  # some ticket costs at most this (event.min_price <= it)
    only_available: bool = False  # hide sold-out events


@dataclass(frozen=True)
class EventSummary:
    """One row of the event list."""

    id: int
    title: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    min_price: Decimal
    max_price: Decimal
    capacity: int
    available: int  # capacity - sold (held seats count as available in the list)
    status: str  # domain.status.EventStatus value
    general_admission: bool
    tier_names: tuple[str, ...]


@dataclass(frozen=True)
class EventDetail(EventSummary):
    """An event with what a sale needs: tiers (GA availability included) and sales window."""

    description: str
    venue_id: int
    sales_open_at: datetime
    sales_close_at: datetime
    on_sale: bool  # scheduled, inside the sales window and not started
    tiers: tuple[TierInfo, ...]
    seat_version: int


@dataclass(frozen=True)
class VenueInfo:
    id: int
    name: str


def search_events(
    db: Database, actor: Actor, query: EventQuery, offset: int = 0, limit: int = 100
) -> list[EventSummary]:
    """Upcoming events matching *query*, ordered by (starts_at, id), one page at a time."""
    raise NotImplementedError


def count_events(db: Database, actor: Actor, query: EventQuery) -> int:
    """How many events :func:`search_events` would list for *query* over all pages."""
    raise NotImplementedError


def list_venues(db: Database, actor: Actor) -> list[VenueInfo]:
    """All venues by name (for the event-list filter)."""
    raise NotImplementedError


def available_counts(db: Database, actor: Actor, event_ids: list[int]) -> dict[int, int]:
    """Exact sellable count per event (expired holds count as available); one grouped query."""
    raise NotImplementedError


def get_event(db: Database, actor: Actor, event_id: int) -> EventDetail:
    """One event with its tiers; NotFound if it does not exist."""
    raise NotImplementedError


def seat_map(db: Database, actor: Actor, event_id: int, hold_id: str | None = None) -> SeatMap:
    """Geometry and live state of every seat; seats held under *hold_id* show as HELD_MINE."""
    raise NotImplementedError


def seat_changes(
    db: Database, actor: Actor, event_id: int, since_version: int, hold_id: str | None = None
) -> SeatChanges:
    """States of the seats changed after *since_version* (uses the event_seat version index)."""
    raise NotImplementedError


def seat_versions(db: Database, actor: Actor, event_ids: list[int]) -> dict[int, int]:
    """Current event.seat_version of each event: the one small indexed query the monitor polls."""
    raise NotImplementedError
