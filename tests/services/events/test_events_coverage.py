"""Tier coverage rules (pure): row specs, gaps, overlaps, "rest of the section"."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.layout import row_label
from boxoffice.services.events.coverage import (
    SectionRows,
    Zone,
    describe_rows,
    parse_row_spec,
    resolve_coverage,
)

STALLS = SectionRows(1, "Stalls", tuple("ABCDEFGH"))
CIRCLE = SectionRows(2, "Circle", ("10", "11", "12"))


def test_row_specs() -> None:
    assert parse_row_spec("", STALLS) == STALLS.labels
    assert parse_row_spec("a-c, f", STALLS) == ("A", "B", "C", "F")
    assert parse_row_spec("D-B", STALLS) == ("B", "C", "D")
    assert parse_row_spec("11-12", CIRCLE) == ("11", "12")
    with pytest.raises(ValidationError, match="Stalls has no row 'Q'"):
        parse_row_spec("A-Q", STALLS)
    with pytest.raises(ValidationError, match="empty part"):
        parse_row_spec("A,,B", STALLS)


def test_describe_rows() -> None:
    assert describe_rows(("A", "B", "C", "F", "H"), STALLS) == "rows A–C, F, H"
    assert describe_rows(("E",), STALLS) == "row E"
    assert describe_rows(STALLS.labels, STALLS) == "all rows"


def test_explicit_rows_beat_a_whole_section_zone() -> None:
    zones = [Zone("Premium", 1, "A-B"), Zone("Standard", 1), Zone("Circle", 2)]
    cover = resolve_coverage([STALLS, CIRCLE], zones, ["Premium", "Standard", "Circle"])
    assert [cover[(1, r)] for r in "ABC"] == ["Premium", "Premium", "Standard"]
    assert {cover[(2, r)] for r in CIRCLE.labels} == {"Circle"}


def test_all_problems_are_reported_together() -> None:
    zones = [Zone("A", 1, "A-C"), Zone("B", 1, "C-D"), Zone("C", 2), Zone("D", 2)]
    with pytest.raises(ValidationError) as caught:
        resolve_coverage([STALLS, CIRCLE], zones)
    assert str(caught.value) == (
        "No price tier covers Stalls rows E–H. More than one tier covers "
        "Stalls row C ('A' and 'B'); Circle ('C' and 'D')."
    )


def test_idle_tier_and_unknown_section() -> None:
    with pytest.raises(ValidationError, match="Tier 'Spare' covers no seats"):
        resolve_coverage([STALLS], [Zone("All", 1)], ["All", "Spare"])
    with pytest.raises(ValidationError, match=r"names a section \(id 9\)"):
        resolve_coverage([STALLS], [Zone("All", 9)])
    assert resolve_coverage([STALLS], [Zone("All", 9), Zone("All", 1, "Z")], strict=False) == {}


@st.composite
def partitions(draw: st.DrawFn) -> tuple[SectionRows, list[Zone], dict[str, str]]:
    """A section and tiers that split its rows into contiguous bands (with one "rest" tier)."""
    count = draw(st.integers(1, 40))
    style = draw(st.sampled_from(["letters", "numbers"]))
    labels = tuple(row_label(i, style) for i in range(count))
    cuts = sorted(draw(st.sets(st.integers(1, count - 1), max_size=6))) if count > 1 else []
    bounds = [0, *cuts, count]
    rest = draw(st.integers(0, len(bounds) - 2))
    zones: list[Zone] = []
    owner: dict[str, str] = {}
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):
        tier = f"T{i}"
        for label in labels[a:b]:
            owner[label] = "rest" if i == rest else tier
        if i != rest:
            spec = labels[a] if b - a == 1 else f"{labels[b - 1]}-{labels[a]}"
            zones.append(Zone(tier, 7, spec))
    zones.append(Zone("rest", 7))
    return SectionRows(7, "Block", labels), zones, owner


@given(partitions())
def test_any_band_split_covers_every_row_once(
    case: tuple[SectionRows, list[Zone], dict[str, str]],
) -> None:
    section, zones, owner = case
    cover = resolve_coverage([section], zones)
    assert cover == {(7, label): tier for label, tier in owner.items()}


@given(st.integers(1, 60), st.data())
def test_describe_then_parse_round_trip(count: int, data: st.DataObject) -> None:
    section = SectionRows(1, "S", tuple(row_label(i) for i in range(count)))
    rows = data.draw(st.sets(st.sampled_from(section.labels), min_size=1))
    text = describe_rows(tuple(rows), section)
    if text == "all rows":
        assert set(rows) == set(section.labels)
        return
    spec = text.split(" ", 1)[1].replace("–", "-")
    assert set(parse_row_spec(spec, section)) == set(rows)
