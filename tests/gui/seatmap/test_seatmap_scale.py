"""The seat map at stadium size, and its spatial index (model) on its own."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTransform
from pytestqt.qtbot import QtBot

from boxoffice.domain.seatmap import SeatChanges, SeatMap, SeatPlace, SeatState, Stage
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.gui.seatmap.model import HIT_RADIUS, TILE, SeatModel
from boxoffice.gui.seatmap.palette import PITCH
from boxoffice.gui.seatmap.samples import STADIUM_TIERS, stadium_map
from boxoffice.gui.seatmap.tiles import LEVELS, level_for

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def stadium() -> SeatMap:
    return stadium_map()


def test_100k_seats_make_a_few_hundred_items(qtbot: QtBot, stadium: SeatMap) -> None:
    view = SeatMapView()
    qtbot.addWidget(view)
    view.set_map(stadium)
    assert len(stadium.seats) == 100_000
    items = len(view.scene().items())
    assert items < len(stadium.seats) / 200  # one item per tile, not per seat


def test_stadium_clicks_and_renders_at_every_zoom(qtbot: QtBot, stadium: SeatMap) -> None:
    view = SeatMapView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_map(stadium)
    view.show()
    qtbot.waitExposed(view)
    seat = next(
        p
        for p in stadium.seats
        if p.section == "116" and stadium.states[p.seat_id] == SeatState.AVAILABLE
    )
    for seat_px in (2.0, 3.5, 7.0, 12.0, 20.0, 30.0, 60.0):  # every cache level, then stamped
        view.setTransform(QTransform.fromScale(seat_px / PITCH, seat_px / PITCH))
        view.centerOn(seat.x * PITCH, seat.y * PITCH)
        image = view.viewport().grab().toImage()
        assert not image.isNull()
        if seat_px >= 7:
            point = view.seat_view_pos(seat.seat_id)
            assert point is not None and view.seat_at(point) == seat.seat_id
    with qtbot.waitSignal(view.seat_toggled) as toggled:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_view_pos(seat.seat_id)
        )
    assert toggled.args == [seat.seat_id]


def test_changes_repaint_only_their_tiles(qtbot: QtBot, stadium: SeatMap) -> None:
    view = SeatMapView()
    qtbot.addWidget(view)
    view.set_map(stadium)
    model = view._model
    assert model is not None
    before = model.tile_version.copy()
    seat = stadium.seats[5000]
    view.apply_changes(SeatChanges(stadium.event_id, 2, {seat.seat_id: SeatState.SOLD}))
    bumped = np.nonzero(model.tile_version != before)[0].tolist()
    assert bumped == [int(model.tile_of[model.index[seat.seat_id]])]


def test_levels_never_upscale() -> None:
    assert level_for(0.3) == 1
    assert level_for(2.0) == 2
    assert level_for(2.1) == 4
    assert level_for(9.0) == 16
    assert level_for(500.0) == LEVELS[-1]


# --- the spatial index, Qt-free ------------------------------------------------------------------


def grid(points: list[tuple[float, float]]) -> SeatModel:
    places = tuple(
        SeatPlace(i + 100, "S", "A", i + 1, x, y, STADIUM_TIERS[0].id)
        for i, (x, y) in enumerate(points)
    )
    states = {p.seat_id: SeatState.AVAILABLE for p in places}
    return SeatModel(SeatMap(1, Stage(0, -5, 4, 2), STADIUM_TIERS, places, states, 1), now=0.0)


cells = st.lists(
    st.tuples(st.integers(-150, 150), st.integers(-150, 150)), min_size=1, max_size=150, unique=True
)


@settings(max_examples=60, deadline=None)
@given(cells, st.floats(-0.05, 0.05), st.floats(-0.3, 0.3), st.floats(-0.3, 0.3))
def test_every_seat_is_found_at_its_position(
    cells: list[tuple[int, int]], jitter: float, dx: float, dy: float
) -> None:
    model = grid([(x + jitter, y - jitter) for x, y in cells])
    for i, (x, y) in enumerate(cells):
        assert model.seat_at(x + jitter + dx, y - jitter + dy) == i
        # Between seats: the nearest seat within half a pitch (HIT_RADIUS), else none.
        px, py = x + 0.56, y + 0.56
        seats = [
            (math.dist((px, py), (cx + jitter, cy - jitter)), k) for k, (cx, cy) in enumerate(cells)
        ]
        nearest = min(d for d, _ in seats)
        expected = {k for d, k in seats if d - nearest < 1e-9} if nearest <= HIT_RADIUS else {-1}
        assert model.seat_at(px, py) in expected


@settings(max_examples=60, deadline=None)
@given(
    cells, st.integers(-160, 160), st.integers(-160, 160), st.integers(1, 120), st.integers(1, 120)
)
def test_rectangle_query_matches_brute_force(
    cells: list[tuple[int, int]], x0: int, y0: int, w: int, h: int
) -> None:
    model = grid([(float(x), float(y)) for x, y in cells])
    found = sorted(model.seats_in(x0 - 0.5, y0 - 0.5, x0 + w + 0.5, y0 + h + 0.5).tolist())
    expected = [i for i, (x, y) in enumerate(cells) if x0 <= x <= x0 + w and y0 <= y <= y0 + h]
    assert found == expected


def test_tiles_partition_the_seats() -> None:
    model = grid([(float(x), float(y)) for x in range(-40, 70, 3) for y in range(-10, 50, 2)])
    members = np.sort(np.concatenate(model.tiles))
    assert members.tolist() == list(range(model.count))
    for tile, part in enumerate(model.tiles):
        cx, cy = model.tile_cells[tile]
        assert (np.floor(model.x[part] / TILE) == cx).all()
        assert (np.floor(model.y[part] / TILE) == cy).all()


def test_look_keys_round_trip() -> None:
    model = grid([(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)])
    model.state[:] = [0, 1, 2, 3]
    model.effective = model.state.copy()
    model.selected[1] = True
    model.accessible[2] = True
    model.restricted[3] = True
    looks = [model.look(int(k)) for k in model.look_keys(np.arange(4))]
    assert [lk.state for lk in looks] == [0, 1, 2, 3]
    assert [lk.selected for lk in looks] == [False, True, False, False]
    assert [lk.accessible for lk in looks] == [False, False, True, False]
    assert [lk.restricted for lk in looks] == [False, False, False, True]
    assert looks[0].fill == STADIUM_TIERS[0].colour


def test_labels_sit_at_row_ends_and_behind_each_section() -> None:
    from boxoffice.gui.seatmap.samples import theatre_map

    seat_map = theatre_map()
    model = SeatModel(seat_map, now=0.0)
    sections, rows = model.labels()
    assert [s.name for s in sections] == ["Stalls", "Circle"]
    row_a = [p for p in seat_map.seats if p.section == "Stalls" and p.row == "A"]
    labels_a = sorted(r.x for r in rows if r.text == "A")
    assert len(labels_a) == 2
    assert (
        labels_a[0] < min(p.x for p in row_a) - 0.5 and labels_a[1] > max(p.x for p in row_a) + 0.5
    )
    assert len(rows) == 2 * 14  # every row of both sections, both ends
    for label in sections:
        seats = [p for p in seat_map.seats if p.section == label.name]
        assert label.back[1] > max(p.y for p in seats)  # behind the last row, away from the stage
        assert min(p.y for p in seats) < label.centre[1] < max(p.y for p in seats)
        assert label.span == pytest.approx(max(p.x for p in seats) - min(p.x for p in seats) + 1)
