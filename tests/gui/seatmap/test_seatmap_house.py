"""Named holds on the map: each type in its own colour and pattern, never a tier colour; not
selectable by a clerk; free again on the map at its release time; counted in the legend."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from boxoffice.domain.house import DEFAULT_TYPES, distance
from boxoffice.domain.seatmap import HoldLook, SeatChanges, SeatState
from boxoffice.gui.seatmap import SeatLegend, SeatMapView
from boxoffice.gui.seatmap.samples import theatre_map
from tests.gui.seatmap.test_seatmap import close, colour_at, pos, seat_id, zoom_on

LOOKS = tuple(HoldLook(i + 1, n, c, p, k) for i, (n, c, p, k) in enumerate(DEFAULT_TYPES))


def test_named_holds_show_in_their_colour_and_count_in_the_legend(qtbot: QtBot) -> None:
    base = theatre_map()
    house_seat, kill_seat = seat_id(base, "Stalls E9"), seat_id(base, "Stalls E10")
    soon = time.time() + 0.4
    states = dict(base.states)
    states[house_seat] = states[kill_seat] = SeatState.HOUSE
    seat_map = replace(
        base,
        states=states,
        house={house_seat: 1, kill_seat: 4},
        hold_types=LOOKS,
        hold_expiry={**base.hold_expiry, house_seat: soon},
    )
    view = SeatMapView()
    qtbot.addWidget(view)
    view.resize(900, 640)
    view.set_map(seat_map)
    legend = SeatLegend(view)
    qtbot.addWidget(legend)
    view.show()
    qtbot.waitExposed(view)
    for look in LOOKS:  # never to be taken for a tier
        assert all(distance(look.colour, t.colour) >= 60 for t in base.tiers)
    zoom_on(view, house_seat, 40.0)
    # The hold's colour shows beside its hatching (a corner of the seat body).
    centre = pos(view, house_seat)
    assert view.state(house_seat) == SeatState.HOUSE
    seen = [colour_at(view, centre + QPoint(x, y)) for x in (-9, 9) for y in (-9, 9)]
    assert any(close(c, LOOKS[0].colour, 30) for c in seen), [c.name() for c in seen]
    view.set_selected([house_seat])
    assert view.selected_ids() == []  # a clerk cannot pick it
    texts = " ".join(legend.texts())
    assert "House · 1 held" in texts and "Production kill · 1 kill" in texts
    # Past its release time the house seat is available on the map without a new poll.
    qtbot.waitUntil(lambda: view.state(house_seat) == SeatState.AVAILABLE, timeout=3000)
    assert view.state(kill_seat) == SeatState.HOUSE
    # A change that puts a seat under a hold says which one.
    view.apply_changes(
        SeatChanges(base.event_id, 2, {house_seat: SeatState.HOUSE}, house={house_seat: 2})
    )
    legend.refresh()
    assert "Press · 1 held" in " ".join(legend.texts())
    view.grab().save("/tmp/invholds-map.png")


def test_a_wheelchair_space_is_offered_with_a_companion_seat(qtbot: QtBot) -> None:
    from typing import cast

    from PySide6.QtCore import QObject, Signal

    from boxoffice.gui.hold.controller import SaleController
    from boxoffice.gui.hold.map_picker import MapPicker

    class Controller(QObject):
        settled = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.calls: list[tuple[str, list[int]]] = []

        def toggle_seat(self, seat_id: int) -> None:
            self.calls.append(("toggle", [seat_id]))

        def hold_seats(self, seat_ids: list[int]) -> None:
            self.calls.append(("hold", list(seat_ids)))

    seat_map = theatre_map()
    space, beside = seat_id(seat_map, "Stalls A1"), seat_id(seat_map, "Stalls A2")
    view = SeatMapView()
    qtbot.addWidget(view)
    view.set_map(seat_map)
    assert view.companion_of(space) == beside
    assert view.companion_of(beside) is None  # not a wheelchair space
    controller = Controller()
    MapPicker(view, cast(SaleController, controller))
    view.seat_toggled.emit(space)
    assert controller.calls == [("toggle", [space]), ("hold", [beside])]
