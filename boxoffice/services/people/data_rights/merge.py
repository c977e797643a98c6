"""Merging duplicate customers: one person entered twice becomes one record.

Everything of the duplicate moves to the kept customer in one transaction: bookings (with
their tickets, payments and refunds), saved cards (re-sealed, since a card's ciphertext is
bound to its customer's id), the most recent marketing decision, and an e-mail or phone the
kept record lacks. The duplicate row is then deleted. Both rows are locked in id order first;
a checkout for either customer takes a shared lock on its customer row (purchase.py), so a
sale racing the merge either commits before it (and its booking moves) or waits and is
refused with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Booking, Customer, SavedCard
from boxoffice.db.once import once
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.security import cardcrypt
from boxoffice.services.common import audit
from boxoffice.services.people.customers import CustomerInfo, customer_info
from boxoffice.services.people.data_rights.common import lock_customer


@dataclass(frozen=True)
class Merged:
    kept: CustomerInfo
    removed_id: int
    bookings_moved: int
    cards_moved: int


def _newer_consent(kept: Customer, dup: Customer) -> bool:
    """Whether the duplicate holds the more recent marketing decision (a withdrawal too)."""
    if dup.marketing_consent_at is None:
        return False
    return kept.marketing_consent_at is None or dup.marketing_consent_at > kept.marketing_consent_at


def _move_cards(s: Session, dup_id: int, kept_id: int) -> int:
    has_default = s.scalar(
        select(SavedCard.id).where(SavedCard.customer_id == kept_id, SavedCard.is_default)
    )
    cards = list(s.scalars(select(SavedCard).where(SavedCard.customer_id == dup_id)))
    for card in cards:
        number = cardcrypt.decrypt_pan(card.pan_ciphertext, card.key_id, dup_id)
        card.key_id, card.pan_ciphertext = cardcrypt.encrypt_pan(number, kept_id)
        card.customer_id = kept_id
        if has_default is not None:
            card.is_default = False
    s.flush()
    return len(cards)


def merge_customers(db: Database, actor: Actor, duplicate_id: int, keep_id: int) -> Merged:
    """Move everything of customer *duplicate_id* to *keep_id* and delete the duplicate.

    Manager or admin; audited on both ids.
    """
    actor.require(Permission.MANAGE_BOOKINGS)
    if int(duplicate_id) == int(keep_id):
        raise ValidationError(_("A customer cannot be merged into itself."))

    def work(s: Session) -> Merged:
        # Always the lower id first: two merges of the same pair cannot deadlock.
        first, second = sorted((duplicate_id, keep_id))
        rows = {first: lock_customer(s, first), second: lock_customer(s, second)}
        dup, kept = rows[duplicate_id], rows[keep_id]
        for row in (dup, kept):
            if row.erased_at is not None:
                raise ValidationError(
                    _("Customer {id} was erased and cannot be merged.").format(id=row.id)
                )
        moved = s.execute(
            update(Booking)
            .where(Booking.customer_id == duplicate_id)
            .values(customer_id=keep_id)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        cards = _move_cards(s, duplicate_id, keep_id)
        if not kept.email:
            kept.email = dup.email
        if not kept.phone:
            kept.phone = dup.phone
        if _newer_consent(kept, dup):
            kept.marketing_opt_in = dup.marketing_opt_in
            kept.marketing_consent_at = dup.marketing_consent_at
            kept.marketing_consent_source = dup.marketing_consent_source
        if kept.marketing_opt_in and not kept.email:
            kept.marketing_opt_in = False
        s.flush()
        s.execute(delete(Customer).where(Customer.id == duplicate_id))
        s.expunge(dup)
        counts = {"bookings_moved": int(moved or 0), "cards_moved": cards}
        audit.record(s, actor, "customer.merge", "customer", keep_id, merged=duplicate_id, **counts)
        audit.record(s, actor, "customer.merged_into", "customer", duplicate_id, into=keep_id)
        return Merged(customer_info(kept), duplicate_id, int(moved or 0), cards)

    return db.run(once(work))  # a retry after a lost reply reports the first outcome
