"""The discount-code pricing step: percent/fixed, per ticket/per order, scope, never below zero,
and lines that add up to the cent (hypothesis)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from boxoffice.domain.discount import DiscountApplies, DiscountKind, DiscountRule
from boxoffice.services.sales.pricing import PriceLine, QuoteRequest, quote

D = Decimal


def _lines(*prices: str, tier: int = 1) -> tuple[PriceLine, ...]:
    return tuple(PriceLine(i, f"A{i}", tier, "T", D(p)) for i, p in enumerate(prices))


def _rule(kind: str, value: str, applies: str, tiers: frozenset[int] | None = None) -> DiscountRule:
    return DiscountRule(1, "SPRING", DiscountKind(kind), D(value), DiscountApplies(applies), tiers)


def test_no_code_no_change() -> None:
    q = quote(QuoteRequest(_lines("10.00", "20.00")))
    assert q.total == D("30.00") and q.adjustments == ()


def test_percent_per_ticket_rounds_each_ticket() -> None:
    q = quote(QuoteRequest(_lines("9.99", "9.99"), discounts=(_rule("percent", "10", "ticket"),)))
    assert [a.amount for a in q.adjustments] == [D("-1.00"), D("-1.00")]
    assert q.total == D("17.98")
    assert all(a.label == "Code SPRING" and a.step == "discount code" for a in q.adjustments)


def test_fixed_per_ticket_never_below_zero() -> None:
    q = quote(QuoteRequest(_lines("3.00", "10.00"), discounts=(_rule("fixed", "5", "ticket"),)))
    assert q.line_amounts() == (D("0.00"), D("5.00"))
    assert q.total == D("5.00")


def test_fixed_per_order_spread_over_lines_adds_up() -> None:
    q = quote(
        QuoteRequest(_lines("10.00", "10.00", "10.00"), discounts=(_rule("fixed", "10", "order"),))
    )
    assert sum(a.amount for a in q.adjustments) == D("-10.00")
    assert sorted(q.line_amounts()) == [D("6.66"), D("6.67"), D("6.67")]
    assert q.total == D("20.00")


def test_scope_covers_only_its_tiers() -> None:
    lines = (*_lines("50.00", tier=1), PriceLine(9, "B1", 2, "Back", D("30.00")))
    q = quote(QuoteRequest(lines, discounts=(_rule("percent", "50", "ticket", frozenset({2})),)))
    assert q.line_amounts() == (D("50.00"), D("15.00"))


def test_ga_line_of_four_costs_the_same_as_four_lines() -> None:
    rule = (_rule("percent", "15", "ticket"),)
    ga = quote(QuoteRequest((PriceLine(None, "GA", 1, "GA", D("12.35"), 4),), discounts=rule))
    four = tuple(PriceLine(None, "", 1, "", D("12.35")) for _ in range(4))
    each = quote(QuoteRequest(four, discounts=rule))
    assert ga.total == each.total


prices = st.decimals(min_value=D("0.00"), max_value=D("500.00"), places=2)


@given(
    st.lists(prices, min_size=1, max_size=8),
    st.sampled_from(["percent", "fixed"]),
    st.decimals(min_value=D("0.01"), max_value=D("100.00"), places=2),
    st.sampled_from(["ticket", "order"]),
)
def test_lines_add_up_and_never_go_negative(
    line_prices: list[Decimal], kind: str, value: Decimal, applies: str
) -> None:
    lines = tuple(PriceLine(i, "", 1, "", p) for i, p in enumerate(line_prices))
    q = quote(QuoteRequest(lines, discounts=(_rule(kind, str(value), applies),)))
    amounts = q.line_amounts()
    assert all(a >= 0 for a in amounts)
    assert sum(amounts, D("0.00")) == q.total
    assert q.total <= q.subtotal
    assert all(a.amount == a.amount.quantize(D("0.01")) for a in q.adjustments)
    if kind == "percent" and applies == "order":
        assert q.subtotal - q.total == (q.subtotal * value / 100).quantize(D("0.01"), ROUND_HALF_UP)
