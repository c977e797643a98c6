"""The card number never lands anywhere: database, logs, messages, audit details, repr."""

from __future__ import annotations

import logging
from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy.orm import Session

from boxoffice.db.models import Base
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.domain.tender import CardTender, SavedCardTender, Tender
from boxoffice.services.sales import gateway, payments
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.sales.gateway import CardData
from tests.services.payment_helpers import World, booking_in, dump_database, world

__all__ = ["world"]

D = Decimal
SECRET = "4000056655665556"  # a Visa test number used nowhere else in these tests
SAVED = "5200828282828210"  # a Mastercard test number, saved then charged
CVV = "987"


def _variants(number: str) -> list[bytes]:
    spaced = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return [number.encode(), spaced.encode(), number.encode("utf-16-le"), number[:12].encode()]


def test_card_numbers_are_nowhere_after_saving_charging_and_refunding(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # also SQLAlchemy's statement and parameter logging
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    messages: list[str] = []
    try:
        saved = cards.add_card(world.db, world.clerk, world.customer_id, SAVED, 6, 2033, "Ann")

        def sale(s: Session) -> int:
            booking_id = booking_in(s, world, D("60.00"), world.customer_id)
            tenders: list[Tender] = [
                CardTender(D("25.00"), SECRET, 7, 2032, CVV, "Ann", save_to_customer=True),
                SavedCardTender(D("35.00"), saved.id, cvv=CVV),
            ]
            payments.charge(
                s, world.clerk, booking_id, world.customer_id, tenders, D("60"), uuid4().hex
            )
            return booking_id

        booking_id = world.db.run(sale)
        world.db.run(lambda s: payments.refund(s, world.clerk, booking_id, D("60.00"), "test"))

        def declined(s: Session) -> None:
            booking_id = booking_in(s, world, D("5.00"), world.customer_id)
            tenders: list[Tender] = [
                CardTender(D("2.50"), SECRET, 7, 2032, CVV, "Ann"),
                CardTender(D("2.50"), gateway.DECLINED, 7, 2032, CVV, "Ann"),
            ]
            payments.charge(
                s, world.clerk, booking_id, world.customer_id, tenders, D("5"), uuid4().hex
            )

        for attempt in (declined,):
            try:
                world.db.run(attempt)
            except BoxOfficeError as exc:
                messages.append(str(exc))
                messages.append(repr(exc))
        try:
            cards.add_card(world.db, world.clerk, world.customer_id, SECRET[:-1] + "0", 1, 20, "A")
        except BoxOfficeError as exc:
            messages.append(str(exc))
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

    assert messages and "declined" in messages[0]
    dump = dump_database(world.db)
    assert b"otg_" in dump  # the dump really holds the payment rows...
    assert len(cards.list_cards(world.db, world.clerk, world.customer_id)) == 2  # ...and cards
    logs = caplog.text
    assert "INSERT INTO saved_card" in logs  # SQL statement and parameter logging was on
    for number in (SECRET, SAVED):
        for variant in _variants(number):
            assert variant not in dump, f"card digits found in the database: {variant!r}"
        assert number not in logs
        assert all(number not in m for m in messages)


def test_no_column_could_hold_a_cvv() -> None:
    names = {c.name.lower() for t in Base.metadata.sorted_tables for c in t.columns}
    assert not {n for n in names if any(w in n for w in ("cvv", "cvc", "security_code", "pan"))} - {
        "pan_ciphertext"
    }


def test_repr_hides_number_and_cvv() -> None:
    things: list[object] = [
        CardTender(D("1.00"), SECRET, 1, 2030, CVV, "Ann"),
        SavedCardTender(D("1.00"), 7, cvv=CVV),
        CardData(SECRET, 1, 2030, CVV, "Ann"),
    ]
    for thing in things:
        assert SECRET not in repr(thing) and SECRET not in str(thing)
        assert CVV not in repr(thing)
