"""Helpers shared by the event editor and layout designer tests (no tests here)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Event, StaffUser
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.layout import SectionSpec
from boxoffice.domain.roles import Role
from boxoffice.services.events.drafts import EventDraft, TierDraft, ZoneDraft
from boxoffice.services.venues import layouts as venues
from boxoffice.services.venues import sections as venue_sections

MANAGER = Actor(user_id=None, username="maya", role=Role.MANAGER, desk="office")
CLERK = Actor(user_id=None, username="carla", role=Role.CLERK, desk="desk-1")


def demo_actor(db: Database, username: str) -> Actor:
    with db.session() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).one()
        return Actor(user.id, user.username, Role(user.role), "test-desk")


def event_id(db: Database, title: str) -> int:
    with db.session() as s:
        return int(s.scalars(select(Event.id).where(Event.title == title)).one())


@dataclass(frozen=True)
class Hall:
    """A small venue: Stalls (rows A–E × 8) and Balcony (rows F–H × 6) = 58 seats."""

    venue_id: int
    layout_id: int
    stalls: int
    balcony: int

    @property
    def seats(self) -> int:
        return 5 * 8 + 3 * 6


def make_hall(db: Database, name: str = "Test Hall") -> Hall:
    venue = venues.create_venue(db, MANAGER, name, "1 Test Street")
    layout = venues.create_layout(db, MANAGER, venue.id, "Main")
    layout = venue_sections.add_section(
        db, MANAGER, layout.id, SectionSpec("Stalls", rows=5, seats_per_row=8, origin_y=2)
    )
    layout = venue_sections.add_section(
        db,
        MANAGER,
        layout.id,
        SectionSpec("Balcony", rows=3, seats_per_row=6, origin_y=10, curve=0.5, first_row=5),
    )
    by_name = {s.name: s.id for s in layout.sections}
    return Hall(venue.id, layout.id, by_name["Stalls"], by_name["Balcony"])


def hall_tiers(hall: Hall) -> tuple[TierDraft, ...]:
    return (
        TierDraft("Front", Decimal("50.00"), "#e15759", (ZoneDraft(hall.stalls, "A-B"),)),
        TierDraft("Stalls", Decimal("35.00"), "#4e79a7", (ZoneDraft(hall.stalls),)),
        TierDraft("Balcony", Decimal("20.00"), "#59a14f", (ZoneDraft(hall.balcony),)),
    )


def times(days: int = 10, now: datetime | None = None) -> dict[str, datetime]:
    start = (now or utcnow()).replace(microsecond=0) + timedelta(days=days)
    return dict(
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        sales_open_at=start - timedelta(days=abs(days) + 40),
        sales_close_at=start,
    )


def seated_draft(hall: Hall, title: str = "Test Concert", **changes: object) -> EventDraft:
    draft = EventDraft(
        title=title,
        venue_id=hall.venue_id,
        layout_id=hall.layout_id,
        tiers=hall_tiers(hall),
        description="A test event.",
        **times(),  # type: ignore[arg-type]
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def ga_draft(venue_id: int, title: str = "Club Night", **changes: object) -> EventDraft:
    draft = EventDraft(
        title=title,
        venue_id=venue_id,
        layout_id=None,
        ga_capacity=300,
        tiers=(
            TierDraft("Standing", Decimal("20.00"), "#b07aa1", ga_capacity=250),
            TierDraft("Early bird", Decimal("12.50"), "#edc948", ga_capacity=50),
        ),
        **times(),  # type: ignore[arg-type]
    )
    return replace(draft, **changes)  # type: ignore[arg-type]
