"""Small fixtures for the payment, card and customer tests: staff, a customer, bookings.

Much lighter than the demo data set, so the many payment tests stay quick on MariaDB too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Table
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Base, Booking, Customer, Event, Payment, Refund, Venue
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.roles import Role
from boxoffice.services.people.staff import add_user_in
from tests.rows import rows_where

PAN = "4242424242424242"


@dataclass(frozen=True)
class World:
    db: Database
    clerk: Actor
    manager: Actor
    customer_id: int
    other_customer_id: int
    event_id: int


def make_world(db: Database) -> World:
    """Two staff, two customers and one general-admission event."""

    def work(s: Session) -> World:
        clerk = add_user_in(s, SYSTEM, "carla", Role.CLERK, "clerk-pass", rounds=4)
        manager = add_user_in(s, SYSTEM, "maya", Role.MANAGER, "manager-pass", rounds=4)
        now = utcnow()
        people = [
            Customer(
                name=name,
                email=email,
                phone="",
                marketing_opt_in=False,
                unsubscribe_token=secrets.token_urlsafe(32),
                created_at=now,
            )
            for name, email in [("Ann Smith", "ann@example.com"), ("Bob Jones", "bob@example.com")]
        ]
        venue = Venue(name="Test Hall", address="")
        s.add_all([*people, venue])
        s.flush()
        event = Event(
            title="Test Gig",
            description="",
            venue_id=venue.id,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            sales_open_at=now - timedelta(days=1),
            sales_close_at=now + timedelta(days=3),
            status="scheduled",
            ga_capacity=100,
            created_at=now,
            updated_at=now,
        )
        s.add(event)
        s.flush()
        return World(
            db,
            Actor(clerk.id, clerk.username, Role.CLERK, "desk-1"),
            Actor(manager.id, manager.username, Role.MANAGER, "desk-2"),
            people[0].id,
            people[1].id,
            event.id,
        )

    return db.run(work)


def booking_in(session: Session, world: World, total: Decimal, customer_id: int | None) -> int:
    now = utcnow()
    booking = Booking(
        reference=secrets.token_hex(4).upper(),
        event_id=world.event_id,
        customer_id=customer_id,
        clerk_id=world.clerk.user_id,
        desk=world.clerk.desk,
        status="confirmed",
        total=total,
        idempotency_key=secrets.token_hex(16),
        created_at=now,
        updated_at=now,
    )
    session.add(booking)
    session.flush()
    return booking.id


def new_booking(world: World, total: Decimal, customer_id: int | None = None) -> int:
    """An empty confirmed booking (no payments yet), committed."""
    return world.db.run(lambda s: booking_in(s, world, total, customer_id))


def payments_of(db: Database, booking_id: int) -> list[Payment]:
    return rows_where(db, Payment, Payment.booking_id == booking_id)


def refunds_of(db: Database, booking_id: int) -> list[Refund]:
    return rows_where(db, Refund, Refund.booking_id == booking_id)


def dump_database(db: Database) -> bytes:
    """Every value of every table, as bytes (blobs raw, the rest as text); for SQLite also the
    database files themselves, so even free pages are searched."""
    chunks: list[bytes] = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            assert isinstance(table, Table)
            for row in conn.exec_driver_sql(f"SELECT * FROM {table.name}"):
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    if db.engine.dialect.name == "sqlite" and db.engine.url.database:
        path = Path(db.engine.url.database)
        for extra in ("", "-wal", "-journal"):
            file = path.with_name(path.name + extra)
            if file.exists():
                chunks.append(file.read_bytes())
    return b"\n".join(chunks)


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)
