"""Colours offered for price tiers and layout sections: data stored with a tier or shown for a
section, not part of the desk's theme (a tier keeps its colour whatever theme a desk uses)."""

from __future__ import annotations

# A new tier takes the next of these (Tableau 10: distinct for most colour-blind clerks).
TIER_COLOURS: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)

# The venue designer colours sections in this order.
SECTION_COLOURS: tuple[str, ...] = (
    "#4e79a7",
    "#59a14f",
    "#f28e2b",
    "#b07aa1",
    "#76b7b2",
    "#e15759",
    "#9c755f",
)
