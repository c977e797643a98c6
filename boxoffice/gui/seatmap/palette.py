"""Colours, sizes and the look of one seat, shared by the map, its sprites and the legend.

Geometry: one layout unit (seat pitch) is ``PITCH`` scene units, so scale 1.0 shows a seat at
``PITCH`` pixels. A seat fills ``SEAT_FILL`` of its cell; the rest is the gap between seats.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from boxoffice.domain.seatmap import SeatState
from boxoffice.gui.theme import hex_of
from boxoffice.i18n import N_

PITCH = 20.0  # scene units per seat pitch
SEAT_FILL = 0.8  # share of the cell a seat covers

# State codes used in the numpy arrays (index into STATE_ORDER).
AVAILABLE, HELD_MINE, HELD_OTHER, SOLD, BLOCKED, HOUSE = range(6)
STATE_ORDER: tuple[SeatState, ...] = (
    SeatState.AVAILABLE,
    SeatState.HELD_MINE,
    SeatState.HELD_OTHER,
    SeatState.SOLD,
    SeatState.BLOCKED,
    SeatState.HOUSE,
)
STATES = len(STATE_ORDER)
STATE_CODE: dict[SeatState, int] = {state: code for code, state in enumerate(STATE_ORDER)}

# The map's colours are the theme's ``map_*`` roles, read when this module is first imported
# (after the desk applied its theme at start; a theme picked later shows on the next map).
BACKGROUND = hex_of("map_background")
NO_TIER = hex_of("map_no_tier")  # a seat whose tier is missing from the map
MINE = hex_of("map_mine")  # held by this desk: the one bright yellow on the map
SELECT_RING = hex_of("map_select_ring")
SELECT_EDGE = hex_of("map_select_edge")
HELD_OTHER_FILL = hex_of("map_held_other_fill")
HELD_OTHER_HATCH = hex_of("map_held_other_hatch")
SOLD_FILL = hex_of("map_sold")
BLOCKED_FILL = hex_of("map_blocked")
BLOCKED_EDGE = hex_of("map_blocked_edge")
FLASH = hex_of("map_flash")  # recently changed seats on the monitor
FLASH_EDGE = SELECT_EDGE  # the dark edge around a flash ring
HOVER = hex_of("map_hover")
STAGE_FILL = hex_of("map_stage")
STAGE_TEXT = hex_of("map_stage_text")
LABEL_TEXT = hex_of("map_label_text")
ROW_LABEL_TEXT = hex_of("map_row_label_text")
SECTION_EDGE = hex_of("map_section_edge")
MARK_LIGHT = hex_of("map_seat_mark_light")  # symbols and numbers on a dark seat
MARK_DARK = hex_of("map_seat_mark_dark")  # ... and on a light one

# Flat colours for the far zoom levels, where a seat is a few pixels and shapes don't show.
STATE_FLAT: dict[int, str] = {
    HELD_MINE: MINE,
    HELD_OTHER: hex_of("map_held_other_flat"),
    SOLD: SOLD_FILL,
    BLOCKED: BLOCKED_FILL,
}

STATE_TITLES: dict[int, str] = {
    AVAILABLE: N_("Available"),
    HELD_MINE: N_("Held by you"),
    HELD_OTHER: N_("Held at another desk"),
    SOLD: N_("Sold"),
    BLOCKED: N_("Not for sale"),
    HOUSE: N_("Named hold"),
}


@dataclass(frozen=True)
class SeatLook:
    """Everything that decides how one seat is drawn; equal looks share one sprite."""

    state: int
    fill: str  # tier colour (available seats), hold type colour (HOUSE seats)
    selected: bool = False
    accessible: bool = False
    restricted: bool = False
    pattern: str = ""  # a named hold's hatching (domain.house.PATTERNS)

    @property
    def body(self) -> QColor:
        """The seat's main colour."""
        if self.state in (AVAILABLE, HOUSE):
            return QColor(self.fill)
        if self.state == HELD_OTHER:
            return QColor(HELD_OTHER_FILL)
        return QColor(STATE_FLAT[self.state])

    @property
    def flat(self) -> QColor:
        """One colour standing for the seat when it is only a few pixels wide."""
        if self.selected:
            return QColor(MINE)
        if self.state in (AVAILABLE, HOUSE):
            return QColor(self.fill)
        return QColor(STATE_FLAT[self.state])

    @property
    def dark(self) -> bool:
        """True when text on the seat should be light."""
        return self.body.lightnessF() < 0.55


def normalised(look: SeatLook) -> SeatLook:
    """Drop the tier colour where it does not show, so more seats share a sprite."""
    if look.state in (AVAILABLE, HOUSE):
        return look
    return SeatLook(look.state, "", look.selected, look.accessible, look.restricted)
