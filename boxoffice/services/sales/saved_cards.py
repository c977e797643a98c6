"""A customer's saved cards: add, list, choose the default, remove.

The card number is encrypted (security.cardcrypt) before it reaches the session; only brand,
last four digits and expiry are stored in clear, the CVV nowhere. Every change locks the
customer row first, so "exactly one default card" holds under concurrent desks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from boxoffice.db.database import Database
from boxoffice.db.models import Customer, SavedCard
from boxoffice.domain import card as cardrules
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import NotFound, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.security.cardcrypt import encrypt_pan
from boxoffice.services.common import audit

CARDHOLDER_MAX = 128
ADDRESS_MAX = 512
MAX_CARDS = 20


@dataclass(frozen=True)
class SavedCardInfo:
    id: int
    customer_id: int
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    cardholder: str
    is_default: bool

    @property
    def label(self) -> str:
        """``Visa •••• 4242, 04/2030``."""
        return (
            f"{self.brand.title()} {cardrules.MASK} {self.last4}, "
            f"{self.exp_month:02d}/{self.exp_year}"
        )


def _info(row: SavedCard) -> SavedCardInfo:
    return SavedCardInfo(
        row.id,
        row.customer_id,
        row.brand,
        row.last4,
        row.exp_month,
        row.exp_year,
        row.cardholder,
        row.is_default,
    )


def _lock_customer(session: Session, customer_id: int) -> None:
    found = session.scalar(select(Customer.id).where(Customer.id == customer_id).with_for_update())
    if found is None:
        raise NotFound(_("No customer with id {customer_id}.").format(customer_id=customer_id))


def _make_default(session: Session, customer_id: int, card_id: int) -> None:
    """One statement flips every card of the customer: exactly one default afterwards."""
    session.execute(
        update(SavedCard)
        .where(SavedCard.customer_id == customer_id)
        .values(is_default=case((SavedCard.id == card_id, True), else_=False))
        .execution_options(synchronize_session="fetch")
    )


def clean_holder(cardholder: str) -> str:
    value = " ".join(cardholder.split())
    if not value:
        raise ValidationError(_("Enter the cardholder's name as printed on the card."))
    if len(value) > CARDHOLDER_MAX:
        raise ValidationError(
            _("A cardholder name can be at most {CARDHOLDER_MAX} characters.").format(
                CARDHOLDER_MAX=CARDHOLDER_MAX
            )
        )
    return value


def clean_address(address: str) -> str:
    value = address.strip()
    if len(value) > ADDRESS_MAX:
        raise ValidationError(
            _("A billing address can be at most {ADDRESS_MAX} characters.").format(
                ADDRESS_MAX=ADDRESS_MAX
            )
        )
    return value


def save_card_in(
    session: Session,
    actor: Actor,
    customer_id: int,
    number: str,
    exp_month: int,
    exp_year: int,
    cardholder: str,
    billing_address: str = "",
    make_default: bool = False,
) -> SavedCardInfo:
    """Save a card inside an open transaction (add_card, and payments on "save this card").

    A card with the same brand, last four and expiry replaces the stored one (re-encrypted under
    the active key) instead of piling up duplicates. The first card becomes the default.
    """
    actor.require(Permission.SELL)
    digits = cardrules.validate_number(number)
    month, year = cardrules.validate_expiry(exp_month, exp_year)
    holder = clean_holder(cardholder)
    address = clean_address(billing_address)
    brand = cardrules.card_brand(digits).value
    last4 = cardrules.last4(digits)
    _lock_customer(session, customer_id)
    existing = list(session.scalars(select(SavedCard).where(SavedCard.customer_id == customer_id)))
    key_id, blob = encrypt_pan(digits, customer_id)
    row = next(
        (
            c
            for c in existing
            if (c.brand, c.last4, c.exp_month, c.exp_year) == (brand, last4, month, year)
        ),
        None,
    )
    if row is None:
        if len(existing) >= MAX_CARDS:
            raise ValidationError(
                _("A customer can keep at most {MAX_CARDS} saved cards.").format(
                    MAX_CARDS=MAX_CARDS
                )
            )
        row = SavedCard(
            customer_id=customer_id,
            brand=brand,
            last4=last4,
            exp_month=month,
            exp_year=year,
            is_default=False,
            created_at=utcnow(),
        )
        session.add(row)
    row.cardholder = holder
    row.billing_address = address
    row.pan_ciphertext = blob
    row.key_id = key_id
    session.flush()
    if make_default or not any(c.is_default for c in existing if c is not row):
        _make_default(session, customer_id, row.id)
    audit.record(
        session, actor, "card.save", "saved_card", row.id, customer_id=customer_id, last4=last4
    )
    session.refresh(row)
    return _info(row)


def add_card(
    db: Database,
    actor: Actor,
    customer_id: int,
    number: str,
    exp_month: int,
    exp_year: int,
    cardholder: str,
    billing_address: str = "",
    make_default: bool = False,
) -> SavedCardInfo:
    """Save a card for *customer_id* (encrypted; no CVV is ever taken here)."""
    actor.require(Permission.SELL)
    return db.run(
        lambda s: save_card_in(
            s,
            actor,
            customer_id,
            number,
            exp_month,
            exp_year,
            cardholder,
            billing_address,
            make_default,
        )
    )


def list_cards(db: Database, actor: Actor, customer_id: int) -> list[SavedCardInfo]:
    """The customer's saved cards, default first."""
    actor.require(Permission.SELL)
    query = (
        select(SavedCard)
        .where(SavedCard.customer_id == customer_id)
        .order_by(SavedCard.is_default.desc(), SavedCard.id)
    )
    return db.run(lambda s: [_info(c) for c in s.scalars(query)])


def _card(session: Session, card_id: int) -> SavedCard:
    customer_id = session.scalar(select(SavedCard.customer_id).where(SavedCard.id == card_id))
    if customer_id is None:
        raise NotFound(_("No saved card with id {card_id}.").format(card_id=card_id))
    _lock_customer(session, customer_id)
    row = session.get(SavedCard, card_id, populate_existing=True)
    if row is None:  # removed while we waited for the lock
        raise NotFound(_("No saved card with id {card_id}.").format(card_id=card_id))
    return row


def set_default_card(db: Database, actor: Actor, card_id: int) -> SavedCardInfo:
    """Make *card_id* its customer's default card (and no other)."""
    actor.require(Permission.SELL)

    def work(s: Session) -> SavedCardInfo:
        row = _card(s, card_id)
        _make_default(s, row.customer_id, row.id)
        audit.record(s, actor, "card.default", "saved_card", row.id, customer_id=row.customer_id)
        s.refresh(row)
        return _info(row)

    return db.run(work)


def remove_card(db: Database, actor: Actor, card_id: int) -> None:
    """Delete a saved card; if it was the default, the newest remaining card takes over."""
    actor.require(Permission.SELL)

    def work(s: Session) -> None:
        row = _card(s, card_id)
        customer_id, was_default, last4 = row.customer_id, row.is_default, row.last4
        s.delete(row)
        s.flush()
        if was_default:
            newest = s.scalar(
                select(func.max(SavedCard.id)).where(SavedCard.customer_id == customer_id)
            )
            if newest is not None:
                _make_default(s, customer_id, newest)
        audit.record(
            s, actor, "card.remove", "saved_card", card_id, customer_id=customer_id, last4=last4
        )

    db.run(work)
