"""Layout designer services on both backends: venues, layouts, sections, seat flags."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Event, EventSeat, Seat
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict, PermissionDenied, ValidationError
from boxoffice.domain.layout import SectionSpec
from boxoffice.domain.seatmap import Stage
from boxoffice.domain.status import SeatStatus
from boxoffice.services.events import editor as events
from boxoffice.services.events.drafts import ZoneDraft
from boxoffice.services.venues import layout_json as venue_json
from boxoffice.services.venues import layouts as venues
from boxoffice.services.venues import sections as venue_sections
from tests.services.events.test_events_support import (
    CLERK,
    MANAGER,
    Hall,
    demo_actor,
    event_id,
    make_hall,
    seated_draft,
)


@pytest.fixture
def hall(db: Database) -> Hall:
    return make_hall(db)


def event_seat_states(db: Database, eid: int) -> dict[str, int]:
    with db.session() as s:
        rows = s.execute(
            select(EventSeat.status, func.count())
            .where(EventSeat.event_id == eid)
            .group_by(EventSeat.status)
        ).all()
    return {status: count for status, count in rows}


def test_sections_generate_labelled_seats(db: Database, hall: Hall) -> None:
    layout = venues.get_layout(db, MANAGER, hall.layout_id)
    assert [(s.name, s.seats) for s in layout.sections] == [("Stalls", 40), ("Balcony", 18)]
    balcony = layout.section(hall.balcony)
    assert balcony.spec.first_row == 5 and balcony.spec.curve == 0.5
    rows = sorted({x.row_label for x in layout.seats if x.section_id == hall.balcony})
    assert rows == ["F", "G", "H"]
    layout = venue_sections.add_section(
        db,
        MANAGER,
        hall.layout_id,
        SectionSpec("Box", rows=2, seats_per_row=3, row_labels="numbers", numbering="rtl"),
    )
    box = [x for x in layout.seats if x.section_id == layout.sections[-1].id]
    first_row = sorted((x for x in box if x.row_label == "1"), key=lambda x: x.x)
    assert [x.number for x in first_row] == [3, 2, 1]  # numbered right to left
    (summary,) = venues.list_venues(db, MANAGER)
    assert summary.layouts[0].seats == 64 and summary.layouts[0].sections == 3


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (SectionSpec("Stalls", 2, 2), "already has a section called 'Stalls'"),
        (SectionSpec("  ", 2, 2), "section needs a name"),
        (SectionSpec("X", 0, 2), "Rows must be between 1 and 500"),
        (SectionSpec("X", 2, 1001), "Seats per row must be between 1 and 1000"),
        (SectionSpec("X", 2, 2, curve=9), "curve runs from 0"),
        (SectionSpec("X", 2, 2, origin_x=math.inf), "position is out of range"),
        (SectionSpec("X", 2, 2, row_labels="roman"), "Row labels are 'letters' or 'numbers'"),
    ],
)
def test_section_validation(db: Database, hall: Hall, spec: SectionSpec, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        venue_sections.add_section(db, MANAGER, hall.layout_id, spec)


def test_venue_and_layout_names(db: Database, hall: Hall) -> None:
    with pytest.raises(ValidationError, match="already a venue called 'Test Hall'"):
        venues.create_venue(db, MANAGER, " Test   Hall ")
    with pytest.raises(ValidationError, match="already has a layout called 'Main'"):
        venues.create_layout(db, MANAGER, hall.venue_id, "Main")
    renamed = venues.rename_layout(db, MANAGER, hall.layout_id, "End stage")
    assert renamed.name == "End stage"
    with pytest.raises(ValidationError, match="stage needs a width"):
        venues.set_stage(db, MANAGER, hall.layout_id, Stage(0, 0, 0, 2))
    staged = venues.set_stage(db, MANAGER, hall.layout_id, Stage(-6, -5, 12, 3))
    assert staged.stage == Stage(-6, -5, 12, 3)


def test_move_keeps_seat_ids_and_translates(db: Database, hall: Hall) -> None:
    before = venues.get_layout(db, MANAGER, hall.layout_id)
    after = venue_sections.move_section(db, MANAGER, hall.balcony, 3.0, 12.5)

    old = {x.id: x for x in before.seats if x.section_id == hall.balcony}
    new = {x.id: x for x in after.seats if x.section_id == hall.balcony}
    assert old.keys() == new.keys()
    for seat_id, seat in new.items():
        assert seat.x == pytest.approx(old[seat_id].x + 3.0, abs=1e-3)
        assert seat.y == pytest.approx(old[seat_id].y + 2.5, abs=1e-3)
    assert after.section(hall.balcony).spec.origin_x == 3.0


def test_rotate_recomputes_places(db: Database, hall: Hall) -> None:
    after = venue_sections.move_section(db, MANAGER, hall.stalls, 0.0, 2.0, rotation=90)
    stalls = [x for x in after.seats if x.section_id == hall.stalls]
    row_a = [x for x in stalls if x.row_label == "A"]
    assert {round(x.x, 3) for x in row_a} == {0.0}  # the front row now runs along y
    assert after.section(hall.stalls).spec.rotation == 90.0


def test_reshape_without_sales_follows_in_events(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    layout = venues.get_layout(db, MANAGER, hall.layout_id)
    spec = replace(layout.section(hall.balcony).spec, rows=4)

    after = venue_sections.update_section(db, MANAGER, hall.balcony, spec)

    assert len(after.seats) == 64
    assert event_seat_states(db, created.id) == {"available": 64}
    reloaded = events.event_for_edit(db, MANAGER, created.id)
    assert reloaded.capacity == 64
    with db.session() as s:
        event = s.get(Event, created.id)
        assert event is not None and event.seat_version == 1


def test_new_section_uncovered_by_tiers_is_blocked_until_covered(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    layout = venue_sections.add_section(db, MANAGER, hall.layout_id, SectionSpec("Box", 1, 4))
    box = layout.sections[-1].id
    assert event_seat_states(db, created.id) == {"available": 58, "blocked": 4}

    edit = events.event_for_edit(db, MANAGER, created.id)
    with pytest.raises(ValidationError, match=r"No price tier covers Box\.$"):
        events.update_event(db, MANAGER, created.id, edit.draft)
    balcony = edit.draft.tiers[2]
    tiers = (*edit.draft.tiers[:2], replace(balcony, zones=(*balcony.zones, ZoneDraft(box))))
    events.update_event(db, MANAGER, created.id, replace(edit.draft, tiers=tiers))
    assert event_seat_states(db, created.id) == {"available": 62}


def test_delete_section_without_sales(db: Database, hall: Hall) -> None:
    layout = venue_sections.delete_section(db, MANAGER, hall.balcony)
    assert [s.name for s in layout.sections] == ["Stalls"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Seat)) == 40


def test_seat_flags_follow_in_upcoming_events(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    layout = venues.get_layout(db, MANAGER, hall.layout_id)
    picked = [x.id for x in layout.seats[:4]]

    result = venue_sections.set_seat_flags(db, MANAGER, hall.layout_id, picked, blocked=True)

    assert result.event_seats_changed == 4 and result.skipped == 0
    assert sum(x.blocked for x in result.layout.seats) == 4
    assert event_seat_states(db, created.id) == {"available": 54, "blocked": 4}
    assert events.event_for_edit(db, MANAGER, created.id).capacity == 54

    result = venue_sections.set_seat_flags(
        db, MANAGER, hall.layout_id, picked[:2], blocked=False, accessible=True
    )
    assert result.event_seats_changed == 2
    assert event_seat_states(db, created.id) == {"available": 56, "blocked": 2}
    assert {x.id for x in result.layout.seats if x.accessible} == set(picked[:2])
    with db.session() as s:
        event = s.get(Event, created.id)
        assert event is not None and event.seat_version == 2
        versions = s.scalars(
            select(EventSeat.version).where(EventSeat.seat_id.in_(picked[:2]))
        ).all()
        assert set(versions) == {2}
        actions = s.scalars(select(AuditLog.action).where(AuditLog.action.like("layout.%")))
        assert "layout.seat_flags" in set(actions)


def test_layout_in_use_cannot_be_deleted(db: Database, hall: Hall) -> None:
    events.create_event(db, MANAGER, seated_draft(hall))
    with pytest.raises(Conflict, match="used by 1 event"):
        venues.delete_layout(db, MANAGER, hall.layout_id)
    with pytest.raises(Conflict, match="has 1 event"):
        venues.delete_venue(db, MANAGER, hall.venue_id)
    spare = venues.create_layout(db, MANAGER, hall.venue_id, "Spare")
    venues.delete_layout(db, MANAGER, spare.id)
    assert [x.name for x in venues.list_venues(db, MANAGER)[0].layouts] == ["Main"]


def test_clerk_cannot_design_layouts(db: Database, hall: Hall) -> None:
    spec = SectionSpec("Box", 1, 2)
    calls = [
        lambda: venues.list_venues(db, CLERK),
        lambda: venues.create_venue(db, CLERK, "X"),
        lambda: venues.update_venue(db, CLERK, hall.venue_id, "X"),
        lambda: venues.delete_venue(db, CLERK, hall.venue_id),
        lambda: venues.create_layout(db, CLERK, hall.venue_id, "X"),
        lambda: venues.get_layout(db, CLERK, hall.layout_id),
        lambda: venues.rename_layout(db, CLERK, hall.layout_id, "X"),
        lambda: venues.set_stage(db, CLERK, hall.layout_id, Stage(0, 0, 1, 1)),
        lambda: venues.delete_layout(db, CLERK, hall.layout_id),
        lambda: venue_sections.add_section(db, CLERK, hall.layout_id, spec),
        lambda: venue_sections.update_section(db, CLERK, hall.stalls, spec),
        lambda: venue_sections.move_section(db, CLERK, hall.stalls, 1, 1),
        lambda: venue_sections.delete_section(db, CLERK, hall.stalls),
        lambda: venue_sections.set_seat_flags(db, CLERK, hall.layout_id, [1], blocked=True),
        lambda: venue_json.export_layout(db, CLERK, hall.layout_id),
        lambda: venue_json.import_layout(db, CLERK, hall.venue_id, "{}"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="not allowed to manage venues"):
            call()
    assert len(venues.get_layout(db, MANAGER, hall.layout_id).seats) == 58


# --- layouts used by events with sales (demo data) ------------------------------------------


@pytest.fixture
def manager(demo_db: Database) -> Actor:
    return demo_actor(demo_db, "manager")


def theatre(db: Database, actor: Actor) -> venues.LayoutDetail:
    venue = next(v for v in venues.list_venues(db, actor) if v.name == "Royal Court Theatre")
    return venues.get_layout(db, actor, venue.layouts[0].id)


def test_with_sales_seats_cannot_be_added_but_sections_move(
    demo_db: Database, manager: Actor
) -> None:
    layout = theatre(demo_db, manager)
    assert layout.seat_count_fixed
    stalls = layout.sections[0]
    with pytest.raises(ValidationError, match="which has bookings, so seats cannot be added"):
        venue_sections.update_section(
            demo_db, manager, stalls.id, replace(stalls.spec, seats_per_row=16)
        )
    with pytest.raises(ValidationError, match="Moving or rotating sections is still possible"):
        venue_sections.add_section(demo_db, manager, layout.id, SectionSpec("Box", 1, 2))

    moved = venue_sections.move_section(demo_db, manager, stalls.id, 1.0, 3.0, rotation=5)

    assert len(moved.seats) == len(layout.seats)
    assert moved.section(stalls.id).spec.rotation == 5.0


def test_blocking_skips_sold_seats(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    with demo_db.session() as s:
        sold_seat = s.scalar(
            select(EventSeat.seat_id)
            .where(EventSeat.event_id == eid, EventSeat.status == SeatStatus.SOLD.value)
            .limit(1)
        )
        free_seat = s.scalar(
            select(EventSeat.seat_id)
            .where(EventSeat.event_id == eid, EventSeat.status == SeatStatus.AVAILABLE.value)
            .limit(1)
        )
    assert sold_seat is not None and free_seat is not None
    layout = theatre(demo_db, manager)
    result = venue_sections.set_seat_flags(
        demo_db, manager, layout.id, [sold_seat, free_seat], blocked=True
    )
    # Every theatre event (6 of them, all upcoming) blocks the seats it has not sold.
    assert result.skipped >= 1
    assert result.event_seats_changed + result.skipped == 2 * 6
    with demo_db.session() as s:
        status = dict(
            s.execute(
                select(EventSeat.seat_id, EventSeat.status).where(
                    EventSeat.event_id == eid, EventSeat.seat_id.in_([sold_seat, free_seat])
                )
            ).all()
        )
    assert status == {sold_seat: "sold", free_seat: "blocked"}


def test_layout_file_with_an_absurdly_long_number_is_refused_plainly() -> None:
    from boxoffice.domain.errors import ValidationError
    from boxoffice.services.venues.layout_json import parse_layout

    with pytest.raises(ValidationError, match="far too large"):
        parse_layout('{"format": "' + "x" + '", "version": ' + "9" * 4301 + "}")
