"""Ticket types end to end: set in the cart per seat (or per GA places), priced by the pipeline,
stored on the tickets at checkout; complimentary needs the permission and a reason, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, SaleAdjustment, Ticket, TicketType
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import NotFound, PermissionDenied, ValidationError
from boxoffice.domain.pricing_kinds import TypePriceMode
from boxoffice.services import events
from boxoffice.services.events import PricingSetup, TypePrice, TypeSetup
from boxoffice.services.sales import holds, set_ticket_type
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import cash, make_ga_event, make_seated_event, make_staff

D = Decimal


def _types(db: Database, staff_manager: Actor, event_id: int) -> dict[str, int]:
    setup = events.pricing_rules(db, staff_manager, event_id)
    tiers = [t[0] for t in setup.tiers]
    types = events.standard_types(tiers)
    events.save_pricing_rules(db, staff_manager, event_id, PricingSetup(types=types))
    return dict(
        db.run(
            lambda s: list(
                s.execute(
                    select(TicketType.name, TicketType.id).where(TicketType.event_id == event_id)
                )
            )
        )
    )


def test_types_chosen_in_the_cart_price_the_sale_and_stay_on_the_tickets(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)  # Front 50.00 (rows A-B), Back 30.00
    ids = _types(db, staff.manager, ev.id)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2", "C1"))
    assert hold.ticket_types[0].name == "Adult"
    assert hold.total == D("130.00")  # all Adult by default
    assert all(line.ticket_type and line.ticket_type.name == "Adult" for line in hold.lines)
    hold = set_ticket_type(db, staff.clerk, hold.hold_id, ids["Child"], ev.ids("A2"))
    hold = set_ticket_type(db, staff.clerk, hold.hold_id, ids["Senior"], ev.ids("C1"))
    assert hold.total == D("50.00") + D("25.00") + D("24.00")
    assert holds.get_hold(db, staff.clerk, hold.hold_id) == hold  # kept with the hold
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "types-1")
    assert result.total == hold.total
    rows = db.run(
        lambda s: list(
            s.execute(
                select(Ticket.event_seat_id, TicketType.name, Ticket.price)
                .join(TicketType, TicketType.id == Ticket.ticket_type_id)
                .where(Ticket.booking_id == result.booking_id)
            )
        )
    )
    by_seat = {ev.labels[seat or 0]: (name, price) for seat, name, price in rows}
    assert by_seat == {
        "A1": ("Adult", D("50.00")),
        "A2": ("Child", D("25.00")),
        "C1": ("Senior", D("24.00")),
    }
    steps = db.run(
        lambda s: sorted(
            s.execute(
                select(SaleAdjustment.label, SaleAdjustment.amount).where(
                    SaleAdjustment.booking_id == result.booking_id
                )
            )
        )
    )
    assert steps == [("Child", D("-25.00")), ("Senior", D("-6.00"))]


def test_complimentary_needs_the_permission_and_a_reason_and_is_audited(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    ids = _types(db, staff.manager, ev.id)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1", "A2"))
    with pytest.raises(PermissionDenied):
        set_ticket_type(
            db, staff.clerk, hold.hold_id, ids["Complimentary"], ev.ids("A1"), reason="x"
        )
    mine = holds.hold_seats(db, staff.manager, ev.id, ev.ids("B1"))
    with pytest.raises(ValidationError, match="reason"):
        set_ticket_type(db, staff.manager, mine.hold_id, ids["Complimentary"], ev.ids("B1"))
    with pytest.raises(ValidationError, match="not in this cart"):
        set_ticket_type(db, staff.manager, mine.hold_id, ids["Child"], ev.ids("A1"))
    mine = set_ticket_type(
        db, staff.manager, mine.hold_id, ids["Complimentary"], ev.ids("B1"), reason="Critic, Times"
    )
    assert mine.total == D("0.00")
    result = checkout.checkout(db, staff.manager, mine.hold_id, cash(mine.total), "comp-1")
    audit = db.run(
        lambda s: s.execute(
            select(AuditLog.entity_id, AuditLog.detail).where(
                AuditLog.action == "ticket.complimentary"
            )
        ).one()
    )
    assert audit[0] == result.ticket_ids[0]
    assert "Critic, Times" in str(audit[1])


def test_types_of_another_event_or_unknown_are_refused(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    other = make_seated_event(db, title="Other", venue="Elsewhere")
    theirs = _types(db, staff.manager, other.id)
    _types(db, staff.manager, ev.id)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    with pytest.raises(NotFound):
        set_ticket_type(db, staff.clerk, hold.hold_id, theirs["Child"], ev.ids("A1"))


def test_general_admission_places_split_by_type(db: Database) -> None:
    staff = make_staff(db)
    ev = make_ga_event(db)  # Standing 20.00
    standing = ev.tiers["Standing"]
    setup = PricingSetup(
        types=(
            TypeSetup("Adult", is_default=True),
            TypeSetup("Child", prices=(TypePrice(standing, TypePriceMode.PRICE, D("8.00")),)),
        )
    )
    events.save_pricing_rules(db, staff.manager, ev.id, setup)
    child = next(
        t.id
        for t in holds.hold_general_admission(db, staff.clerk, ev.id, standing, 1).ticket_types
        if t.name == "Child"
    )
    hold = holds.hold_general_admission(db, staff.clerk, ev.id, standing, 4)
    hold = set_ticket_type(db, staff.clerk, hold.hold_id, child, quantity=3)
    assert [
        (line.ticket_type.name if line.ticket_type else "", line.quantity) for line in hold.lines
    ] == [
        ("Child", 3),
        ("Adult", 1),
    ]
    assert hold.total == D("44.00")
    with pytest.raises(ValidationError):
        set_ticket_type(db, staff.clerk, hold.hold_id, child, quantity=5)
    result = checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "ga-types")
    prices = db.run(
        lambda s: sorted(
            s.scalars(select(Ticket.price).where(Ticket.booking_id == result.booking_id))
        )
    )
    assert prices == [D("8.00")] * 3 + [D("20.00")]


def test_a_sold_type_cannot_be_removed(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    ids = _types(db, staff.manager, ev.id)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    hold = set_ticket_type(db, staff.clerk, hold.hold_id, ids["Child"], ev.ids("A1"))
    checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "sold-type")
    with pytest.raises(Exception, match="Child"):
        events.save_pricing_rules(
            db, staff.manager, ev.id, PricingSetup(types=(TypeSetup("Adult", is_default=True),))
        )
