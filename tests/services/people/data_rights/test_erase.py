"""Erasure: the person is anonymised everywhere, the financial records stay as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Base, Booking, Customer, OutboxEmail
from boxoffice.domain.errors import PermissionDenied, ValidationError
from boxoffice.services.mail import notifications
from boxoffice.services.people import customers
from boxoffice.services.people.data_rights import erase_customer, export_customer
from boxoffice.services.people.data_rights.common import ERASED_NAME
from tests.services.people.data_rights.support import (
    ADDRESS,
    EMAIL,
    HOLDER,
    NAME,
    cards_of,
    financial_rows,
    mails_to,
    make_person,
    sell,
)


def _table_dump(db: Database) -> bytes:
    """Every value of every table (SQLite's free pages are not searched: VACUUM or
    secure_delete is the operator's call)."""
    chunks: list[bytes] = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def test_erase_removes_the_person_and_keeps_the_money(db: Database) -> None:
    p = make_person(db)
    with db.session() as s:
        reference = s.scalar(select(Booking.reference).where(Booking.id == p.booking_id))
    assert reference is not None
    notifications.resend_confirmation(db, p.staff.manager, reference)  # audited with the address
    before = financial_rows(db, p.booking_id)
    assert mails_to(db, EMAIL) and cards_of(db, p.customer_id)

    done = erase_customer(db, p.staff.manager, p.customer_id, "customer's request")
    assert (done.bookings_kept, done.cards_removed, done.mails_removed) == (1, 1, 2)
    assert not done.already

    assert financial_rows(db, p.booking_id) == before
    with db.session() as s:
        row = s.get(Customer, p.customer_id)
        assert row is not None and row.erased_at is not None
        assert (row.name, row.email, row.phone, row.marketing_opt_in) == (
            ERASED_NAME,
            "",
            "",
            False,
        )
        assert row.marketing_consent_at is None and row.marketing_consent_source == ""
        assert (
            s.scalar(select(Booking.customer_id).where(Booking.id == p.booking_id)) == p.customer_id
        )
        assert s.scalars(select(OutboxEmail.to_addr)).all() == ["bob@example.org"]
        [entry] = s.scalars(select(AuditLog).where(AuditLog.action == "customer.erase")).all()
        assert entry.entity_id == p.customer_id and "customer's request" in entry.detail
    assert cards_of(db, p.customer_id) == [] and len(cards_of(db, p.bystander_id)) == 1
    dump = _table_dump(db)
    for gone in (NAME, EMAIL, "7946", HOLDER, ADDRESS):
        assert gone.encode() not in dump, gone
    assert b"Bystander Bob" in dump and b"bob@example.org" in dump

    # Found by id only, never by what they were called; cannot be edited or sold to.
    assert customers.find_customers(db, p.staff.clerk, "Quartermaine") == []
    assert customers.find_customers(db, p.staff.clerk, "Erased") == []
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).erased
    with pytest.raises(ValidationError, match="erased"):
        customers.update_customer(db, p.staff.clerk, p.customer_id, name="Back Again")
    with pytest.raises(ValidationError, match="erased"):
        sell(db, p.staff, p.event, "B1", p.customer_id)
    export = export_customer(db, p.staff.manager, p.customer_id)
    assert export.data["customer"]["erased_at"] and len(export.data["bookings"]) == 1

    again = erase_customer(db, p.staff.manager, p.customer_id, "asked twice")
    assert again.already


def test_a_clerk_cannot_erase_and_a_reason_is_required(db: Database) -> None:
    p = make_person(db)
    with pytest.raises(PermissionDenied):
        erase_customer(db, p.staff.clerk, p.customer_id, "customer's request")
    with pytest.raises(ValidationError, match="reason"):
        erase_customer(db, p.staff.manager, p.customer_id, "   ")
    assert customers.get_customer(db, p.staff.clerk, p.customer_id).name == NAME
