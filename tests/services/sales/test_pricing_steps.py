"""The ticket-type, fee and tax steps of the pricing pipeline, and the rounding property: the
lines and order adjustments always add up to the total, to the cent, whatever the mix."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from boxoffice.domain.pricing_kinds import FeePer, TypePriceMode
from boxoffice.services.sales import pricing
from boxoffice.services.sales.pricing import PriceLine, Quote, QuoteRequest
from boxoffice.services.sales.pricing.rules import FeeRule, TaxRateRule, TaxRules, TicketTypeRule
from boxoffice.services.sales.pricing.tax import rate_tax, share

D = Decimal
ADULT = TicketTypeRule(1, "Adult", is_default=True)
CHILD = TicketTypeRule(2, "Child", TypePriceMode.PERCENT, D("50"))
SENIOR = TicketTypeRule(3, "Senior", TypePriceMode.OFF, D("5.00"))
STUDENT = TicketTypeRule(4, "Student", TypePriceMode.PRICE, D("12.00"), check="Ask for ID")
COMP = TicketTypeRule(5, "Complimentary", complimentary=True)
VAT = TaxRateRule(1, "VAT 20%", D("20"))
REDUCED = TaxRateRule(2, "VAT 7%", D("7"))


def line(price: str, rule: TicketTypeRule | None = None, qty: int = 1) -> PriceLine:
    return PriceLine(None if qty > 1 else 7, "A1", 1, "Stalls", D(price), qty, rule)


def test_types_price_a_line_by_their_rule() -> None:
    lines = (line("40.00", ADULT), line("40.00", CHILD), line("40.00", SENIOR))
    quote = pricing.quote(QuoteRequest((*lines, line("40.00", STUDENT), line("40.00", COMP))))
    assert quote.line_amounts() == (D("40.00"), D("20.00"), D("35.00"), D("12.00"), D("0.00"))
    assert quote.total == D("107.00")
    assert [a.label for a in quote.by_step("ticket type")] == [
        "Child",
        "Senior",
        "Student",
        "Complimentary",
    ]
    # Never above the tier's price nor below zero.
    assert STUDENT.unit_price(D("10.00")) == D("10.00")
    assert SENIOR.unit_price(D("3.00")) == D("0.00")
    assert CHILD.unit_price(D("12.35")) == D("6.17")  # 6.175 off, rounded half up


def test_fees_per_ticket_per_order_and_by_payment_method() -> None:
    fees = (
        FeeRule(1, "Booking fee", FeePer.TICKET, D("1.50"), refundable=False),
        FeeRule(2, "Handling", FeePer.ORDER, D("2.00"), refundable=True),
        FeeRule(3, "Card fee", FeePer.ORDER, D("0.80"), payment_method="card"),
    )
    lines = (line("30.00", ADULT), line("30.00", COMP), line("10.00", qty=2))
    cash = pricing.quote(QuoteRequest(lines, fees=fees, payment_methods=frozenset({"cash"})))
    # 1.50 on the adult, none on the comp, 3.00 on the two GA places, 2.00 handling
    assert cash.total == D("30.00") + D("20.00") + D("1.50") + D("3.00") + D("2.00")
    assert cash.line_amounts() == (D("31.50"), D("0.00"), D("23.00"))
    assert cash.order_amount() == D("2.00")
    card = pricing.quote(QuoteRequest(lines, fees=fees, payment_methods=frozenset({"card"})))
    assert card.total == cash.total + D("0.80")
    only_comps = pricing.quote(QuoteRequest((line("30.00", COMP),), fees=fees))
    assert only_comps.total == D("0.00")


def test_tax_exclusive_is_added_inclusive_is_shown() -> None:
    lines = (line("10.00"), line("10.00"), line("10.00"))
    exclusive = TaxRules(1, (VAT,), inclusive=False)
    quote = pricing.quote(QuoteRequest(lines, tax=exclusive))
    assert quote.total == D("36.00")
    assert [a.amount for a in quote.by_step("tax")] == [D("2.00")] * 3
    inclusive = pricing.quote(QuoteRequest(lines, tax=TaxRules(1, (VAT,), inclusive=True)))
    assert inclusive.total == D("30.00")
    taxes = inclusive.by_step("tax")
    assert sum(a.amount for a in taxes) == D("5.00")  # 30 x 20/120
    assert all(a.included for a in taxes)
    assert sum(a.base or 0 for a in taxes) == D("25.00")


def test_tax_of_a_rate_is_rounded_once_and_shared_to_the_cent() -> None:
    # 3 x 0.10 at 7 %: per ticket 0.007 would round to 0.01 each (0.03); once on 0.30 it is 0.02.
    lines = (line("0.10"), line("0.10"), line("0.10"))
    quote = pricing.quote(QuoteRequest(lines, tax=TaxRules(2, (REDUCED,), inclusive=False)))
    assert sum(a.amount for a in quote.by_step("tax")) == D("0.02")
    assert quote.total == D("0.32")
    assert share(D("0.02"), [D("0.10")] * 3) == [D("0.01"), D("0.01"), D("0.00")]


def test_a_fee_taxed_at_its_own_rate_and_kept_on_refund() -> None:
    fee = FeeRule(1, "Booking fee", FeePer.TICKET, D("2.00"), tax_rate_id=1)
    rules = TaxRules(2, (VAT, REDUCED), inclusive=False)
    quote = pricing.quote(QuoteRequest((line("50.00"),), fees=(fee,), tax=rules))
    by_rate = {a.label: a for a in quote.by_step("tax")}
    assert by_rate["VAT 7%"].amount == D("3.50")
    assert by_rate["VAT 20%"].amount == D("0.40")
    assert not by_rate["VAT 20%"].refundable and by_rate["VAT 7%"].refundable
    assert quote.total == D("55.90")
    kept = sum((a.amount for a in quote.adjustments if not a.refundable and not a.included), D("0"))
    refund = pricing.refund_quote([line(str(quote.line_amounts()[0]))], [kept])
    assert refund.total == D("53.50")


amounts = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)
rules = st.sampled_from([None, ADULT, CHILD, SENIOR, STUDENT, COMP])
rates = st.sampled_from(
    [VAT, REDUCED, TaxRateRule(3, "GST 15%", D("15")), TaxRateRule(4, "0%", D("0"))]
)
fee_rules = st.builds(
    FeeRule,
    id=st.integers(1, 9),
    name=st.just("Fee"),
    per=st.sampled_from(list(FeePer)),
    amount=st.decimals(min_value=0, max_value=20, places=2),
    refundable=st.booleans(),
    payment_method=st.sampled_from([None, "cash", "card"]),
    tax_rate_id=st.sampled_from([None, 1, 2, 3, 4]),
)
price_lines = st.builds(
    PriceLine,
    seat_id=st.just(None),
    label=st.just("x"),
    tier_id=st.just(1),
    tier_name=st.just("T"),
    price=amounts,
    quantity=st.integers(1, 6),
    ticket_type=rules,
)


def _check_adds_up(quote: Quote) -> None:
    cents = D("0.01")
    assert all(a.amount == a.amount.quantize(cents) for a in quote.adjustments)
    assert sum(quote.line_amounts(), D("0")) + quote.order_amount() == quote.total
    added = sum((a.amount for a in quote.adjustments if not a.included), D("0"))
    assert quote.subtotal + added == quote.total
    assert quote.total == quote.total.quantize(cents)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(price_lines, min_size=1, max_size=8),
    st.lists(fee_rules, max_size=3),
    st.lists(rates, min_size=1, max_size=3, unique_by=lambda r: r.id),
    st.booleans(),
    st.frozensets(st.sampled_from(["cash", "card", "voucher"])),  # split payments too
)
def test_lines_always_add_up_to_the_total(
    lines: list[PriceLine],
    fees: list[FeeRule],
    tax_rates: list[TaxRateRule],
    inclusive: bool,
    methods: frozenset[str],
) -> None:
    tax = TaxRules(tax_rates[0].id, tuple(tax_rates), inclusive)
    quote = pricing.quote(
        QuoteRequest(tuple(lines), fees=tuple(fees), tax=tax, payment_methods=methods)
    )
    _check_adds_up(quote)
    # Per rate: net + tax = gross, and the tax is the rate's sum taxed once, rounded half up.
    for rate in tax_rates:
        mine = [a for a in quote.by_step("tax") if a.tax_rate_id == rate.id]
        base = sum((a.base or D("0") for a in mine), D("0"))
        tax_sum = sum((a.amount for a in mine), D("0"))
        gross = base + tax_sum
        taxed = gross if inclusive else base
        assert tax_sum == rate_tax(taxed, rate.percent, inclusive)
    # A refund of every line, keeping what is not refundable, never gives back more than paid.
    kept = [D("0")] * len(lines)
    for a in quote.adjustments:
        if a.line is not None and not a.refundable and not a.included:
            kept[a.line] += a.amount
    sold = [PriceLine(None, "x", 1, "T", amount) for amount in quote.line_amounts()]
    refund = pricing.refund_quote(sold, kept)
    assert D("0") <= refund.total <= quote.total


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.lists(amounts, min_size=1, max_size=10),
)
def test_share_adds_up_exactly(total: Decimal, weights: list[Decimal]) -> None:
    parts = share(total, weights)
    assert sum(parts, D("0")) == total
    assert len(parts) == len(weights)
