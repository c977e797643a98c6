"""Helpers for report tests: sales and refunds written straight into the tables at chosen times.

The report services only read, so their tests build exact histories (a ticket issued at 23:30
UTC, a refund two days later) that the checkout service, which stamps "now", cannot.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Event, Payment, PriceTier, Refund, StaffUser, Ticket
from boxoffice.domain.actor import Actor
from boxoffice.domain.roles import Role

_serial = itertools.count(1)


@dataclass(frozen=True)
class Demo:
    clerk: Actor
    clerk2: Actor
    manager: Actor
    admin: Actor
    events: dict[str, int]  # title -> id
    tiers: dict[tuple[int, str], tuple[int, Decimal]]  # (event id, tier name) -> (id, price)


def demo_ids(db: Database) -> Demo:
    def work(s: Session) -> Demo:
        users = {u.username: u for u in s.scalars(select(StaffUser))}

        def actor(name: str) -> Actor:
            return Actor(users[name].id, name, Role(users[name].role), desk="test-desk")

        return Demo(
            clerk=actor("clerk"),
            clerk2=actor("clerk2"),
            manager=actor("manager"),
            admin=actor("admin"),
            events={e.title: e.id for e in s.scalars(select(Event))},
            tiers={(t.event_id, t.name): (t.id, t.price) for t in s.scalars(select(PriceTier))},
        )

    return db.run(work)


def sell(
    db: Database,
    event_id: int,
    tiers: Sequence[tuple[int, Decimal]],
    clerk_id: int,
    at: datetime,
    method: str = "cash",
    tendered: Decimal | None = None,
) -> tuple[int, list[int]]:
    """A paid booking of one ticket per (tier id, price); returns (booking id, ticket ids)."""

    def work(s: Session) -> tuple[int, list[int]]:
        n = next(_serial)
        total = sum((price for _, price in tiers), Decimal("0.00"))
        booking = Booking(
            reference=f"{n // 10000:04d}-{n % 10000:04d}",  # a real reference's shape
            event_id=event_id,
            customer_id=None,
            clerk_id=clerk_id,
            desk="test",
            status="confirmed",
            total=total,
            idempotency_key=f"test-{n}-{at.timestamp()}",
            created_at=at,
            updated_at=at,
        )
        s.add(booking)
        s.flush()
        cash = method == "cash"
        given = (tendered if tendered is not None else total) if cash else None
        s.add(
            Payment(
                booking_id=booking.id,
                method=method,
                amount=total,
                tendered=given,
                change_due=(given - total) if given is not None else None,
                clerk_id=clerk_id,
                created_at=at,
            )
        )
        tickets = [
            Ticket(
                booking_id=booking.id,
                event_id=event_id,
                tier_id=tier_id,
                price=price,
                status="valid",
                code_generation=1,
                issued_at=at,
            )
            for tier_id, price in tiers
        ]
        s.add_all(tickets)
        s.flush()
        return booking.id, [t.id for t in tickets]

    return db.run(work)


def refund_tickets(
    db: Database, booking_id: int, ticket_ids: Sequence[int], clerk_id: int, at: datetime
) -> Decimal:
    """Cancel tickets at *at* and refund their price to the booking's payment method."""

    def work(s: Session) -> Decimal:
        payment = s.scalars(select(Payment).where(Payment.booking_id == booking_id)).first()
        assert payment is not None
        amount = Decimal("0.00")
        for ticket in s.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))):
            ticket.status = "cancelled"
            ticket.cancelled_at = at
            amount += ticket.price
        s.add(
            Refund(
                booking_id=booking_id,
                payment_id=payment.id,
                method=payment.method,
                amount=amount,
                reason="test",
                clerk_id=clerk_id,
                created_at=at,
            )
        )
        return amount

    return db.run(work)
