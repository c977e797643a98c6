from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.package_split import split

D = Decimal


def test_pro_rata_with_the_remainder_on_the_last_event() -> None:
    assert split(D("100.00"), [D("30"), D("30"), D("30")]) == [D("33.33"), D("33.33"), D("33.34")]
    assert split(D("90.00"), [D("10"), D("20")]) == [D("30.00"), D("60.00")]


def test_all_weights_zero_split_equally() -> None:
    assert split(D("10.00"), [D("0"), D("0"), D("0")]) == [D("3.33"), D("3.33"), D("3.34")]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        split(D("1.00"), [])
    with pytest.raises(ValueError):
        split(D("-1.00"), [D("1")])


cents = st.integers(0, 10_000_000).map(lambda c: Decimal(c) / 100)


@given(cents, st.lists(cents, min_size=1, max_size=30))
def test_shares_add_up_to_the_cent_and_are_never_negative(
    total: Decimal, weights: list[Decimal]
) -> None:
    shares = split(total, weights)
    assert sum(shares) == total
    assert all(s >= 0 and s == s.quantize(D("0.01")) for s in shares)
