"""payments.charge: cash, card, saved card, split tender, declines, idempotency."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from boxoffice.db.models import AuditLog, Payment, SavedCard
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import (
    BoxOfficeError,
    PaymentDeclined,
    PaymentError,
    ValidationError,
)
from boxoffice.domain.status import PaymentMethodKind
from boxoffice.domain.tender import CardTender, CashTender, SavedCardTender, Tender
from boxoffice.services.sales import gateway, payments
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.sales.gateway import OfflineTestGateway
from boxoffice.services.sales.payments import PaymentLine
from tests.services.payment_helpers import (
    PAN,
    World,
    booking_in,
    new_booking,
    payments_of,
    world,
)

__all__ = ["world"]  # the fixture, imported for pytest

D = Decimal
MASTERCARD = "5555 5555 5555 4444"


def card(amount: str, number: str = PAN, **kw: object) -> CardTender:
    values: dict[str, object] = {
        "exp_month": 12,
        "exp_year": 2035,
        "cvv": "123",
        "cardholder": "Ann Smith",
    }
    values.update(kw)
    return CardTender(D(amount), number, **values)  # type: ignore[arg-type]


def pay(
    w: World,
    tenders: list[Tender],
    total: str,
    key: str = "",
    customer_id: int | None = None,
    gw: OfflineTestGateway | None = None,
) -> tuple[int, list[PaymentLine]]:
    """A new booking paid by *tenders*, all in one transaction as checkout does it."""

    def work(s: Session) -> tuple[int, list[PaymentLine]]:
        booking_id = booking_in(s, w, D(total), customer_id)
        lines = payments.charge(
            s, w.clerk, booking_id, customer_id, tenders, D(total), key or uuid4().hex, gateway=gw
        )
        return booking_id, lines

    return w.db.run(work)


def payment_count(w: World) -> int:
    return w.db.run(lambda s: s.scalar(select(func.count()).select_from(Payment)) or 0)


def test_cash_with_change(world: World) -> None:
    booking_id, lines = pay(world, [CashTender(D("42.50"), D("50.00"))], "42.50")
    assert lines == [
        PaymentLine(PaymentMethodKind.CASH, D("42.50"), D("50.00"), D("7.50")),
    ]
    [row] = payments_of(world.db, booking_id)
    assert (row.method, row.amount, row.tendered, row.change_due, row.clerk_id) == (
        "cash",
        D("42.50"),
        D("50.00"),
        D("7.50"),
        world.clerk.user_id,
    )


def test_card_through_the_default_gateway(world: World) -> None:
    booking_id, [line] = pay(world, [card("30.00", "4242-4242-4242-4242")], "30.00")
    assert (line.method, line.brand, line.last4) == (PaymentMethodKind.CARD, "visa", "4242")
    assert line.gateway_ref.startswith("otg_")
    assert (line.tendered, line.change_due) == (None, None)
    [row] = payments_of(world.db, booking_id)
    assert (row.card_brand, row.card_last4, row.gateway_ref) == ("visa", "4242", line.gateway_ref)


def test_split_tender_cash_card_and_saved_card(world: World) -> None:
    saved = cards.add_card(world.db, world.clerk, world.customer_id, MASTERCARD, 1, 2034, "Ann")
    tenders: list[Tender] = [
        CashTender(D("10.00"), D("20.00")),
        card("15.25"),
        SavedCardTender(D("4.75"), saved.id),
    ]
    booking_id, lines = pay(world, tenders, "30.00", customer_id=world.customer_id)
    assert [(x.method, x.amount, x.last4) for x in lines] == [
        (PaymentMethodKind.CASH, D("10.00"), ""),
        (PaymentMethodKind.CARD, D("15.25"), "4242"),
        (PaymentMethodKind.SAVED_CARD, D("4.75"), "4444"),
    ]
    assert lines[0].change_due == D("10.00")
    rows = payments_of(world.db, booking_id)
    assert sum(r.amount for r in rows) == D("30.00")
    assert [r.card_brand for r in rows] == ["", "visa", "mastercard"]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (gateway.DECLINED, "declined"),
        (gateway.INSUFFICIENT_FUNDS, "insufficient funds"),
        (gateway.EXPIRED_CARD, "expired"),
        (gateway.INCORRECT_CVC, "security code"),
        (gateway.PROCESSING_ERROR, "try again"),
    ],
)
def test_declines_record_nothing(world: World, number: str, message: str) -> None:
    with pytest.raises(PaymentDeclined, match=message) as info:
        pay(world, [card("20.00", number)], "20.00")
    assert "•••• " + number[-4:] in str(info.value)
    assert number not in str(info.value)
    assert payment_count(world) == 0
    audited = world.db.run(
        lambda s: s.scalar(select(func.count()).where(AuditLog.action.like("payment.%")))
    )
    assert audited == 0


def test_a_decline_cancels_the_cards_already_approved(world: World) -> None:
    gw = OfflineTestGateway()
    tenders: list[Tender] = [card("10.00"), card("10.00", gateway.DECLINED)]
    with pytest.raises(PaymentDeclined, match="other card payments were cancelled"):
        pay(world, tenders, "20.00", gw=gw)
    assert payment_count(world) == 0
    # The clerk swaps the declined card and retries the same checkout: the first card is
    # authorised afresh (its earlier authorisation was voided), the whole payment goes through.
    _, lines = pay(world, [card("10.00"), card("10.00", MASTERCARD)], "20.00", gw=gw)
    first_ref = lines[0].gateway_ref
    assert gw.refund(first_ref, D("10.00")).approved  # a live authorisation, not a voided one


def test_retried_transaction_never_charges_twice(world: World) -> None:
    """A transaction rolled back after charging (deadlock, crash) and run again with the same
    key records the very same authorisation."""
    gw = OfflineTestGateway()
    refs: list[str] = []

    def attempt(s: Session) -> None:
        booking_id = booking_in(s, world, D("25.00"), None)
        lines = payments.charge(
            s, world.clerk, booking_id, None, [card("25.00")], D("25.00"), "same", gateway=gw
        )
        refs.append(lines[0].gateway_ref)
        if len(refs) == 1:
            raise RuntimeError("connection lost before commit")

    with pytest.raises(RuntimeError):
        world.db.run(attempt)
    world.db.run(attempt)
    assert refs[0] == refs[1]
    # Only one authorisation exists at the gateway: refunding it twice in full is refused.
    assert gw.refund(refs[0], D("25.00")).approved
    assert not gw.refund(refs[0], D("25.00")).approved


def test_a_new_key_is_a_new_charge(world: World) -> None:
    gw = OfflineTestGateway()
    _, [a] = pay(world, [card("5.00")], "5.00", key="k-a", gw=gw)
    _, [b] = pay(world, [card("5.00")], "5.00", key="k-b", gw=gw)
    assert a.gateway_ref != b.gateway_ref


def test_save_to_customer_stores_the_card(world: World) -> None:
    tender = card("12.00", MASTERCARD, save_to_customer=True, billing_address="1 High St")
    pay(world, [tender], "12.00", customer_id=world.customer_id)
    [saved] = cards.list_cards(world.db, world.clerk, world.customer_id)
    assert (saved.brand, saved.last4, saved.is_default) == ("mastercard", "4444", True)
    # ...and it can pay the next booking.
    _, [line] = pay(world, [SavedCardTender(D("3.00"), saved.id)], "3.00", "", world.customer_id)
    assert line.method is PaymentMethodKind.SAVED_CARD


def test_save_to_customer_needs_a_customer(world: World) -> None:
    gw = OfflineTestGateway()
    with pytest.raises(PaymentError, match="Choose a customer"):
        pay(world, [card("12.00", save_to_customer=True)], "12.00", gw=gw)
    assert gw._auths == {}  # refused before any card was charged


def test_saved_card_must_belong_to_the_customer(world: World) -> None:
    saved = cards.add_card(world.db, world.clerk, world.customer_id, PAN, 1, 2034, "Ann")
    for customer_id in (world.other_customer_id, None):
        with pytest.raises(PaymentError, match="does not belong"):
            pay(world, [SavedCardTender(D("3.00"), saved.id)], "3.00", customer_id=customer_id)
    with pytest.raises(PaymentError, match="does not belong"):
        pay(world, [SavedCardTender(D("3.00"), 999_999)], "3.00", customer_id=world.customer_id)


def test_expired_saved_card_is_refused(world: World) -> None:
    saved = cards.add_card(world.db, world.clerk, world.customer_id, PAN, 1, 2034, "Ann")
    world.db.run(
        lambda s: s.execute(update(SavedCard).where(SavedCard.id == saved.id).values(exp_year=2020))
    )
    with pytest.raises(PaymentError, match=r"Visa •••• 4242: This card expired"):
        pay(world, [SavedCardTender(D("3.00"), saved.id)], "3.00", customer_id=world.customer_id)


def test_saved_card_cvv_is_checked_when_given(world: World) -> None:
    saved = cards.add_card(world.db, world.clerk, world.customer_id, PAN, 1, 2034, "Ann")
    with pytest.raises(PaymentError, match="security code"):
        pay(
            world,
            [SavedCardTender(D("3.00"), saved.id, cvv="12")],
            "3.00",
            customer_id=world.customer_id,
        )
    _, [line] = pay(
        world,
        [SavedCardTender(D("3.00"), saved.id, cvv="321")],
        "3.00",
        customer_id=world.customer_id,
    )
    assert line.last4 == "4242"


@pytest.mark.parametrize(
    ("tender", "message"),
    [
        (card("5.00", "4242 4242 4242 4241"), "not valid"),
        (card("5.00", "4242"), "12–19 digits"),
        (card("5.00", exp_month=13), "month"),
        (card("5.00", exp_year=2001), "expired"),
        (card("5.00", cvv="1"), "security code"),
        (card("5.00", "3782 822463 10005", cvv="123"), "4 digits"),
    ],
)
def test_bad_card_data_is_a_payment_error(world: World, tender: CardTender, message: str) -> None:
    with pytest.raises(PaymentError, match=message) as info:
        pay(world, [tender], "5.00")
    assert tender.number not in str(info.value)


@pytest.mark.parametrize(
    ("tenders", "total", "message"),
    [
        ([CashTender(D("10.00"), D("10.00"))], "12.00", "still to pay"),
        ([CashTender(D("12.00"), D("20.00"))], "10.00", "more than the total"),
        ([CashTender(D("10.00"), D("5.00"))], "10.00", "less than"),
        ([CashTender(D("0.00"), D("0.00"))], "0.00", "more than zero"),
        # (a booking row with a negative total is refused by the schema itself: "zero or more")
        ([CashTender(D("-5.00"), D("0.00"))], "-5.00", "negative|zero or more"),
        ([CashTender(D("1.005"), D("2.00"))], "1.005", "fractions of a cent"),
        ([CashTender(D("2000000"), D("2000000"))], "2000000", "more than"),
        ([CashTender(D("5.00"), D("5000000.00"))], "5.00", "typing slip"),
        ([], "5.00", "still to pay"),
    ],
)
def test_tenders_must_add_up(world: World, tenders: list[Tender], total: str, message: str) -> None:
    with pytest.raises(BoxOfficeError, match=message):
        payments.change_due(tenders, D(total))
    with pytest.raises(BoxOfficeError, match=message):
        pay(world, tenders, total)
    assert payment_count(world) == 0


def test_change_due_is_pure_and_sums_cash_only(world: World) -> None:
    tenders: list[Tender] = [
        CashTender(D("10.00"), D("20.00")),
        CashTender(D("5.00"), D("5.50")),
        card("7.00"),
    ]
    assert payments.change_due(tenders, D("22.00")) == D("10.50")
    assert payments.change_due([], D("0")) == D("0.00")  # a free ticket needs no payment


def test_charge_needs_a_key_and_a_signed_in_clerk(world: World) -> None:
    booking_id = new_booking(world, D("5.00"))
    with pytest.raises(ValidationError, match="idempotency key"):
        world.db.run(
            lambda s: payments.charge(
                s, world.clerk, booking_id, None, [CashTender(D(5), D(5))], D(5), ""
            )
        )
    with pytest.raises(PaymentError, match="signed-in"):
        world.db.run(
            lambda s: payments.charge(
                s, SYSTEM, booking_id, None, [CashTender(D(5), D(5))], D(5), "k"
            )
        )


def test_charge_is_audited_without_card_data(world: World) -> None:
    booking_id, _ = pay(world, [card("9.00")], "9.00")
    detail = world.db.run(
        lambda s: s.scalar(
            select(AuditLog.detail).where(
                AuditLog.action == "payment.charge", AuditLog.entity_id == booking_id
            )
        )
    )
    assert detail is not None and "card" in detail and "9.00" in detail
    assert PAN not in detail and "4242" not in detail


def test_gateway_rejects_a_key_reused_for_another_payment(world: World) -> None:
    gw = OfflineTestGateway()
    data = gateway.CardData(PAN, 12, 2035, "123")
    assert gw.authorize(D("5.00"), data, "dup").approved
    other = gw.authorize(D("6.00"), data, "dup")
    assert not other.approved and "different payment" in other.message


def test_a_free_booking_takes_no_payment(world: World) -> None:
    booking_id = new_booking(world, D("0.00"))
    lines = world.db.run(
        lambda s: payments.charge(s, SYSTEM, booking_id, None, [], D("0.00"), "free-1")
    )
    assert lines == [] and payments_of(world.db, booking_id) == []
