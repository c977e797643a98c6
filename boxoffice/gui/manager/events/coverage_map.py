"""A read-only seat map of the tiers as currently edited: each seat in its tier's colour.

Built locally from the layout's seats and the (unsaved) tier zones, with helper C2's
:class:`SeatMapView`; seats no tier covers, and blocked seats, show as blocked.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from boxoffice.domain.seatmap import SeatMap, SeatPlace, SeatState, TierInfo
from boxoffice.gui.manager.events.tier_model import TierRow
from boxoffice.gui.seatmap import SeatMapView
from boxoffice.i18n import _
from boxoffice.services.events.coverage import SectionRows, Zone, resolve_coverage
from boxoffice.services.events.editor import LayoutPlan, SectionChoice


def coverage_map(
    plan: LayoutPlan, tiers: list[TierRow], sections: tuple[SectionChoice, ...]
) -> SeatMap:
    """The seat map of *plan* with tier ids 1..n standing for the rows of the tier table."""
    infos = tuple(
        TierInfo(i + 1, t.name or _("Tier {number}").format(number=i + 1), t.price, t.colour, i)
        for i, t in enumerate(tiers)
    )
    rows = [SectionRows(s.id, s.name, s.rows) for s in sections]
    zones = [Zone(str(i + 1), z.section_id, z.row_spec) for i, t in enumerate(tiers)
             for z in t.zones]  # fmt: skip
    cover = resolve_coverage(rows, zones, strict=False)
    places = []
    states: dict[int, SeatState] = {}
    for seat in plan.seats:
        key = cover.get((seat.section_id, seat.row))
        tier_id = int(key) if key is not None else 1
        places.append(
            SeatPlace(
                seat.id, seat.section, seat.row, seat.number, seat.x, seat.y, tier_id,
                seat.accessible, seat.restricted_view,
            )
        )  # fmt: skip
        states[seat.id] = SeatState.BLOCKED if seat.blocked or key is None else SeatState.AVAILABLE
    return SeatMap(0, plan.stage, infos, tuple(places), states, 0)


class CoverageMap(QWidget):
    """The map (no signals; the tier table is its legend). Feed it with :meth:`show_tiers`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = SeatMapView()
        self.view.setObjectName("coverageMap")
        self.view.set_read_only(True)
        # The map fills what the tab gives it instead of asking for its 800 × 560 default.
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.view.setToolTip(_("Seats in their tier's colour; grey = blocked or no tier yet"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view, 1)
        self.plan: LayoutPlan | None = None
        self.seat_map: SeatMap | None = None
        self._layout_id: int | None = None

    def set_plan(self, plan: LayoutPlan | None) -> None:
        self.plan = plan

    def show_tiers(self, tiers: list[TierRow], sections: tuple[SectionChoice, ...] | None) -> None:
        """Redraw with *tiers* (nothing happens for general admission or before the plan came)."""
        plan = self.plan
        if plan is None or sections is None or not tiers:
            return
        if {s.id for s in sections} != {seat.section_id for seat in plan.seats}:
            return  # the plan of another layout is still on its way
        self.seat_map = coverage_map(plan, tiers, sections)
        self.view.set_map(self.seat_map)
        if self._layout_id != plan.layout_id:  # another layout: show all of it
            self._layout_id = plan.layout_id
            self.view.fit()
