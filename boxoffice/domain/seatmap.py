"""What a seat map shows: static seat geometry per event plus each seat's live display state.

Returned by the catalog service, drawn by the GUI seat map, polled by the seat monitor.
Seat ids here are ``event_seat.id`` (one per seat per event).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class SeatState(StrEnum):
    """A seat as one desk sees it (holds of this desk are told apart from other desks')."""

    AVAILABLE = "available"
    HELD_MINE = "held_mine"
    HELD_OTHER = "held_other"
    SOLD = "sold"
    BLOCKED = "blocked"
    HOUSE = "house"  # under a named hold or kill (which one: SeatMap.house)


@dataclass(frozen=True)
class HoldLook:
    """A named hold type as the map draws it: colour and hatching pattern (domain.house)."""

    id: int
    name: str
    colour: str
    pattern: str
    kill: bool = False


@dataclass(frozen=True)
class TierInfo:
    id: int
    name: str
    price: Decimal
    colour: str  # "#rrggbb"
    sort_order: int  # 0 = best zone
    ga_capacity: int = 0
    ga_available: int = 0


@dataclass(frozen=True)
class SeatPlace:
    """Where a seat is and what it is; does not change while the event is on sale."""

    seat_id: int  # event_seat.id
    section: str
    row: str
    number: int
    x: float
    y: float
    tier_id: int
    accessible: bool = False
    restricted_view: bool = False

    @property
    def label(self) -> str:
        return f"{self.section} {self.row}{self.number}"


@dataclass(frozen=True)
class Stage:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class SeatMap:
    """Everything needed to draw one event's seat map, as of ``version``."""

    event_id: int
    stage: Stage
    tiers: tuple[TierInfo, ...]
    seats: tuple[SeatPlace, ...]
    states: dict[int, SeatState]  # seat_id -> state
    version: int  # event.seat_version when read
    hold_expiry: dict[int, float] = field(default_factory=dict)  # seat_id -> epoch secs (held)
    # Seats under a named hold: seat_id -> hold type id (their state is HOUSE; a release time
    # is in hold_expiry, after which the map shows them available without asking).
    house: dict[int, int] = field(default_factory=dict)
    hold_types: tuple[HoldLook, ...] = ()


@dataclass(frozen=True)
class SeatChanges:
    """Seats whose state changed since a version the caller already had."""

    event_id: int
    version: int
    states: dict[int, SeatState]
    hold_expiry: dict[int, float] = field(default_factory=dict)
    house: dict[int, int] = field(default_factory=dict)  # seat_id -> hold type id (HOUSE)
