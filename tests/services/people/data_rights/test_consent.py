"""Marketing consent: recorded with time and source, and the weekly mailing goes only to
customers whose consent is on record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from boxoffice.db.database import Database
from boxoffice.db.models import AuditLog, Customer, OutboxEmail
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.services.mail.weekly_mailing import queue_weekly_promotion, unsubscribe
from boxoffice.services.people import customers
from boxoffice.services.people.data_rights import erase_customer, set_marketing_consent
from tests.services.reports.test_reports_support import demo_ids
from tests.smtp_server import configure_mail


def _by_consent(db: Database) -> tuple[list[Customer], list[Customer]]:
    with db.session() as s:
        rows = list(s.scalars(select(Customer).where(Customer.email != "").order_by(Customer.id)))
        s.expunge_all()
    return [c for c in rows if c.marketing_opt_in], [c for c in rows if not c.marketing_opt_in]


def _promoted(db: Database) -> set[str]:
    with db.session() as s:
        return set(s.scalars(select(OutboxEmail.to_addr).where(OutboxEmail.kind == "promotion")))


def test_weekly_mailing_goes_only_to_recorded_consent(demo_db: Database) -> None:
    configure_mail(demo_db)
    staff = demo_ids(demo_db)
    yes, no = _by_consent(demo_db)
    assert len(yes) >= 4 and len(no) >= 1
    joins, withdraws, legacy, erased = no[0], yes[0], yes[1], yes[2]

    before = utcnow()
    info = set_marketing_consent(demo_db, staff.clerk, joins.id, True, " phone   call ")
    assert info.marketing_opt_in and info.consent_source == "phone call"
    assert info.consent_at is not None and info.consent_at >= before - timedelta(seconds=1)
    set_marketing_consent(demo_db, staff.clerk, withdraws.id, False, "e-mail to the box office")
    # Opted in by a script with no time or source on record: not demonstrable, not mailed.
    with demo_db.session() as s:
        s.execute(
            update(Customer).where(Customer.id == legacy.id).values(marketing_consent_at=None)
        )
    erase_customer(demo_db, staff.manager, erased.id, "customer's request")

    result = queue_weekly_promotion(demo_db, SYSTEM)
    expected = {joins.email} | {c.email for c in yes[3:]}
    assert _promoted(demo_db) == expected and result.queued == len(expected)

    with demo_db.session() as s:
        details = s.scalars(
            select(AuditLog.detail).where(AuditLog.action == "customer.consent")
        ).all()
    assert len(details) == 2 and any('"source": "phone call"' in d for d in details)


def test_consent_needs_a_source_and_an_address_and_unsubscribe_is_recorded(
    demo_db: Database,
) -> None:
    staff = demo_ids(demo_db)
    yes, _no = _by_consent(demo_db)
    with pytest.raises(ValidationError, match="consent"):
        set_marketing_consent(demo_db, staff.clerk, yes[0].id, True, "  ")
    walk_in = customers.create_customer(demo_db, staff.clerk, "No Mail").id
    with pytest.raises(ValidationError, match="e-mail address"):
        set_marketing_consent(demo_db, staff.clerk, walk_in, True, "desk")

    unsubscribe(demo_db, yes[0].unsubscribe_token)
    after = customers.get_customer(demo_db, staff.clerk, yes[0].id)
    assert not after.marketing_opt_in and after.consent_source == "unsubscribe link"
    assert after.consent_at is not None and after.consent_at > utcnow() - timedelta(minutes=1)

    # Ticking the box in the customer dialog records the desk as the source.
    changed = customers.update_customer(demo_db, staff.clerk, yes[0].id, marketing_opt_in=True)
    assert changed.consent_source == customers.DESK_SOURCE
