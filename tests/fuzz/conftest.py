"""Fuzz fixtures: a small but complete box office (staff, seated and GA events, a customer with a
saved card, a confirmed booking) on each backend, and a fingerprint of every table so a test can
prove that a refused call changed nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import event
from hypothesis.control import currently_in_test_context
from sqlalchemy import Table, select

from boxoffice.db.database import Database
from boxoffice.db.models import Base
from boxoffice.domain.actor import SYSTEM, Actor
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.roles import Role
from boxoffice.domain.tender import CashTender
from boxoffice.services.people import customers, staff
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales import saved_cards as cards
from tests.services.sales_support import SeatedEvent, make_ga_event, make_seated_event

PASSWORD = "fuzz-password-1"


@dataclass(frozen=True)
class World:
    db: Database
    clerk: Actor
    manager: Actor
    admin: Actor
    seated: SeatedEvent
    ga: SeatedEvent
    customer_id: int
    card_id: int
    reference: str
    ticket_ids: tuple[int, ...]


def _actor(db: Database, name: str, role: Role) -> Actor:
    from boxoffice.services.people.staff import add_user_in

    user = db.run(lambda s: add_user_in(s, SYSTEM, name, role, PASSWORD, name.title(), rounds=4))
    return Actor(user.id, name, role, desk=f"desk-{name}")


def build_world(db: Database) -> World:
    clerk = _actor(db, "clerk", Role.CLERK)
    manager = _actor(db, "manager", Role.MANAGER)
    admin = _actor(db, "admin", Role.ADMIN)
    seated = make_seated_event(db, title="Fuzz Play")
    ga = make_ga_event(db)
    customer = customers.create_customer(db, clerk, "Ann Lee", "ann@example.com", "0123 456")
    card = cards.add_card(db, clerk, customer.id, "4242424242424242", 12, 2034, "Ann Lee")
    hold = holds.hold_seats(db, clerk, seated.id, seated.ids("A1", "A2"))
    sale = checkout.checkout(
        db,
        clerk,
        hold.hold_id,
        [CashTender(hold.total, hold.total)],
        idempotency_key="fuzz-world",
        customer_id=customer.id,
    )
    assert staff.list_users(db, admin)
    return World(
        db,
        clerk,
        manager,
        admin,
        seated,
        ga,
        customer.id,
        card.id,
        sale.reference,
        tuple(sale.ticket_ids),
    )


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def fingerprint(db: Database) -> dict[str, str]:
    """A digest of every row of every table (ordered by primary key)."""
    out: dict[str, str] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            assert isinstance(table, Table)
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return out


def changed_tables(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


@dataclass
class Outcome:
    """What one fuzzed call did: its result, or the expected error it raised."""

    result: Any = None
    error: BoxOfficeError | None = None
    changed: frozenset[str] = frozenset()


def call_refusing_cleanly(
    db: Database, fn: Callable[[], Any], may_change_on_error: frozenset[str] = frozenset()
) -> Outcome:
    """Run *fn*; only a BoxOfficeError may escape, and then nothing may have changed (except
    the tables in *may_change_on_error*, e.g. the audit log of a refused check-in)."""
    before = fingerprint(db)
    try:
        result = fn()
    except BoxOfficeError as exc:
        changed = changed_tables(before, fingerprint(db))
        assert changed <= may_change_on_error, f"refused ({exc.message!r}) but changed {changed}"
        note(f"refused: {type(exc).__name__}")
        return Outcome(error=exc, changed=frozenset(changed))
    note("accepted")
    return Outcome(result=result, changed=frozenset(changed_tables(before, fingerprint(db))))


def note(label: str) -> None:
    """Count outcomes in hypothesis' statistics (pytest --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(label)
