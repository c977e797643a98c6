"""Best-available reading only the rows near the stage gives the answer of reading every seat."""

from __future__ import annotations

import math
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from boxoffice.services.sales.best_seats import (
    FIRST_BATCH,
    FreeSeat,
    RowBox,
    best_blocks,
    best_blocks_nearest,
)


def _boxes(seats: Sequence[FreeSeat], quantity: int) -> list[RowBox]:
    """What the database query returns: rows with at least *quantity* free seats, bounded."""
    rows: dict[tuple[int, int], list[FreeSeat]] = {}
    for seat in seats:
        rows.setdefault((seat.section_id, seat.row_index), []).append(seat)
    return [
        RowBox(
            section,
            row,
            min(s.x for s in part),
            max(s.x for s in part),
            min(s.y for s in part),
            max(s.y for s in part),
        )
        for (section, row), part in rows.items()
        if len(part) >= quantity
    ]


@st.composite
def houses(draw: st.DrawFn) -> list[FreeSeat]:
    """Sections of rows (straight, slanted or curved), with some seats sold."""
    seats: list[FreeSeat] = []
    next_id = 1
    for section in range(draw(st.integers(1, 3))):
        ox = draw(st.floats(-40, 40))
        oy = draw(st.floats(0, 30))
        curve = draw(st.sampled_from([0.0, 0.02, 0.1]))
        spacing = draw(st.sampled_from([1.0, 1.5]))
        for row in range(draw(st.integers(1, 12))):
            per_row = draw(st.integers(1, 30))
            for number in range(1, per_row + 1):
                x = ox + (number - per_row / 2) * spacing
                y = oy + row * 1.2 + curve * (number - per_row / 2) ** 2
                if draw(st.booleans()) or draw(st.booleans()):  # about three in four free
                    seats.append(FreeSeat(next_id, section, row, number, x, y))
                next_id += 1
    return seats


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    seats=houses(),
    quantity=st.integers(1, 5),
    centre=st.tuples(st.floats(-50, 50), st.floats(-10, 40)),
    most=st.sampled_from([1, 3, 12]),
)
def test_nearest_rows_first_gives_the_full_answer(
    seats: list[FreeSeat], quantity: int, centre: tuple[float, float], most: int
) -> None:
    fetched: list[int] = []

    def fetch(rows: Sequence[RowBox]) -> list[FreeSeat]:
        fetched.append(len(rows))
        wanted = {(r.section_id, r.row_index) for r in rows}
        return [s for s in seats if (s.section_id, s.row_index) in wanted]

    boxes = _boxes(seats, quantity)
    assert best_blocks_nearest(boxes, fetch, quantity, centre, most) == best_blocks(
        seats, quantity, centre, most
    )
    assert sum(fetched) <= len(boxes)  # no row is read twice


def test_a_big_empty_house_reads_only_the_front_rows() -> None:
    seats = [
        FreeSeat(row * 100 + n, 1, row, n, float(n - 50), float(row))
        for row in range(200)
        for n in range(1, 101)
    ]
    read: list[int] = []

    def fetch(rows: Sequence[RowBox]) -> list[FreeSeat]:
        read.extend(r.row_index for r in rows)
        wanted = {r.row_index for r in rows}
        return [s for s in seats if s.row_index in wanted]

    best = best_blocks_nearest(_boxes(seats, 2), fetch, 2, (0.0, -3.0))
    assert best == best_blocks(seats, 2, (0.0, -3.0))
    assert best[0] == (49, 50)  # front row at the centre line (a tie: lower seat ids win)
    assert len(read) < 200 / 4, read  # a few batches of front rows, not the house
    assert read[:FIRST_BATCH] == [0, 1, 2, 3]


def test_row_bound_is_never_more_than_any_block_in_it() -> None:
    box = RowBox(1, 0, -3.0, 5.0, 2.0, 2.5)
    assert box.bound((0.0, 0.0)) == 2.0  # straight below the row
    assert box.bound((1.0, 2.2)) == 0.0  # inside the box
    assert math.isclose(box.bound((8.0, 6.5)), math.hypot(3.0, 4.0))
