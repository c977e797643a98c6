"""Marketing consent: given or withdrawn, always with its time and source (GDPR art. 7)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.people.customers import (
    CustomerInfo,
    clean_source,
    customer_info,
    record_consent,
    require_not_erased,
)
from boxoffice.services.people.data_rights.common import lock_customer


def set_marketing_consent(
    db: Database, actor: Actor, customer_id: int, consented: bool, source: str
) -> CustomerInfo:
    """Record that the customer gave (or withdrew) consent to the weekly mailing, now, by
    *source* ("phone call", "web form", ...). Recorded even when the flag does not change: a
    renewed consent is a new record."""
    actor.require(Permission.SELL)
    how = clean_source(source)
    wanted = bool(consented)

    def work(s: Session) -> CustomerInfo:
        row = lock_customer(s, customer_id)
        require_not_erased(row)
        if wanted and not row.email:
            raise ValidationError(_("Marketing e-mails need an e-mail address."))
        record_consent(row, wanted, how, utcnow())
        audit.record(s, actor, "customer.consent", "customer", row.id, consented=wanted, source=how)
        return customer_info(row)

    return db.run(once(work))  # a retry after a lost reply reports the first outcome
