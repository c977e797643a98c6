"""Choosing the best block of adjacent free seats (pure: no database, easy to test)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

FIRST_BATCH = 4  # rows fetched first by best_blocks_nearest; each later batch doubles


@dataclass(frozen=True)
class FreeSeat:
    """A sellable seat as best-available sees it."""

    id: int  # event_seat.id
    section_id: int
    row_index: int
    number: int
    x: float
    y: float


@dataclass(frozen=True)
class RowBox:
    """The bounding box of a row's candidate seats: every block in the row has its middle in it."""

    section_id: int
    row_index: int
    min_x: float
    max_x: float
    min_y: float
    max_y: float

    def bound(self, centre: tuple[float, float]) -> float:
        """No block of this row is nearer *centre* than this."""
        cx, cy = centre
        dx = max(self.min_x - cx, 0.0, cx - self.max_x)
        dy = max(self.min_y - cy, 0.0, cy - self.max_y)
        return math.hypot(dx, dy)


def best_blocks_nearest(
    rows: Sequence[RowBox],
    fetch: Callable[[Sequence[RowBox]], Iterable[FreeSeat]],
    quantity: int,
    centre: tuple[float, float],
    most: int = 12,
) -> list[tuple[int, ...]]:
    """The same answer as :func:`best_blocks` over the free seats of all *rows*, reading only
    the rows near *centre*: *fetch* is asked for the free seats of the nearest rows first
    (batches that double), and the search stops once *most* blocks are found that are all
    nearer than any row not read yet. A big empty house is answered from a few rows instead
    of every seat.
    """
    ordered = sorted(rows, key=lambda r: (r.bound(centre), r.section_id, r.row_index))
    seats: list[FreeSeat] = []
    read, batch = 0, FIRST_BATCH
    scored: list[tuple[float, int, int, tuple[int, ...]]] = []
    while read < len(ordered):
        part = ordered[read : read + batch]
        read += len(part)
        batch *= 2
        seats.extend(fetch(part))
        scored = _scored_blocks(seats, quantity, centre, most)
        # Strictly nearer (beyond the rounding of the scores): a block of an unread row can
        # neither beat nor tie the last one kept.
        if (
            len(scored) == most
            and read < len(ordered)
            and scored[-1][0] + 1e-6 < ordered[read].bound(centre)
        ):
            break
    return [ids for *_key, ids in scored]


def best_blocks(
    seats: Iterable[FreeSeat], quantity: int, centre: tuple[float, float], most: int = 12
) -> list[tuple[int, ...]]:
    """Up to *most* blocks of *quantity* seats side by side, best first.

    Side by side means the same section and row with consecutive seat numbers (a sold or blocked
    seat in between breaks the block). Best means the block's middle is nearest *centre* (the
    middle of the stage); ties go to the lower row, then the lower seat ids, so the choice is
    deterministic.
    """
    return [ids for *_key, ids in _scored_blocks(seats, quantity, centre, most)]


def _scored_blocks(
    seats: Iterable[FreeSeat], quantity: int, centre: tuple[float, float], most: int
) -> list[tuple[float, int, int, tuple[int, ...]]]:
    """(distance, row, lowest id, ids) of the best *most* blocks, best first."""
    if quantity < 1:
        return []
    cx, cy = centre
    scored: list[tuple[float, int, int, tuple[int, ...]]] = []
    ordered = sorted(seats, key=lambda s: (s.section_id, s.row_index, s.number))
    for (_section, row), row_seats in groupby(ordered, key=lambda s: (s.section_id, s.row_index)):
        for run in _runs(list(row_seats)):
            if len(run) < quantity:
                continue
            sx = sum(s.x for s in run[:quantity])
            sy = sum(s.y for s in run[:quantity])
            for start in range(len(run) - quantity + 1):
                if start:
                    sx += run[start + quantity - 1].x - run[start - 1].x
                    sy += run[start + quantity - 1].y - run[start - 1].y
                block = run[start : start + quantity]
                distance = math.hypot(sx / quantity - cx, sy / quantity - cy)
                ids = tuple(s.id for s in block)
                scored.append((round(distance, 6), row, min(ids), ids))
    return heapq.nsmallest(most, scored)


def _runs(row: list[FreeSeat]) -> list[list[FreeSeat]]:
    """Split one row's seats (sorted by number) into runs of consecutive numbers."""
    runs: list[list[FreeSeat]] = []
    for seat in row:
        if runs and seat.number == runs[-1][-1].number + 1:
            runs[-1].append(seat)
        else:
            runs.append([seat])
    return runs
