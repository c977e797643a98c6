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
