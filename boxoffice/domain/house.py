"""Named hold types as managers define them: name, colour and hatching pattern, kill or not."""

from __future__ import annotations

import re

from boxoffice.domain.colour_choices import TIER_COLOURS
from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

# Hatching drawn over a named hold's seats, so the colour is never the only cue.
PATTERNS: tuple[str, ...] = ("diagonal", "cross", "dots", "horizontal", "vertical", "grid")

# Offered for new hold types: dark or saturated, each far from every tier colour.
HOLD_COLOURS: tuple[str, ...] = ("#6d1a7e", "#8c510a", "#01665e", "#c51b7d", "#2d004b", "#7f0000")

# The types a fresh installation offers (name, colour, pattern, kill).
DEFAULT_TYPES: tuple[tuple[str, str, str, bool], ...] = (
    ("House", "#6d1a7e", "diagonal", False),
    ("Press", "#8c510a", "dots", False),
    ("Artist", "#01665e", "horizontal", False),
    ("Production kill", "#7f0000", "cross", True),
)
# The allocation type a fresh installation offers (channels and groups are its labels).
ALLOCATION_TYPE: tuple[str, str, str] = ("Allocation", "#c51b7d", "grid")

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_DISTANCE = 60  # RGB distance below which two colours read as one on the map


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def distance(a: str, b: str) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(rgb(a), rgb(b), strict=True)) ** 0.5)


def check_hold_type(
    name: str, colour: str, pattern: str, tier_colours: tuple[str, ...] = TIER_COLOURS
) -> tuple[str, str, str]:
    """Cleaned (name, colour, pattern), or ValidationError saying what to change."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the hold type a name (for example House or Press)."))
    if len(name) > 40:
        raise ValidationError(_("A hold type's name is at most 40 characters."))
    colour = colour.strip().lower()
    if not _HEX.match(colour):
        raise ValidationError(
            _("{value} is not a colour like #6d1a7e.").format(value=colour or "The colour")
        )
    for tier in tier_colours:
        if _HEX.match(tier) and distance(colour, tier.lower()) < MIN_DISTANCE:
            raise ValidationError(
                _(
                    "{colour} is too close to the price-tier colour {tier}: pick a "
                    "colour that cannot be taken for a tier on the map."
                ).format(colour=colour, tier=tier)
            )
    if pattern not in PATTERNS:
        raise ValidationError(_("Choose a pattern: {items}.").format(items=", ".join(PATTERNS)))
    return name, colour, pattern
