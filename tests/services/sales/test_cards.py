"""Saved cards: encrypted at rest, one default, key rotation, permissions."""

from __future__ import annotations

import threading
from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boxoffice import keyring
from boxoffice.db.models import AuditLog, SavedCard
from boxoffice.domain.errors import ConfigurationError, NotFound, PaymentError, ValidationError
from boxoffice.domain.tender import SavedCardTender
from boxoffice.security import cardcrypt
from boxoffice.services.sales import payments
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.sales.saved_cards import SavedCardInfo
from tests.services.payment_helpers import PAN, World, booking_in, world

__all__ = ["world"]

MASTERCARD = "5555555555554444"
AMEX = "378282246310005"


def add(w: World, number: str = PAN, **kw: object) -> SavedCardInfo:
    values: dict[str, object] = {"exp_month": 4, "exp_year": 2031, "cardholder": "Ann Smith"}
    values.update(kw)
    return cards.add_card(w.db, w.clerk, w.customer_id, number, **values)  # type: ignore[arg-type]


def row(w: World, card_id: int) -> SavedCard:
    def work(s: Session) -> SavedCard:
        found = s.get(SavedCard, card_id)
        assert found is not None
        s.expunge(found)
        return found

    return w.db.run(work)


def defaults(w: World, customer_id: int) -> list[int]:
    return [c.id for c in cards.list_cards(w.db, w.clerk, customer_id) if c.is_default]


def charge_saved(w: World, card_id: int, key: str) -> str:
    def work(s: Session) -> str:
        booking_id = booking_in(s, w, Decimal("1.00"), w.customer_id)
        [line] = payments.charge(
            s,
            w.clerk,
            booking_id,
            w.customer_id,
            [SavedCardTender(Decimal("1.00"), card_id)],
            Decimal("1.00"),
            f"{key}-{uuid4().hex}",
        )
        return line.last4

    return w.db.run(work)


def test_add_card_stores_only_brand_last4_expiry_in_clear(world: World) -> None:
    info = add(world, "4242 4242-4242 4242", exp_month=4, exp_year=31, billing_address=" 1 Lane ")
    assert (info.brand, info.last4, info.exp_month, info.exp_year, info.cardholder) == (
        "visa",
        "4242",
        4,
        2031,
        "Ann Smith",
    )
    assert info.is_default  # the first card is the default
    assert info.label == "Visa •••• 4242, 04/2031"
    stored = row(world, info.id)
    assert stored.billing_address == "1 Lane"
    assert stored.key_id == keyring.load("card").active
    assert PAN.encode() not in stored.pan_ciphertext
    assert len(stored.pan_ciphertext) == cardcrypt.NONCE_BYTES + len(PAN) + 16  # nonce, ct, tag
    assert cardcrypt.decrypt_pan(stored.pan_ciphertext, stored.key_id, world.customer_id) == PAN


def test_same_number_encrypts_differently_each_time(world: World) -> None:
    a = add(world)
    b = cards.add_card(world.db, world.clerk, world.other_customer_id, PAN, 4, 2031, "Bob")
    assert row(world, a.id).pan_ciphertext != row(world, b.id).pan_ciphertext


def test_ciphertext_is_bound_to_its_customer(world: World) -> None:
    """A blob copied into another customer's row does not decrypt there."""
    mine = add(world)
    theirs = cards.add_card(world.db, world.clerk, world.other_customer_id, AMEX, 4, 2031, "Bob")
    blob = row(world, mine.id).pan_ciphertext
    world.db.run(
        lambda s: s.execute(
            update(SavedCard).where(SavedCard.id == theirs.id).values(pan_ciphertext=blob)
        )
    )
    with pytest.raises(ConfigurationError, match="cannot be decrypted") as info:
        cardcrypt.decrypt_pan(blob, row(world, theirs.id).key_id, world.other_customer_id)
    assert PAN not in str(info.value)


def test_old_key_still_decrypts_after_rotation(world: World) -> None:
    old = add(world)
    old_key = row(world, old.id).key_id
    new_key = keyring.rotate("card")
    assert new_key != old_key
    new = add(world, MASTERCARD)
    assert row(world, new.id).key_id == new_key
    assert row(world, old.id).key_id == old_key
    # Both still pay: each row names the key it was sealed with.
    assert charge_saved(world, old.id, "k-old") == "4242"
    assert charge_saved(world, new.id, "k-new") == "4444"


