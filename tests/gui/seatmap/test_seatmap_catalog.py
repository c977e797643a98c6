"""The seat map fed by the real catalog service (demo data, SQLite and MariaDB).

The widget never touches the database; here the services produce its input exactly as the
clerk desk and the monitor will, including another desk's hold arriving as SeatChanges.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.db.database import Database
from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.services.sales import catalog, holds
from tests.gui.conftest import sign_in

pytestmark = pytest.mark.gui


def hamlet(db: Database) -> int:
    clerk = sign_in(db, "clerk")
    (event,) = catalog.search_events(db, clerk, catalog.EventQuery(text="Hamlet"))
    return event.id


def test_catalog_map_is_drawn_and_other_desks_holds_arrive(qtbot: QtBot, demo_db: Database) -> None:
    clerk, clerk2 = sign_in(demo_db, "clerk"), sign_in(demo_db, "clerk2")
    event_id = hamlet(demo_db)
    seat_map = catalog.seat_map(demo_db, clerk, event_id)
    view = SeatMapView()
    qtbot.addWidget(view)
    view.resize(900, 640)
    view.set_map(seat_map)
    view.show()
    qtbot.waitExposed(view)
    assert len(seat_map.seats) > 100
    for place in seat_map.seats:  # every seat is where a click finds it
        point = view.seat_view_pos(place.seat_id)
        assert point is not None and view.seat_at(point) == place.seat_id
    free = [p.seat_id for p in seat_map.seats if seat_map.states[p.seat_id] == SeatState.AVAILABLE]
    taken, mine = free[0], free[1]

    holds.hold_seats(demo_db, clerk2, event_id, [taken], hold_for=timedelta(minutes=5))
    own = holds.hold_seats(demo_db, clerk, event_id, [mine], hold_for=timedelta(minutes=5))
    changes = catalog.seat_changes(demo_db, clerk, event_id, view.version, hold_id=own.hold_id)
    with qtbot.waitSignal(view.states_changed):
        view.apply_changes(changes)
    assert view.version == changes.version > seat_map.version
    assert view.state(taken) == SeatState.HELD_OTHER
    assert view.state(mine) == SeatState.HELD_MINE
    assert "until" in view.seat_tooltip(taken)

    with qtbot.assertNotEmitted(view.seat_toggled):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_view_pos(taken))
    with qtbot.waitSignal(view.seat_toggled) as toggled:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.seat_view_pos(mine))
    assert toggled.args == [mine]


def test_reloaded_map_with_hold_id_shows_own_hold(qtbot: QtBot, demo_db: Database) -> None:
    clerk = sign_in(demo_db, "clerk")
    event_id = hamlet(demo_db)
    first = catalog.seat_map(demo_db, clerk, event_id)
    free = [p.seat_id for p in first.seats if first.states[p.seat_id] == SeatState.AVAILABLE][:3]
    own = holds.hold_seats(demo_db, clerk, event_id, free, hold_for=timedelta(minutes=5))
    view = SeatMapView()
    qtbot.addWidget(view)
    view.set_map(first)
    view.set_selected(free)
    view.set_map(catalog.seat_map(demo_db, clerk, event_id, hold_id=own.hold_id))
    assert [view.state(s) for s in free] == [SeatState.HELD_MINE] * 3
    assert view.selected_ids() == sorted(free)  # a reload of the same event keeps the selection
