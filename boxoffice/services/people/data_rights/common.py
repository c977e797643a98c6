"""What erasure, retention and merging share: locking a customer, anonymising one."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from boxoffice.db.models import AuditLog, Booking, Customer, OutboxEmail, SavedCard
from boxoffice.domain.errors import NotFound
from boxoffice.i18n import _

ERASED_NAME = "Erased customer"


@dataclass(frozen=True)
class Scrubbed:
    """What anonymising one customer removed (bookings are kept, only counted)."""

    bookings_kept: int
    cards_removed: int
    mails_removed: int


def lock_customer(session: Session, customer_id: int) -> Customer:
    """The customer row, locked for this transaction; NotFound if there is none."""
    row = session.get(Customer, customer_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFound(_("No customer with id {customer_id}.").format(customer_id=customer_id))
    return row


def booking_ids(session: Session, customer_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Booking.id).where(Booking.customer_id == customer_id).order_by(Booking.id)
        )
    )


def mail_filter(row: Customer, bookings: list[int]) -> list[ColumnElement[bool]]:
    """Outbox rows about this person: to their address, about their bookings, their promotions."""
    conditions: list[ColumnElement[bool]] = [OutboxEmail.dedupe_key.like(f"promotion:%:{row.id}")]
    if row.email:
        conditions.append(func.lower(OutboxEmail.to_addr) == row.email.lower())
    if bookings:
        conditions.append(OutboxEmail.booking_id.in_(bookings))
    return conditions


def _scrub_audit(session: Session, bookings: list[int]) -> None:
    """Audit rows about the bookings keep what happened but not where mail went: a resent
    confirmation names its recipient (``mail.resend`` ``to``)."""
    if not bookings:
        return
    rows = session.scalars(
        select(AuditLog).where(
            AuditLog.entity == "booking",
            AuditLog.entity_id.in_(bookings),
            AuditLog.action == "mail.resend",
        )
    )
    for entry in rows:
        detail = json.loads(entry.detail or "{}")
        if detail.get("to"):
            detail["to"] = "(erased)"
            entry.detail = json.dumps(detail, sort_keys=True)


def scrub(session: Session, row: Customer, now: datetime) -> Scrubbed:
    """Anonymise the locked customer *row* in place.

    Kept, because the law requires the financial records: the customer row itself (so bookings,
    payments and refunds keep their amounts, dates and links), marked ``erased_at``. Removed:
    name, e-mail, phone, the consent record, the unsubscribe token (a new random one: the column
    is unique), every saved card (number ciphertext, holder, billing address) and every queued or
    sent e-mail to them or about their bookings (addresses, bodies, ticket attachments), and the
    recipient named in the audit rows of resent confirmations.
    """
    bookings = booking_ids(session, row.id)
    mails = session.execute(
        delete(OutboxEmail)
        .where(or_(*mail_filter(row, bookings)))
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    cards = session.execute(
        delete(SavedCard)
        .where(SavedCard.customer_id == row.id)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    _scrub_audit(session, bookings)
    row.name = ERASED_NAME
    row.email = ""
    row.phone = ""
    row.marketing_opt_in = False
    row.marketing_consent_at = None
    row.marketing_consent_source = ""
    row.last_promotion_at = None
    row.unsubscribe_token = secrets.token_urlsafe(32)
    row.erased_at = now
    session.flush()
    return Scrubbed(len(bookings), int(cards or 0), int(mails or 0))
