"""The keyboard seat cursor: which seat an arrow key moves to, where it starts, and its keys.

Seats lie in rows but not on a grid (curved rows, staggered sections), so "the seat to the
right" is the nearest seat inside a 45° cone that way, preferring seats straight ahead over
seats off to the side.
"""

from __future__ import annotations

import numpy as np

from boxoffice.i18n import N_

SIDEWAYS_COST = 2.0  # a seat one unit off the line counts as this much further ahead

# The map's own keys for the F1 sheet (they are not menu actions: arrows would be stolen
# from every list on the tab). Keys, what they do.
MAP_KEYS: tuple[tuple[str, str], ...] = (
    (N_("Arrows"), N_("Seat map: move the seat cursor to the nearest seat that way")),
    (N_("Space or Enter"), N_("Seat map: hold or release the seat under the cursor")),
    ("Ctrl+Arrows", N_("Seat map: pan")),
    ("+ or -", N_("Seat map: zoom in or out")),
    (N_("F or Home"), N_("Seat map: fit the whole map")),
    (N_("Esc"), N_("Seat map: clear the selection")),
)


def step(x: np.ndarray, y: np.ndarray, i: int, dx: int, dy: int) -> int:
    """The seat reached from seat *i* by one arrow (*dx*, *dy* one of ±1/0), or *i* when
    there is none that way (the cursor stops at the edge rather than wrapping)."""
    ahead = (x - x[i]) * dx + (y - y[i]) * dy
    aside = np.abs((x - x[i]) * dy - (y - y[i]) * dx)
    inside = (ahead > 1e-6) & (aside <= ahead)
    if not inside.any():
        return i
    cost = np.where(inside, ahead + SIDEWAYS_COST * aside, np.inf)
    return int(np.argmin(cost))


def start(x: np.ndarray, y: np.ndarray, ux: float, uy: float, prefer: np.ndarray) -> int:
    """Where the cursor appears: of the seats marked in *prefer* (e.g. selectable), the one
    nearest the point (the middle of what is shown), else the nearest seat; -1 if no seats."""
    if x.size == 0:
        return -1
    d = (x - ux) ** 2 + (y - uy) ** 2
    if prefer.any():
        d = np.where(prefer, d, np.inf)
    return int(np.argmin(d))
