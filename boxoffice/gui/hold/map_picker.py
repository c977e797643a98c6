"""Connects a SeatMapView to a SaleController: a click holds (or gives back) a seat, a dragged
rectangle holds every available seat in it. The map's own selection only shows seats on their
way into the hold; once the holds settle it is cleared and the seats show as "held by me"."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.hold.controller import SaleController
from boxoffice.gui.seatmap import SeatMapView


class MapPicker(QObject):
    """Owns no state beyond the seats already asked for since the last settle."""

    def __init__(self, view: SeatMapView, controller: SaleController) -> None:
        super().__init__(view)
        self.view = view
        self.controller = controller
        self._requested: set[int] = set()
        view.seat_toggled.connect(self._toggled)
        view.selection_changed.connect(self._selection_changed)
        controller.settled.connect(self._settled)

    @Slot(int)
    def _toggled(self, seat_id: int) -> None:
        # A wheelchair space comes with a companion seat beside it, offered at once (held with
        # it; a click gives it back).
        companion = (
            self.view.companion_of(seat_id)
            if self.view.state(seat_id) is SeatState.AVAILABLE
            else None
        )
        self._requested.add(seat_id)
        self.controller.toggle_seat(seat_id)
        if companion is not None and companion not in self._requested:
            self._requested.add(companion)
            self.controller.hold_seats([companion])

    @Slot(list)
    def take(self, seat_ids: list[int]) -> None:
        """Hold *seat_ids* as if each free one were clicked on the map (the keyboard seat
        chooser's way in: same controller, same companion seats)."""
        for seat_id in seat_ids:
            if seat_id not in self._requested and self.view.state(seat_id) is SeatState.AVAILABLE:
                self._toggled(seat_id)

    @Slot(list)
    def _selection_changed(self, seat_ids: list[int]) -> None:
        """A rubber band adds seats without a toggle: hold the available ones it caught."""
        new = [
            s
            for s in seat_ids
            if s not in self._requested and self.view.state(s) is SeatState.AVAILABLE
        ]
        if new:
            self._requested.update(new)
            self.controller.hold_seats(new)

    @Slot()
    def _settled(self) -> None:
        self._requested.clear()
        self.view.clear_selection()
