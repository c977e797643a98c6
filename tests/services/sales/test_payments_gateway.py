"""The offline test gateway: documented test numbers, idempotency, refunds, voids."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from boxoffice.services.sales import gateway
from boxoffice.services.sales.gateway import CardData, OfflineTestGateway, PaymentGateway

D = Decimal
VISA = "4242424242424242"


def data(number: str = VISA, cvv: str = "123", month: int = 12, year: int = 2035) -> CardData:
    return CardData(number, month, year, cvv, "Ann")


def test_default_gateway_is_the_offline_one_and_replaceable() -> None:
    assert isinstance(gateway.default_gateway(), OfflineTestGateway)
    mine = OfflineTestGateway()
    previous = gateway.use_gateway(mine)
    try:
        assert gateway.default_gateway() is mine
    finally:
        gateway.use_gateway(previous)
    assert gateway.default_gateway() is previous
    check: PaymentGateway = mine  # structural: satisfies the protocol
    assert check is mine


@pytest.mark.parametrize(
    ("number", "approved", "message"),
    [
        ("4242424242424242", True, "Approved"),
        ("5555555555554444", True, "Approved"),
        ("6011111111111117", True, "Approved"),
        (gateway.REFUND_FAILS, True, "Approved"),
        (gateway.DECLINED, False, "declined"),
        (gateway.INSUFFICIENT_FUNDS, False, "insufficient funds"),
        (gateway.EXPIRED_CARD, False, "expired"),
        (gateway.INCORRECT_CVC, False, "security code"),
        (gateway.PROCESSING_ERROR, False, "try again"),
        ("4242424242424241", False, "not valid"),
    ],
)
def test_documented_test_numbers(number: str, approved: bool, message: str) -> None:
    result = OfflineTestGateway().authorize(D("10.00"), data(number), "k")
    assert result.approved is approved
    assert message in result.message
    assert bool(result.ref) is approved
    assert number not in result.message


def test_documented_numbers_are_in_the_docstring() -> None:
    doc = gateway.__doc__ or ""
    for number in (
        gateway.DECLINED,
        gateway.INSUFFICIENT_FUNDS,
        gateway.EXPIRED_CARD,
        gateway.INCORRECT_CVC,
        gateway.PROCESSING_ERROR,
        gateway.REFUND_FAILS,
    ):
        spaced = " ".join(number[i : i + 4] for i in range(0, 16, 4))
        assert spaced in doc


def test_amex_wants_four_digit_cvv_and_expired_cards_decline() -> None:
    gw = OfflineTestGateway()
    assert not gw.authorize(D("1.00"), data("378282246310005", "123"), "a").approved
    assert gw.authorize(D("1.00"), data("378282246310005", "1234"), "b").approved
    assert "expired" in gw.authorize(D("1.00"), data(year=2020), "c").message
    assert not gw.authorize(D("0.00"), data(), "d").approved


def test_same_key_same_result_never_twice() -> None:
    gw = OfflineTestGateway()
    first = gw.authorize(D("10.00"), data(), "key")
    assert gw.authorize(D("10.00"), data(), "key") == first
    declined = gw.authorize(D("10.00"), data(gateway.DECLINED), "key2")
    assert gw.authorize(D("10.00"), data(gateway.DECLINED), "key2") == declined
    with pytest.raises(ValueError):
        gw.authorize(D("10.00"), data(), "")


def test_concurrent_calls_with_one_key_make_one_authorisation() -> None:
    gw = OfflineTestGateway()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: gw.authorize(D("7.00"), data(), "one"), range(64)))
    assert len({r.ref for r in results}) == 1


def test_refunds_are_limited_idempotent_and_may_fail() -> None:
    gw = OfflineTestGateway()
    ref = gw.authorize(D("10.00"), data(), "k").ref
    part = gw.refund(ref, D("6.00"), "r1")
    assert part.approved and part.ref.startswith("otr_")
    assert gw.refund(ref, D("6.00"), "r1") == part  # replayed, not refunded twice
    assert not gw.refund(ref, D("4.01"), "r2").approved
    assert gw.refund(ref, D("4.00"), "r3").approved
    assert "different refund" in gw.refund(ref, D("1.00"), "r1").message
    assert not gw.refund(ref, D("0"), "r4").approved
    failing = gw.authorize(D("5.00"), data(gateway.REFUND_FAILS), "k2").ref
    assert "refused the refund" in gw.refund(failing, D("5.00")).message
    # A reference from an earlier run (or the demo data) cannot be checked offline: approved.
    assert gw.refund("demo-ABC123", D("5.00")).approved


def test_void_cancels_and_releases_the_key() -> None:
    gw = OfflineTestGateway()
    first = gw.authorize(D("10.00"), data(), "k")
    gw.void(first.ref)
    gw.void(first.ref)  # twice is harmless
    gw.void("never-issued")
    assert "cancelled" in gw.refund(first.ref, D("1.00")).message
    again = gw.authorize(D("10.00"), data(), "k")
    assert again.approved and again.ref != first.ref


def test_card_data_repr_and_properties() -> None:
    card = data("5555 5555 5555 4444".replace(" ", ""), "321")
    assert (card.last4, card.brand.value) == ("4444", "mastercard")
    assert "5555555555554444" not in repr(card) and "321" not in repr(card)
