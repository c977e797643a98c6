"""The place-and-tier line of tickets, receipts and the door: no repeated section name."""

from __future__ import annotations

from boxoffice.domain.place_text import seat_and_tier


def test_a_tier_named_after_its_section_is_said_once() -> None:
    assert seat_and_tier("Floor, row A, seat 19", "Floor") == "Floor, row A, seat 19"
    assert seat_and_tier("Floor, row A, seat 19", " floor ") == "Floor, row A, seat 19"
    assert seat_and_tier("Standing", "Standing") == "Standing"


def test_other_tiers_and_missing_parts() -> None:
    assert seat_and_tier("Floor, row A, seat 19", "Gold") == "Floor, row A, seat 19 · Gold"
    assert seat_and_tier("Balcony, row F, seat 2", "Floor") == "Balcony, row F, seat 2 · Floor"
    assert seat_and_tier("", "Floor") == "Floor"
    assert seat_and_tier("General admission", "") == "General admission"
