"""Fixtures shared by the seat-map widget tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from boxoffice.domain.seatmap import SeatMap
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.gui.seatmap.samples import theatre_map


@pytest.fixture
def theatre() -> SeatMap:
    return theatre_map()


@pytest.fixture
def make_view(qtbot: QtBot) -> Callable[..., SeatMapView]:
    """Builds a shown, exposed view of a map (900×640 unless a size is given)."""

    def build(seat_map: SeatMap, size: tuple[int, int] = (900, 640)) -> SeatMapView:
        view = SeatMapView()
        qtbot.addWidget(view)
        view.resize(*size)
        view.set_map(seat_map)
        view.show()
        qtbot.waitExposed(view)
        return view

    return build
