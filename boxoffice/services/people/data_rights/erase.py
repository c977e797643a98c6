"""Erasure on request (GDPR art. 17): anonymise the person, keep the financial records."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.domain.text import check_plain
from boxoffice.i18n import _
from boxoffice.services.common import audit
from boxoffice.services.people.data_rights.common import lock_customer, scrub

REASON_MAX = 200


@dataclass(frozen=True)
class Erased:
    customer_id: int
    bookings_kept: int
    cards_removed: int
    mails_removed: int
    already: bool  # the customer had been erased before; nothing changed


def clean_reason(reason: str) -> str:
    value = " ".join(check_plain(reason, _("The reason")).split())
    if not value:
        raise ValidationError(_("Give the reason for the erasure (e.g. 'customer's request')."))
    if len(value) > REASON_MAX:
        raise ValidationError(
            _("A reason can be at most {REASON_MAX} characters.").format(REASON_MAX=REASON_MAX)
        )
    return value


def erase_customer(db: Database, actor: Actor, customer_id: int, reason: str) -> Erased:
    """Anonymise customer *customer_id* (see :func:`common.scrub` for what stays and goes).

    Manager or admin. Repeating it is harmless and reports ``already``.
    """
    actor.require(Permission.MANAGE_BOOKINGS)
    why = clean_reason(reason)

    def work(s: Session) -> Erased:
        row = lock_customer(s, customer_id)
        if row.erased_at is not None:
            return Erased(customer_id, 0, 0, 0, already=True)
        done = scrub(s, row, utcnow())
        audit.record(
            s,
            actor,
            "customer.erase",
            "customer",
            customer_id,
            reason=why,
            bookings_kept=done.bookings_kept,
            cards_removed=done.cards_removed,
            mails_removed=done.mails_removed,
        )
        return Erased(
            customer_id, done.bookings_kept, done.cards_removed, done.mails_removed, already=False
        )

    return db.run(once(work))  # a retry after a lost reply reports the first outcome
