"""Seats picked without a mouse: arrows move a visible seat cursor to the nearest seat that
way, Space or Enter toggles the seat under it, screen readers get the seat's name."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.domain.seatmap import SeatMap, SeatState
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.gui.seatmap.cursor import step

pytestmark = pytest.mark.gui


def test_step_takes_the_nearest_seat_that_way_and_stops_at_the_edge() -> None:
    # Two rows of three, the second staggered by half a seat.
    x = np.array([0.0, 1.0, 2.0, 0.5, 1.5, 2.5])
    y = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    assert step(x, y, 0, 1, 0) == 1  # right: the next seat in the row, not the row below
    assert step(x, y, 2, 1, 0) == 2  # nothing to the right: stays
    assert step(x, y, 1, 0, 1) in (3, 4)  # down: a seat of the next row
    assert step(x, y, 4, 0, -1) in (1, 2)
    assert step(x, y, 0, -1, 0) == 0


def test_arrows_walk_the_seats_and_space_toggles(
    qtbot: QtBot, make_view: Callable[..., SeatMapView], theatre: SeatMap
) -> None:
    view = make_view(theatre)
    view.setFocus()
    assert view.cursor_seat() is None
    with qtbot.waitSignal(view.cursor_moved):
        qtbot.keyClick(view, Qt.Key.Key_Right)  # the first arrow shows the cursor
    first = view.cursor_seat()
    assert first is not None and view.state(first) == SeatState.AVAILABLE
    qtbot.keyClick(view, Qt.Key.Key_Right)
    second = view.cursor_seat()
    a, b = view.seat(first), view.seat(second or -1)
    assert a is not None and b is not None
    assert (b.section, b.row) == (a.section, a.row) and b.x > a.x  # the same row, to the right
    qtbot.keyClick(view, Qt.Key.Key_Down)
    below = view.seat(view.cursor_seat() or -1)
    assert below is not None and below.y > b.y and below.row != b.row
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.cursor_seat() is not None

    # Space holds the seat under the cursor (it is a toggle, like a click) and Enter too.
    target = view.cursor_seat()
    assert target is not None
    if view.state(target) != SeatState.AVAILABLE:  # find an available seat in that row
        for _ in range(14):
            qtbot.keyClick(view, Qt.Key.Key_Left)
            target = view.cursor_seat()
            if target is not None and view.state(target) == SeatState.AVAILABLE:
                break
    assert target is not None and view.state(target) == SeatState.AVAILABLE
    with qtbot.waitSignal(view.seat_toggled) as toggled:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert toggled.args == [target] and view.selected_ids() == [target]
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.selected_ids() == []


def test_the_cursor_is_seen_and_named(
    qtbot: QtBot, make_view: Callable[..., SeatMapView], theatre: SeatMap
) -> None:
    view = make_view(theatre)
    view.setFocus()
    before = view.viewport().grab().toImage()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    sid = view.cursor_seat()
    assert sid is not None
    place = view.seat(sid)
    assert place is not None
    name = view.accessibleName()
    assert name.startswith("Seat map: ") and f"Row {place.row}" in name
    assert f"Seat {place.number}" in name and "Available" in name
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert "selected" in view.accessibleName()

    # Drawn: black and white pixels appear around the seat (outline + dashes, not a tint).
    after = view.viewport().grab().toImage()
    centre = view.seat_view_pos(sid)
    assert centre is not None
    changed_dark = changed_light = 0
    for dx in range(-16, 17):
        for dy in range(-16, 17):
            px, py = centre.x() + dx, centre.y() + dy
            old, new = before.pixelColor(px, py), after.pixelColor(px, py)
            if old.rgb() == new.rgb():
                continue
            changed_dark += new.lightness() < 40
            changed_light += new.lightness() > 230
    assert changed_dark > 20 and changed_light > 20


def test_mouse_hides_the_cursor_and_read_only_maps_pan(
    qtbot: QtBot, make_view: Callable[..., SeatMapView], theatre: SeatMap
) -> None:
    view = make_view(theatre)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.cursor_seat() is not None
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.viewport().rect().topLeft()
    )
    assert view.cursor_seat() is None and view.accessibleName() == "Seat map"
    view.set_read_only(True)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.cursor_seat() is None


def test_tab_into_the_map_shows_the_cursor(qtbot: QtBot, theatre: SeatMap) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    search = QLineEdit()
    view = SeatMapView()
    column = QVBoxLayout(host)
    column.addWidget(search)
    column.addWidget(view)
    host.resize(900, 700)
    view.set_map(theatre)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: view.cursor_seat() is not None)
    assert view.state(view.cursor_seat() or -1) is SeatState.AVAILABLE
    assert view.accessibleName().startswith("Seat map: ")
