"""Retention: customers inactive for the set number of years are anonymised, others kept."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Booking, Customer
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ConfigurationError, PermissionDenied, ValidationError
from boxoffice.services.people import customers
from boxoffice.services.people.data_rights import (
    apply_retention,
    get_retention_years,
    retention,
    set_retention_years,
)
from boxoffice.services.people.data_rights import common as rights_common
from tests.services.people.data_rights.support import NAME, financial_rows, make_person, sell


def _age(db: Database, customer_id: int, years: float, bookings: bool = True) -> None:
    """Move the customer's creation, consent and (optionally) bookings *years* into the past."""
    then = utcnow() - timedelta(days=365.25 * years)
    with db.session() as s:
        s.execute(
            update(Customer)
            .where(Customer.id == customer_id)
            .values(created_at=then, marketing_consent_at=then)
        )
        if bookings:
            s.execute(
                update(Booking)
                .where(Booking.customer_id == customer_id)
                .values(created_at=then, updated_at=then)
            )


def test_inactive_customers_are_anonymised_active_ones_kept(db: Database) -> None:
    p = make_person(db)
    _age(db, p.customer_id, 4)
    _age(db, p.bystander_id, 4, bookings=False)  # an old customer who booked this week
    quiet = customers.create_customer(db, p.staff.clerk, "Never Booked").id
    _age(db, quiet, 3.5)
    kept = financial_rows(db, p.booking_id)

    with pytest.raises(ConfigurationError, match="--set-years"):
        apply_retention(db, SYSTEM)
    assert get_retention_years(db, SYSTEM) is None
    assert set_retention_years(db, SYSTEM, 3) == 3 and get_retention_years(db, SYSTEM) == 3

    preview = apply_retention(db, SYSTEM, dry_run=True)
    assert preview.customer_ids == [p.customer_id, quiet] and preview.years == 3
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).name == NAME

    run = apply_retention(db, SYSTEM)
    assert run.customer_ids == [p.customer_id, quiet] and not run.dry_run
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).erased
    assert customers.get_customer(db, p.staff.clerk, quiet).erased
    assert not customers.get_customer(db, p.staff.clerk, p.bystander_id).erased
    assert financial_rows(db, p.booking_id) == kept
    with db.session() as s:
        erased = [
            i
            for i in s.scalars(
                select(AuditLog.entity_id).where(AuditLog.action == "customer.erase")
            )
            if i is not None
        ]
    assert sorted(erased) == sorted([p.customer_id, quiet])

    # Nothing left to do: a second run changes nothing; a longer period spares them all.
    assert apply_retention(db, SYSTEM).customer_ids == []
    assert apply_retention(db, SYSTEM, years=10, dry_run=True).customer_ids == []


def test_retention_is_an_admin_setting(db: Database) -> None:
    p = make_person(db)
    for actor in (p.staff.clerk, p.staff.manager):
        with pytest.raises(PermissionDenied):
            apply_retention(db, actor, years=3)
        with pytest.raises(PermissionDenied):
            set_retention_years(db, actor, 3)
    with pytest.raises(ValidationError, match="1 to 100"):
        set_retention_years(db, SYSTEM, 0)
    assert set_retention_years(db, SYSTEM, None) is None


def test_a_sale_committed_during_the_sweep_keeps_the_customer(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sale committed between the sweep's candidate query and the customer's lock keeps the
    customer (the re-check under the lock; fails without it)."""
    if db.engine.dialect.name != "mysql":
        pytest.skip("SQLite runs one writer at a time: no sale fits in between")
    p = make_person(db)
    _age(db, p.customer_id, 4)
    real = rights_common.lock_customer
    sold: list[int] = []

    def sale_first(session: Any, customer_id: int) -> Any:
        if not sold:  # the customer comes back to buy between the query and the lock
            worker = threading.Thread(
                target=lambda: sold.append(sell(db, p.staff, p.event, "D1", customer_id))
            )
            worker.start()
            worker.join(30)
        return real(session, customer_id)

    monkeypatch.setattr(retention, "lock_customer", sale_first)
    run = apply_retention(db, SYSTEM, years=3)
    assert sold and run.customer_ids == []
    assert not customers.get_customer(db, p.staff.clerk, p.customer_id).erased
