"""Card rules: digits, Luhn, brand, masking, expiry and CVV shape."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.card import (
    CardBrand,
    card_brand,
    last4,
    luhn_valid,
    mask,
    normalise,
    validate_cvv,
    validate_expiry,
    validate_number,
)
from boxoffice.domain.errors import ValidationError

VALID = {
    "4242424242424242": CardBrand.VISA,
    "4000056655665556": CardBrand.VISA,
    "5555555555554444": CardBrand.MASTERCARD,
    "2223003122003222": CardBrand.MASTERCARD,
    "378282246310005": CardBrand.AMEX,
    "371449635398431": CardBrand.AMEX,
    "6011111111111117": CardBrand.DISCOVER,
    "6445644564456445": CardBrand.DISCOVER,
    "3056930009020004": CardBrand.OTHER,  # Diners
    "3566002020360505": CardBrand.OTHER,  # JCB
}


def _check_digit(payload: str) -> str:
    for digit in "0123456789":
        if luhn_valid(payload + digit):
            return digit
    raise AssertionError("no check digit")


@pytest.mark.parametrize(("number", "brand"), VALID.items())
def test_known_test_numbers(number: str, brand: CardBrand) -> None:
    assert luhn_valid(number)
    assert card_brand(number) is brand
    assert validate_number(number) == number


def test_normalise_allows_spaces_and_dashes_only() -> None:
    assert normalise(" 4242 4242-4242 4242 ") == "4242424242424242"
    assert luhn_valid("4242-4242-4242-4242")
    for bad in ("4242x42424242424", "4242.4242.4242.4242", "４２４２４２４２４２４２４２４２"):
        with pytest.raises(ValidationError, match="only digits"):
            normalise(bad)
    with pytest.raises(ValidationError, match="Enter the card number"):
        normalise(" - ")
    with pytest.raises(ValidationError, match="has 11"):
        normalise("42424242424")
    with pytest.raises(ValidationError, match="has 20"):
        normalise("4" * 20)


def test_validation_messages_never_contain_the_number() -> None:
    number = "4242424242424241"  # fails Luhn
    with pytest.raises(ValidationError) as info:
        validate_number(number)
    assert number not in str(info.value)
    assert "4242" not in str(info.value)


def test_mask_and_last4() -> None:
    assert mask("4242 4242 4242 4242") == "•••• 4242"
    assert last4("3782-822463-10005") == "0005"


def test_luhn_rejects_non_digits_and_empty() -> None:
    assert not luhn_valid("")
    assert not luhn_valid("abcd")
    assert not luhn_valid("4242424242424241")


@given(st.text(alphabet="0123456789", min_size=11, max_size=18))
def test_luhn_accepts_exactly_one_check_digit(payload: str) -> None:
    valid = [d for d in "0123456789" if luhn_valid(payload + d)]
    assert len(valid) == 1


@given(
    st.text(alphabet="0123456789", min_size=11, max_size=18),
    st.data(),
)
def test_luhn_catches_every_single_digit_error(payload: str, data: st.DataObject) -> None:
    number = payload + _check_digit(payload)
    position = data.draw(st.integers(0, len(number) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    typo = number[:position] + replacement + number[position + 1 :]
    assert not luhn_valid(typo)


@given(st.text(alphabet="0123456789", min_size=1, max_size=19))
def test_brand_never_fails(digits: str) -> None:
    assert isinstance(card_brand(digits), CardBrand)


@pytest.mark.parametrize(
    ("prefix", "brand"),
    [
        ("4", CardBrand.VISA),
        ("51", CardBrand.MASTERCARD),
        ("55", CardBrand.MASTERCARD),
        ("2221", CardBrand.MASTERCARD),
        ("2720", CardBrand.MASTERCARD),
        ("2721", CardBrand.OTHER),
        ("56", CardBrand.OTHER),
        ("34", CardBrand.AMEX),
        ("37", CardBrand.AMEX),
        ("35", CardBrand.OTHER),
        ("6011", CardBrand.DISCOVER),
        ("644", CardBrand.DISCOVER),
        ("649", CardBrand.DISCOVER),
        ("65", CardBrand.DISCOVER),
        ("622126", CardBrand.DISCOVER),
        ("622925", CardBrand.DISCOVER),
        ("622927", CardBrand.OTHER),
    ],
)
def test_brand_ranges(prefix: str, brand: CardBrand) -> None:
    payload = prefix.ljust(15, "0")
    assert card_brand(payload + _check_digit(payload)) is brand


def test_expiry() -> None:
    today = date(2026, 5, 20)
    assert validate_expiry(5, 2026, today) == (5, 2026)  # valid through the end of May
    assert validate_expiry(1, 27, today) == (1, 2027)  # two-digit year
    with pytest.raises(ValidationError, match="expired at the end of 04/2026"):
        validate_expiry(4, 2026, today)
    with pytest.raises(ValidationError, match="expired"):
        validate_expiry(12, 2025, today)
    for month in (0, 13, -1):
        with pytest.raises(ValidationError, match="month must be 1–12"):
            validate_expiry(month, 2030, today)
    with pytest.raises(ValidationError, match="not plausible"):
        validate_expiry(1, 2099, today)
    with pytest.raises(ValidationError, match="not plausible"):
        validate_expiry(1, 1999, today)
    with pytest.raises(ValidationError):
        validate_expiry(True, 2030, today)


def test_cvv() -> None:
    assert validate_cvv(" 123 ", CardBrand.VISA) == "123"
    assert validate_cvv("1234", CardBrand.AMEX) == "1234"
    for bad, brand in [("12", CardBrand.VISA), ("1234", CardBrand.VISA), ("123", CardBrand.AMEX)]:
        with pytest.raises(ValidationError, match="security code"):
            validate_cvv(bad, brand)
    with pytest.raises(ValidationError):
        validate_cvv("12a", CardBrand.MASTERCARD)
