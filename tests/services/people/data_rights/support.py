"""A customer with everything a desk can hold about them: a paid booking with its
confirmation e-mail, a refund, a saved card, a marketing consent; and a bystander."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, OutboxEmail, Payment, Refund, SavedCard, Ticket
from boxoffice.services.people import customers
from boxoffice.services.sales import holds, payments, saved_cards
from boxoffice.services.sales import purchase as checkout
from tests.services.payment_helpers import PAN
from tests.services.sales_support import SeatedEvent, Staff, cash, make_seated_event, make_staff

NAME, EMAIL, PHONE = "Zoë Quartermaine", "zoe.q@example.org", "+44 20 7946 0999"
HOLDER, ADDRESS = "Z QUARTERMAINE", "7 Privet Lane, Little Whinging"


@dataclass(frozen=True)
class Person:
    db: Database
    staff: Staff
    event: SeatedEvent
    customer_id: int
    bystander_id: int
    booking_id: int


def sell(db: Database, staff: Staff, event: SeatedEvent, seat: str, customer_id: int) -> int:
    hold = holds.hold_seats(db, staff.clerk, event.id, event.ids(seat))
    sold = checkout.checkout(
        db, staff.clerk, hold.hold_id, cash(hold.total), f"sale-{seat}", customer_id
    )
    return sold.booking_id


def make_person(db: Database) -> Person:
    staff = make_staff(db)
    event = make_seated_event(db)
    cid = customers.create_customer(
        db, staff.clerk, NAME, EMAIL, PHONE, True, consent_source="signed form"
    ).id
    other = customers.create_customer(db, staff.clerk, "Bystander Bob", "bob@example.org").id
    booking = sell(db, staff, event, "A1", cid)
    sell(db, staff, event, "A2", other)
    db.run(lambda s: payments.refund(s, staff.clerk, booking, Decimal("5.00"), "goodwill"))
    saved_cards.add_card(db, staff.clerk, cid, PAN, 4, 2031, HOLDER, ADDRESS)
    saved_cards.add_card(db, staff.clerk, other, PAN, 5, 2032, "B BOB", "")
    return Person(db, staff, event, cid, other, booking)


def financial_rows(db: Database, booking_id: int) -> tuple[object, ...]:
    """Amounts and dates of a booking's records (what erasure must keep as they were)."""
    with db.session() as s:
        b = s.get(Booking, booking_id)
        assert b is not None
        return (
            b.total,
            b.status,
            b.created_at,
            [
                (t.price, t.status)
                for t in s.scalars(select(Ticket).where(Ticket.booking_id == booking_id))
            ],
            [
                (p.amount, p.method, p.created_at)
                for p in s.scalars(select(Payment).where(Payment.booking_id == booking_id))
            ],
            [
                (r.amount, r.created_at)
                for r in s.scalars(select(Refund).where(Refund.booking_id == booking_id))
            ],
        )


def cards_of(db: Database, customer_id: int) -> list[SavedCard]:
    with db.session() as s:
        rows = list(s.scalars(select(SavedCard).where(SavedCard.customer_id == customer_id)))
        s.expunge_all()
        return rows


def mails_to(db: Database, address: str) -> list[OutboxEmail]:
    with db.session() as s:
        rows = list(s.scalars(select(OutboxEmail).where(OutboxEmail.to_addr == address)))
        s.expunge_all()
        return rows