def test_saving_the_same_card_again_replaces_it_under_the_active_key(world: World) -> None:
    first = add(world)
    old_key = row(world, first.id).key_id
    keyring.rotate("card")
    again = add(world, cardholder="Ann B. Smith")
    assert again.id == first.id
    assert again.cardholder == "Ann B. Smith"
    assert row(world, first.id).key_id != old_key
    assert len(cards.list_cards(world.db, world.clerk, world.customer_id)) == 1


def test_missing_key_is_a_clear_error(world: World) -> None:
    info = add(world)
    world.db.run(
        lambda s: s.execute(update(SavedCard).where(SavedCard.id == info.id).values(key_id="k9"))
    )
    with pytest.raises(ConfigurationError, match="'k9' is not in the key file"):
        charge_saved(world, info.id, "k")


def test_exactly_one_default(world: World) -> None:
    a = add(world)
    b = add(world, MASTERCARD)
    c = add(world, AMEX, make_default=True)
    assert defaults(world, world.customer_id) == [c.id]
    assert [x.id for x in cards.list_cards(world.db, world.clerk, world.customer_id)] == [
        c.id,
        a.id,
        b.id,
    ]
    assert cards.set_default_card(world.db, world.clerk, a.id).is_default
    assert defaults(world, world.customer_id) == [a.id]
    # Another customer's default is untouched.
    d = cards.add_card(world.db, world.clerk, world.other_customer_id, PAN, 1, 2030, "Bob")
    cards.set_default_card(world.db, world.clerk, b.id)
    assert defaults(world, world.other_customer_id) == [d.id]


def test_removing_the_default_promotes_the_newest(world: World) -> None:
    a = add(world)
    b = add(world, MASTERCARD)
    c = add(world, AMEX)
    cards.set_default_card(world.db, world.clerk, a.id)
    cards.remove_card(world.db, world.clerk, a.id)
    assert defaults(world, world.customer_id) == [c.id]
    cards.remove_card(world.db, world.clerk, b.id)  # not the default: nothing changes
    assert defaults(world, world.customer_id) == [c.id]
    cards.remove_card(world.db, world.clerk, c.id)
    assert cards.list_cards(world.db, world.clerk, world.customer_id) == []
    with pytest.raises(NotFound):
        cards.remove_card(world.db, world.clerk, c.id)
    with pytest.raises(PaymentError, match="does not belong"):
        charge_saved(world, c.id, "k")


def test_concurrent_default_changes_leave_exactly_one(world: World) -> None:
    ids = [add(world).id, add(world, MASTERCARD).id, add(world, AMEX).id]
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def desk(card_id: int) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                cards.set_default_card(world.db, world.clerk, card_id)
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(ids[i % 3],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(defaults(world, world.customer_id)) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"number": "4242 4242 4242 4241"}, "not valid"),
        ({"number": "4242 abcd"}, "only digits"),
        ({"exp_month": 0}, "month"),
        ({"exp_year": 2019}, "expired"),
        ({"cardholder": "   "}, "cardholder"),
        ({"cardholder": "x" * 129}, "at most 128"),
        ({"billing_address": "y" * 513}, "at most 512"),
    ],
)
def test_add_card_validation(world: World, kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "number": PAN,
        "exp_month": 4,
        "exp_year": 2031,
        "cardholder": "Ann",
    }
    values.update(kwargs)
    with pytest.raises(ValidationError, match=message) as info:
        cards.add_card(world.db, world.clerk, world.customer_id, **values)  # type: ignore[arg-type]
    assert str(values["number"]) not in str(info.value)
    assert cards.list_cards(world.db, world.clerk, world.customer_id) == []


def test_unknown_customer_or_card(world: World) -> None:
    with pytest.raises(NotFound, match="customer"):
        cards.add_card(world.db, world.clerk, 424_242, PAN, 4, 2031, "Ann")
    with pytest.raises(NotFound, match="saved card"):
        cards.set_default_card(world.db, world.clerk, 424_242)


def test_card_changes_are_audited_with_last4_only(world: World) -> None:
    info = add(world)
    cards.set_default_card(world.db, world.clerk, info.id)
    cards.remove_card(world.db, world.clerk, info.id)
    rows = world.db.run(
        lambda s: list(
            s.execute(
                select(AuditLog.action, AuditLog.detail, AuditLog.staff_user_id)
                .where(AuditLog.entity == "saved_card")
                .order_by(AuditLog.id)
            )
        )
    )
    assert [r[0] for r in rows] == ["card.save", "card.default", "card.remove"]
    assert all(r[2] == world.clerk.user_id for r in rows)
    assert all(PAN not in r[1] for r in rows)
