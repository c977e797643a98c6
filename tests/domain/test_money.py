"""Money: two-place Decimals, never float; exact amounts for payments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.errors import ValidationError
from boxoffice.domain.money import (
    CENT,
    MAX_AMOUNT,
    exact_money,
    format_money,
    money,
    non_negative,
)

cents = st.integers(-int(MAX_AMOUNT * 100), int(MAX_AMOUNT * 100))
any_decimal = st.decimals(
    min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, allow_nan=False, allow_infinity=False
)


@given(cents)
def test_cents_round_trip_exactly(n: int) -> None:
    value = Decimal(n) / 100
    assert money(value) == value
    assert exact_money(value) == value
    assert exact_money(str(value)) == value
    assert money(value).as_tuple().exponent == -2


@given(any_decimal)
def test_money_quantises_to_the_nearest_cent_half_up(value: Decimal) -> None:
    amount = money(value)
    assert amount.as_tuple().exponent == -2
    assert abs(amount - value) <= CENT / 2
    assert money(amount) == amount  # idempotent


@given(any_decimal)
def test_exact_money_refuses_what_money_would_round(value: Decimal) -> None:
    if money(value) == value:
        assert exact_money(value) == value
    else:
        with pytest.raises(ValidationError, match="fractions of a cent"):
            exact_money(value)


@given(st.lists(cents, max_size=20))
def test_sums_of_money_stay_exact(parts: list[int]) -> None:
    amounts = [money(Decimal(n) / 100) for n in parts]
    total = sum(amounts, Decimal("0.00"))
    assert total == Decimal(sum(parts)) / 100
    assert total.as_tuple().exponent == -2


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        money(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        exact_money(0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad", ["", "abc", "nan", "inf", "-Infinity", "1e999999999", "-1e999999999", "12,3.4.5"]
)
def test_garbage_is_a_validation_error(bad: str) -> None:
    with pytest.raises(ValidationError):
        money(bad)
    with pytest.raises(ValidationError):
        exact_money(bad)


def test_absurd_amounts_are_refused_before_quantising() -> None:
    with pytest.raises(ValidationError, match="larger than any amount"):
        money("1E+40")  # would overflow the Decimal context if quantised first
    with pytest.raises(ValidationError, match="larger than any amount"):
        money(MAX_AMOUNT + 1)
    assert money("99999999.994") == MAX_AMOUNT
    assert money("1,234.50") == Decimal("1234.50")


def test_non_negative_and_format() -> None:
    with pytest.raises(ValidationError, match="Price cannot be negative"):
        non_negative("-0.01", "Price")
    assert non_negative("0") == Decimal("0.00")
    assert format_money(Decimal("1234.5")) == "€1,234.50"
    assert format_money(Decimal("-3")) == "-€3.00"


# --- Boundaries and messages: each of these was a surviving mutant of money.py -------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0.125", "0.13"),  # half-up; half-even (Decimal's default) would give 0.12
        ("0.135", "0.14"),
        ("-0.125", "-0.13"),  # away from zero, like a till
        ("2.675", "2.68"),
        ("0.004", "0.00"),
        ("0.005", "0.01"),
    ],
)
def test_rounding_is_half_up_at_the_half_cent(typed: str, stored: str) -> None:
    amount = money(typed)
    assert amount == Decimal(stored)
    assert str(amount) == stored


def test_the_upper_cap_sits_at_the_half_cent_above_the_largest_amount() -> None:
    assert money("99999999.99") == MAX_AMOUNT
    assert money("99999999.994") == MAX_AMOUNT  # rounds down into range
    assert money("-99999999.994") == -MAX_AMOUNT
    for over in ("99999999.995", "-99999999.995", "99999999.999", "100000000"):
        with pytest.raises(ValidationError, match="larger than any amount this box office handles"):
            money(over)


def test_clerk_messages_name_the_problem() -> None:
    with pytest.raises(ValidationError) as bad:
        money("12,3.4.5")
    assert str(bad.value) == "'12,3.4.5' is not an amount of money."
    with pytest.raises(ValidationError) as nan:
        money("nan")
    assert str(nan.value) == "'nan' is not an amount of money."
    with pytest.raises(ValidationError) as negative:
        non_negative("-1")
    assert str(negative.value) == "Amount cannot be negative (-1.00)."
    with pytest.raises(ValidationError) as fraction:
        exact_money("1.005")
    assert str(fraction.value) == "Amount 1.005 has fractions of a cent."
    with pytest.raises(ValidationError, match=r"^Price cannot be negative"):
        non_negative("-0.01", "Price")
    with pytest.raises(TypeError) as floated:
        money(0.1)  # type: ignore[arg-type]
    assert str(floated.value) == "money never comes from float; pass Decimal, int or str"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0", "€0.00"),
        ("0.00", "€0.00"),
        ("0.5", "€0.50"),
        ("0.99", "€0.99"),
        ("-0.01", "-€0.01"),
        ("1234.5", "€1,234.50"),
        ("-1234.5", "-€1,234.50"),
    ],
)
def test_format_money_zero_small_and_negative(amount: str, shown: str) -> None:
    assert format_money(Decimal(amount)) == shown
