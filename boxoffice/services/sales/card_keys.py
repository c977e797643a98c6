"""Card-key rotation: re-seal saved cards under the active key, then retire the old key.

:func:`boxoffice.keyring.rotate` only makes a new key active; cards saved before keep their key
id and still decrypt. To retire an old key (say it may have leaked), every card sealed with it is
decrypted and sealed again under the active key here, in small transactions that desks can work
beside; only then may :func:`retire_card_key` drop it from the key file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from boxoffice import keyring
from boxoffice.db.database import Database
from boxoffice.db.models import SavedCard
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import Conflict, ValidationError
from boxoffice.domain.roles import Permission
from boxoffice.i18n import _
from boxoffice.security import cardcrypt
from boxoffice.services.common import audit

BATCH = 200  # cards per transaction: short locks, progress survives an interruption


@dataclass(frozen=True)
class CardKeyUse:
    key_id: str
    active: bool
    cards: int  # saved cards sealed with this key
    missing: bool = False  # named by saved cards but not in the key file: they are orphans


def key_use(db: Database, actor: Actor) -> list[CardKeyUse]:
    """Every card key in the key file (and any key id rows name), with its number of cards."""
    actor.require(Permission.MANAGE_SETTINGS)
    keys = keyring.load(cardcrypt.PURPOSE)
    counts = db.run(
        lambda s: dict(
            s.execute(select(SavedCard.key_id, func.count()).group_by(SavedCard.key_id)).all()
        )
    )
    ids = sorted(set(keys.keys) | set(counts), key=lambda k: (k != keys.active, k))
    return [CardKeyUse(k, k == keys.active, int(counts.get(k, 0)), k not in keys.keys) for k in ids]


def reencrypt_cards(db: Database, actor: Actor, batch: int = BATCH) -> int:
    """Seal every saved card not under the active key again under it; returns how many.

    Each card is re-sealed for its own customer (the ciphertext stays bound to it). A card a
    desk changed meanwhile (saved again, removed) is left to that desk: the update is
    conditional on the old ciphertext. A card whose key is no longer in the key file (an
    orphan: it can never be decrypted) is skipped; :func:`key_use` reports them and
    :func:`purge_orphaned_cards` removes them.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    if batch < 1:
        raise ValidationError(_("The batch size must be at least 1."))
    keys = keyring.load(cardcrypt.PURPOSE)
    active = keys.active
    known = tuple(keys.keys)
    done = 0
    after: int | None = 0
    while after is not None:
        work = partial(
            _reseal_batch, actor=actor, active=active, known=known, after=after, batch=batch
        )
        changed, after = db.run(work)
        done += changed
    return done


def _reseal_batch(
    s: Session, actor: Actor, active: str, known: tuple[str, ...], after: int, batch: int
) -> tuple[int, int | None]:
    """Re-seal up to *batch* cards with ids above *after* that are not under *active*:
    (cards changed, the last id looked at, or None when there were none left)."""
    rows = s.execute(
        select(SavedCard.id, SavedCard.customer_id, SavedCard.key_id, SavedCard.pan_ciphertext)
        .where(SavedCard.id > after, SavedCard.key_id != active, SavedCard.key_id.in_(known))
        .order_by(SavedCard.id)
        .limit(batch)
    ).all()
    changed = 0
    for card_id, customer_id, key_id, blob in rows:
        pan = cardcrypt.decrypt_pan(blob, key_id, customer_id)
        new_key, new_blob = cardcrypt.encrypt_pan(pan, customer_id)
        result = s.execute(
            update(SavedCard)
            .where(
                SavedCard.id == card_id,
                SavedCard.key_id == key_id,
                SavedCard.pan_ciphertext == blob,
            )
            .values(key_id=new_key, pan_ciphertext=new_blob)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        changed += result.rowcount
    if changed:
        audit.record(s, actor, "cards.reencrypt", "saved_card", None, cards=changed, key=active)
    return changed, (rows[-1][0] if rows else None)


def retire_card_key(db: Database, actor: Actor, key_id: str) -> None:
    """Drop *key_id* from the key file's card keys: refused while it is the active key or any
    saved card is still sealed with it (run :func:`reencrypt_cards` first)."""
    actor.require(Permission.MANAGE_SETTINGS)
    keys = keyring.load(cardcrypt.PURPOSE)
    if key_id not in keys.keys:
        orphans = _count_with_key(db, key_id)
        if orphans:
            raise Conflict(
                _(
                    "Card key {key_id!r} is already gone from the key file, but "
                    "{orphans} saved card{value} still name it and can never be "
                    "decrypted; remove them with 'boxoffice keys "
                    "purge-orphaned-cards'."
                ).format(key_id=key_id, orphans=orphans, value="s" if orphans != 1 else "")
            )
        raise ValidationError(
            _("There is no card key {key_id!r} in the key file.").format(key_id=key_id)
        )
    if key_id == keys.active:
        raise Conflict(
            _("{key_id} is the active card key; rotate to a new key first.").format(key_id=key_id)
        )
    in_use = _count_with_key(db, key_id)
    if in_use:
        raise Conflict(
            _(
                "{in_use} saved card{value} still sealed with {key_id}; re-encrypt the cards first."
            ).format(in_use=in_use, value="s are" if in_use != 1 else " is", key_id=key_id)
        )
    keyring.retire(cardcrypt.PURPOSE, key_id)
    db.run(lambda s: audit.record(s, actor, "cards.retire_key", "", None, key=key_id))


def _count_with_key(db: Database, key_id: str) -> int:
    return int(
        db.run(lambda s: s.scalar(select(func.count()).where(SavedCard.key_id == key_id)) or 0)
    )


def purge_orphaned_cards(db: Database, actor: Actor) -> int:
    """Delete the saved cards whose key is not in the key file (they can never be decrypted;
    customers give the card again). Returns how many; audited."""
    actor.require(Permission.MANAGE_SETTINGS)
    known = list(keyring.load(cardcrypt.PURPOSE).keys)

    def work(s: Session) -> int:
        result = s.execute(
            delete(SavedCard)
            .where(SavedCard.key_id.not_in(known))
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        purged = int(result.rowcount)
        if purged:
            audit.record(s, actor, "cards.purge_orphans", "saved_card", None, cards=purged)
        return purged

    return db.run(work)
