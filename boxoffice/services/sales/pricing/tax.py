"""Tax (VAT / sales tax): the last step, over the lines and every adjustment before it.

Rounding, so that the lines always add up to the total to the cent:

1. Every amount is grouped by the rate it is taxed at: a line and the adjustments on it (its
   concession, a discount) at the tickets' rate, a fee at its own rate (``tax_rate_id``), an
   order-wide adjustment as one order item of its rate.
2. Per rate, the tax is computed ONCE on the rate's sum and rounded half up to the cent:
   exclusive prices ``tax = sum × p / 100``; inclusive prices ``tax = sum × p / (100 + p)``.
   So a receipt's per-rate net + tax = gross holds exactly, and the tax equals what a tax office
   computes from the rate's total (no drift from rounding each ticket).
3. That tax is shared over the rate's items in proportion to their amounts by the largest
   remainder method (each share floored to the cent, the cents left over given to the largest
   remainders): the shares add up to the rate's tax exactly, and each ticket carries its own tax
   (a refund gives back the tax of the tickets refunded).

Exclusive tax is added to the total; inclusive tax is already inside the prices, so its
adjustments are ``included`` (shown on the receipt, not added).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from boxoffice.services.sales.pricing.quotes import ZERO, Adjustment, QuoteRequest

CENT = Decimal("0.01")
STEP = "tax"


def rate_tax(amount: Decimal, percent: Decimal, inclusive: bool) -> Decimal:
    """The tax of a rate's *amount* (rule 2), rounded half up to the cent."""
    if inclusive:
        raw = amount * percent / (100 + percent) if percent else ZERO
    else:
        raw = amount * percent / 100
    return raw.quantize(CENT, ROUND_HALF_UP)


def share(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """*total* split over *weights* in proportion, in whole cents adding up to *total* exactly
    (largest remainder; rule 3). All zero weights: everything on the first."""
    cents = int(total / CENT)
    units = [int(w / CENT) for w in weights]
    whole = sum(units)
    if not units:
        return []
    if whole == 0:
        return [total] + [ZERO] * (len(units) - 1)
    floors = [cents * u // whole for u in units]
    remainders = [(cents * u) % whole for u in units]  # same sign as whole
    left = cents - sum(floors)  # 0 <= left < len(units)
    sign = 1 if whole > 0 else -1
    order = sorted(range(len(units)), key=lambda i: (-remainders[i] * sign, i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(f) * CENT for f in floors]


def step(request: QuoteRequest, before: Sequence[Adjustment]) -> list[Adjustment]:
    rules = request.tax
    if rules is None:
        return []
    # rate id -> (line or None, refundable) -> amount taxed there. What is not refundable (a
    # fee) is its own item, so its tax stays with it when the tickets are refunded.
    items: dict[int, dict[tuple[int | None, bool], Decimal]] = defaultdict(
        lambda: defaultdict(lambda: ZERO)
    )
    if rules.ticket_rate_id is not None:
        for index, line in enumerate(request.lines):
            items[rules.ticket_rate_id][index, True] += line.amount
    for adjustment in before:
        if adjustment.included:
            continue
        rate_id = adjustment.tax_rate_id or rules.ticket_rate_id
        if rate_id is not None:
            items[rate_id][adjustment.line, adjustment.refundable] += adjustment.amount
    found = []
    for rate_id, amounts in items.items():
        rate = rules.rate(rate_id)
        if rate is None:
            continue
        keys = sorted(amounts, key=lambda k: (k[0] is None, k[0] or 0, k[1]))
        weights = [amounts[k] for k in keys]
        tax = rate_tax(sum(weights, ZERO), rate.percent, rules.inclusive)
        for (where, refundable), weight, part in zip(
            keys, weights, share(tax, weights), strict=True
        ):
            if part or weight:
                found.append(
                    Adjustment(
                        STEP,
                        rate.name,
                        part,
                        line=where,
                        included=rules.inclusive,
                        refundable=refundable,
                        tax_rate_id=rate_id,
                        base=weight - part if rules.inclusive else weight,
                    )
                )
    return found
