"""Editing, deleting and cancelling events that already sold tickets (demo data, both backends)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from boxoffice.db.database import Database
from boxoffice.db.models import (
    Booking,
    Event,
    EventSeat,
    OutboxEmail,
    PriceTier,
    Refund,
    Ticket,
)
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import Conflict
from boxoffice.domain.status import BookingStatus, SeatStatus, TicketStatus
from boxoffice.services.events import editor as events
from boxoffice.services.events.drafts import FieldError, ZoneDraft
from tests.services.events.test_events_support import demo_actor, event_id


@pytest.fixture
def manager(demo_db: Database) -> Actor:
    return demo_actor(demo_db, "manager")


def confirmed(db: Database, eid: int) -> int:
    with db.session() as s:
        return int(
            s.scalar(
                select(func.count()).where(
                    Booking.event_id == eid, Booking.status == BookingStatus.CONFIRMED.value
                )
            )
            or 0
        )


def change_notices(db: Database) -> list[OutboxEmail]:
    with db.session() as s:
        rows = s.scalars(select(OutboxEmail).where(OutboxEmail.kind == "event_change"))
        return list(rows)


def test_moving_an_event_with_sales_queues_change_notices(
    demo_db: Database, manager: Actor
) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    assert edit.has_sales and edit.confirmed_bookings == confirmed(demo_db, eid) > 0
    d = edit.draft
    later = timedelta(hours=1, minutes=30)
    moved = replace(
        d,
        starts_at=d.starts_at + later,
        ends_at=d.ends_at + later,
        sales_close_at=d.sales_close_at + later,
    )

    events.update_event(demo_db, manager, eid, moved, edit.updated_at)

    notices = change_notices(demo_db)
    assert len(notices) == edit.confirmed_bookings
    assert all("Hamlet" in n.subject and "time" in n.subject for n in notices)
    assert all("→" in n.body_text for n in notices)


def test_title_edit_with_sales_sends_no_notice(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    events.update_event(demo_db, manager, eid, replace(edit.draft, title="Hamlet (new cast)"))
    assert change_notices(demo_db) == []


def test_price_change_after_sales_keeps_sold_ticket_prices(
    demo_db: Database, manager: Actor
) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    with demo_db.session() as s:
        before = sorted(s.execute(select(Ticket.id, Ticket.tier_id, Ticket.price)).all())
    tiers = tuple(replace(t, price=t.price + Decimal("10.00")) for t in edit.draft.tiers)

    edited = events.update_event(demo_db, manager, eid, replace(edit.draft, tiers=tiers))

    assert [t.price for t in edited.draft.tiers] == [
        Decimal("75.00"),
        Decimal("55.00"),
        Decimal("40.00"),
    ]
    with demo_db.session() as s:
        after = sorted(s.execute(select(Ticket.id, Ticket.tier_id, Ticket.price)).all())
        event = s.get(Event, eid)
        assert event is not None and event.max_price == Decimal("75.00")
    assert after == before


def test_coverage_change_after_sales_moves_unsold_seats_only_in_price(
    demo_db: Database, manager: Actor
) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    premium, standard, circle = edit.draft.tiers
    with demo_db.session() as s:
        tickets_before = sorted(s.execute(select(Ticket.id, Ticket.tier_id, Ticket.price)).all())
        sold_before = s.scalar(
            select(func.count()).where(
                EventSeat.event_id == eid, EventSeat.status == SeatStatus.SOLD.value
            )
        )
        version = s.scalar(select(Event.seat_version).where(Event.id == eid))
    stalls = premium.zones[0].section_id
    tiers = (replace(premium, zones=(ZoneDraft(stalls, "A-B"),)), standard, circle)

    events.update_event(demo_db, manager, eid, replace(edit.draft, tiers=tiers))

    with demo_db.session() as s:
        premium_seats = s.scalar(
            select(func.count()).where(EventSeat.event_id == eid, EventSeat.tier_id == premium.id)
        )
        assert premium_seats == 2 * 14
        tickets_after = sorted(s.execute(select(Ticket.id, Ticket.tier_id, Ticket.price)).all())
        sold_after = s.scalar(
            select(func.count()).where(
                EventSeat.event_id == eid, EventSeat.status == SeatStatus.SOLD.value
            )
        )
        new_version = s.scalar(select(Event.seat_version).where(Event.id == eid))
        changed = s.scalar(
            select(func.count()).where(EventSeat.event_id == eid, EventSeat.version == new_version)
        )
    assert tickets_after == tickets_before
    assert sold_after == sold_before
    assert new_version == (version or 0) + 1
    assert changed == 2 * 14  # rows C and D of the stalls


def test_tier_with_tickets_cannot_be_removed(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    premium, standard, circle = edit.draft.tiers
    assert edit.tier_tickets[premium.id] > 0
    tiers = (replace(standard, zones=(ZoneDraft(premium.zones[0].section_id),)), circle)

    with pytest.raises(FieldError, match="'Premium' has tickets, so it cannot be removed"):
        events.update_event(demo_db, manager, eid, replace(edit.draft, tiers=tiers))


def test_layout_cannot_change_after_sales(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    club = next(v for v in events.venue_choices(demo_db, manager) if not v.layouts)
    ga = replace(
        edit.draft,
        venue_id=club.id,
        layout_id=None,
        ga_capacity=100,
        tiers=tuple(replace(t, zones=(), ga_capacity=10) for t in edit.draft.tiers),
    )
    with pytest.raises(FieldError, match="has bookings, so it cannot switch between seated"):
        events.update_event(demo_db, manager, eid, ga)


def test_ga_capacity_cannot_drop_below_sold(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Indie Showcase")
    edit = events.event_for_edit(demo_db, manager, eid)
    with demo_db.session() as s:
        sold = {
            t.id: t.ga_sold for t in s.scalars(select(PriceTier).where(PriceTier.event_id == eid))
        }
    tier = next(t for t in edit.draft.tiers if sold[t.id or 0] > 0)
    tiers = tuple(
        replace(t, ga_capacity=sold[tier.id or 0] - 1) if t is tier else t for t in edit.draft.tiers
    )
    with pytest.raises(FieldError, match=f"already has {sold[tier.id or 0]} sold or held"):
        events.update_event(demo_db, manager, eid, replace(edit.draft, tiers=tiers))


def test_live_hold_blocks_a_tier_change_of_that_seat(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    edit = events.event_for_edit(demo_db, manager, eid)
    premium, standard, circle = edit.draft.tiers
    with demo_db.session() as s:  # a desk holds an unsold seat of row D (premium today)
        seat = s.scalar(
            select(EventSeat.id)
            .where(
                EventSeat.event_id == eid,
                EventSeat.tier_id == premium.id,
                EventSeat.status == SeatStatus.AVAILABLE.value,
            )
            .order_by(EventSeat.seat_id.desc())
            .limit(1)
        )
        s.execute(
            update(EventSeat)
            .where(EventSeat.id == seat)
            .values(
                status=SeatStatus.HELD.value,
                hold_id="test-hold",
                hold_expires_at=utcnow() + timedelta(minutes=5),
            )
        )
    stalls = premium.zones[0].section_id
    tiers = (replace(premium, zones=(ZoneDraft(stalls, "A-C"),)), standard, circle)
    with pytest.raises(Conflict, match="1 seat whose tier would change is being held"):
        events.update_event(demo_db, manager, eid, replace(edit.draft, tiers=tiers))


def test_event_with_sales_cannot_be_deleted(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    with pytest.raises(Conflict, match="has bookings, so it cannot be deleted; cancel it"):
        events.delete_event(demo_db, manager, eid)
    with demo_db.session() as s:
        assert s.get(Event, eid) is not None


def test_cancel_event_refunds_and_frees_seats(demo_db: Database, manager: Actor) -> None:
    eid = event_id(demo_db, "Hamlet")
    with demo_db.session() as s:
        expected = s.scalar(
            select(func.coalesce(func.sum(Ticket.price), 0)).where(
                Ticket.event_id == eid, Ticket.status == TicketStatus.VALID.value
            )
        )
        refunds_before = s.scalar(select(func.count()).select_from(Refund))
    bookings = confirmed(demo_db, eid)

    result = events.cancel_event(demo_db, manager, eid, "Lead actor ill")

    assert result.bookings_cancelled == bookings > 0
    assert result.refunded == expected
    assert confirmed(demo_db, eid) == 0
    with demo_db.session() as s:
        event = s.get(Event, eid)
        assert event is not None and event.status == "cancelled"
        sold = s.scalar(
            select(func.count()).where(
                EventSeat.event_id == eid, EventSeat.status == SeatStatus.SOLD.value
            )
        )
        assert sold == 0
        valid = s.scalar(
            select(func.count()).where(
                Ticket.event_id == eid, Ticket.status == TicketStatus.VALID.value
            )
        )
        assert valid == 0
        assert (s.scalar(select(func.count()).select_from(Refund)) or 0) > (refunds_before or 0)
        mails = s.scalar(select(func.count()).where(OutboxEmail.kind == "cancellation"))
        assert mails == bookings
    with pytest.raises(Conflict, match="already cancelled"):
        events.cancel_event(demo_db, manager, eid)
    with pytest.raises(Conflict, match="cancelled and can no longer be edited"):
        events.update_event(
            demo_db, manager, eid, events.event_for_edit(demo_db, manager, eid).draft
        )
