"""The seat map as numpy arrays plus a spatial grid: what the widget draws and hit-tests.

No Qt here. Coordinates are layout units (one seat pitch = 1.0). Seats are bucketed into
square tiles of ``TILE`` units; each tile becomes one graphics item, and both point and
rectangle queries look only at the few tiles they touch, never at every seat.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from boxoffice.domain.seatmap import SeatMap, SeatPlace, SeatState, TierInfo
from boxoffice.gui.seatmap.palette import (
    AVAILABLE,
    HELD_MINE,
    HELD_OTHER,
    NO_TIER,
    STATE_CODE,
    STATE_ORDER,
    SeatLook,
)

TILE = 32  # layout units per tile side
HIT_HALF = 0.45  # a click within this distance (per axis) of a seat's centre hits it


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


class SeatModel:
    """Seat geometry and live state of one map, indexed by position and by seat id."""

    def __init__(self, seat_map: SeatMap, now: float) -> None:
        self.map = seat_map
        self.places: tuple[SeatPlace, ...] = seat_map.seats
        self.tiers: tuple[TierInfo, ...] = seat_map.tiers
        seats = self.places
        n = len(seats)
        self.count = n
        self.ids = np.fromiter((s.seat_id for s in seats), np.int64, n)
        self.x = np.fromiter((s.x for s in seats), np.float64, n)
        self.y = np.fromiter((s.y for s in seats), np.float64, n)
        tier_pos = {t.id: i for i, t in enumerate(self.tiers)}
        self.tier = np.fromiter((tier_pos.get(s.tier_id, -1) for s in seats), np.int16, n)
        self.accessible = np.fromiter((s.accessible for s in seats), np.bool_, n)
        self.restricted = np.fromiter((s.restricted_view for s in seats), np.bool_, n)
        self.number = np.fromiter((s.number for s in seats), np.int64, n)
        self.index: dict[int, int] = dict(zip(self.ids.tolist(), range(n), strict=True))
        self.state = np.zeros(n, np.uint8)
        self.expiry = np.zeros(n, np.float64)
        self.selected = np.zeros(n, np.bool_)
        self._assign(seat_map.states, seat_map.hold_expiry)
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

    def seat_at(self, ux: float, uy: float) -> int:
        """Index of the seat under the point (ux, uy), or -1."""
        best, best_d = -1, math.inf
        for tile in self._tiles_over(ux - 0.5, uy - 0.5, ux + 0.5, uy + 0.5):
            members = self.tiles[tile]
            dx = np.abs(self.x[members] - ux)
            dy = np.abs(self.y[members] - uy)
            near = np.nonzero((dx <= HIT_HALF) & (dy <= HIT_HALF))[0]
            if near.size:
                d = dx[near] ** 2 + dy[near] ** 2
                k = int(np.argmin(d))
                if float(d[k]) < best_d:
                    best, best_d = int(members[near[k]]), float(d[k])
        return best

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
        get = self.index.get
        idx = np.fromiter((get(int(s), -1) for s in seat_ids), np.intp)
        return idx

    def _assign(self, states: Mapping[int, SeatState], expiry: Mapping[int, float]) -> np.ndarray:
        idx = self._lookup(states.keys())
        codes = np.fromiter((STATE_CODE[SeatState(v)] for v in states.values()), np.uint8, len(idx))
        known = idx >= 0
        idx, codes = idx[known], codes[known]
        self.state[idx] = codes
        self.expiry[idx] = 0.0
        if expiry:
            e_idx = self._lookup(expiry.keys())
            e_val = np.fromiter(expiry.values(), np.float64, len(e_idx))
            ok = e_idx >= 0
            self.expiry[e_idx[ok]] = e_val[ok]
        return idx

    def _effective(self, now: float) -> np.ndarray:
        effective = self.state.copy()
        held = (self.state == HELD_MINE) | (self.state == HELD_OTHER)
        lapsed = held & (self.expiry > 0) & (self.expiry <= now)
        effective[lapsed] = AVAILABLE  # an expired hold is free again, whether or not swept
        return effective

    def selectable(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Which seats (all, or *idx*) a clerk may select: available or held by this desk."""
        eff = self.effective if idx is None else self.effective[idx]
        mask: np.ndarray = (eff == AVAILABLE) | (eff == HELD_MINE)
        return mask

    def apply(
        self, states: Mapping[int, SeatState], expiry: Mapping[int, float], now: float
    ) -> np.ndarray:
        """Take new states; return the indices whose drawing changed."""
        touched = self._assign(states, expiry)
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
        future = self.expiry[held & (self.expiry > now)]
        return float(future.min()) if future.size else None

    def state_of(self, i: int) -> SeatState:
        return STATE_ORDER[int(self.effective[i])]

    # --- looks ----------------------------------------------------------------------------

    def look_keys(self, idx: np.ndarray) -> np.ndarray:
        """An integer per seat; equal keys mean equal looks (see :meth:`look`)."""
        key = (self.tier[idx].astype(np.int64) + 1) * 5 + self.effective[idx]
        key = key * 2 + self.selected[idx]
        key = key * 2 + self.accessible[idx]
        keys: np.ndarray = key * 2 + self.restricted[idx]
        return keys

    def look(self, key: int) -> SeatLook:
        key, restricted = divmod(key, 2)
        key, accessible = divmod(key, 2)
        key, selected = divmod(key, 2)
        tier, state = divmod(key, 5)
        fill = self.tier_colours[tier - 1] if tier > 0 else NO_TIER
        return SeatLook(state, fill, bool(selected), bool(accessible), bool(restricted))

    # --- labels ---------------------------------------------------------------------------

    def labels(self) -> tuple[list[SectionLabel], list[RowLabel]]:
        """Section names and row labels at both ends of every row."""
        stage = self.map.stage
        sections: dict[str, dict[str, list[int]]] = {}
        for i, place in enumerate(self.places):
            sections.setdefault(place.section, {}).setdefault(place.row, []).append(i)
        numbers = self.number
        section_labels: list[SectionLabel] = []
        row_labels: list[RowLabel] = []
        for name, rows in sections.items():
            centroids = []
            for row, members_list in rows.items():
                members = np.asarray(members_list, np.intp)
                cx, cy = float(self.x[members].mean()), float(self.y[members].mean())
                centroids.append((math.hypot(cx - stage.x, cy - stage.y), cx, cy))
                nums = numbers[members]
                first, last = members[int(np.argmin(nums))], members[int(np.argmax(nums))]
                dx, dy = self.x[last] - self.x[first], self.y[last] - self.y[first]
                length = math.hypot(dx, dy)
                ux, uy = (dx / length, dy / length) if length > 1e-9 else (1.0, 0.0)
                row_labels.append(
                    RowLabel(row, float(self.x[first] - ux), float(self.y[first] - uy))
                )
                if length > 1e-9:
                    row_labels.append(
                        RowLabel(row, float(self.x[last] + ux), float(self.y[last] + uy))
                    )
            centroids.sort()
            members_all = np.concatenate([np.asarray(m, np.intp) for m in rows.values()])
            centre = (float(self.x[members_all].mean()), float(self.y[members_all].mean()))
            _, fx, fy = centroids[0]
            _, bx, by = centroids[-1]
            dx, dy = bx - fx, by - fy
            xs, ys = self.x[members_all], self.y[members_all]
            length = math.hypot(dx, dy)
            ux, uy = (dx / length, dy / length) if length > 1e-9 else (0.0, 1.0)
            span = float(max(xs.max() - xs.min(), ys.max() - ys.min())) + 1.0
            # Behind the seat deepest along the front-to-back direction, on the section's axis.
            reach = float(((xs - centre[0]) * ux + (ys - centre[1]) * uy).max()) + 1.5
            back = (centre[0] + ux * reach, centre[1] + uy * reach)
            section_labels.append(SectionLabel(name, centre, back, span))
        return section_labels, row_labels

    # --- counts ---------------------------------------------------------------------------

    def available_by_tier(self) -> dict[int, int]:
        """tier id -> seats still available (expired holds count as available)."""
        free = self.tier[self.effective == AVAILABLE]
        counts = np.bincount(free[free >= 0].astype(np.intp), minlength=len(self.tiers))
        return {t.id: int(counts[i]) for i, t in enumerate(self.tiers)}
