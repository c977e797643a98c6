"""Synthetic seat maps: a small theatre and a 100,000-seat stadium.

Used by the benchmark, the tests, the screenshots and as a designer preview. Geometry comes
from :mod:`boxoffice.domain.layout`, the same definition the venues use.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from boxoffice.domain.colour_choices import TIER_COLOURS
from boxoffice.domain.layout import SectionSpec, seat_spots
from boxoffice.domain.seatmap import SeatMap, SeatPlace, SeatState, Stage, TierInfo

THEATRE_TIERS = (
    TierInfo(1, "Premium", Decimal("65.00"), TIER_COLOURS[2], 0),
    TierInfo(2, "Standard", Decimal("45.00"), TIER_COLOURS[0], 1),
    TierInfo(3, "Circle", Decimal("30.00"), TIER_COLOURS[4], 2),
)
STADIUM_TIERS = (
    TierInfo(1, "Floor", Decimal("150.00"), TIER_COLOURS[2], 0),
    TierInfo(2, "Lower tier", Decimal("95.00"), TIER_COLOURS[1], 1),
    TierInfo(3, "Middle tier", Decimal("70.00"), TIER_COLOURS[0], 2),
    TierInfo(4, "Upper tier", Decimal("45.00"), TIER_COLOURS[3], 3),
)


def _places(specs: list[tuple[SectionSpec, int]], first_id: int = 1) -> list[SeatPlace]:
    """Seats of each (section, tier id), ids from *first_id*; row 1 ends are wheelchair spaces."""
    places: list[SeatPlace] = []
    seat_id = first_id
    for spec, tier_id in specs:
        for spot in seat_spots(spec):
            places.append(
                SeatPlace(
                    seat_id=seat_id,
                    section=spec.name,
                    row=spot.row_label,
                    number=spot.number,
                    x=spot.x,
                    y=spot.y,
                    tier_id=tier_id,
                    accessible=spot.row_index == 0 and spot.number in (1, spec.seats_per_row),
                )
            )
            seat_id += 1
    return places


def theatre_map(event_id: int = 1, now: float | None = None) -> SeatMap:
    """The demo's 204-seat theatre (stalls and circle) with a realistic mix of states."""
    now = time.time() if now is None else now
    stalls = SectionSpec("Stalls", rows=10, seats_per_row=14, origin_y=2, curve=0.6)
    circle = SectionSpec("Circle", rows=4, seats_per_row=16, origin_y=17, curve=0.6, first_row=10)
    places = [
        SeatPlace(
            p.seat_id,
            p.section,
            p.row,
            p.number,
            p.x,
            p.y,
            1 if p.section == "Stalls" and p.row in "ABCD" else p.tier_id,
            p.accessible,
            p.section == "Circle" and p.row in "NP" and p.number in (1, 16),
        )
        for p in _places([(stalls, 2), (circle, 3)])
    ]
    by_label = {p.label: p.seat_id for p in places}
    states = {p.seat_id: SeatState.AVAILABLE for p in places}
    expiry: dict[int, float] = {}
    rng = random.Random(11)
    for p in places:
        # Sales cluster near the stage centre, as they do.
        centrality = 1 - abs(p.x) / 9
        if rng.random() < 0.15 + 0.45 * centrality * (1 if p.section == "Stalls" else 0.6):
            states[p.seat_id] = SeatState.SOLD
    for label in ("Stalls F3", "Stalls F4", "Stalls F5", "Stalls F6", "Circle M12", "Circle M13"):
        states[by_label[label]] = SeatState.HELD_OTHER
        expiry[by_label[label]] = now + 420
    for label in ("Stalls C7", "Stalls C8"):
        states[by_label[label]] = SeatState.HELD_MINE
        expiry[by_label[label]] = now + 600
    for label in ("Stalls K1", "Stalls K2", "Stalls K13", "Stalls K14"):
        states[by_label[label]] = SeatState.BLOCKED  # house seats
    for label in ("Stalls A1", "Stalls A14", "Circle L1", "Circle L16", "Stalls E9", "Stalls E10"):
        states[by_label[label]] = SeatState.AVAILABLE
    return SeatMap(
        event_id=event_id,
        stage=Stage(0.0, -2.0, 12.0, 2.5),
        tiers=THEATRE_TIERS,
        seats=tuple(places),
        states=states,
        version=1,
        hold_expiry=expiry,
    )


def _stadium_specs() -> list[tuple[SectionSpec, int]]:
    """24 block columns × 3 tiers (40 wide; 40 + 30 + 30 rows) around a pitch, plus a floor."""
    tiers = ((0, 40, 2), (43, 30, 3), (76, 30, 4))  # row offset, rows, tier id
    sides = []  # (origin of block k, rotation) per side, clockwise from the north-west corner
    for k in range(8):
        sides.append(((147 - 42 * k, -89), 180, "N"))
    for k in range(4):
        sides.append(((173, -63 + 42 * k), -90, "E"))
    for k in range(8):
        sides.append(((-147 + 42 * k, 89), 0, "S"))
    for k in range(4):
        sides.append(((-173, 63 - 42 * k), 90, "W"))
    specs: list[tuple[SectionSpec, int]] = []
    for level, (offset, rows, tier_id) in enumerate(tiers):
        for block, ((ox, oy), rotation, side) in enumerate(sides):
            dx = {"N": 0, "S": 0, "E": offset, "W": -offset}[side]
            dy = {"N": -offset, "S": offset, "E": 0, "W": 0}[side]
            name = f"{(level + 1) * 100 + block + 1}"
            spec = SectionSpec(
                name,
                rows,
                40,
                origin_x=ox + dx,
                origin_y=oy + dy,
                rotation=rotation,
                row_labels="numbers",
            )
            specs.append((spec, tier_id))
    specs.append((SectionSpec("Floor", rows=50, seats_per_row=80, origin_y=-30), 1))
    return specs


def stadium_map(event_id: int = 2, seed: int = 5, now: float | None = None) -> SeatMap:
    """A 100,000-seat stadium with a concert stage, part sold, some holds and blocked seats."""
    now = time.time() if now is None else now
    places = _places(_stadium_specs())
    rng = random.Random(seed)
    popularity = {p.section: rng.uniform(0.05, 0.75) for p in places}
    popularity["Floor"] = 0.8
    states: dict[int, SeatState] = {}
    expiry: dict[int, float] = {}
    for p in places:
        roll = rng.random()
        if roll < popularity[p.section]:
            states[p.seat_id] = SeatState.SOLD
        elif roll < popularity[p.section] + 0.02:
            states[p.seat_id] = SeatState.HELD_OTHER
            expiry[p.seat_id] = now + 600
        else:
            states[p.seat_id] = SeatState.AVAILABLE
        if p.section in ("104", "105") and int(p.row) <= 4:
            states[p.seat_id] = SeatState.BLOCKED  # camera platform behind the stage
    return SeatMap(
        event_id=event_id,
        stage=Stage(0.0, -66.0, 100.0, 24.0),
        tiers=STADIUM_TIERS,
        seats=tuple(places),
        states=states,
        version=1,
        hold_expiry=expiry,
    )
