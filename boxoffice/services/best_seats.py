"""Choosing the best block of adjacent free seats (pure: no database, easy to test)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class FreeSeat:
    """A sellable seat as best-available sees it."""

    id: int  # event_seat.id
    section_id: int
    row_index: int
    number: int
    x: float
    y: float


def best_blocks(
    seats: Iterable[FreeSeat], quantity: int, centre: tuple[float, float], most: int = 12
) -> list[tuple[int, ...]]:
    """Up to *most* blocks of *quantity* seats side by side, best first.

    Side by side means the same section and row with consecutive seat numbers (a sold or blocked
    seat in between breaks the block). Best means the block's middle is nearest *centre* (the
    middle of the stage); ties go to the lower row, then the lower seat ids, so the choice is
    deterministic.
    """
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
    return [ids for *_key, ids in heapq.nsmallest(most, scored)]


def _runs(row: list[FreeSeat]) -> list[list[FreeSeat]]:
    """Split one row's seats (sorted by number) into runs of consecutive numbers."""
    runs: list[list[FreeSeat]] = []
    for seat in row:
        if runs and seat.number == runs[-1][-1].number + 1:
            runs[-1].append(seat)
        else:
            runs.append([seat])
    return runs
