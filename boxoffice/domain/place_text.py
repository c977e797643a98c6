"""How a ticket's place and price tier read on one line, without saying a name twice."""

from __future__ import annotations


def seat_and_tier(seat_label: str, tier: str) -> str:
    """``"Floor, row A, seat 19 · Gold"``; the tier is left out when the place already names it
    (a tier called after its section, "Floor, row A, seat 19 · Floor", or general admission
    labelled by its tier)."""
    place, name = seat_label.strip(), tier.strip()
    if not name:
        return place
    if not place:
        return name
    section = place.split(",", 1)[0].strip()
    if name.casefold() in (section.casefold(), place.casefold()):
        return place
    return f"{place} · {name}"
