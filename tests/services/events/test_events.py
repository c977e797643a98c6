"""Event editor services on both backends: create, validate, edit, delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Event, EventSeat, PriceTier, Seat, TierZone
from boxoffice.domain.errors import Conflict, PermissionDenied, ValidationError
from boxoffice.domain.status import SeatStatus
from boxoffice.services.events import editor as events
from boxoffice.services.events.drafts import FieldError, TierDraft, ZoneDraft
from boxoffice.services.venues import sections as venue_sections
from tests.services.events.test_events_support import (
    CLERK,
    MANAGER,
    Hall,
    ga_draft,
    hall_tiers,
    make_hall,
    seated_draft,
    times,
)


@pytest.fixture
def hall(db: Database) -> Hall:
    return make_hall(db)


def seat_tiers(db: Database, event_id: int) -> dict[str, int]:
    """Tier name -> number of event seats filed under it."""
    with db.session() as s:
        return dict(
            s.execute(
                select(PriceTier.name, func.count())
                .join(EventSeat, EventSeat.tier_id == PriceTier.id)
                .where(EventSeat.event_id == event_id)
                .group_by(PriceTier.name)
            ).all()
        )


def test_create_seated_event_makes_one_event_seat_per_layout_seat(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))

    assert seat_tiers(db, created.id) == {"Front": 16, "Stalls": 24, "Balcony": 18}
    assert created.capacity == hall.seats == 58
    with db.session() as s:
        event = s.get(Event, created.id)
        assert event is not None
        assert (event.min_price, event.max_price) == (Decimal("20.00"), Decimal("50.00"))
        assert event.sold_count == 0
        assert s.scalar(select(func.count()).select_from(Seat)) == 58
        zones = s.scalars(select(TierZone.row_spec).order_by(TierZone.id)).all()
        assert zones == ["A-B", "", ""]
        audit = s.scalars(select(AuditLog.action).where(AuditLog.entity == "event")).all()
        assert audit == ["event.create"]
    assert [t.name for t in created.draft.tiers] == ["Front", "Stalls", "Balcony"]
    assert created.draft.tiers[0].zones == (ZoneDraft(hall.stalls, "A-B"),)
    assert not created.has_sales


def test_blocked_layout_seats_are_blocked_in_new_events(db: Database, hall: Hall) -> None:
    detail = venue_sections.set_seat_flags(
        db, MANAGER, hall.layout_id, [s.id for s in _hall_seats(db, hall)[:3]], blocked=True
    ).layout
    assert sum(s.blocked for s in detail.seats) == 3

    created = events.create_event(db, MANAGER, seated_draft(hall))

    with db.session() as s:
        blocked = s.scalar(
            select(func.count()).where(
                EventSeat.event_id == created.id, EventSeat.status == SeatStatus.BLOCKED.value
            )
        )
    assert blocked == 3
    assert created.capacity == 55


def _hall_seats(db: Database, hall: Hall) -> list[Seat]:
    with db.session() as s:
        rows = s.scalars(select(Seat).where(Seat.layout_id == hall.layout_id).order_by(Seat.id))
        return list(rows)


def test_general_admission_event(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, ga_draft(hall.venue_id))

    assert created.draft.general_admission
    assert created.capacity == 300
    assert [t.ga_capacity for t in created.draft.tiers] == [250, 50]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(EventSeat)) == 0


def test_gap_in_tier_coverage_names_the_section_and_rows(db: Database, hall: Hall) -> None:
    tiers = (
        TierDraft("Front", Decimal("50"), "#e15759", (ZoneDraft(hall.stalls, "A-C"),)),
        TierDraft("Rest", Decimal("30"), "#4e79a7", (ZoneDraft(hall.balcony, "F"),)),
    )
    with pytest.raises(FieldError) as caught:
        events.create_event(db, MANAGER, seated_draft(hall, tiers=tiers))

    assert caught.value.field == "tiers"
    assert "No price tier covers Stalls rows D–E; Balcony rows G–H." in str(caught.value)
    with db.session() as s:  # nothing was written
        assert s.scalar(select(func.count()).select_from(Event)) == 0


def test_overlapping_tiers_are_named(db: Database, hall: Hall) -> None:
    tiers = (
        TierDraft("Front", Decimal("50"), "#e15759", (ZoneDraft(hall.stalls, "A-C"),)),
        TierDraft("Middle", Decimal("40"), "#f28e2b", (ZoneDraft(hall.stalls, "C-E"),)),
        TierDraft("Upper", Decimal("20"), "#59a14f", (ZoneDraft(hall.balcony),)),
        TierDraft("Cheap", Decimal("10"), "#76b7b2", (ZoneDraft(hall.balcony),)),
    )
    with pytest.raises(ValidationError) as caught:
        events.create_event(db, MANAGER, seated_draft(hall, tiers=tiers))

    message = str(caught.value)
    assert "Balcony ('Cheap' and 'Upper')" in message
    assert "Stalls row C ('Front' and 'Middle')" in message


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (dict(title="   "), "title", "needs a title"),
        (dict(ends_at=-1), "ends_at", "end after it starts"),
        (dict(sales_close_at=+1), "sales_close_at", "no later than the event starts"),
        (dict(sales_open_at=+2), "sales_close_at", "close after it opens"),
        (dict(venue_id=999_999), "venue_id", "no venue with id 999999"),
        (dict(layout_id=999_999), "layout_id", "no seat layout with id 999999"),
        (dict(tiers=()), "tiers", "at least one price tier"),
        (dict(starts_at=-30), "starts_at", "cannot start in the past"),
    ],
)
def test_event_validation(
    db: Database, hall: Hall, change: dict[str, object], field: str, text: str
) -> None:
    draft = seated_draft(hall)
    values: dict[str, object] = {}
    for key, value in change.items():
        if key in ("ends_at", "sales_close_at", "sales_open_at"):
            # hours relative to the start
            values[key] = draft.starts_at + timedelta(hours=int(value))  # type: ignore[call-overload]
        elif key == "starts_at":
            t = times(days=int(value))  # type: ignore[call-overload]
            values.update(t)
        else:
            values[key] = value
    with pytest.raises(FieldError) as caught:
        events.create_event(db, MANAGER, replace(draft, **values))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert text in str(caught.value)


@pytest.mark.parametrize(
    ("tier", "text"),
    [
        (TierDraft("VIP", Decimal("-1.00"), "#123456"), "cannot be negative"),
        (TierDraft(" ", Decimal("1.00"), "#123456"), "needs a name"),
        (TierDraft("VIP", Decimal("1.00"), "red"), "needs a colour"),
        (TierDraft("front", Decimal("1.00"), "#123456"), "Two tiers are called 'front'"),
    ],
)
def test_tier_validation(db: Database, hall: Hall, tier: TierDraft, text: str) -> None:
    tier = replace(tier, zones=(ZoneDraft(hall.balcony, "F"),))
    draft = seated_draft(hall, tiers=(*hall_tiers(hall), tier))
    with pytest.raises(FieldError) as caught:
        events.create_event(db, MANAGER, draft)
    assert text in str(caught.value)
    assert caught.value.tier == 3


def test_unknown_row_in_spec(db: Database, hall: Hall) -> None:
    tiers = (
        TierDraft("Front", Decimal("50"), "#e15759", (ZoneDraft(hall.stalls, "A-Z"),)),
        TierDraft("Upper", Decimal("20"), "#59a14f", (ZoneDraft(hall.balcony),)),
    )
    with pytest.raises(ValidationError, match=r"Stalls has no row 'Z' \(its rows run A–E\)"):
        events.create_event(db, MANAGER, seated_draft(hall, tiers=tiers))


def test_layout_of_another_venue_is_refused(db: Database, hall: Hall) -> None:
    other = make_hall(db, "Other Hall")
    with pytest.raises(FieldError, match="Test Hall has no seat layout"):
        events.create_event(db, MANAGER, seated_draft(hall, layout_id=other.layout_id))


def test_ga_validation(db: Database, hall: Hall) -> None:
    with pytest.raises(FieldError, match="needs a capacity between 1"):
        events.create_event(db, MANAGER, ga_draft(hall.venue_id, ga_capacity=None))
    with pytest.raises(FieldError, match="add up to 300, more than the event's capacity of 200"):
        events.create_event(db, MANAGER, ga_draft(hall.venue_id, ga_capacity=200))


def test_edit_without_sales_changes_tiers_and_bumps_seat_version(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    front, stalls, balcony = created.draft.tiers
    tiers = (
        replace(front, zones=(ZoneDraft(hall.stalls, "A"),), price=Decimal("55.00")),
        replace(stalls, name="Stalls rear"),
        balcony,
    )

    edited = events.update_event(
        db, MANAGER, created.id, replace(created.draft, tiers=tiers), created.updated_at
    )

    assert seat_tiers(db, created.id) == {"Front": 8, "Stalls rear": 32, "Balcony": 18}
    assert [t.id for t in edited.draft.tiers] == [front.id, stalls.id, balcony.id]
    assert edited.draft.tiers[0].price == Decimal("55.00")
    with db.session() as s:
        event = s.get(Event, created.id)
        assert event is not None and event.seat_version == 1
        assert event.max_price == Decimal("55.00")
        changed = s.scalar(
            select(func.count()).where(EventSeat.event_id == created.id, EventSeat.version == 1)
        )
    assert changed == 8  # row B moved from Front to the rest of the stalls


def test_tiers_can_swap_names_and_be_removed(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    front, stalls, balcony = created.draft.tiers
    tiers = (
        replace(front, name="Stalls", zones=(ZoneDraft(hall.stalls),)),
        replace(balcony, name="Front"),
    )
    edited = events.update_event(db, MANAGER, created.id, replace(created.draft, tiers=tiers))
    assert seat_tiers(db, created.id) == {"Stalls": 40, "Front": 18}
    assert [t.id for t in edited.draft.tiers] == [front.id, balcony.id]
    with db.session() as s:
        assert s.get(PriceTier, stalls.id) is None


def test_stale_edit_is_refused(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    events.update_event(db, MANAGER, created.id, replace(created.draft, title="First"))
    with pytest.raises(Conflict, match="changed by someone else"):
        events.update_event(
            db, MANAGER, created.id, replace(created.draft, title="Second"), created.updated_at
        )


def test_switch_to_general_admission_without_sales(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    ga = ga_draft(hall.venue_id, title=created.draft.title)
    edited = events.update_event(db, MANAGER, created.id, ga)
    assert edited.draft.general_admission and edited.capacity == 300
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(EventSeat)) == 0
        assert s.scalar(select(func.count()).select_from(TierZone)) == 0


def test_delete_without_sales(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, seated_draft(hall))
    events.delete_event(db, MANAGER, created.id)
    with db.session() as s:
        assert s.get(Event, created.id) is None
        assert s.scalar(select(func.count()).select_from(EventSeat)) == 0
        assert s.scalar(select(func.count()).select_from(PriceTier)) == 0
        actions = s.scalars(select(AuditLog.action).where(AuditLog.entity_id == created.id))
        assert "event.delete" in set(actions)


def test_list_and_count_events(db: Database, hall: Hall) -> None:
    events.create_event(db, MANAGER, seated_draft(hall, title="Alpha 100%"))
    events.create_event(db, MANAGER, seated_draft(hall, title="Beta", **times(days=20)))
    events.create_event(db, MANAGER, ga_draft(hall.venue_id, title="Gamma"))

    rows = events.list_managed_events(db, MANAGER)
    assert [r.title for r in rows] == ["Alpha 100%", "Gamma", "Beta"]
    assert rows[1].general_admission and rows[0].venue == "Test Hall"
    assert [r.title for r in events.list_managed_events(db, MANAGER, "100%")] == ["Alpha 100%"]
    assert [r.title for r in events.list_managed_events(db, MANAGER, offset=1, limit=1)] == [
        "Gamma"
    ]
    assert events.count_managed_events(db, MANAGER) == 3
    assert events.count_managed_events(db, MANAGER, "a") == 3
    assert events.count_managed_events(db, MANAGER, "%") == 1


def test_venue_choices_list_sections_and_rows(db: Database, hall: Hall) -> None:
    (venue,) = events.venue_choices(db, MANAGER)
    (layout,) = venue.layouts
    assert layout.seats == 58
    assert [(s.name, s.rows, s.seats) for s in layout.sections] == [
        ("Stalls", ("A", "B", "C", "D", "E"), 40),
        ("Balcony", ("F", "G", "H"), 18),
    ]


def test_clerk_cannot_use_the_event_editor(db: Database, hall: Hall) -> None:
    draft = seated_draft(hall)
    calls = [
        lambda: events.list_managed_events(db, CLERK),
        lambda: events.count_managed_events(db, CLERK),
        lambda: events.venue_choices(db, CLERK),
        lambda: events.event_for_edit(db, CLERK, 1),
        lambda: events.create_event(db, CLERK, draft),
        lambda: events.update_event(db, CLERK, 1, draft),
        lambda: events.delete_event(db, CLERK, 1),
        lambda: events.cancel_event(db, CLERK, 1, "x"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="not allowed to manage events"):
            call()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 0


def test_draft_with_naive_times_is_refused(db: Database, hall: Hall) -> None:
    draft = seated_draft(hall)
    naive = replace(draft, starts_at=draft.starts_at.replace(tzinfo=None))
    with pytest.raises(FieldError, match="time zone"):
        events.create_event(db, MANAGER, naive)


def test_an_event_keeps_its_genre_and_unknown_genres_are_refused(db: Database, hall: Hall) -> None:
    created = events.create_event(db, MANAGER, replace(seated_draft(hall), category="concert"))
    assert created.draft.category == "Concert"  # stored as the list spells it
    edited = events.update_event(
        db, MANAGER, created.id, replace(created.draft, category="Comedy"), created.updated_at
    )
    assert edited.draft.category == "Comedy"
    with pytest.raises(FieldError) as caught:
        events.create_event(db, MANAGER, replace(seated_draft(hall), category="Opera buffa"))
    assert caught.value.field == "category" and "not a genre" in str(caught.value)
