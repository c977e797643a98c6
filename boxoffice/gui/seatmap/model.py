"""The seat map as numpy arrays plus a spatial grid: what the widget draws and hit-tests.

No Qt here. Coordinates are layout units (one seat pitch = 1.0). Seats are bucketed into
square tiles of ``TILE`` units; each tile becomes one graphics item, and both point and
rectangle queries look only at the few tiles they touch, never at every seat.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

import numpy as np

from boxoffice.domain.layout import ROW_PITCH
from boxoffice.domain.seatmap import HoldLook, SeatMap, SeatPlace, SeatState, TierInfo
from boxoffice.gui.seatmap.palette import (
    AVAILABLE,
    HELD_MINE,
    HELD_OTHER,
    HOUSE,
    NO_TIER,
    STATE_CODE,
    STATE_ORDER,
    STATES,
    SeatLook,
)

TILE = 32  # layout units per tile side
# A click takes the nearest seat within half a pitch: half a seat along the row, half a row
# across (its cell's half-diagonal), so the gaps between seats and rows are no dead space.
HIT_RADIUS = 0.5 * math.hypot(1.0, ROW_PITCH)


@dataclass(frozen=True)
class RowLabel:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class SectionLabel:
    name: str
    centre: tuple[float, float]  # middle of the section (labels on the seats when far out)
    back: tuple[float, float]  # just behind the last row (labels beside the seats when near)
    span: float  # the section's larger extent, in units
    front: tuple[float, float] = (0.0, 0.0)  # just before the first row (stage side)
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # seat centres' bounds

    def near_spots(self, half_w: float, half_h: float) -> list[tuple[float, float]]:
        """Where the name may go when zoomed in, best first: behind the last row, before the
        first, then above, below, left and right of the block (*half_w*, *half_h*: half the
        label's size in units)."""
        x0, y0, x1, y1 = self.box
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        gap = 1.0
        return [
            self.back,
            self.front,
            (mx, y0 - gap - half_h),
            (mx, y1 + gap + half_h),
            (x0 - gap - half_w, my),
            (x1 + gap + half_w, my),
        ]


class SeatModel:
    """Seat geometry and live state of one map, indexed by position and by seat id."""

    def __init__(self, seat_map: SeatMap, now: float, house_mode: bool = False) -> None:
        self.map = seat_map
        self.places: tuple[SeatPlace, ...] = seat_map.seats
        self.tiers: tuple[TierInfo, ...] = seat_map.tiers
        seats = self.places
        n = len(seats)
        self.count = n

        def column(name: str, dtype: type) -> np.ndarray:
            return np.fromiter(map(attrgetter(name), seats), dtype, n)

        self.ids = column("seat_id", np.int64)
        self.x = column("x", np.float64)
        self.y = column("y", np.float64)
        self.accessible = column("accessible", np.bool_)
        self.restricted = column("restricted_view", np.bool_)
        self.number = column("number", np.int64)
        tier_pos = {t.id: i for i, t in enumerate(self.tiers)}
        tier_ids = map(attrgetter("tier_id"), seats)
        self.tier = np.fromiter(map(tier_pos.get, tier_ids, repeat(-1)), np.int16, n)
        self.index: dict[int, int] = dict(zip(self.ids.tolist(), range(n), strict=True))
        self.state = np.zeros(n, np.uint8)
        self.expiry = np.zeros(n, np.float64)
        self.selected = np.zeros(n, np.bool_)
        self.house_mode = house_mode
        # Named holds: index into hold_types per seat (-1: none), for the seat's look.
        self.hold_types: tuple[HoldLook, ...] = seat_map.hold_types
        self._hold_pos = {h.id: i for i, h in enumerate(self.hold_types)}
        self.house = np.full(n, -1, np.int16)
        self._assign(seat_map.states, seat_map.hold_expiry, seat_map.house)
        self.effective = self._effective(now)
        self._build_tiles()
        self.tile_version = np.zeros(len(self.tiles), np.int64)
        self.tier_colours = [t.colour for t in self.tiers]

    # --- geometry -------------------------------------------------------------------------

    def _build_tiles(self) -> None:
        if self.count == 0:
            self.tiles: list[np.ndarray] = []
            self.tile_cells: list[tuple[int, int]] = []
            self.tile_of = np.zeros(0, np.intp)
            self._cell_tile: dict[tuple[int, int], int] = {}
            return
        cx = np.floor(self.x / TILE).astype(np.int64)
        cy = np.floor(self.y / TILE).astype(np.int64)
        span = int(cy.max() - cy.min()) + 1
        keys = (cx - cx.min()) * span + (cy - cy.min())
        unique, inverse = np.unique(keys, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(len(unique) + 1))
        self.tiles = [order[bounds[i] : bounds[i + 1]] for i in range(len(unique))]
        self.tile_of = inverse.astype(np.intp)
        self.tile_cells = [(int(cx[members[0]]), int(cy[members[0]])) for members in self.tiles]
        self._cell_tile = {cell: i for i, cell in enumerate(self.tile_cells)}

    def tile_bounds(self, tile: int) -> tuple[int, int, int, int]:
        """(left, top, width, height) in whole units covering every seat cell of *tile*."""
        members = self.tiles[tile]
        left = math.floor(float(self.x[members].min()) - 0.5)
        top = math.floor(float(self.y[members].min()) - 0.5)
        right = math.ceil(float(self.x[members].max()) + 0.5)
        bottom = math.ceil(float(self.y[members].max()) + 0.5)
        return left, top, right - left, bottom - top

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of all seat cells."""
        if self.count == 0:
            return 0.0, 0.0, 0.0, 0.0
        return (
            float(self.x.min()) - 0.5,
            float(self.y.min()) - 0.5,
            float(self.x.max()) + 0.5,
            float(self.y.max()) + 0.5,
        )

    def _tiles_over(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        found = []
        for i in range(math.floor(x0 / TILE), math.floor(x1 / TILE) + 1):
            for j in range(math.floor(y0 / TILE), math.floor(y1 / TILE) + 1):
                tile = self._cell_tile.get((i, j))
                if tile is not None:
                    found.append(tile)
        return found

    def seat_at(self, ux: float, uy: float, radius: float = HIT_RADIUS) -> int:
        """Index of the seat nearest the point (ux, uy) within *radius* units, or -1."""
        best, best_d = -1, radius * radius
        for tile in self._tiles_over(ux - radius, uy - radius, ux + radius, uy + radius):
            members = self.tiles[tile]
            d = (self.x[members] - ux) ** 2 + (self.y[members] - uy) ** 2
            k = int(np.argmin(d))
            if float(d[k]) <= best_d:
                best, best_d = int(members[k]), float(d[k])
        return best

    def section_seats(self, i: int) -> np.ndarray:
        """Indices of the seats in seat *i*'s section."""
        name = self.places[i].section
        return np.fromiter((k for k, p in enumerate(self.places) if p.section == name), np.intp)

    def seats_in(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        """Indices of the seats whose centre lies inside the rectangle."""
        parts = []
        for tile in self._tiles_over(x0, y0, x1, y1):
            members = self.tiles[tile]
            xs, ys = self.x[members], self.y[members]
            parts.append(members[(xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)])
        return np.concatenate(parts) if parts else np.zeros(0, np.intp)

    # --- state ----------------------------------------------------------------------------

    def _lookup(self, seat_ids: Iterable[int]) -> np.ndarray:
        return np.fromiter(map(self.index.get, seat_ids, repeat(-1)), np.intp)

    def _assign(
        self,
        states: Mapping[int, SeatState],
        expiry: Mapping[int, float],
        house: Mapping[int, int] | None = None,
    ) -> np.ndarray:
        idx = self._lookup(states.keys())
        # StrEnum members hash and compare like their values: plain strings look up too.
        codes = np.fromiter(map(STATE_CODE.__getitem__, states.values()), np.uint8, len(idx))
        known = idx >= 0
        idx, codes = idx[known], codes[known]
        self.state[idx] = codes
        self.expiry[idx] = 0.0
        self.house[idx] = -1
        if house:
            h_idx = self._lookup(house.keys())
            h_pos = np.fromiter((self._hold_pos.get(t, -1) for t in house.values()), np.int16)
            ok = h_idx >= 0
            self.house[h_idx[ok]] = h_pos[ok]
        if expiry:
            e_idx = self._lookup(expiry.keys())
            e_val = np.fromiter(expiry.values(), np.float64, len(e_idx))
            ok = e_idx >= 0
            self.expiry[e_idx[ok]] = e_val[ok]
        return idx

    def _effective(self, now: float) -> np.ndarray:
        effective = self.state.copy()
        held = (self.state == HELD_MINE) | (self.state == HELD_OTHER) | (self.state == HOUSE)
        lapsed = held & (self.expiry > 0) & (self.expiry <= now)
        # An expired hold is free again, whether or not swept; a named hold past its release
        # time likewise.
        effective[lapsed] = AVAILABLE
        return effective

    def selectable(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Which seats (all, or *idx*) a clerk may select: available or held by this desk (and,
        for a manager setting up the house, seats under a named hold)."""
        eff = self.effective if idx is None else self.effective[idx]
        mask: np.ndarray = (eff == AVAILABLE) | (eff == HELD_MINE)
        if self.house_mode:
            mask |= eff == HOUSE
        return mask

    def apply(
        self,
        states: Mapping[int, SeatState],
        expiry: Mapping[int, float],
        now: float,
        house: Mapping[int, int] | None = None,
    ) -> np.ndarray:
        """Take new states; return the indices whose drawing changed."""
        touched = self._assign(states, expiry, house)
        return self.refresh(now, touched)

    def refresh(self, now: float, touched: np.ndarray | None = None) -> np.ndarray:
        """Recompute effective states (holds lapse with time); return indices that changed."""
        effective = self._effective(now)
        mask = effective != self.effective
        if touched is not None:
            mask[touched] = True
        changed = np.nonzero(mask)[0]
        self.effective = effective
        lost = changed[self.selected[changed] & ~self.selectable(changed)]
        self.selected[lost] = False
        self.bump(changed)
        return changed

    def bump(self, idx: np.ndarray) -> None:
        """Mark the tiles holding *idx* as needing a redraw."""
        if idx.size:
            self.tile_version[self.tiles_of(idx)] += 1

    def tiles_of(self, idx: np.ndarray) -> np.ndarray:
        """The distinct tiles holding the seats *idx*."""
        hit = np.zeros(len(self.tiles), np.bool_)
        hit[self.tile_of[idx]] = True
        return np.nonzero(hit)[0]

    def next_expiry(self, now: float) -> float | None:
        """Epoch seconds of the next hold to lapse after *now*, if any."""
        held = (self.effective == HELD_MINE) | (self.effective == HELD_OTHER)
        held |= self.effective == HOUSE
        future = self.expiry[held & (self.expiry > now)]
        return float(future.min()) if future.size else None

    def state_of(self, i: int) -> SeatState:
        return STATE_ORDER[int(self.effective[i])]

    # --- looks ----------------------------------------------------------------------------

    def look_keys(self, idx: np.ndarray) -> np.ndarray:
        """An integer per seat; equal keys mean equal looks (see :meth:`look`)."""
        effective = self.effective[idx]
        # A named hold's seat looks like its hold type, whatever its tier: that slot of the key
        # then holds the type (offset past the tiers).
        slot = np.where(
            effective == HOUSE,
            len(self.tiers) + 1 + self.house[idx].astype(np.int64),
            self.tier[idx].astype(np.int64),
        )
        key = (slot + 1) * STATES + effective
        key = key * 2 + self.selected[idx]
        key = key * 2 + self.accessible[idx]
        keys: np.ndarray = key * 2 + self.restricted[idx]
        return keys

    def look(self, key: int) -> SeatLook:
        key, restricted = divmod(key, 2)
        key, accessible = divmod(key, 2)
        key, selected = divmod(key, 2)
        slot, state = divmod(key, STATES)
        if state == HOUSE:
            pos = slot - 1 - len(self.tiers) - 1
            if 0 <= pos < len(self.hold_types):
                hold = self.hold_types[pos]
                look = (hold.colour, hold.pattern)
            else:
                look = (NO_TIER, "diagonal")
            return SeatLook(
                state, look[0], bool(selected), bool(accessible), bool(restricted), look[1]
            )
        fill = self.tier_colours[slot - 1] if slot > 0 else NO_TIER
        return SeatLook(state, fill, bool(selected), bool(accessible), bool(restricted))

    def house_counts(self) -> dict[int, int]:
        """hold type id -> seats under it now (released ones show as available)."""
        under = self.house[self.effective == HOUSE]
        counts = np.bincount(under[under >= 0].astype(np.intp), minlength=len(self.hold_types))
        return {h.id: int(counts[i]) for i, h in enumerate(self.hold_types)}

    # --- labels ---------------------------------------------------------------------------

    def labels(self) -> tuple[list[SectionLabel], list[RowLabel]]:
        """Section names and row labels at both ends of every row (vectorised: stadiums)."""
        n = self.count
        if n == 0:
            return [], []
        sections: dict[str, int] = {}
        rows: dict[tuple[str, str], int] = {}
        sec = np.fromiter(
            (sections.setdefault(p.section, len(sections)) for p in self.places), np.intp, n
        )
        row = np.fromiter(
            (rows.setdefault((p.section, p.row), len(rows)) for p in self.places), np.intp, n
        )
        x, y = self.x, self.y
        # Rows: seats ordered by row then number, so each row's ends are its first and last.
        order = np.lexsort((self.number, row))
        starts, counts = _groups(row[order])
        first, last = order[starts], order[starts + counts - 1]
        row_x = np.add.reduceat(x[order], starts) / counts
        row_y = np.add.reduceat(y[order], starts) / counts
        dx, dy = x[last] - x[first], y[last] - y[first]
        length = np.hypot(dx, dy)
        single = length < 1e-9
        safe = np.where(single, 1.0, length)
        ux, uy = np.where(single, 1.0, dx / safe), np.where(single, 0.0, dy / safe)
        row_labels: list[RowLabel] = []
        for r, (_, text) in enumerate(rows):
            row_labels.append(
                RowLabel(text, float(x[first[r]] - ux[r]), float(y[first[r]] - uy[r]))
            )
            if not single[r]:
                row_labels.append(
                    RowLabel(text, float(x[last[r]] + ux[r]), float(y[last[r]] + uy[r]))
                )
        # Sections: front row nearest the stage, back row farthest; the label goes behind it.
        stage = self.map.stage
        row_sec = sec[first]
        distance = np.hypot(row_x - stage.x, row_y - stage.y)
        by_distance = np.lexsort((distance, row_sec))
        s_starts, s_counts = _groups(row_sec[by_distance])
        front, back = by_distance[s_starts], by_distance[s_starts + s_counts - 1]
        seat_order = np.argsort(sec, kind="stable")
        starts, counts = _groups(sec[seat_order])
        cx = np.add.reduceat(x[seat_order], starts) / counts
        cy = np.add.reduceat(y[seat_order], starts) / counts
        dx, dy = row_x[back] - row_x[front], row_y[back] - row_y[front]
        length = np.hypot(dx, dy)
        flat = length < 1e-9
        safe = np.where(flat, 1.0, length)
        sx, sy = np.where(flat, 0.0, dx / safe), np.where(flat, 1.0, dy / safe)
        depth = (x - cx[sec]) * sx[sec] + (y - cy[sec]) * sy[sec]
        reach = np.maximum.reduceat(depth[seat_order], starts) + 1.5
        reach_front = np.minimum.reduceat(depth[seat_order], starts) - 1.5
        x_min = np.minimum.reduceat(x[seat_order], starts)
        x_max = np.maximum.reduceat(x[seat_order], starts)
        y_min = np.minimum.reduceat(y[seat_order], starts)
        y_max = np.maximum.reduceat(y[seat_order], starts)
        width = np.maximum.reduceat(x[seat_order], starts) - np.minimum.reduceat(
            x[seat_order], starts
        )
        height = np.maximum.reduceat(y[seat_order], starts) - np.minimum.reduceat(
            y[seat_order], starts
        )
        span = np.maximum(width, height) + 1.0
        section_labels = [
            SectionLabel(
                name,
                (float(cx[k]), float(cy[k])),
                (float(cx[k] + sx[k] * reach[k]), float(cy[k] + sy[k] * reach[k])),
                float(span[k]),
                (float(cx[k] + sx[k] * reach_front[k]), float(cy[k] + sy[k] * reach_front[k])),
                (float(x_min[k]), float(y_min[k]), float(x_max[k]), float(y_max[k])),
            )
            for k, name in enumerate(sections)
        ]
        return section_labels, row_labels

    # --- counts ---------------------------------------------------------------------------

    def available_by_tier(self) -> dict[int, int]:
        """tier id -> seats still available (expired holds count as available)."""
        free = self.tier[self.effective == AVAILABLE]
        counts = np.bincount(free[free >= 0].astype(np.intp), minlength=len(self.tiers))
        return {t.id: int(counts[i]) for i, t in enumerate(self.tiers)}


def _groups(sorted_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, length) of each run of equal values in a sorted array."""
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    counts = np.diff(np.r_[starts, sorted_codes.size])
    return starts, counts
