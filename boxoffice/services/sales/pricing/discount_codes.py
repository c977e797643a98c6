"""The discount-code step: what each valid code of the request takes off, on the lines it covers.

Every adjustment is made on a line (an order-wide discount is spread over the lines it covers,
largest remainder first), so each ticket is sold, and later refunded, at what it really cost.
A line's base is its amount after the steps before (ticket types); a discount never takes a
line below zero. Per-ticket amounts are computed per unit and multiplied by the quantity, so a
GA line of 4 in the cart and 4 lines of 1 at checkout come to the same total.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from boxoffice.domain.discount import DiscountApplies, DiscountKind, DiscountRule
from boxoffice.services.sales.pricing.quotes import ZERO, Adjustment, QuoteRequest

CENT = Decimal("0.01")
STEP = "discount code"


def discount_code_step(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
    """The pricing step (in :data:`pipeline.STEPS`)."""
    bases = [line.amount for line in request.lines]
    for adjustment in before:
        if adjustment.line is not None:
            bases[adjustment.line] += adjustment.amount
    out: list[Adjustment] = []
    for rule in request.discounts:
        covered = [
            i
            for i, line in enumerate(request.lines)
            if (rule.tier_ids is None or line.tier_id in rule.tier_ids) and bases[i] > 0
        ]
        if rule.applies_to is DiscountApplies.TICKET:
            cuts = {i: _per_ticket(rule, bases[i], request.lines[i].quantity) for i in covered}
        else:
            cuts = _spread(_order_discount(rule, [bases[i] for i in covered]), covered, bases)
        for i, cut in cuts.items():
            if cut > 0:
                bases[i] -= cut
                out.append(Adjustment(STEP, rule.label, -cut, i))
    return out


def _per_ticket(rule: DiscountRule, base: Decimal, quantity: int) -> Decimal:
    unit = base / quantity
    if rule.kind is DiscountKind.PERCENT:
        cut = (unit * rule.value / 100).quantize(CENT, ROUND_HALF_UP)
    else:
        cut = min(rule.value, unit)
    return min(cut * quantity, base)


def _order_discount(rule: DiscountRule, bases: list[Decimal]) -> Decimal:
    total = sum(bases, ZERO)
    if rule.kind is DiscountKind.PERCENT:
        return min((total * rule.value / 100).quantize(CENT, ROUND_HALF_UP), total)
    return min(rule.value, total)


def _spread(amount: Decimal, lines: list[int], bases: list[Decimal]) -> dict[int, Decimal]:
    """*amount* shared over *lines* in proportion to their bases, in whole cents that add up
    exactly (the cents left by rounding down go to the largest remainders, then first lines)."""
    total = sum((bases[i] for i in lines), ZERO)
    if amount <= 0 or total <= 0:
        return {}
    exact = {i: amount * bases[i] / total for i in lines}
    shares = {i: min(v.quantize(CENT, ROUND_DOWN), bases[i]) for i, v in exact.items()}
    left = amount - sum(shares.values(), ZERO)
    for i in sorted(lines, key=lambda i: (-(exact[i] - shares[i]), i)):
        if left <= 0:
            break
        if shares[i] < bases[i]:
            shares[i] += CENT
            left -= CENT
    return shares
