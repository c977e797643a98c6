"""Layout files: export, import, validation messages, round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.db.database import Database
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.layout import SectionSpec, seat_spots
from boxoffice.domain.seatmap import Stage
from boxoffice.services.venues import layout_json as venue_json
from boxoffice.services.venues import layouts as venues
from boxoffice.services.venues import sections as venue_sections
from boxoffice.services.venues.layout_json import LayoutDoc, SectionDoc, dumps, parse_layout
from tests.services.events.test_events_support import MANAGER, demo_actor, make_hall


def test_export_import_round_trip(db: Database) -> None:
    hall = make_hall(db)
    layout = venues.get_layout(db, MANAGER, hall.layout_id)
    flagged = [x.id for x in layout.seats if x.row_label == "A"][:2]
    venue_sections.set_seat_flags(db, MANAGER, hall.layout_id, flagged, blocked=True)
    venue_sections.set_seat_flags(db, MANAGER, hall.layout_id, flagged[:1], accessible=True)
    venue_sections.move_section(db, MANAGER, hall.balcony, -2.5, 11.0, rotation=15)
    text = venue_json.export_layout(db, MANAGER, hall.layout_id)

    copy = venue_json.import_layout(db, MANAGER, hall.venue_id, text, name="Copy")

    again = json.loads(venue_json.export_layout(db, MANAGER, copy.id))
    original = json.loads(text)
    assert again.pop("name") == "Copy"
    original.pop("name")
    assert again == original
    assert original["sections"][0]["blocked"] == [["A", 1], ["A", 2]]
    assert original["sections"][0]["accessible"] == [["A", 1]]
    assert len(copy.seats) == 58
    places = sorted((x.row_label, x.number, x.x, x.y) for x in copy.seats)
    assert places == sorted((x.row_label, x.number, x.x, x.y) for x in venues.get_layout(
        db, MANAGER, hall.layout_id).seats)  # fmt: skip


def test_import_refuses_an_existing_name(db: Database) -> None:
    hall = make_hall(db)
    text = venue_json.export_layout(db, MANAGER, hall.layout_id)
    with pytest.raises(ValidationError, match="already has a layout called 'Main'"):
        venue_json.import_layout(db, MANAGER, hall.venue_id, text)


def test_demo_arena_round_trip(demo_db: Database) -> None:
    manager = demo_actor(demo_db, "manager")
    arena = next(v for v in venues.list_venues(demo_db, manager) if v.name == "Riverside Arena")
    text = venue_json.export_layout(demo_db, manager, arena.layouts[0].id)
    doc = parse_layout(text)
    assert sum(s.spec.rows * s.spec.seats_per_row for s in doc.sections) == 4900
    copy = venue_json.import_layout(demo_db, manager, arena.id, text, name="Copy")
    assert len(copy.seats) == 4900
    assert dumps(parse_layout(venue_json.export_layout(demo_db, manager, copy.id))).replace(
        '"Copy"', '"Standard"'
    ) == dumps(doc)


def good() -> dict[str, Any]:
    return {
        "format": "boxoffice-layout",
        "version": 1,
        "name": "Test",
        "stage": {"x": -5, "y": -4, "w": 10, "h": 2},
        "sections": [
            {"name": "Stalls", "rows": 3, "seats_per_row": 4, "origin": [0, 2]},
            {"name": "Circle", "rows": 2, "seats_per_row": 4, "origin": [0, 9], "first_row": 3},
        ],
    }


def with_change(path: str, value: Any) -> str:
    doc = good()
    target: Any = doc
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": ', r"not valid JSON \(line 1, column 12"),
        ("[1, 2]", "expected an object"),
        (with_change("format", "something"), "not a seat layout file"),
        (with_change("version", 2), "version 2; this program reads up to version 1"),
        (with_change("name", " "), "name: the layout needs a name"),
        (with_change("sections", {}), "sections: expected a list"),
        (with_change("sections.0.rows", 0), r"sections\[0\].rows: expected a whole number from 1"),
        (with_change("sections.0.rows", 2.5), r"sections\[0\].rows: expected a whole number"),
        (with_change("sections.1.seats_per_row", KeyError), r"sections\[1\].seats_per_row: miss"),
        (with_change("sections.1.name", "Stalls"), r"sections\[1\].name: 'Stalls' appears twice"),
        (with_change("sections.0.origin", [1]), r"sections\[0\].origin: expected \[x, y\]"),
        (with_change("sections.0.curve", 7), r"sections\[0\]: Section 'Stalls': the curve runs"),
        (with_change("sections.0.numbering", "up"), r"numbering: expected one of ltr, rtl"),
        (with_change("sections.0.blocked", [["Z", 1]]), r"blocked\[0\]: Stalls has no seat Z1"),
        (with_change("sections.1.blocked", [["A", 1]]), r"Circle has no seat A1"),
        (with_change("sections.0.accessible", [["A"]]), r"accessible\[0\]: expected a \[row, s"),
        (with_change("stage.w", -1), "stage: the width and depth must be greater than 0"),
        (with_change("stage.x", "left"), "stage.x: expected a number"),
    ],
)
def test_import_validation_messages(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_layout(text)


def test_first_row_and_flags_parse() -> None:
    text = with_change("sections.1.blocked", [["D", 2]])
    doc = parse_layout(text)
    circle = doc.sections[1]
    assert circle.spec.first_row == 3 and circle.blocked == frozenset({("D", 2)})


names = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)


@st.composite
def layouts(draw: st.DrawFn) -> LayoutDoc:
    sections = []
    for i in range(draw(st.integers(0, 4))):
        spec = SectionSpec(
            name=f"{draw(names)}{i}",
            rows=draw(st.integers(1, 6)),
            seats_per_row=draw(st.integers(1, 9)),
            origin_x=draw(st.floats(-500, 500, allow_nan=False)),
            origin_y=draw(st.floats(-500, 500, allow_nan=False)),
            rotation=draw(st.floats(0, 359.9)),
            curve=draw(st.sampled_from([0.0, 0.3, 1.5])),
            row_labels=draw(st.sampled_from(["letters", "numbers"])),
            numbering=draw(st.sampled_from(["ltr", "rtl"])),
            first_row=draw(st.integers(0, 30)),
        )
        seats = [(x.row_label, x.number) for x in seat_spots(spec)]
        flags = {
            flag: frozenset(draw(st.sets(st.sampled_from(seats), max_size=4)))
            for flag in ("blocked", "accessible", "restricted_view")
        }
        sections.append(SectionDoc(spec, **flags))
    stage = Stage(draw(st.floats(-50, 50)), draw(st.floats(-50, 50)), 10.0, 2.5)
    return LayoutDoc(draw(names), stage, tuple(sections))


@given(layouts())
def test_file_round_trip(doc: LayoutDoc) -> None:
    once = parse_layout(dumps(doc))  # normalises (rotation, rounding) once
    assert parse_layout(dumps(once)) == once
    assert dumps(parse_layout(dumps(once))) == dumps(once)
    assert [s.spec.name for s in once.sections] == [s.spec.name for s in doc.sections]
    assert [s.blocked for s in once.sections] == [s.blocked for s in doc.sections]
