"""The seat map widget shared by the clerk desk, the seat monitor and the layout designer.

:class:`SeatMapView` draws a :class:`~boxoffice.domain.seatmap.SeatMap` in bulk (one item per
tile of seats, cached images when far out) so 100,000-seat venues stay smooth;
:class:`SeatLegend` is its key.
"""

from boxoffice.gui.seatmap.legend import SeatLegend
from boxoffice.gui.seatmap.view import SeatMapView

__all__ = ["SeatLegend", "SeatMapView"]
